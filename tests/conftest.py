"""Shared fixtures: one real build per session, a local server and a browser."""

from __future__ import annotations

import gzip
import io
import logging
import os
import shutil
import subprocess
import sys
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# The address the test builds are published at, whatever the environment says.
SITE_URL = os.environ["SITE_URL"] = "https://guide.example.org/"


# -----------------------------------------------------------------------------
# Building
# -----------------------------------------------------------------------------


@dataclass
class Site:
    dir: Path
    log: list[logging.LogRecord] = field(default_factory=list)

    def path(self, url: str) -> Path:
        target = self.dir / url.strip("/")
        return target / "index.html" if target.suffix == "" else target

    def html(self, url: str) -> BeautifulSoup:
        return BeautifulSoup(self.path(url).read_text(encoding="utf-8"), "html.parser")

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
    """A copy of the project's sources, for tests that change data or pages."""
    ignore = shutil.ignore_patterns(
        ".venv", ".git", "site", "site.*", ".cache", "__pycache__", ".pytest_cache", "node_modules"
    )
    shutil.copytree(ROOT, dest, ignore=ignore)
    return dest


def run_build(project: Path, site: str = "site") -> subprocess.CompletedProcess:
    """The publishing build (`make build`) of a project copy, its output captured."""
    return subprocess.run(
        [sys.executable, "scripts/build_site.py", site],
        cwd=project,
        capture_output=True,
        text=True,
        env={
            "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin",
            "NO_MKDOCS_2_WARNING": "1",
            "SITE_URL": SITE_URL,
        },
    )


def pdf_pages(pdf: bytes | Path) -> list[str]:
    """The text of each page of a PDF, with line breaks and runs of spaces made single spaces."""
    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf))
    return [" ".join(unicodedata.normalize("NFKC", p.extract_text() or "").split()) for p in reader.pages]


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


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(ROOT, tmp_path_factory.mktemp("site"))


# -----------------------------------------------------------------------------
# Serving and the browser
# -----------------------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class _GzipHandler(_QuietHandler):
    """Serves text files gzipped, as a real static host does, for Lighthouse."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the address with a slash
            path = path / "index.html"
        kinds = {
            ".html": "text/html",
            ".css": "text/css",
            ".js": "text/javascript",
            ".json": "application/json",
            ".svg": "image/svg+xml",
            ".xml": "application/xml",
        }
        if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in kinds or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", kinds[path.suffix] + ("; charset=utf-8" if path.suffix != ".svg" else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return io.BytesIO(body)


@pytest.fixture(scope="session")
def server(site: Site):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(site.dir)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def gzip_server(site: Site):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_GzipHandler, directory=str(site.dir)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is needed at {CHROMIUM}: run `make system-deps` (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield chromium
        chromium.close()
