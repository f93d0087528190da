"""Between visits, in Chromium: the programme works with no signal and can be
installed, reminders go into the patient's calendar, the patient keeps a private
record, the timer can speak and the text can be larger, and the handout prints
each exercise's card with the prescribed dose."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import threading
from datetime import datetime, timedelta
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar
from PIL import Image

from lbeg.data import load_library
from lbeg.offline import CORE_PAGES, MANIFEST, PAGE_LIMIT
from lbeg.views import dose_numbers

from .helpers import CHROMIUM, ROOT, VIEWPORTS, open_page, pdf_pages, qr_codes

LIB = load_library(ROOT)

# Pelvic tilt 3 times a day, bird dog once a day, walking 5 days a week.
PROGRAMME = "1~Back+plan+for+Sam~Go+gently.~pelvic-tilt.h2r5d3~bird-dog.h5r8ed1~walking.m20w5"
EXERCISES = ["pelvic-tilt", "bird-dog", "walking"]
SAVED = "document.querySelector('[data-lbeg-saved]').textContent.startsWith('Saved on this device')"


class _Counting(SimpleHTTPRequestHandler):
    """Serves a site and counts the requests that reach it."""

    def log_message(self, *args) -> None:
        pass

    def do_GET(self):
        self.server.hits.append(self.path.split("?")[0])
        return super().do_GET()


def serve(directory):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Counting, directory=str(directory)))
    httpd.hits = []
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


@pytest.fixture
def own_site(site, tmp_path):
    """A copy of the built site on a server of its own, which a test may change and count."""
    copy = shutil.copytree(site.dir, tmp_path / "site")
    httpd, url = serve(copy)
    yield copy, url, httpd
    httpd.shutdown()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    yield context
    context.close()


def open_programme(page, base, fragment=PROGRAMME):
    """Open a programme link and wait until it is saved for use with no signal."""
    open_page(page, base + "programme/#" + fragment)
    page.wait_for_function(SAVED)
    return page


def cached(page) -> dict[str, list[str]]:
    return page.evaluate(
        "async () => Object.fromEntries(await Promise.all((await caches.keys()).map(async name =>"
        " [name, (await (await caches.open(name)).keys()).map(r => r.url)])))"
    )


# -----------------------------------------------------------------------------
# 1. Installable, and works offline
# -----------------------------------------------------------------------------


def test_every_page_links_a_manifest_that_describes_the_app(site):
    manifest = json.loads((site.dir / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["name"] == "Lower Back Exercise Guide" and manifest["short_name"]
    assert manifest["display"] == "standalone" and manifest["start_url"] == "./programme/"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"]) and manifest["background_color"]
    [svg] = manifest["icons"]
    assert (svg["sizes"], svg["type"], svg["purpose"]) == ("any", "image/svg+xml", "any")
    assert (site.dir / svg["src"]).is_file()
    png = Image.open(site.dir / "assets/apple-touch-icon.png")
    assert png.format == "PNG" and png.size == (180, 180)
    assert png.convert("RGB").getpixel((18, 90)) == (0, 105, 92), "the icon is drawn"
    for url in site.pages():
        html = site.html(url)
        links = html.select("link[rel=manifest]")
        assert len(links) == 1, url
        assert links[0]["href"] == "../" * url.count("/") + MANIFEST, url
        touch = html.select_one("link[rel=apple-touch-icon]")["href"]
        assert (site.path(url).parent / touch).resolve().is_file(), url


def test_the_guide_can_be_installed(browser, server, tmp_path):
    # Installing needs a browser profile of its own, not a private window. It is
    # launched by the session's Playwright, which is running whichever test came first.
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile", executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
    )
    page = context.new_page()
    open_programme(page, server)
    errors = context.new_cdp_session(page).send("Page.getInstallabilityErrors")["installabilityErrors"]
    context.close()
    assert errors == []


def test_a_programme_and_its_pages_open_with_no_signal(context, server):
    page = context.new_page()
    open_programme(page, server)
    context.set_offline(True)
    pages = [("programme/#" + PROGRAMME, "Your exercise programme")]
    pages += [(f"exercises/{slug}/", None) for slug in EXERCISES]
    pages += [(path, None) for path in CORE_PAGES if path != "programme/"]
    for path, heading in pages:
        page.goto(server + path)
        page.wait_for_load_state("load")
        assert page.title() != "You're offline - Lower Back Exercise Guide", path
        assert page.locator("h1").first.is_visible(), path
        if heading:
            assert page.locator("h1").first.inner_text() == heading, path
        header = page.eval_on_selector(".md-header", "el => getComputedStyle(el).backgroundColor")
        assert header == "rgb(0, 105, 92)", f"{path}: the theme's style sheet did not load"
        if path.startswith("exercises/"):
            assert page.locator("#pictures svg.lbeg-fig").count() >= 2, f"{path}: drawings missing"
    # Its scripts run too: the programme is drawn from the link, with its timer.
    page.goto(server + "programme/#" + PROGRAMME)
    page.wait_for_selector("[data-lbeg-view]:not([hidden])")
    assert page.locator("[data-lbeg-list] > li h3").all_inner_texts() == ["Pelvic tilt", "Bird dog", "Walking"]


def test_the_installed_app_opens_the_last_programme_with_no_signal(context, server):
    page = context.new_page()
    open_programme(page, server)
    context.set_offline(True)
    page.goto(server + "programme/")  # the manifest's start address, with no programme in it
    page.wait_for_selector("[data-lbeg-view]:not([hidden])")
    assert page.inner_text("[data-lbeg-view] h2") == "Back plan for Sam"


def test_a_page_that_is_not_saved_says_so_with_no_signal(context, server):
    page = context.new_page()
    open_programme(page, server)
    context.set_offline(True)
    page.goto(server + "references/")
    assert page.title() == "You're offline - Lower Back Exercise Guide"
    assert "This page isn't saved on this device yet." in page.inner_text("main")
    page.click("a:has-text('Your programme')")
    page.wait_for_selector("[data-lbeg-view]:not([hidden])")
    assert page.inner_text("[data-lbeg-view] h2") == "Back plan for Sam", "its links lead to the saved pages"


def test_nothing_from_another_origin_is_cached(context, server, own_site):
    _, other, _ = own_site
    page = context.new_page()
    open_programme(page, server)
    page.evaluate(
        "async url => { await fetch(url + 'assets/lbeg.css', {mode: 'no-cors'});"
        " const img = new Image(); img.src = url + 'assets/favicon.svg'; await img.decode().catch(() => {}); }",
        other,
    )
    page.reload()
    urls = [url for names in cached(page).values() for url in names]
    assert urls and all(url.startswith(server) for url in urls)


def test_pages_kept_are_bounded_oldest_out_first(context, own_site):
    copy, base, _ = own_site
    worker = copy / "sw.js"
    worker.write_text(worker.read_text().replace(f'"limit": {PAGE_LIMIT}', '"limit": 3'), encoding="utf-8")
    page = context.new_page()
    open_page(page, base + "exercises/bird-dog/")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    visited = ["pelvic-tilt", "glute-bridge", "dead-bug", "clamshell", "walking"]
    for slug in visited:
        open_page(page, base + f"exercises/{slug}/")
    pages = next(urls for name, urls in cached(page).items() if name.startswith("lbeg-pages-"))
    assert pages == [base + f"exercises/{slug}/" for slug in visited[-3:]]


def test_a_full_device_still_shows_pages_and_says_they_are_not_saved(context, own_site):
    copy, base, _ = own_site
    worker = copy / "sw.js"
    settings, code = worker.read_text().split("\n", 1)
    full = "Cache.prototype.put = () => Promise.reject(new DOMException('The device is full', 'QuotaExceededError'));"
    worker.write_text(f"{settings}\n{full}\n{code}", encoding="utf-8")
    page = context.new_page()
    open_page(page, base + "programme/#" + PROGRAMME)
    page.wait_for_function("document.querySelector('[data-lbeg-saved]').textContent !== ''")
    assert page.inner_text("[data-lbeg-saved]").startswith("Not saved for use with no signal yet.")
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    for path, title in [("exercises/bird-dog/", "Bird dog"), ("safety/", None), ("programme/#" + PROGRAMME, None)]:
        page.goto(base + path)
        page.wait_for_load_state("load")
        assert page.title() != "You're offline - Lower Back Exercise Guide", path
        assert title is None or page.title().startswith(title)
        header = page.eval_on_selector(".md-header", "el => getComputedStyle(el).backgroundColor")
        assert header == "rgb(0, 105, 92)", f"{path}: the theme's style sheet did not load"
    page.wait_for_selector("[data-lbeg-view]:not([hidden])")


def test_a_newer_version_says_so_in_one_line_and_reloads_into_it(context, own_site):
    copy, base, _ = own_site
    page = context.new_page()
    open_programme(page, base)
    old = page.evaluate("caches.keys()")
    assert page.locator("[data-lbeg-update] p").count() == 0
    # A new build: a page changes, and so does the worker's version.
    worker = copy / "sw.js"
    version = re.search(r'"version": "(\w+)"', worker.read_text()).group(1)
    worker.write_text(worker.read_text().replace(version, "0" * len(version)), encoding="utf-8")
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    line = page.locator("[data-lbeg-update] p")
    line.wait_for()
    assert line.count() == 1 and line.inner_text().startswith("A newer version of this guide is ready.")
    with page.expect_navigation():
        line.locator("button").click()
    page.wait_for_function(SAVED)
    names = page.evaluate("caches.keys()")
    assert sorted(names) == ["lbeg-pages-" + "0" * len(version), "lbeg-shell-" + "0" * len(version)]
    assert not set(names) & set(old), "the old version's files are gone"
    assert page.locator("[data-lbeg-update] p").count() == 0
    # What was saved is still there with no signal.
    context.set_offline(True)
    page.goto(base + "exercises/walking/")
    assert page.title().startswith("Walking")


def test_a_repeat_visit_asks_the_network_for_none_of_the_theme_files(context, own_site):
    _, base, httpd = own_site
    page = context.new_page()
    open_programme(page, base)
    httpd.hits.clear()
    page.goto(base + "exercises/bird-dog/")
    page.wait_for_load_state("networkidle")
    assert httpd.hits == [], "every file, the page included, comes from the device"


# -----------------------------------------------------------------------------
# 2. Reminders
# -----------------------------------------------------------------------------


def reminders_file(page, times=None):
    for i, time in (times or {}).items():
        page.locator("[data-lbeg-remind-list] [data-lbeg-time]").nth(i).fill(time)
    with page.expect_download() as download:
        page.click("[data-lbeg-remind-make]")
    return Calendar.from_ical(download.value.path().read_bytes())


def test_reminders_repeat_as_the_programme_says_at_the_times_picked(context, server):
    page = context.new_page()
    open_programme(page, server)
    assert page.locator("[data-lbeg-remind-list] fieldset.lbeg-remind__slot").count() == 4
    calendar = reminders_file(page, {0: "07:15", 3: "17:30"})
    events = calendar.walk("VEVENT")
    link = page.url
    assert len(events) == 4
    week = []
    for event in events:
        start = event.decoded("DTSTART")
        rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
        week.append(len(rule.between(start, start + timedelta(days=7), inc=False)) + 1)
        assert str(event["URL"]) == link and link in str(event["DESCRIPTION"])
        assert event.decoded("DURATION") == timedelta(minutes=15)
        assert event.walk("VALARM"), "the reminder sounds"
    starts = [e.decoded("DTSTART") for e in events]
    assert [(s.hour, s.minute) for s in starts] == [(7, 15), (13, 0), (18, 0), (17, 30)]
    assert [str(e["RRULE"]["FREQ"][0]) for e in events] == ["DAILY", "DAILY", "DAILY", "WEEKLY"]
    assert list(events[3]["RRULE"]["BYDAY"]) == ["MO", "TU", "WE", "TH", "FR"]
    assert "Walking" in str(events[3]["DESCRIPTION"]) and "Bird dog" in str(events[0]["DESCRIPTION"])
    assert "Bird dog" not in str(events[1]["DESCRIPTION"]), "bird dog is once a day"
    assert week == [7, 7, 7, 5], "in a week: three reminders a day, and walking on five days"
    assert page.inner_text("[data-lbeg-remind-said]").startswith("Calendar file made, with 4 repeating reminders.")


def test_reminders_keep_a_title_from_the_link_as_text(context, server):
    title = "Sam\r\nEND:VEVENT\r\nBEGIN:VEVENT;x,y"
    page = context.new_page()
    fragment = page.evaluate("t => encodeURIComponent(t)", title)
    open_programme(page, server, f"1~{fragment}~~glute-bridge.r10d1")
    events = reminders_file(page).walk("VEVENT")
    assert len(events) == 1 and str(events[0]["SUMMARY"]) == "Back exercises: " + title.replace("\r\n", "\n")


def test_a_weekly_reminder_needs_a_day(context, server):
    page = context.new_page()
    open_programme(page, server, "1~~~walking.m20w3")
    for box in page.locator("[data-lbeg-days] input").all():
        box.uncheck()
    page.click("[data-lbeg-remind-make]")
    assert page.inner_text("[data-lbeg-remind-said]") == 'Choose at least one day for "3 days a week".'


def test_the_reminders_for_each_time_on_some_days_share_their_days(context, server):
    """Twice a day, three days a week: the days are picked once, and both reminders keep them."""
    page = context.new_page()
    open_programme(page, server, "1~~~bird-dog.r5d2w3")
    slots = page.locator("[data-lbeg-remind-list] fieldset.lbeg-remind__slot")
    assert slots.count() == 2
    assert slots.nth(0).locator("[data-lbeg-days] input").count() == 7
    assert slots.nth(1).locator("input[type=checkbox]").count() == 0, "no second set of days to untick"
    assert slots.nth(1).inner_text().count("reminder 1") == 1
    slots.nth(0).get_by_label("Mon").uncheck()
    slots.nth(0).get_by_label("Sat").check()
    events = reminders_file(page).walk("VEVENT")
    assert [list(e["RRULE"]["BYDAY"]) for e in events] == [["WE", "FR", "SA"]] * 2
    assert [(e.decoded("DTSTART").hour, e.decoded("DTSTART").minute) for e in events] == [(9, 0), (18, 0)]


# -----------------------------------------------------------------------------
# 3. The private record
# -----------------------------------------------------------------------------


def log_key(page, fragment=PROGRAMME) -> str:
    return page.evaluate(
        "f => import(new URL('../assets/lbeg/log.js', location.href)).then(m => m.logKey(f))", fragment
    )


def stored(page, fragment=PROGRAMME):
    text = page.evaluate("k => localStorage.getItem(k)", log_key(page, fragment))
    return json.loads(text) if text else None


def today() -> str:
    return datetime.now().date().isoformat()


def test_each_session_is_marked_and_kept_on_this_device(context, server):
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r))
    open_programme(page, server)
    sessions = page.locator("[data-lbeg-sessions] button")
    assert sessions.all_inner_texts() == [f"Session {n}: mark done" for n in (1, 2, 3)], "pelvic tilt is 3 times a day"
    sessions.nth(0).click()
    sessions.nth(1).click()
    assert page.inner_text("[data-lbeg-log-said]") == "2 of 3 sessions done today."
    page.select_option("[data-lbeg-usual]", "2")
    page.select_option("[data-lbeg-pain]", "4")
    page.check("[data-lbeg-effort] input[value=right]")
    page.reload()
    page.wait_for_function(SAVED)
    assert [b.get_attribute("aria-pressed") for b in sessions.all()] == ["true", "true", "false"]
    assert page.locator("[data-lbeg-week] > li").last.get_attribute("aria-label") == "Today: 2 of 3 sessions done"
    assert (page.input_value("[data-lbeg-usual]"), page.input_value("[data-lbeg-pain]")) == ("2", "4")
    assert page.is_checked("[data-lbeg-effort] input[value=right]")
    assert stored(page)["days"][today()] == {"done": 2, "pain": 4, "usual": 2, "effort": "right"}
    assert all(r.url.startswith(server) and r.method == "GET" for r in requests), "nothing is sent anywhere"


def test_the_pain_score_sits_beside_the_guides_traffic_light(context, server):
    rule = LIB.safety.pain.lights
    page = context.new_page()
    open_programme(page, server, "1~~~glute-bridge.r10d1")
    lights = page.locator("[data-lbeg-lights] [data-lbeg-light]")
    assert lights.all_inner_texts() == [f"{light.colour.capitalize()}: {light.rise} {light.means}" for light in rule]
    assert page.inner_text("[data-lbeg-light-now]") == "Choose both scores to see where you are."
    page.select_option("[data-lbeg-usual]", "3")
    for pain, colour in [(3, rule[0].colour), (3 + rule[0].up_to + 1, rule[1].colour), (10, rule[2].colour)]:
        page.select_option("[data-lbeg-pain]", str(pain))
        words = page.inner_text("[data-lbeg-light-now]")
        assert words.endswith(f": {colour}."), words
        assert page.get_attribute("[data-lbeg-lights] [aria-current=true]", "data-lbeg-light") == colour
        assert page.inner_text("[data-lbeg-log-said]") == words, "said once, as the score is picked"
    page.click(".lbeg-progress__table summary")
    row = page.locator("[data-lbeg-rows] tr").first.locator("th, td").all_inner_texts()
    assert row[2:5] == ["10", "3", rule[2].colour.capitalize()]


def test_each_programme_keeps_its_own_record(context, server):
    page = context.new_page()
    open_programme(page, server)
    page.click("[data-lbeg-sessions] button")
    open_programme(page, server, "1~~~glute-bridge.r10d1")
    assert page.get_attribute("[data-lbeg-sessions] button", "aria-pressed") == "false"
    assert stored(page, "1~~~glute-bridge.r10d1") is None and stored(page)["days"][today()]["done"] == 1


def seed(page, days_back: dict[int, dict], usual=3, fragment=PROGRAMME):
    days = {(datetime.now().date() - timedelta(days=back)).isoformat(): entry for back, entry in days_back.items()}
    page.evaluate(
        "([k, v]) => localStorage.setItem(k, v)",
        [log_key(page, fragment), json.dumps({"v": 1, "usual": usual, "days": days})],
    )


SIX_WEEKS = {
    back: {"done": 1 + back % 3, "pain": 2 + back % 5, "effort": "hard" if back % 7 == 0 else "right"}
    for back in range(0, 42, 2)
}


def test_the_last_six_weeks_show_as_a_chart_and_a_table(context, server):
    page = context.new_page()
    open_page(page, server + "programme/")
    seed(page, {**SIX_WEEKS, 60: {"done": 3, "pain": 9}})
    open_programme(page, server)
    chart = page.locator("[data-lbeg-chart]")
    assert chart.get_attribute("role") == "img"
    dots = page.get_attribute("[data-lbeg-chart] .lbeg-chart__dots", "d")
    assert dots.count("M") == len(SIX_WEEKS), "one dot a day with a pain score, none from before the six weeks"
    bars = page.get_attribute("[data-lbeg-chart] .lbeg-chart__done", "d")
    assert bars.count("M") == len(SIX_WEEKS)
    summary = page.eval_on_selector("[data-lbeg-chart] desc", "d => d.textContent")
    assert summary.startswith(f"Exercise done on {len(SIX_WEEKS)} of the last 42 days.")
    page.click(".lbeg-progress__table summary")
    rows = page.locator("[data-lbeg-rows] tr")
    assert rows.count() == len(SIX_WEEKS)
    first = rows.first.locator("th, td").all_inner_texts()
    assert first[1:4] == ["1 of 3", "2", "3"] and first[5] == "Too hard", "today, newest first"
    assert page.locator("[data-lbeg-rows] th[scope=row]").count() == len(SIX_WEEKS)


# Every day recorded, each week with all three lights and all three answers: the fullest table.
FULL_WEEKS = {
    back: {"done": 3, "pain": (3, 7, 9)[back % 3], "effort": ("easy", "right", "hard")[back % 3]} for back in range(42)
}


@pytest.mark.parametrize("days", ["some days", "every day"])
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_printed_summary_is_one_page(context, server, paper, days):
    page = context.new_page()
    open_page(page, server + "programme/")
    seed(page, SIX_WEEKS if days == "some days" else FULL_WEEKS)
    open_programme(page, server)
    page.evaluate("() => { window.print = () => { window.printed = true; }; }")
    page.click("[data-lbeg-print-log]")
    assert page.evaluate("window.printed")
    pages = pdf_pages(page.pdf(format=paper))
    assert len(pages) == 1
    text = pages[0]
    assert "My exercise progress" in text and "Back plan for Sam" in text and "Usual pain: 3 out of 10" in text
    assert len(re.findall(r"\d+ of 21", text)) == 6, "six weeks of sessions, 3 planned a day"
    assert "Your dose" not in text, "the handout's cards are not printed with it"
    assert LIB.safety.emergency.call in text, "as on every printed form, when to call 999"
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert "My exercise progress" not in " ".join(pdf_pages(page.pdf(format=paper))), "then the handout prints again"


def test_the_record_downloads_as_csv(context, server):
    page = context.new_page()
    open_page(page, server + "programme/")
    seed(page, {0: {"done": 2, "pain": 5, "usual": 3, "effort": "easy"}, 1: {"done": 3}})
    open_programme(page, server)
    with page.expect_download() as download:
        page.click("[data-lbeg-csv]")
    assert download.value.suggested_filename == "back-plan-for-sam-progress.csv"
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    yesterday = (datetime.now().date() - timedelta(days=1)).isoformat()
    assert rows[1:] == [
        [yesterday, "3", "3", "", "3", "", "", ""],
        [today(), "2", "3", "5", "3", "2", rows[2][6], "Easy"],
    ]


def test_days_marked_done_by_an_older_version_carry_over_and_clear_with_the_record(context, server):
    """The guide once kept only the days done, under "lbeg-done:" and the link's first 399
    characters after the #. A long link (here, a long note) shows how much of it that was."""
    fragment = "1~Plan~" + "x" * 420 + "~glute-bridge.h5r2d1"
    old_key = "lbeg-done:" + fragment[:399]
    page = context.new_page()
    open_page(page, server + "programme/")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [old_key, json.dumps([today()])])
    open_programme(page, server, fragment)
    assert page.get_attribute("[data-lbeg-week] > li:last-child", "aria-label") == "Today: done"
    page.click("[data-lbeg-clear]")
    page.click("[data-lbeg-clear-yes]")
    assert page.evaluate("k => localStorage.getItem(k)", old_key) is None


