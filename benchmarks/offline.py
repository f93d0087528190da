"""What the guide's offline support costs, measured in Chromium on a built site.

    python benchmarks/offline.py [SITE_DIR]

Prints, each in gzip bytes (what a host sends) unless it says raw:
- a first visit to an exercise page: the files the manifest and the service
  worker add (the manifest, the worker, the offline page it saves on install,
  and the script that registers it), against the 5 KB budget;
- opening a programme link for the first time: what the worker downloads to
  keep the programme's pages and the theme's files on the device;
- a repeat visit to a saved page: requests that reach the server (none, if the
  worker serves everything);
- what the device stores for that programme, raw, and the bound: at most
  PAGE_LIMIT pages plus the theme's files.
"""

from __future__ import annotations

import gzip
import json
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lbeg.offline import MANIFEST, OFFLINE_PAGE, PAGE_LIMIT

BUDGET = 5 * 1024
ADDED = (MANIFEST, "sw.js", OFFLINE_PAGE, "assets/lbeg/offline.js")
PROGRAMME = "1~Back+plan~~pelvic-tilt.h2r5d3~bird-dog.h5r8ed1~walking.m20w5"
SAVED = "document.querySelector('[data-lbeg-saved]').textContent.startsWith('Saved on this device')"


class Counting(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self):
        self.server.hits.append(self.path.split("?")[0].split("#")[0])
        return super().do_GET()


def gz(site: Path, path: str) -> int:
    file = site / path.lstrip("/")
    if file.is_dir():
        file = file / "index.html"
    return len(gzip.compress(file.read_bytes(), 9))


def stored_bytes(page) -> int:
    return page.evaluate(
        "async () => { let n = 0; for (const name of await caches.keys()) { const c = await caches.open(name);"
        " for (const r of await c.keys()) n += (await (await c.match(r)).arrayBuffer()).byteLength; } return n; }"
    )


def main(argv: list[str]) -> None:
    site = Path(argv[0]) if argv else ROOT / "site"
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Counting, directory=str(site)))
    httpd.hits = []
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + "exercises/bird-dog/")
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        page.wait_for_load_state("networkidle")
        first = list(dict.fromkeys(httpd.hits))
        # Headless Chromium does not ask for the manifest; a phone that offers to install the guide does.
        added = [(path, gz(site, path)) for path in ADDED if "/" + path in first or path == MANIFEST]
        print("First visit to an exercise page: files the manifest and worker add")
        for path, size in added:
            print(f"  {path:40} {size:7,} B")
        total = sum(size for _, size in added)
        print(f"  {'total':40} {total:7,} B  ({total / 1024:.1f} KB gzip; budget {BUDGET // 1024} KB)")

        page.goto(base + "programme/#" + PROGRAMME)
        page.wait_for_function(SAVED)
        kept = page.evaluate(
            "async () => (await Promise.all((await caches.keys()).map(async n =>"
            " (await (await caches.open(n)).keys()).map(r => new URL(r.url).pathname)))).flat()"
        )
        size = sum(gz(site, path) for path in kept)
        print(f"\nOpening a 3-exercise programme saves {len(kept)} files: {size / 1024:.1f} KB gzip to fetch at most")
        print(f"  (less what the browser already has); {stored_bytes(page) / 1024:.0f} KB raw on the device")

        httpd.hits.clear()
        page.goto(base + "exercises/walking/")
        page.wait_for_load_state("networkidle")
        print(f"\nRepeat visit to a saved page: {len(httpd.hits)} requests reached the server {httpd.hits}")

        largest = max((p.stat().st_size for p in (site / "exercises").glob("*/index.html")), default=0)
        settings = json.loads(
            (site / "sw.js").read_text(encoding="utf-8").split("\n", 1)[0][len("const OFFLINE = ") : -1]
        )
        shell = sum((site / f).stat().st_size for f in settings["shell"])
        bound = PAGE_LIMIT * largest + shell
        print(
            f"\nBound: {len(settings['shell'])} theme files ({shell / 1024:.0f} KB raw) and at most {PAGE_LIMIT} pages"
            f" (largest {largest / 1024:.0f} KB raw): {bound / 1024 / 1024:.1f} MB at most"
        )
        browser.close()
    httpd.shutdown()


if __name__ == "__main__":
    main(sys.argv[1:])
