"""Helpers shared by the tests: the project's paths, building and copying the
site, reading PDFs, and waiting for a page's scripts. pytest's fixtures stay
in conftest.py."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
# The address the test builds are published at, whatever the environment says.
SITE_URL = "https://guide.example.org/"
# The date the test builds' PDFs carry, as a commit's date would be: the same for the
# session's build and for builds of project copies, so the copies reuse its cached PDFs.
SOURCE_DATE_EPOCH = "946684800"


def newest_review() -> str:
    """The day of the newest review in the data and the articles."""
    days = [
        match
        for path in [*(ROOT / "data").rglob("*.yml"), *(ROOT / "docs").rglob("*.md")]
        for match in re.findall(r"^reviewed: (\d{4}-\d\d-\d\d)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    return max(days)


# -----------------------------------------------------------------------------
# Building
# -----------------------------------------------------------------------------


@dataclass
class Site:
    dir: Path
    log: list[logging.LogRecord] = field(default_factory=list)
    _parsed: dict[Path, BeautifulSoup] = field(default_factory=dict, repr=False)

    def path(self, url: str) -> Path:
        target = self.dir / url.strip("/")
        return target / "index.html" if target.suffix == "" else target

    def html(self, url: str) -> BeautifulSoup:
        """The page at `url`, parsed once and shared by every test that reads it:
        read from it, never change it."""
        path = self.path(url)
        if path not in self._parsed:
            self._parsed[path] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        return self._parsed[path]

    def pages(self) -> list[str]:
        """URL paths of every HTML page, such as "exercises/bird-dog/" (not the
        small pages that send an exercise's other names on to it)."""
        urls = []
        for path in sorted(self.dir.rglob("index.html")):
            if 'http-equiv="refresh"' in path.read_text(encoding="utf-8")[:800]:
                continue
            rel = path.parent.relative_to(self.dir).as_posix()
            urls.append("" if rel == "." else rel + "/")
        return urls


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def build_site(root: Path, site_dir: Path) -> Site:
    """Build the project at `root` in-process, the way `mkdocs build --strict` does."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        cfg = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    finally:
        logger.removeHandler(handler)
    return Site(site_dir, handler.records)


def copy_project(dest: Path) -> Path:
    """A copy of the project's sources, for tests that change data or pages. Its
    cache starts as the project's, so that a build of the copy makes again only the
    PDFs and previews its change touches. The cache's files are hard links: the
    build never changes a cached file, it renames a new one into place."""
    # Python's compiled modules come too: they are checked against their sources' times.
    ignore = shutil.ignore_patterns(".venv", ".git", "site", "site.*", ".cache", ".pytest_cache", "node_modules")
    shutil.copytree(ROOT, dest, ignore=ignore)
    if (ROOT / ".cache").is_dir():
        shutil.copytree(ROOT / ".cache", dest / ".cache", copy_function=os.link, ignore=shutil.ignore_patterns("*.tmp"))
    return dest


def commit(project: Path) -> None:
    """Make a project copy a git repository with one commit, dated at the suite's
    date, so that a build dated by the commit can reuse the project's PDFs."""
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "add", "-A"], cwd=project, check=True)
    dated = dict(os.environ, GIT_COMMITTER_DATE=f"@{SOURCE_DATE_EPOCH} +0000")
    command = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"]
    subprocess.run(command, cwd=project, check=True, env=dated)


def run_build(project: Path, site: str = "site", *, dated_by_commit: bool = False) -> subprocess.CompletedProcess:
    """The publishing build (`make build`) of a project copy, its output captured. Its
    PDFs carry the suite's date, unless `dated_by_commit`: then the build reads the
    date from the copy's git commit, as a publishing build does."""
    env = {
        "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin",
        "NO_MKDOCS_2_WARNING": "1",
        "SITE_URL": SITE_URL,
        "LBEG_TODAY": os.environ["LBEG_TODAY"],
    }
    if not dated_by_commit:
        env["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    return subprocess.run(
        [sys.executable, "scripts/build_site.py", site],
        check=False,
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
    )


def pdf_pages(pdf: bytes | Path) -> list[str]:
    """The text of each page of a PDF, with line breaks and runs of spaces made single spaces."""
    return list(_pdf_text(pdf if isinstance(pdf, bytes) else Path(pdf).read_bytes()))