def test_clear_my_data_deletes_this_programmes_record(context, server):
    page = context.new_page()
    open_page(page, server + "programme/")
    seed(page, SIX_WEEKS)
    seed(page, {0: {"done": 1}}, fragment="1~~~glute-bridge.r10d1")
    open_programme(page, server)
    page.click("[data-lbeg-clear]")
    page.click("[data-lbeg-clear-no]")
    assert stored(page) is not None
    page.click("[data-lbeg-clear]")
    page.click("[data-lbeg-clear-yes]")
    assert stored(page) is None and page.evaluate("localStorage.getItem('lbeg-last-programme')") is None
    assert stored(page, "1~~~glute-bridge.r10d1") is not None, "other programmes keep theirs"
    assert page.get_attribute("[data-lbeg-chart] .lbeg-chart__dots", "d") == ""
    assert page.inner_text("[data-lbeg-log-said]").startswith("Your record for this programme has been deleted")


BAD_STORES = {
    "not JSON": ("{days:", "could not be read, so a new record starts today"),
    "a list": ("[1, 2, 3]", "could not be read, so a new record starts today"),
    "markup and odd keys": (
        json.dumps(
            {
                "v": 1,
                "usual": "<img src=x onerror=window.hacked=1>",
                "days": {
                    "<script>window.hacked=2</script>": {"done": 1},
                    "__proto__": {"polluted": True},
                    "2026-13-45": {"done": 1},
                    "2026-11-01": {"pain": "<b>9</b>", "effort": "<i>hard</i>"},
                },
            }
        ),
        "Some of your saved progress could not be read",
    ),
    "too long": ("[" + "1," * 50000 + "1]", "could not be read, so a new record starts today"),
}


