"""The site in Debian's Chromium: search, accessibility, filters, printing and requests."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from lbeg.data import load_library

from .helpers import (
    MM_PER_PX,
    PAGE_AREA_MM,
    ROOT,
    SITE_URL,
    VIEWPORTS,
    open_page,
    pdf_pages,
    picture_count,
    print_page,
    printed_drawing_sizes,
    too_small,
)

LIB = load_library(ROOT)
SLUGS = list(LIB.exercises)
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


def test_search_finds_bridge(page, server):
    page.goto(server)
    # The theme reads the box on key-up, so type as a reader would.
    page.locator(".md-search__input").press_sequentially("bridge")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10_000)
    assert "Bridge" in page.locator(".md-search-result").inner_text()


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
    assert [visible.nth(i).locator("a").inner_text() for i in range(visible.count())] == ["Bridge"]
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
    ex = LIB.exercises[slug]
    assert ex.name in text[0] and "How much" in text[0] and "Stop if" in text[0]
    assert f"{SITE_URL.split('//')[1]}exercises/{slug}" in text[0] and "Your own dose" in text[0]
    assert "All exercises" not in text[0], "the screen page itself does not print, only its card"


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_printed_card_drawings_are_large_and_the_key_is_right_under_them(browser, server, paper):
    """Laid out as on paper, each drawing of each card prints at least the least drawing's
    size, the key follows the drawings, and the card fits its page."""
    page = print_page(browser, paper)
    small = []
    for slug in SLUGS:
        page.goto(server + f"exercises/{slug}/")
        sizes = printed_drawing_sizes(page)
        assert len(sizes) == picture_count(LIB.exercises[slug])
        small += [f"{slug}: {size}" for size in too_small(sizes)]
        captions = page.locator(".lbeg-print .lbeg-card__pics figcaption").first.bounding_box()
        key = page.locator(".lbeg-print .lbeg-card__key").bounding_box()
        under = (key["y"] - captions["y"] - captions["height"]) * MM_PER_PX
        assert 0 <= under < 3, f"{slug}: the key is {under:.1f} mm under the drawings' captions"
        foot = page.locator(".lbeg-print .lbeg-card__foot").bounding_box()
        assert (foot["y"] + foot["height"]) * MM_PER_PX <= PAGE_AREA_MM[paper][1] + 0.5, f"{slug}: fits the page"
    page.context.close()
    assert small == [], f"drawings under the least size on {paper}"


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
    page.locator(".md-search__input").press_sequentially("walk")
    page.locator(".md-search-result__item").first.wait_for()
    context.close()
    outside = [u for u in requests if not u.startswith(server) and not u.startswith(("data:", "blob:"))]
    assert requests and outside == []


# -----------------------------------------------------------------------------
# Drawings
# -----------------------------------------------------------------------------


def _moving_state(page):
    return page.evaluate(
        """() => { const svg = document.querySelector('[data-lbeg-moving]');
                   return {time: svg.getCurrentTime(), paused: svg.animationsPaused(),
                           button: document.querySelector('[data-lbeg-play]').textContent}; }"""
    )


HIPS_MOVED = "(y) => document.querySelector('[data-lbeg-moving] defs polygon').animatedPoints[1].y !== y"
# True if no animation of the moving picture has begun (one that has not has no start time).
NOT_BEGUN = """() => [...document.querySelectorAll('[data-lbeg-moving] animate')].every(a => {
  try { a.getStartTime(); return false; } catch (e) { return true; }
})"""
TEN_FRAMES = (
    "() => new Promise(done => { let n = 0; const f = () => ++n < 10 ? requestAnimationFrame(f) : done(); f(); })"
)


def test_moving_picture_plays_and_pauses(browser, server):
    context = browser.new_context(viewport=VIEWPORTS["phone"], reduced_motion="no-preference")
    page = context.new_page()
    open_page(page, server + "exercises/glute-bridge/")
    # It starts once it is on screen.
    page.wait_for_function("() => document.querySelector('[data-lbeg-play]').textContent === 'Pause'")
    assert not _moving_state(page)["paused"] and not page.evaluate(NOT_BEGUN)
    before = page.locator("[data-lbeg-moving] defs polygon").first.evaluate("el => el.animatedPoints[1].y")
    # The hips move within one round of the picture (it holds still at each end for a while).
    page.wait_for_function(HIPS_MOVED, arg=before, timeout=10_000)
    page.click("[data-lbeg-play]")
    paused = _moving_state(page)
    assert paused["paused"] and paused["button"] == "Play"
    context.close()


def test_no_motion_when_the_reader_prefers_less(browser, server):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    open_page(page, server + "exercises/glute-bridge/")
    still = page.locator("[data-lbeg-moving] defs polygon").first.evaluate("el => el.animatedPoints[1].y")
    assert _moving_state(page)["button"] == "Play" and page.evaluate(NOT_BEGUN)
    # Ten frames drawn: a picture that moves changes from one frame to the next.
    page.evaluate(TEN_FRAMES)
    assert (
        page.evaluate(NOT_BEGUN)
        and page.locator("[data-lbeg-moving] defs polygon").first.evaluate("el => el.animatedPoints[1].y") == still
    )
    page.click("[data-lbeg-play]")
    page.wait_for_function(HIPS_MOVED, arg=still, timeout=10_000)
    context.close()


def test_print_shows_both_frames_in_black_and_white_but_not_the_moving_picture(page, server):
    page.goto(server + "exercises/bird-dog/")
    page.emulate_media(media="print")
    frames = page.locator(".lbeg-print .lbeg-pics__frame svg.lbeg-fig")
    assert frames.count() == 2 and all(frames.nth(i).is_visible() for i in range(2))
    assert not page.locator("[data-lbeg-moving]").is_visible()
    near = page.locator(".lbeg-print .lbeg-fig-near").first.evaluate("el => getComputedStyle(el).stroke")
    far = page.locator(".lbeg-print .lbeg-fig-far").first.evaluate("el => getComputedStyle(el).stroke")
    moving = page.locator(".lbeg-print .lbeg-fig-move").first.evaluate("el => getComputedStyle(el).stroke")
    assert near == "rgb(0, 0, 0)" and far == "rgb(107, 107, 107)" and moving not in (near, far)


@pytest.mark.parametrize(("scheme", "near"), [("default", "rgb(29, 79, 92)"), ("slate", "rgb(211, 235, 239)")])
def test_drawings_take_the_screen_colours_of_each_scheme(browser, server, scheme, near):
    context = browser.new_context()
    page = context.new_page()
    page.goto(server + "exercises/bird-dog/")
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    drawn = page.locator("#pictures .lbeg-fig-near").first.evaluate("el => getComputedStyle(el).stroke")
    background = page.locator("#pictures svg").first.evaluate("el => getComputedStyle(el).backgroundColor")
    edge = page.locator("#pictures .lbeg-fig-edge").first.evaluate("el => getComputedStyle(el).stroke")
    assert drawn == near and edge == background, "the figure's edge matches the picture's background"
    context.close()


@pytest.mark.parametrize("slug", SLUGS)
def test_exercise_page_at_phone_width(browser, server, slug):
    context = browser.new_context(viewport=VIEWPORTS["phone"], reduced_motion="reduce")
    page = context.new_page()
    page.goto(server + f"exercises/{slug}/")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    for box in [
        page.locator("#pictures .lbeg-pics__frame svg.lbeg-fig").nth(i).bounding_box()
        for i in range(page.locator("#pictures .lbeg-pics__frame svg.lbeg-fig").count())
    ]:
        assert box and box["width"] > 160 and box["height"] > 25, "start and end each take about half the phone's width"
    moving = page.locator("[data-lbeg-moving]").bounding_box()
    assert moving and moving["width"] > 330, "the moving picture takes the phone's full width"
    context.close()


# -----------------------------------------------------------------------------
# Cards, the print deck and sharing
# -----------------------------------------------------------------------------


def test_card_text_is_at_least_11pt(page, server):
    page.goto(server + "exercises/press-up/")
    page.emulate_media(media="print")
    sizes = page.evaluate(
        """() => Array.from(document.querySelectorAll('.lbeg-print .lbeg-card *'))
                 .filter(el => el.closest('svg') === null && el.childNodes.length
                               && Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim()))
                 .map(el => [el.tagName, el.textContent.trim().slice(0, 30), parseFloat(getComputedStyle(el).fontSize)])"""
    )
    assert sizes
    small = [s for s in sizes if s[2] < 11 * 96 / 72 - 0.01]
    assert small == []


def test_deck_prints_every_card_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "print/")
    assert page.locator("[data-lbeg-nojs]").is_visible()
    text = pdf_pages(page.pdf(format="A4"))
    context.close()
    assert len(text) == len(SLUGS)
    assert [LIB.exercises[s].name in t for s, t in zip(SLUGS, text)] == [True] * len(SLUGS)


def test_deck_prints_only_the_chosen_cards(page, server):
    page.goto(server + "print/")
    routine = LIB.routines["desk-break"]
    page.select_option("[data-lbeg-routine]", label=routine.name)
    assert page.locator("[data-lbeg-deck-count]").inner_text() == f"{len(routine.items)} cards chosen."
    text = pdf_pages(page.pdf(format="Letter"))
    assert len(text) == len(routine.items)
    for t, item in zip(text, routine.items):
        assert LIB.exercises[item.exercise].name in t
    page.click("[data-lbeg-none]")
    page.check("input[value='bird-dog']")
    text = pdf_pages(page.pdf(format="A4"))
    assert len(text) == 1 and "Bird dog" in text[0]


def test_copy_link_and_show_qr_code(browser, server):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
    page = context.new_page()
    page.goto(server + "exercises/bird-dog/")
    page.click("[data-lbeg-copy]")
    page.wait_for_function("document.querySelector('[data-lbeg-status]').textContent === 'Link copied.'")
    assert page.evaluate("navigator.clipboard.readText()") == SITE_URL + "exercises/bird-dog/"
    assert not page.locator("#share svg.lbeg-qr").is_visible()
    page.click("#share summary")
    assert page.locator("#share svg.lbeg-qr").is_visible()
    assert page.locator("#share a[href$='card.pdf']").inner_text() == "Download card (PDF, A4)"
    context.close()


def test_after_instant_navigation_the_new_page_prints_its_own_card(page, server):
    page.goto(server + "exercises/glute-bridge/")
    page.click("#easier a")
    page.wait_for_url("**/exercises/pelvic-tilt/")
    page.emulate_media(media="print")
    text = pdf_pages(page.pdf(format="A4"))
    assert len(text) == 1 and text[0].startswith("Pelvic tilt") and "Press through your heels" not in text[0]


# The page's layout shifts so far, read once two more frames are drawn, so that
# the last one is counted: the browser reports a shift when it paints the frame.
SHIFTS = """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => {
  const observer = new PerformanceObserver(() => {});
  observer.observe({type: "layout-shift", buffered: true});
  const shifts = observer.takeRecords().filter(e => !e.hadRecentInput);
  observer.disconnect();
  done(shifts.reduce((sum, e) => sum + e.value, 0));
})))"""


@pytest.mark.parametrize(
    "path", ["", "exercises/", "builder/", "print/", "exercises/bird-dog/", "programme/#1~Plan~~bird-dog.h5r8ed1"]
)
def test_nothing_jumps_while_a_phone_page_loads(browser, server, path):
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    open_page(page, server + path)
    page.wait_for_load_state("networkidle")
    total = page.evaluate(SHIFTS)
    context.close()
    assert total < 0.02, f"the page moved by {total:.3f} (layout shift) as it loaded"
