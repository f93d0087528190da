"""Everything a page of the built site loads, with raw and gzip sizes.

    python benchmarks/page_weight.py [SITE_DIR] [PAGE ...]

Pages default to an exercise page, the exercise index and the home page. It
opens each page in Chromium, lists every request it makes until the network is
quiet (the search worker, its index and the sitemap included), and sums the
bytes of the files behind them. For the scripts and style sheets it also says
how much the page ran or matched (Chromium's coverage, at phone width, light
mode: rules for dark mode or wide screens count as unused here), and it splits
the search index by the kind of page each entry comes from.
"""

from __future__ import annotations

import gzip
import json
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
    found: dict[str, list[tuple[str, int, int, float | None]]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for page_path in pages:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            urls: list[str] = []
            page.on("request", lambda r, urls=urls: urls.append(r.url))
            cdp = page.context.new_cdp_session(page)
            sheets: dict[str, str] = {}
            cdp.on(
                "CSS.styleSheetAdded",
                lambda e, sheets=sheets: sheets.__setitem__(e["header"]["styleSheetId"], e["header"]["sourceURL"]),
            )
            for method in ("Profiler.enable", "DOM.enable", "CSS.enable", "CSS.startRuleUsageTracking"):
                cdp.send(method)
            cdp.send("Profiler.startPreciseCoverage", {"callCount": True, "detailed": False})
            page.goto(base + page_path)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            used = _script_use(cdp.send("Profiler.takePreciseCoverage")["result"])
            for rule in cdp.send("CSS.stopRuleUsageTracking")["ruleUsage"]:
                if rule["used"]:
                    url = sheets.get(rule["styleSheetId"], "")
                    used[url] = used.get(url, 0) + rule["endOffset"] - rule["startOffset"]
            page.close()
            rows = []
            for url in dict.fromkeys(urls):
                path = unquote(urlsplit(url).path).lstrip("/")
                file = site / path
                if file.is_dir():
                    file = file / "index.html"
                data = file.read_bytes()
                share = used[url] / len(data) if url in used and file.suffix in (".js", ".css") else None
                rows.append((path or "/", len(data), len(gzip.compress(data, 9)), share))
            found[page_path] = rows
        browser.close()
    httpd.shutdown()
    return found


def _script_use(scripts: list[dict]) -> dict[str, int]:
    """Bytes of each script inside functions that ran. Inner functions that
    never ran are taken out of the outer ones that did."""
    used = {}
    for script in scripts:
        ranges = sorted((f["ranges"][0] for f in script["functions"]), key=lambda r: r["startOffset"] - r["endOffset"])
        if not ranges:
            continue
        ran = bytearray(max(r["endOffset"] for r in ranges))
        for r in ranges:
            ran[r["startOffset"] : r["endOffset"]] = (b"\1" if r["count"] else b"\0") * (
                r["endOffset"] - r["startOffset"]
            )
        used[script["url"]] = used.get(script["url"], 0) + sum(ran)
    return used


def search_index_by_kind(site: Path) -> list[tuple[str, int, int]]:
    """The search index's entries grouped by the kind of page they come from."""
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    kinds: dict[str, list[dict]] = {}
    for doc in docs:
        top = doc["location"].split("/")[0].split("#")[0] or "home"
        kind = top if top in ("exercises", "routines") else "articles and other pages"
        kinds.setdefault(kind, []).append(doc)
    rows = []
    for kind, entries in sorted(kinds.items()):
        data = json.dumps(entries, separators=(",", ":")).encode()
        rows.append((f"{kind} ({len(entries)} entries)", len(data), len(gzip.compress(data, 9))))
    return rows


def main(argv: list[str]) -> None:
    site = Path(argv[0]) if argv else ROOT / "site"
    pages = argv[1:] or ["exercises/bird-dog/", "exercises/", ""]
    for page, rows in weigh(site, pages).items():
        print(f"\n{page or '/'}")
        print(f"  {'file':58} {'bytes':>9} {'gzip':>8} {'unused':>7}")
        for name, raw, gz, share in rows:
            unused = f"{100 * (1 - share):6.0f}%" if share is not None else ""
            print(f"  {name:58} {raw:9,} {gz:8,} {unused:>7}")
        raw, gz = sum(r[1] for r in rows), sum(r[2] for r in rows)
        verdict = "within" if gz <= BUDGET_KB * 1024 else "over"
        print(f"  {'total':58} {raw:9,} {gz:8,}  ({gz / 1024:.1f} KB gzip, {verdict} the {BUDGET_KB} KB budget)")
    print("\nsearch/search_index.json by kind of page")
    for name, raw, gz in search_index_by_kind(site):
        print(f"  {name:58} {raw:9,} {gz:8,}")


if __name__ == "__main__":
    main(sys.argv[1:])