@pytest.mark.parametrize("text,message", BAD_STORES.values(), ids=BAD_STORES.keys())
def test_damaged_or_hostile_stored_data_gives_a_plain_message(context, server, text, message):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    open_page(page, server + "programme/")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [log_key(page), text])
    open_programme(page, server)
    problem = page.locator("[data-lbeg-log-problem]")
    problem.wait_for(state="visible")  # shown once the page has read the stored record
    assert message in problem.inner_text()
    assert page.locator("[data-lbeg-progress] img, [data-lbeg-progress] script, [data-lbeg-progress] b").count() == 0
    assert page.evaluate("window.hacked") is None and page.evaluate("({}).polluted") is None
    # The rest of the page works: the timer, and a new record.
    page.click("[data-lbeg-list] > li button")
    page.click("[data-lbeg-go]")
    assert page.inner_text("[data-lbeg-phase]") == "Get ready"
    page.click("[data-lbeg-sessions] button")
    assert stored(page)["days"][today()]["done"] == 1
    assert errors == []


def test_a_full_store_gives_a_plain_message_and_the_page_keeps_working(context, server):
    page = context.new_page()
    open_programme(page, server, "1~~~glute-bridge.h5r2d1")
    page.evaluate(
        "() => { const big = 'x'.repeat(512 * 1024); let i = 0;"
        " try { for (;;) localStorage.setItem('filler-' + i++, big); } catch (e) {}"
        " try { for (;;) localStorage.setItem('small-' + i++, 'x'.repeat(64)); } catch (e) {} }"
    )
    page.click("[data-lbeg-sessions] button")
    problem = page.locator("[data-lbeg-log-problem]")
    assert problem.is_visible() and "storage is full" in problem.inner_text()
    assert page.get_attribute("[data-lbeg-sessions] button", "aria-pressed") == "true", "today still shows it"
    page.click("[data-lbeg-list] > li button")
    page.click("[data-lbeg-go]")
    assert page.inner_text("[data-lbeg-phase]") == "Get ready"


