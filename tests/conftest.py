"""Shared fixtures: one real build per session, a local server and a browser."""

from __future__ import annotations

import gc
import gzip
import io
import os
import subprocess
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from .helpers import (
    CHROMIUM,
    ROOT,
    SITE_URL,
    SOURCE_DATE_EPOCH,
    Site,
    build_site,
    commit,
    copy_project,
    newest_review,
    run_build,
)

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ["SITE_URL"] = SITE_URL
os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
# The day review dates are checked against: the newest review, not the calendar,
# so the suite gives the same answer on any day. Lapsed reviews are for `make review-due`.
os.environ["LBEG_TODAY"] = newest_review()
BROWSER_FIXTURES = {"browser", "server", "gzip_server"}
# The session holds the site's parsed pages, millions of objects: Python's default
# thresholds walk them all in full collections many times, a tenth of the run's time.
gc.set_threshold(50_000, 20, 10)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that drives Chromium, or serves the site to it, is a browser test."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


# -----------------------------------------------------------------------------
# Building
# -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(ROOT, tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def published_copy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    """A committed copy of the project built as `make build` builds it, into a
    site/ that held an older build with a page since removed. Tests read it; none changes it."""
    project = copy_project(tmp_path_factory.mktemp("published") / "project")
    commit(project)
    (project / "site").mkdir()
    (project / "site" / "stale.html").write_text("old")
    return project, run_build(project, dated_by_commit=True)


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
