"""Everything a page of the built site loads, with raw and gzip sizes.

    python benchmarks/page_weight.py [SITE_DIR] [PAGE ...]

Pages default to an exercise page, the exercise index and the home page. It
opens each page in Chromium, lists every request it makes until the network is
quiet (the search worker, its index and the sitemap included), and sums the
bytes of the files behind them.
"""

from __future__ import annotations

import gzip
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
BUDGET_KB = 90


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def weigh(site: Path, pages: list[str]) -> dict[str, list[tuple[str, int, int]]]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    found: dict[str, list[tuple[str, int, int]]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for page_path in pages:
            page = browser.new_page()
            urls: list[str] = []
            page.on("request", lambda r: urls.append(r.url))
            page.goto(base + page_path)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            page.close()
            rows = []
            for url in dict.fromkeys(urls):
                path = unquote(urlsplit(url).path).lstrip("/")
                file = site / path
                if file.is_dir():
                    file = file / "index.html"
                data = file.read_bytes()
                rows.append((path or "/", len(data), len(gzip.compress(data, 9))))
            found[page_path] = rows
        browser.close()
    httpd.shutdown()
    return found


def main(argv: list[str]) -> None:
    site = Path(argv[0]) if argv else ROOT / "site"
    pages = argv[1:] or ["exercises/bird-dog/", "exercises/", ""]
    for page, rows in weigh(site, pages).items():
        print(f"\n{page or '/'}")
        print(f"  {'file':58} {'bytes':>9} {'gzip':>8}")
        for name, raw, gz in rows:
            print(f"  {name:58} {raw:9,} {gz:8,}")
        raw, gz = sum(r[1] for r in rows), sum(r[2] for r in rows)
        verdict = "within" if gz <= BUDGET_KB * 1024 else "over"
        print(f"  {'total':58} {raw:9,} {gz:8,}  ({gz / 1024:.1f} KB gzip, {verdict} the {BUDGET_KB} KB budget)")


if __name__ == "__main__":
    main(sys.argv[1:])