def test_storage_switched_off_gives_a_plain_message_and_the_page_keeps_working(context, server):
    # As when a browser blocks site data: reading localStorage throws.
    context.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('blocked', 'SecurityError'); }});"
    )
    page = context.new_page()
    ours = []
    page.on("pageerror", lambda e: ours.append(e.stack) if "/assets/lbeg/" in (e.stack or "") else None)
    page.goto(server + "programme/#1~~~glute-bridge.h5r2d1")
    page.wait_for_selector("[data-lbeg-view]:not([hidden])")
    problem = page.locator("[data-lbeg-log-problem]")
    problem.wait_for()
    assert (
        problem.inner_text()
        == "This browser is not letting the guide save anything, so your progress will not be kept."
    )
    page.click("[data-lbeg-sessions] button")
    assert page.get_attribute("[data-lbeg-sessions] button", "aria-pressed") == "true", "today still shows it"
    button = page.locator(".lbeg-programme__tools [data-lbeg-text-size]")
    button.click()
    assert button.get_attribute("aria-pressed") == "true", "larger text works, only not kept"
    page.click("[data-lbeg-list] > li button")
    page.click("[data-lbeg-go]")
    assert page.inner_text("[data-lbeg-phase]") == "Get ready"
    assert ours == []


# -----------------------------------------------------------------------------
# 4. Spoken, and bigger; keyboard and screen readers
# -----------------------------------------------------------------------------

