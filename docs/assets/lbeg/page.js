/* The one page-start hook, and the site's address.

   The theme's instant navigation swaps pages without loading scripts again,
   and says so on its `document$` stream; without it, a page starts once, when
   its document is ready. This is the only module that knows how the theme
   starts a page: every other module exports a start function that main.js
   registers here. A start function may return a stop function (or a promise of
   one), which is called before the next page starts. */

const starters = [];
let stops = [];
let turn = 0;

// The site's root address: this file is assets/lbeg/page.js under it.
export const root = new URL("../../", import.meta.url);

// The address of a page of the site, such as siteUrl("exercises/bird-dog/").
export function siteUrl(path, fragment = "") {
  const url = new URL(path, root);
  url.hash = fragment;
  return url.href;
}

export function onPage(start) {
  starters.push(start);
}

function startPage() {
  turn += 1;
  const page = turn;
  for (const stop of stops.splice(0)) stop();
  for (const start of starters) {
    let started;
    try {
      started = start();
    } catch (error) {
      console.error(error);
      continue;
    }
    Promise.resolve(started).then((stop) => {
      if (typeof stop !== "function") return;
      if (page === turn) stops.push(stop);
      else stop();
    }, (error) => console.error(error));
  }
}

export function startPages() {
  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(startPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startPage);
  } else {
    startPage();
  }
}

// The theme's search dialog has no accessible name of its own.
export function labelSearch() {
  const dialog = document.querySelector(".md-search[role=dialog]");
  if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search this guide");
}
