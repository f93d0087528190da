/* The guide's service worker: it keeps a patient's programme, its exercise
   pages and the core pages on the device, so they open with no signal.

   lbeg/offline.py writes it into the site as sw.js, after a line that sets
   OFFLINE: this build's version, the theme's files every page loads (shell),
   the pages kept once opened, and how many of those to keep at most.

   - Only this site's own files are touched; other origins are left alone.
   - Each build is one version: its files are served from the cache, so a
     page and its scripts always match. A newer build waits until the reader
     presses Reload (see assets/lbeg/offline.js), then replaces the old cache.
   - A page that is not saved, opened with no signal, gets the offline page.
   - Under `make serve` (OFFLINE.fresh), the network comes first and a new
     version takes over at once, so edits show as soon as they are built. */

/* global OFFLINE */
const SCOPE = new URL(self.registration.scope);
const SHELL = "lbeg-shell-" + OFFLINE.version;
const PAGES = "lbeg-pages-" + OFFLINE.version;
const OFFLINE_PAGE = "offline.html";
const SHELL_FILES = new Set(OFFLINE.shell);

// A URL as a path under the site's root ("exercises/bird-dog/"), or null if it is not the site's.
function sitePath(url) {
  const u = new URL(url, SCOPE);
  if (u.origin !== SCOPE.origin || !u.pathname.startsWith(SCOPE.pathname)) return null;
  return u.pathname.slice(SCOPE.pathname.length);
}

function isKeptPage(path) {
  return OFFLINE.pages.includes(path) || OFFLINE.folders.some((folder) => {
    const rest = path.startsWith(folder) ? path.slice(folder.length) : "";
    return /^[a-z0-9-]+\/$/.test(rest);
  });
}

function pageKey(path) {
  return new URL(path, SCOPE).href;
}

function worthKeeping(response) {
  return response && response.ok && response.type === "basic" && !response.redirected;
}

// The oldest pages go first once there are more than the limit.
async function trim(cache) {
  const keys = await cache.keys();
  for (const request of keys.slice(0, Math.max(0, keys.length - OFFLINE.limit))) await cache.delete(request);
}

// Put a page at the newest end of the cache.
async function touch(cache, key, response) {
  await cache.delete(key);
  await cache.put(key, response);
}

// Keep a page while serving it, at the newest end, within the bound. A device
// that is full must not turn a page that came from the network into an error.
async function keepServed(cache, key, response) {
  try {
    await touch(cache, key, response);
    await trim(cache);
  } catch (error) {
    // Served, but not kept.
  }
}

async function offlinePage() {
  const saved = await caches.match(pageKey(OFFLINE_PAGE), { cacheName: SHELL });
  if (!saved) return Response.error();
  // Its links are written from the site's root, wherever it is shown.
  const text = (await saved.text()).replace("<head>", `<head><base href="${SCOPE.href}">`);
  return new Response(text, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

async function fromShell(request, path) {
  const cache = await caches.open(SHELL);
  const saved = OFFLINE.fresh ? null : await cache.match(pageKey(path));
  if (saved) return saved;
  try {
    const response = await fetch(request);
    if (worthKeeping(response)) await cache.put(pageKey(path), response.clone()).catch(() => {});
    return response;
  } catch (error) {
    return (await cache.match(pageKey(path))) || Response.error();
  }
}

async function fromPages(request, path) {
  const cache = await caches.open(PAGES);
  const key = pageKey(path);
  const saved = OFFLINE.fresh ? null : await cache.match(key);
  if (saved) {
    await keepServed(cache, key, saved.clone());
    return saved;
  }
  try {
    const response = await fetch(request);
    if (worthKeeping(response)) await keepServed(cache, key, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(key);
    if (kept) return kept;
    return request.mode === "navigate" ? offlinePage() : Response.error();
  }
}

async function fromNetwork(request) {
  try {
    return await fetch(request);
  } catch (error) {
    return request.mode === "navigate" ? offlinePage() : Response.error();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const path = sitePath(request.url);
  if (path === null) return;
  if (SHELL_FILES.has(path)) event.respondWith(fromShell(request, path));
  else if (isKeptPage(path)) event.respondWith(fromPages(request, path));
  else if (request.mode === "navigate") event.respondWith(fromNetwork(request));
});

// Save the files every page needs, and these pages, for use with no signal.
async function keep(urls) {
  const shell = await caches.open(SHELL);
  const have = new Set((await shell.keys()).map((r) => sitePath(r.url)));
  const missing = OFFLINE.shell.filter((path) => !have.has(path));
  await Promise.all(missing.map(async (path) => {
    const response = await fetch(pageKey(path));
    if (!worthKeeping(response)) throw new Error(path + ": " + response.status);
    await shell.put(pageKey(path), response);
  }));
  const pages = await caches.open(PAGES);
  const paths = [...new Set(OFFLINE.pages.concat(urls.map(sitePath).filter((p) => p !== null && isKeptPage(p))))];
  let failed = 0;
  for (const path of paths) {
    const key = pageKey(path);
    let response = await pages.match(key);
    if (!response) {
      try {
        response = await fetch(key);
      } catch (error) {
        response = null;
      }
      if (!worthKeeping(response)) {
        failed += 1;
        continue;
      }
    }
    await touch(pages, key, response);
  }
  await trim(pages);
  return { saved: paths.length - failed, failed };
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const reply = event.ports && event.ports[0];
  if (data.type === "keep" && Array.isArray(data.urls) && reply) {
    event.waitUntil(keep(data.urls.slice(0, 100).map(String)).then(
      (result) => reply.postMessage(result),
      (error) => reply.postMessage({ saved: 0, failed: -1, error: String(error) }),
    ));
  } else if (data.type === "update") {
    self.skipWaiting();
  }
});

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.add(pageKey(OFFLINE_PAGE))));
  if (OFFLINE.fresh) self.skipWaiting();
});

// A new version keeps the pages the old one had saved, fetched again, or as they were with no signal.
async function carryOver() {
  const names = (await caches.keys()).filter((name) => name.startsWith("lbeg-") && name !== SHELL && name !== PAGES);
  const old = names.filter((name) => name.startsWith("lbeg-pages-"));
  const urls = [];
  for (const name of old) {
    for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
  }
  if (urls.length) {
    await keep(urls).catch(async () => {
      // No signal: carry over what was saved, so it still opens.
      for (const name of names) {
        const into = await caches.open(name.startsWith("lbeg-pages-") ? PAGES : SHELL);
        const before = await caches.open(name);
        for (const request of await before.keys()) {
          if (!(await into.match(request))) await into.put(request, await before.match(request));
        }
      }
    });
  }
  await Promise.all(names.map((name) => caches.delete(name)));
}

self.addEventListener("activate", (event) => {
  event.waitUntil(carryOver().then(() => self.clients.claim()));
});
