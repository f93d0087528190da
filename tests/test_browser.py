"""The site in Debian's Chromium: search, accessibility, filters, printing and requests."""

from __future__ import annotations

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from pypdf import PdfReader

from lbeg.data import load_library

from .conftest import ROOT

pytestmark = pytest.mark.browser

LIB = load_library(ROOT)
SLUGS = list(LIB.exercises)
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
AXE_PAGES = {
    "home": "",
    "exercise": "exercises/bird-dog/",
    "index": "exercises/",
    "routine": "routines/building-strength/",
    "muscles": "muscles/",
    "floor": "floor/",
}


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    yield context.new_page()
    context.close()


def pdf_pages(data: bytes) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages]


def test_search_finds_bridge(page, server):
    page.goto(server)
    page.fill(".md-search__input", "bridge")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10_000)
    assert "Glute bridge" in page.locator(".md-search-result").inner_text()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", VIEWPORTS)
@pytest.mark.parametrize("path", AXE_PAGES.values(), ids=AXE_PAGES.keys())
def test_axe_finds_no_violations(browser, server, path, scheme, size):
    context = browser.new_context(viewport=VIEWPORTS[size], color_scheme=scheme)
    page = context.new_page()
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    expected = "slate" if scheme == "dark" else "default"
    assert page.get_attribute("body", "data-md-color-scheme") == expected
    results = Axe().run(page)
    context.close()
    assert results.violations_count == 0, results.generate_report()


def test_index_filter_narrows_the_list(page, server):
    page.goto(server + "exercises/")
    tiles = page.locator(".lbeg-tile")
    total = tiles.count()
    assert page.locator("[data-lbeg-filter]").is_visible()
    page.select_option("#lbeg-f-level", "1")
    visible = page.locator(".lbeg-tile:not([hidden])")
    assert 0 < visible.count() < total
    for i in range(visible.count()):
        assert visible.nth(i).get_attribute("data-level") == "1"
    assert page.locator("[data-lbeg-count]").inner_text() == f"Showing {visible.count()} of {total} exercises."
    page.fill("#lbeg-f-text", "bridge")
    assert [visible.nth(i).locator("a").inner_text() for i in range(visible.count())] == ["Glute bridge"]
    page.select_option("#lbeg-f-position", "on-your-side")
    assert visible.count() == 0 and page.locator("[data-lbeg-none]").is_visible()
    page.click(".lbeg-filter button[type=reset]")
    page.wait_for_function(f"document.querySelectorAll('.lbeg-tile:not([hidden])').length === {total}")


def test_index_lists_everything_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "exercises/")
    assert page.locator(".lbeg-tile").count() == len(SLUGS)
    assert not page.locator("[data-lbeg-filter]").is_visible()
    context.close()


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_exercise_page_prints_on_one_page(page, server, slug, paper):
    page.goto(server + f"exercises/{slug}/")
    page.emulate_media(media="print")
    text = pdf_pages(page.pdf(format=paper, print_background=True))
    assert len(text) == 1, f"{slug} printed on {len(text)} {paper} pages"
    name = page.locator("article h1").inner_text()
    assert name in text[0] and "How much" in text[0] and "Stop if" in text[0]


@pytest.mark.parametrize("slug", list(LIB.routines))
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_routine_prints_on_at_most_two_pages(page, server, slug, paper):
    page.goto(server + f"routines/{slug}/")
    text = pdf_pages(page.pdf(format=paper, print_background=True))
    assert len(text) <= 2, f"{slug} printed on {len(text)} {paper} pages"
    everything = " ".join(text)
    for item in LIB.routines[slug].items:
        assert LIB.exercises[item.exercise].name in everything


def test_no_page_prints_a_blank_last_page(page, server, site):
    blank = []
    for url in site.pages():
        page.goto(server + url)
        text = pdf_pages(page.pdf(format="A4"))
        if not text[-1].strip():
            blank.append(f"{url or '/'} ({len(text)} pages)")
    assert blank == []


def test_pages_make_no_third_party_requests(browser, server):
    context = browser.new_context()
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    for path in ["", "exercises/", "exercises/bird-dog/", "safety/"]:
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
    page.fill(".md-search__input", "walk")
    page.wait_for_timeout(500)
    context.close()
    outside = [u for u in requests if not u.startswith(server) and not u.startswith(("data:", "blob:"))]
    assert requests and outside == []
