"""How large each exercise's card prints its drawings, in the PDFs and from the browser.

    python benchmarks/card_drawings.py [SITE]

Builds the site into a scratch folder (or reads one already built in SITE), then
measures every drawing on every exercise's card: in the card PDFs, from the box each
tagged figure has, and printed from Chromium, laid out at each paper's size. For each
output, paper and number of drawings it prints the narrowest and the shortest drawing
and their cards, then the least size both layouts keep to (lbeg.views.DrawingBand).
"""

from __future__ import annotations

import functools
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lbeg.data import load_library
from lbeg.views import DRAWING_BAND, pdf_file
from tests.helpers import CHROMIUM, pdf_drawing_sizes, print_page, printed_drawing_sizes

PAPERS = {"A4": "a4", "Letter": "letter"}
"""The browser's name for each paper, and the PDFs'."""

Sizes = dict[tuple[str, str, int], list[tuple[str, float, float]]]


def pdf_sizes(site: Path, slugs: list[str]) -> Sizes:
    found: Sizes = {}
    for paper, ours in PAPERS.items():
        for slug in slugs:
            sizes = pdf_drawing_sizes(site / "exercises" / slug / pdf_file("card", ours))
            found.setdefault(("PDF", paper, len(sizes)), []).extend((slug, w, h) for w, h in sizes)
    return found


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def browser_sizes(site: Path, slugs: list[str]) -> Sizes:
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}/"
    found: Sizes = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for paper in PAPERS:
            page = print_page(browser, paper)
            for slug in slugs:
                page.goto(address + f"exercises/{slug}/")
                sizes = printed_drawing_sizes(page)
                found.setdefault(("browser", paper, len(sizes)), []).extend((slug, w, h) for w, h in sizes)
            page.context.close()
        browser.close()
    server.shutdown()
    return found


def report(found: Sizes) -> None:
    print(f"{'output':8} {'paper':7} {'drawings':>8} {'cards':>5}  {'narrowest':28} shortest")
    for (output, paper, count), sizes in sorted(found.items()):
        slug, w, _ = min(sizes, key=lambda s: s[1])
        short, _, h = min(sizes, key=lambda s: s[2])
        cards = len(sizes) // count
        print(f"{output:8} {paper:7} {count:>8} {cards:>5}  {f'{w:.1f} mm ({slug})':28} {h:.1f} mm ({short})")
    band = DRAWING_BAND
    print(f"least drawing, both outputs: {band.least_width:g} mm wide and {band.least_height:g} mm tall")


def main() -> None:
    slugs = list(load_library(ROOT).exercises)
    if len(sys.argv) > 1:
        site = Path(sys.argv[1])
        report(pdf_sizes(site, slugs) | browser_sizes(site, slugs))
        return
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=ROOT, check=True)
        report(pdf_sizes(site, slugs) | browser_sizes(site, slugs))


if __name__ == "__main__":
    main()