RECORD_SPEECH = """
window.spoken = [];
if (window.speechSynthesis) {
  window.speechSynthesis.speak = (u) => window.spoken.push(u.text);
  window.speechSynthesis.cancel = () => {};
}
"""


def run_timer(page, seconds):
    page.click("[data-lbeg-go]")
    for _ in range(seconds * 5):
        page.clock.run_for(200)
    page.wait_for_function("document.querySelector('[data-lbeg-phase]').textContent.startsWith('Done')")


def test_the_timer_speaks_its_cues_only_when_asked(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(RECORD_SPEECH)
    page.clock.install()
    open_page(page, server + "exercises/pelvic-tilt/")
    page.fill("[data-lbeg-set=hold]", "5")
    page.fill("[data-lbeg-set=reps]", "2")
    speak = page.locator("[data-lbeg-speak]")
    assert speak.is_visible() and not speak.is_checked(), "off by default"
    assert page.locator("[data-lbeg-beep]").is_visible() and page.locator("[data-lbeg-buzz]").is_visible()
    run_timer(page, 20)
    assert page.evaluate("window.spoken") == []
    speak.check()
    run_timer(page, 20)
    said = page.evaluate("window.spoken")
    context.close()
    count = ["3", "2", "1"]
    assert said == ["Get ready", *count, "Hold", *count, "Relax", "Hold", *count, "Done. Well done"]


def test_without_speech_the_option_to_speak_is_not_offered(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script("Object.defineProperty(window, 'speechSynthesis', {value: undefined});")
    open_page(page, server + "exercises/pelvic-tilt/")
    page.wait_for_selector("[data-lbeg-go]")
    assert page.locator("[data-lbeg-speak]").count() == 1 and not page.locator("[data-lbeg-speak]").is_visible()
    assert page.locator("[data-lbeg-beep]").is_visible() and page.locator("[data-lbeg-buzz]").is_visible()
    page.click("[data-lbeg-go]")
    assert page.inner_text("[data-lbeg-phase]") == "Get ready"
    context.close()


def test_larger_text_is_kept_and_fits_a_small_phone(browser, server):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    open_programme(page, server)
    size = "() => parseFloat(getComputedStyle(document.documentElement).fontSize)"
    before = page.evaluate(size)
    button = page.locator(".lbeg-programme__tools [data-lbeg-text-size]")
    fill = "el => getComputedStyle(el).backgroundColor"
    assert button.evaluate(fill) == "rgba(0, 0, 0, 0)"
    button.click()
    page.mouse.move(0, 0)
    assert button.get_attribute("aria-pressed") == "true" and page.evaluate(size) >= before * 1.2
    assert button.evaluate(fill) != "rgba(0, 0, 0, 0)", "it looks pressed"
    name = page.locator(".lbeg-programme__tools").get_by_role("button", name="Larger text", exact=True, pressed=True)
    assert name.count() == 1, "its name stays the same: screen readers say it is pressed"
    page.reload()
    page.wait_for_function(SAVED)
    assert page.evaluate(size) >= before * 1.2, "kept for next time"
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth"), "nothing runs off the side"
    open_page(page, server + "exercises/bird-dog/")
    assert page.get_attribute("#timer [data-lbeg-text-size]", "aria-pressed") == "true"
    context.close()


def test_the_record_can_be_kept_with_the_keyboard_alone(context, server):
    page = context.new_page()
    open_programme(page, server, "1~~~pelvic-tilt.h2r5d2")
    page.focus("[data-lbeg-sessions] button")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "lbeg-usual"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    for _ in range(6):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    entry = stored(page, "1~~~pelvic-tilt.h2r5d2")["days"][today()]
    assert entry == {"done": 2, "pain": 5, "usual": 1, "effort": "right"}


def test_reminders_can_be_made_with_the_keyboard_alone(browser, server):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    open_programme(page, server, "1~~~walking.m20w3")
    days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    picked = [box.get_attribute("value") for box in page.locator("[data-lbeg-days] input:checked").all()]
    assert len(picked) == 3 and "MO" in picked and "SU" not in picked, "three days picked to start with"
    page.focus("[data-lbeg-remind-list] [data-lbeg-time]")
    page.keyboard.type("0730")
    assert page.input_value("[data-lbeg-remind-list] [data-lbeg-time]") == "07:30"
    for _ in range(3):  # out of the time's parts: hours, minutes and, in some places, am or pm
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "checkbox":
            break
    assert page.evaluate("document.activeElement.value") == "MO"
    page.keyboard.press("Space")
    for _ in range(6):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.value") == "SU"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "lbeg-r-weeks"
    page.keyboard.press("Tab")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    [event] = Calendar.from_ical(download.value.path().read_bytes()).walk("VEVENT")
    start = event.decoded("DTSTART")
    assert (start.hour, start.minute) == (7, 30)
    assert list(event["RRULE"]["BYDAY"]) == [day for day in days if day in picked and day != "MO"] + ["SU"]
    context.close()


def test_screen_readers_hear_each_change_once(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.clock.install()
    # What the page's scripts change in a live region, once the page is parsed.
    page.add_init_script(
        "window.heard = []; document.addEventListener('DOMContentLoaded', () => new MutationObserver(ms => {"
        " for (const m of ms) { const at = m.target.nodeType === 1 ? m.target : m.target.parentElement;"
        " const region = at.closest('[aria-live], [role=status], [role=alert]');"
        " if (region && region.textContent.trim()) window.heard.push(region.textContent.trim()); } })"
        ".observe(document, {childList: true, characterData: true, subtree: true}));"
    )
    open_programme(page, server, "1~~~glute-bridge.h10r1d1")
    assert page.evaluate("window.heard") == [], "opening the page announces nothing"
    page.click("[data-lbeg-sessions] button")
    assert page.evaluate("window.heard") == ["Marked done today."]
    page.evaluate("window.heard = []")
    page.select_option("[data-lbeg-usual]", "2")
    page.select_option("[data-lbeg-pain]", "3")
    green, amber = LIB.safety.pain.lights[:2]
    page.select_option("[data-lbeg-pain]", str(2 + green.up_to + 1))
    assert page.evaluate("window.heard") == [
        "Usual pain saved.",
        f"Your pain today is 1 point above your usual pain: {green.colour}.",
        f"Your pain today is {green.up_to + 1} points above your usual pain: {amber.colour}.",
    ], "each score once, with its light"
    page.evaluate("window.heard = []")
    page.click("[data-lbeg-list] > li button")
    run_timer(page, 20)
    heard = page.evaluate("window.heard")
    context.close()
    assert heard == ["Get ready. 5 seconds", "Hold. Repeat 1 of 1. 10 seconds", "Done. Well done"], (
        "one announcement a step, not one a second"
    )


# -----------------------------------------------------------------------------
# 5. The handout on paper
# -----------------------------------------------------------------------------


def handout_pdf(page, paper, count):
    page.wait_for_selector(f"[data-lbeg-handout-cards][data-lbeg-cards='{count}']", state="attached")
    page.wait_for_selector("[data-lbeg-handout] [data-lbeg-slot=qr] svg", state="attached")
    return page.pdf(format=paper)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("where", ["builder", "patient"])
def test_the_handout_prints_the_sheet_then_each_card_with_the_prescribed_dose(context, server, tmp_path, where, paper):
    page = context.new_page()
    if where == "builder":
        open_page(page, server + "builder/")
        for slug in ["pelvic-tilt", "bird-dog", "walking"]:
            page.click(f"[data-lbeg-choices] li[data-slug='{slug}'] [data-lbeg-add]")
        page.fill("[data-lbeg-title]", "Back plan for Sam")
        page.fill("li[data-slug='pelvic-tilt'] [data-field='reps']", "5")
        page.fill("li[data-slug='pelvic-tilt'] [data-field='day']", "3")
        page.fill("li[data-slug='bird-dog'] [data-field='reps']", "8")
        page.fill("li[data-slug='walking'] [data-field='week']", "5")
    else:
        open_programme(page, server)
    pdf = handout_pdf(page, paper, 3)
    pages = pdf_pages(pdf)
    assert len(pages) == 4, "the summary sheet, then a card a page"
    assert pages[0].startswith("Back plan for Sam")
    walk = 20 if where == "patient" else dose_numbers(LIB.exercises["walking"].dosage)["minutes"]
    doses = {
        "Pelvic tilt": "Repeat 5 times How often 3 sessions a day",
        "Bird dog": "Repeat 8 times on each side (16 in all). Do all of one side, then the other How often Once a day",
        "Walking": f"Time {walk} minutes How often",
    }
    for text, (name, dose) in zip(pages[1:], doses.items()):
        assert text.startswith(name) and "Your dose" in text and dose in text, text
        assert "In your programme: Back plan for Sam." in text and "Your own dose" not in text
        assert LIB.safety.emergency.call in " ".join(text.split()), "each card carries the emergency line"
        assert "5 days a week" in text or name != "Walking"
    # Each card's QR code opens its exercise's page.
    file = tmp_path / "handout.pdf"
    file.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", "2", "-l", "2", str(file), str(tmp_path / "card")], check=True
    )
    image = Image.open(next(tmp_path.glob("card*.png")))
    assert [url.rstrip("/").rsplit("/", 1)[-1] for url in qr_codes(image)] == ["pelvic-tilt"]


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_a_handout_as_long_as_the_longest_routine_keeps_its_summary_to_one_page(context, server, paper):
    longest = max(len(routine.items) for routine in LIB.routines.values())
    slugs = ["bird-dog-arm-reach", "bird-dog-leg-reach", "bird-dog", "cat-camel", "clamshell", "curl-up", "dead-bug"]
    slugs += ["heel-taps", "knee-rolls", "glute-bridge"]
    assert longest <= len(slugs), "the list below must be as long as the longest routine"
    slugs = slugs[: max(8, longest)]
    page = context.new_page()
    open_page(page, server + "builder/")
    for slug in slugs:
        page.click(f"[data-lbeg-choices] li[data-slug='{slug}'] [data-lbeg-add]")
    page.fill("[data-lbeg-title]", "A longer plan")
    pages = pdf_pages(handout_pdf(page, paper, len(slugs)))
    assert len(pages) == 1 + len(slugs), "the summary on one page, then a card a page"
    names = [LIB.exercises[slug].name for slug in slugs]
    assert all(f"{n}. {name}" in pages[0] for n, name in enumerate(names, 1))
    assert [text.startswith(name) for text, name in zip(pages[1:], names)] == [True] * len(slugs)


def test_print_waits_for_the_cards(browser, server):
    # A request the service worker makes cannot be held, so it is kept out here.
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.add_init_script(
        "window.print = () => { window.cardsPrinted ="
        " document.querySelectorAll('[data-lbeg-handout-cards] .lbeg-card').length; };"
    )
    held = []
    page.route("**/exercises/walking/", lambda route: held.append(route))
    with page.expect_request("**/exercises/walking/"):
        page.goto(server + "programme/#" + PROGRAMME)
    page.wait_for_selector("[data-lbeg-view]:not([hidden])")
    page.click("[data-lbeg-print]")
    assert page.evaluate("window.cardsPrinted") is None, "not while a card is still on its way"
    held[0].continue_()
    page.wait_for_function("window.cardsPrinted !== undefined")
    assert page.evaluate("window.cardsPrinted") == 3
    context.close()