@lru_cache(maxsize=256)
def _pdf_text(pdf: bytes) -> tuple[str, ...]:
    """Read once for the same bytes: many tests read the site's cards. Poppler's
    pdftotext reads a card in a tenth of the time a Python reader takes."""
    # -raw: in the order the PDF holds the text, not rearranged into columns
    command = ["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"]
    out = subprocess.run(command, input=pdf, capture_output=True, check=True).stdout
    pages = out.decode("utf-8").split("\f")[:-1]  # each page ends with a form feed
    return tuple(" ".join(unicodedata.normalize("NFKC", page).split()) for page in pages)


def tagged(doc):
    """A tagged PDF's structure elements, in reading order."""
    import pikepdf

    def walk(element):
        if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
            return
        yield element
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            yield from walk(kid)

    for kid in doc.Root.StructTreeRoot.K:
        yield from walk(kid)


MM_PER_PT = 25.4 / 72
MM_PER_PX = 25.4 / 96
PAGE_AREA_MM = {"A4": (210 - 22, 297 - 18), "Letter": (215.9 - 22, 279.4 - 18)}
"""Each paper less the card's margins (9 mm top and bottom, 11 mm each side)."""


def pdf_drawing_sizes(pdf) -> list[tuple[float, float]]:
    """The printed width and height in mm of each drawing in a PDF (its tagged Figures
    with alt text, less the QR codes), from the box the PDF gives each Figure."""
    import pikepdf

    sizes = []
    with pikepdf.open(pdf) as doc:
        for e in tagged(doc):
            if e.S == "/Figure" and not str(e.get("/Alt", "QR")).startswith("QR"):
                layout = e.A[0] if isinstance(e.A, pikepdf.Array) else e.A
                x0, y0, x1, y1 = (float(n) for n in layout.BBox)
                sizes.append(((x1 - x0) * MM_PER_PT, (y1 - y0) * MM_PER_PT))
    return sizes


def print_page(browser, paper: str):
    """A page laid out as the browser prints on `paper`: its viewport the paper's area
    inside the card's margins, in print media."""
    width, height = (round(mm / MM_PER_PX) for mm in PAGE_AREA_MM[paper])
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.emulate_media(media="print")
    return page


def printed_drawing_sizes(page) -> list[tuple[float, float]]:
    """The width and height in mm of each drawing on the card a page (from print_page) prints."""
    drawings = page.locator(".lbeg-print .lbeg-card__pics svg.lbeg-fig")
    boxes = [drawings.nth(i).bounding_box() for i in range(drawings.count())]
    return [(box["width"] * MM_PER_PX, box["height"] * MM_PER_PX) for box in boxes]


def too_small(sizes: list[tuple[float, float]]) -> list[str]:
    """The drawings smaller than a card's least drawing, in either direction. The
    layouts size the band to at least this, so both outputs share it."""
    from lbeg.views import DRAWING_BAND as band

    # A tenth of a millimetre for rounding in the PDF's boxes and the browser's pixels
    return [f"{w:.1f} by {h:.1f} mm" for w, h in sizes if w < band.least_width - 0.1 or h < band.least_height - 0.1]


def problems_after_edit(tmp_path: Path, rel_path: str, old: str, new: str) -> list[str]:
    """Copy data/, replace `old` with `new` in one file, load it, and return the problem lines."""
    from lbeg.data import DataError, load_library

    shutil.copytree(ROOT / "data", tmp_path / "data")
    path = tmp_path / "data" / rel_path
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{rel_path} no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_library(tmp_path)
    return [str(p) for p in caught.value.problems]


# -----------------------------------------------------------------------------
# Pages in the browser
# -----------------------------------------------------------------------------

# True once every part of a page that needs its scripts is working.
SCRIPTS_READY = (
    "() => !document.querySelector('[data-lbeg-scripted]:not([data-lbeg-ready]),"
    " [data-lbeg-programme]:not([data-lbeg-ready])')"
)


def open_page(page, url: str):
    """Go to `url` and wait until the page's scripts have set it up."""
    page.goto(url)
    page.wait_for_function(SCRIPTS_READY)
    return page


def qr_codes(image) -> list[str]:
    """The text of each QR code in a PIL image. Only QR codes are looked for: a
    small screenshot can also pass for a one-dimensional barcode."""
    import zxingcpp

    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def picture_count(ex) -> int:
    """How many drawings an exercise's page and card show: the start and the end, and a third
    for a movement both ways or for an exercise done on alternate sides."""
    return 3 if ex.pose.other_way or ex.dosage.alternate_sides else 2
