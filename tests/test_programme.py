"""The programme builder, the patient's view of a link, the handout and the timer,
in Chromium. A programme lives only in the link, so every link is treated as
untrusted input."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image

from lbeg.data import load_library
from lbeg.schema import Dosage, Frequency, Routine
from lbeg.views import dosage_rows, dose_numbers

from .helpers import ROOT, VIEWPORTS, open_page, pdf_pages, qr_codes

LIB = load_library(ROOT)


@pytest.fixture
def context(browser, server):
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    yield context
    context.close()


def build(page, server, slugs, title="Back plan for Sam", note=""):
    open_page(page, server + "builder/")
    for slug in slugs:
        page.click(f"[data-lbeg-choices] li[data-slug='{slug}'] [data-lbeg-add]")
    page.fill("[data-lbeg-title]", title)
    page.fill("[data-lbeg-note]", note)
    return page.input_value("[data-lbeg-link]")


def shown_programme(page):
    return {
        "title": page.inner_text("[data-lbeg-title]"),
        "note": page.inner_text("[data-lbeg-note]"),
        "items": page.locator("[data-lbeg-list] > li h3").all_inner_texts(),
        "doses": [" ".join(t.split()) for t in page.locator("[data-lbeg-list] > li dl").all_inner_texts()],
    }


def test_a_programme_survives_the_link(browser, server, context):
    page = context.new_page()
    link = build(page, server, ["pelvic-tilt", "glute-bridge", "bird-dog"], note="Twice a day is fine.")
    page.fill("li[data-slug='bird-dog'] [data-field='reps']", "8")
    page.fill("li[data-slug='glute-bridge'] [data-field='note']", "Go slowly.")
    page.click("li[data-slug='bird-dog'] [data-lbeg-up]")
    link = page.input_value("[data-lbeg-link]")
    assert urlsplit(link).path.endswith("/programme/") and urlsplit(link).fragment.startswith("1~")

    fresh = browser.new_context()
    patient = fresh.new_page()
    open_page(patient, link)
    shown = shown_programme(patient)
    fresh.close()
    assert shown["title"] == "Back plan for Sam" and shown["note"] == "Twice a day is fine."
    assert shown["items"] == ["Pelvic tilt", "Bird dog", "Bridge"]
    assert "Repeat 8 times on each side (16 in all)" in shown["doses"][1]
    assert "Hold 3 slow breaths" in shown["doses"][2]


def test_each_copy_of_a_drawing_has_ids_of_its_own(context, server):
    """The programme shows each exercise's drawing in its list and again on its handout; the
    pelvic tilt's close-up is cut to its circle by a clipPath, which each copy must name alone."""
    page = context.new_page()
    open_page(page, build(page, server, ["pelvic-tilt", "glute-bridge"]))
    page.wait_for_selector("[data-lbeg-handout] svg.lbeg-fig", state="attached")
    found = page.evaluate(
        """() => {
          const ids = [...document.querySelectorAll("[id]")].map((el) => el.id);
          const cuts = [...document.querySelectorAll("svg.lbeg-fig [clip-path]")].map((el) =>
            el.closest("svg.lbeg-fig").querySelector(`clipPath[id="${el.getAttribute("clip-path").slice(5, -1)}"]`) !== null);
          return { twice: ids.filter((id, i) => ids.indexOf(id) !== i), cuts };
        }"""
    )
    assert found["twice"] == [], "every id on the page is used once"
    assert len(found["cuts"]) >= 2 and all(found["cuts"]), "each copy's close-up is cut by its own circle"


def test_six_exercises_make_a_short_link(context, server):
    page = context.new_page()
    link = build(
        page, server, ["pelvic-tilt", "knee-rolls", "glute-bridge", "cat-camel", "hamstring-stretch", "walking"]
    )
    assert len(urlsplit(link).fragment) <= 300


def test_the_builder_reopens_its_own_link_for_editing(context, server):
    page = context.new_page()
    link = build(page, server, ["clamshell", "wall-sit"])
    builder = page.url
    page.goto(server + "exercises/")
    open_page(page, builder)
    assert page.locator("[data-lbeg-items] > li").count() == 2
    assert page.input_value("[data-lbeg-link]") == link


def test_qr_code_decodes_to_the_link(context, server):
    page = context.new_page()
    link = build(page, server, ["pelvic-tilt", "glute-bridge", "dead-bug"])
    page.wait_for_selector("[data-lbeg-qr] svg")
    image = Image.open(io.BytesIO(page.locator("[data-lbeg-qr] svg").screenshot()))
    assert qr_codes(image) == [link]


def test_sessions_a_day_and_days_a_week_allow_what_the_schema_allows(context, server):
    from lbeg.schema import Frequency

    schema = Frequency.model_json_schema()["properties"]
    highest = {
        unit: schema[name]["anyOf"][0]["maximum"] for unit, name in (("day", "times_a_day"), ("week", "days_a_week"))
    }
    page = context.new_page()
    build(page, server, ["bird-dog"])
    field = "li[data-slug='bird-dog'] [data-field='{}']".format
    for unit, top in highest.items():
        assert page.locator(field(unit)).get_attribute("max") == str(top)
    page.fill(field("week"), "1")
    assert page.input_value("[data-lbeg-link]").endswith("w1")
    page.fill(field("week"), str(highest["week"]))
    assert page.input_value("[data-lbeg-link]").endswith(f"w{highest['week']}")
    page.fill(field("day"), str(highest["day"] + 1))
    assert f"must be from 1 to {highest['day']}" in page.inner_text("[data-lbeg-status]")


def test_search_and_level_narrow_the_choices(context, server):
    page = context.new_page()
    open_page(page, server + "builder/")
    choices = page.locator("[data-lbeg-choices] > li:not([hidden])")
    assert choices.count() == len(LIB.exercises)
    page.select_option("[data-lbeg-level]", "3")
    assert sorted(choices.locator(".lbeg-builder__name").all_inner_texts()) == sorted(
        e.name for e in LIB.exercises.values() if e.level == 3
    )
    page.select_option("[data-lbeg-level]", "")
    page.fill("[data-lbeg-search]", "sphinx")
    assert choices.locator(".lbeg-builder__name").all_inner_texts() == ["Back bend on your forearms (sphinx)"]


def test_more_than_eight_exercises_gets_a_gentle_warning(context, server):
    page = context.new_page()
    build(page, server, list(LIB.exercises)[:8])
    assert page.inner_text("[data-lbeg-warn]") == ""
    page.click(f"[data-lbeg-choices] li[data-slug='{list(LIB.exercises)[8]}'] [data-lbeg-add]")
    assert "That is 9 exercises" in page.inner_text("[data-lbeg-warn]")


def test_renamed_exercises_still_open_through_their_aliases(context, server):
    page = context.new_page()
    open_page(page, server + "programme/#1~~~bridge.r5d1~opposite-arm-and-leg-reach.h5r5ed1")
    assert shown_programme(page)["items"] == ["Bridge", "Bird dog"]


# -----------------------------------------------------------------------------
# Untrusted links
# -----------------------------------------------------------------------------

TAMPERED = {
    "unknown exercise": ("1~~~moon-walk.r5d1", "does not have: “moon-walk”"),
    "zero repeats": ("1~~~glute-bridge.r0d1", "number of repeats for Bridge must be from 1 to 30, not 0"),
    "negative repeats": ("1~~~glute-bridge.r-5d1", "not complete, or it has been changed"),
    "too many repeats": ("1~~~glute-bridge.r500d1", "must be from 1 to 30, not 500"),
    "ten minute hold": ("1~~~glute-bridge.h600r5d1", "hold for Bridge must be from 1 to 120, not 600"),
    "missing amount": ("1~~~glute-bridge.d1", "amount to do for Bridge is missing"),
    "missing how often": ("1~~~glute-bridge.r5", "How often to do Bridge is missing"),
    "future version": ("7~Hi~~glute-bridge.r5d1", "newer version of the guide"),
    "garbage": ("%%%~~~", "not complete, or it has been changed"),
    "nothing": ("", "no programme in it"),
    "oversize": ("1~" + "a" * 5000 + "~~glute-bridge.r5d1", "too long to be a programme"),
    "twice": ("1~~~glute-bridge.r5d1~glute-bridge.r5d1", "lists Bridge twice"),
}


@pytest.mark.parametrize("fragment,message", TAMPERED.values(), ids=TAMPERED.keys())
def test_a_tampered_link_shows_a_plain_message_and_nothing_else(context, server, fragment, message):
    page = context.new_page()
    open_page(page, server + "programme/#" + fragment)
    error = page.locator("[data-lbeg-error]")
    assert error.is_visible() and message in error.inner_text()
    assert not page.locator("[data-lbeg-view]").is_visible()
    assert page.locator("[data-lbeg-list] > li").count() == 0


def test_a_link_changed_on_an_open_page_shows_what_the_new_link_holds(context, server):
    """Changing only the part after # keeps the page, and the theme re-runs its scripts."""
    page = context.new_page()
    open_page(page, server + "programme/#1~~~pelvic-tilt.r5d1")
    page.goto(server + "programme/#1~~~moon-walk.r5d1")
    # The theme may load the page again for the new link: wait until the error is
    # on screen, and read the words it shows at that moment.
    shown = page.wait_for_function(
        "() => { const e = document.querySelector('[data-lbeg-error]');"
        " return e && e.checkVisibility() && e.innerText.includes('moon-walk') && e.innerText; }"
    ).json_value()
    assert "does not have: “moon-walk”" in shown
    page.goto(server + "programme/#1~Later~~bird-dog.h5r8ed1")
    # The theme may load the page again here too: wait until a programme is on screen
    # with no error, and read what it shows at that moment.
    shown = page.wait_for_function(
        "() => { const e = document.querySelector('[data-lbeg-error]');"
        " const items = [...document.querySelectorAll('[data-lbeg-list] > li h3')].map(h => h.innerText);"
        " return items.length && !(e && e.checkVisibility()) && items; }"
    ).json_value()
    assert shown == ["Bird dog"]


def test_markup_in_a_link_shows_as_text(context, server):
    page = context.new_page()
    note = '<img src=x onerror="window.hacked=1"><script>window.hacked=2</script>'
    link = build(page, server, ["glute-bridge"], title="<b>Sam</b>", note=note)
    page.fill("li[data-slug='glute-bridge'] [data-field='note']", "<i>slow</i>")
    link = page.input_value("[data-lbeg-link]")
    open_page(page, link)
    # Once no request is in flight, an image the link slipped in would have failed and run its onerror.
    page.wait_for_load_state("networkidle")
    assert page.inner_text("[data-lbeg-title]") == "<b>Sam</b>" and page.inner_text("[data-lbeg-note]") == note
    assert page.locator(".lbeg-programme__item-note").inner_text() == "<i>slow</i>"
    assert page.locator("[data-lbeg-programme] img, [data-lbeg-programme] b, [data-lbeg-programme] i").count() == 0
    assert page.evaluate("window.hacked") is None


# The codec itself (round trips, and thousands of changed links) is tested in
# Node: tests/js/codec.test.js.


# -----------------------------------------------------------------------------
# The patient's week, the handout and the timer
# -----------------------------------------------------------------------------


def test_mark_done_today_stays_on_this_device(context, server):
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    open_page(page, server + "programme/#1~~~pelvic-tilt.r5d1")
    days = page.locator("[data-lbeg-week] > li")
    assert days.count() == 7 and days.last.get_attribute("aria-label") == "Today: not done"
    page.click("[data-lbeg-sessions] button")
    assert page.get_attribute("[data-lbeg-sessions] button", "aria-pressed") == "true"
    page.reload()
    assert page.locator("[data-lbeg-week] > li").last.get_attribute("aria-label") == "Today: done"
    stored = page.evaluate("JSON.stringify(localStorage)")
    assert "lbeg-log:" in stored
    assert [u for u in requests if not u.startswith(server)] == []


@pytest.mark.parametrize("width", [320, 390])
def test_the_week_fits_a_small_phone(browser, server, width):
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    open_page(page, server + "programme/#1~~~pelvic-tilt.r5d1")
    page.locator("[data-lbeg-week] > li").first.wait_for()
    content = page.locator("[data-lbeg-programme]").bounding_box()
    days = page.eval_on_selector_all(
        "[data-lbeg-week] > li", "els => els.map(e => [e.getBoundingClientRect().right, e.scrollWidth - e.clientWidth])"
    )
    context.close()
    assert max(right for right, _ in days) <= content["x"] + content["width"] + 0.5, "the week sticks out past the page"
    assert all(spill <= 0 for _, spill in days), "a day's name does not fit its box"


def test_the_handout_sheet_prints_on_one_page_before_the_cards(context, server):
    page = context.new_page()
    build(page, server, ["pelvic-tilt", "glute-bridge", "bird-dog", "side-plank-knees"], note="Once a day, every day.")
    page.fill("li[data-slug='bird-dog'] [data-field='reps']", "7")
    page.wait_for_selector("[data-lbeg-handout] [data-lbeg-slot=qr] svg", state="attached")
    page.wait_for_selector("[data-lbeg-handout-cards][data-lbeg-cards='4']", state="attached")
    for paper in ("A4", "Letter"):
        pages = pdf_pages(page.pdf(format=paper))
        sheet = pages[: len(pages) - 4]
        text = " ".join(sheet)
        assert len(sheet) == 1, paper
        assert "Back plan for Sam" in text and "Once a day, every day." in text and "Made " in text
        assert "Repeat: 7 times on each side (14 in all)" in text and "Add exercises" not in text
        # The handout carries the emergency line and the pain rule, as every printed form does.
        assert "Call 999 or go to A&E now" in text and "spreads further down your leg, or is new" in text
        assert [p.split(" ")[0] for p in pages[-4:]] == ["Pelvic", "Bridge", "Bird", "Side"], "then a card each"
    page.emulate_media(media="print")
    page.locator("[data-lbeg-handout] [data-lbeg-slot=qr] svg").wait_for(state="visible")
    image = Image.open(io.BytesIO(page.locator("[data-lbeg-handout] [data-lbeg-slot=qr] svg").screenshot()))
    assert qr_codes(image) == [page.input_value("[data-lbeg-link]")]


def test_the_handout_sheet_keeps_to_one_page_for_a_routine_sized_programme(context, server):
    """As the README says: up to 8 exercises (the most a routine has), with a plain daily dose
    and a short note, the sheet is one page on A4 and on Letter, even for the exercises with
    the most to say (the most conditions, the longest names)."""
    most = Routine.model_json_schema()["properties"]["items"]["maxItems"]
    wordy = sorted(LIB.exercises, key=lambda s: (-len(LIB.exercises[s].conditions), -len(LIB.exercises[s].name)))
    words = "+".join(["keep", "breathing"] * 20)
    items = "~".join(f"{slug}.r10d1w7" for slug in wordy[:most])
    page = context.new_page()
    open_page(page, server + f"programme/#1~Back+exercises+for+Samantha~{words[:100]}~{items}")
    page.wait_for_selector(f"[data-lbeg-handout-cards][data-lbeg-cards='{most}']", state="attached")
    for paper in ("A4", "Letter"):
        pages = pdf_pages(page.pdf(format=paper))
        assert len(pages) == 1 + most, paper
        assert all(LIB.exercises[slug].name in pages[0] for slug in wordy[:most]), "every exercise on the one sheet"


def test_timer_announces_every_step(browser, server):
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.clock.install()
    open_page(page, server + "programme/#1~~~glute-bridge.h3r2d1")
    page.click("[data-lbeg-list] > li button")
    said = []
    page.expose_function("heard", lambda words: said.append(words))
    page.evaluate("""() => new MutationObserver(() => heard(document.querySelector('[data-lbeg-say]').textContent))
                     .observe(document.querySelector('[data-lbeg-say]'), {childList: true, characterData: true, subtree: true})""")
    page.keyboard.press("Enter")  # the timer's Start button has the focus
    for _ in range(20):
        page.clock.run_for(1000)
    page.wait_for_function("document.querySelector('[data-lbeg-phase]').textContent.startsWith('Done')")
    context.close()
    assert said == [
        "Get ready. 5 seconds",
        "Hold. Repeat 1 of 2. 3 seconds",
        "Relax. 3 seconds",
        "Hold. Repeat 2 of 2. 3 seconds",
        "Done. Well done",
    ]


def timer_in_first_hold(browser, server):
    """Bird dog's timer, on a fake clock, 5 s to get ready and 1 s into its 5 s hold."""
    context = browser.new_context()
    page = context.new_page()
    page.clock.install()
    page.goto(server + "exercises/bird-dog/")
    page.click("[data-lbeg-go]")
    page.clock.run_for(6000)
    assert page.inner_text("[data-lbeg-phase]") == "Hold"
    return context, page


def test_timer_pauses_and_counts_down(browser, server):
    context, page = timer_in_first_hold(browser, server)
    page.click("[data-lbeg-go]")
    counted = page.inner_text("[data-lbeg-count]")
    page.clock.run_for(10_000)
    assert page.inner_text("[data-lbeg-count]") == counted and page.inner_text("[data-lbeg-go]") == "Resume"
    page.click("[data-lbeg-stop]")
    assert page.inner_text("[data-lbeg-phase]") == "Stopped"
    context.close()


def test_a_step_skipped_while_paused_gets_its_full_time(browser, server):
    context, page = timer_in_first_hold(browser, server)
    page.click("[data-lbeg-go]")
    page.click("[data-lbeg-next]")
    assert page.inner_text("[data-lbeg-phase]") == "Relax"
    page.click("[data-lbeg-go]")
    page.clock.run_for(400)
    assert page.inner_text("[data-lbeg-count]") == "3", "the 3 s rest, not what was left of the hold"
    context.close()


TRACK_VISIBILITY_LISTENERS = """
window.lbegListening = new Set();
const add = Document.prototype.addEventListener, remove = Document.prototype.removeEventListener;
Document.prototype.addEventListener = function (type, listener, ...rest) {
  if (type === "visibilitychange") window.lbegListening.add(listener);
  return add.call(this, type, listener, ...rest);
};
Document.prototype.removeEventListener = function (type, listener, ...rest) {
  if (type === "visibilitychange") window.lbegListening.delete(listener);
  return remove.call(this, type, listener, ...rest);
};
"""
TIMERS_LISTENING = "() => [...window.lbegListening].filter(f => String(f).includes('keepAwake')).length"


def test_a_timer_lets_go_of_its_page_when_the_reader_moves_on(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(TRACK_VISIBILITY_LISTENERS)
    page.goto(server + "exercises/glute-bridge/")
    page.click("[data-lbeg-go]")
    assert page.evaluate(TIMERS_LISTENING) == 1
    # The theme's instant navigation keeps the document; each page brings a timer.
    for link, slug in [("#easier a", "pelvic-tilt"), ("#harder a", "glute-bridge"), ("#easier a", "pelvic-tilt")]:
        page.click(link)
        page.wait_for_url(f"**/exercises/{slug}/")
        page.locator("[data-lbeg-timer]").wait_for()
        assert page.evaluate(TIMERS_LISTENING) == 1, "only the timer on the page listens"
    context.close()


def test_the_builder_says_when_an_exercise_is_already_in(context, server):
    page = context.new_page()
    build(page, server, ["bird-dog"])
    page.click("[data-lbeg-choices] li[data-slug='bird-dog'] [data-lbeg-add]")
    assert page.inner_text("[data-lbeg-status]") == "Bird dog is already in the programme."
    assert page.locator("[data-lbeg-items] > li").count() == 1


FOCUSED = "() => { const el = document.activeElement; const li = el.closest('li[data-slug]'); return [li ? li.dataset.slug : el.id, el.textContent]; }"


def test_moving_an_exercise_keeps_the_keyboard_on_its_button(context, server):
    page = context.new_page()
    build(page, server, ["pelvic-tilt", "glute-bridge", "bird-dog"])
    page.focus("li[data-slug='bird-dog'] [data-lbeg-up]")
    order = "() => [...document.querySelectorAll('[data-lbeg-items] > li')].map(li => li.dataset.slug)"
    for place in (2, 1):
        page.keyboard.press("Enter")
        assert page.evaluate(FOCUSED) == ["bird-dog", "Move up"]
        assert page.inner_text("[data-lbeg-status]") == f"Bird dog moved up: {place} of 3."
    assert page.evaluate(order) == ["bird-dog", "pelvic-tilt", "glute-bridge"]
    page.keyboard.press("Enter")
    assert page.inner_text("[data-lbeg-status]") == "Bird dog is already first."
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED) == ["bird-dog", "Move down"]
    assert page.evaluate(order) == ["pelvic-tilt", "bird-dog", "glute-bridge"]
    assert page.inner_text("[data-lbeg-status]") == "Bird dog moved down: 2 of 3."
    fields = page.input_value("[data-lbeg-link]").split("#")[1].split("~")[3:]
    assert [field.split(".")[0] for field in fields] == ["pelvic-tilt", "bird-dog", "glute-bridge"], "the link follows"


def test_removing_an_exercise_moves_the_keyboard_to_the_next_one(context, server):
    page = context.new_page()
    build(page, server, ["pelvic-tilt", "glute-bridge", "bird-dog"])
    page.focus("li[data-slug='glute-bridge'] [data-lbeg-remove]")
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED) == ["bird-dog", "Remove"]
    assert page.inner_text("[data-lbeg-status]") == "Bridge removed."
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED) == ["pelvic-tilt", "Remove"], "the last one gone, the one before it"
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED) == ["lbeg-b-search", ""], "none left: the box to find one"
    assert page.locator("[data-lbeg-items] > li").count() == 0 and page.locator("[data-lbeg-empty]").is_visible()


def test_the_builder_shows_why_a_link_it_was_given_cannot_open(context, server):
    page = context.new_page()
    open_page(page, server + "builder/#1~~~moon-walk.r5d1")
    page.locator("[data-lbeg-ui]").wait_for()
    assert "does not have: “moon-walk”" in page.inner_text("[data-lbeg-status]")


def test_an_out_of_range_dose_leaves_no_old_link_to_share(context, server):
    page = context.new_page()
    build(page, server, ["glute-bridge"])
    page.wait_for_selector("[data-lbeg-qr] svg")
    assert page.locator("[data-lbeg-open]").is_visible()
    page.fill("li[data-slug='glute-bridge'] [data-field='reps']", "500")
    assert "must be from 1 to 30, not 500" in page.inner_text("[data-lbeg-status]")
    assert page.input_value("[data-lbeg-link]") == ""
    assert page.locator("[data-lbeg-qr] svg").count() == 0 and not page.locator("[data-lbeg-open]").is_visible()


def test_a_code_still_being_drawn_does_not_come_back_after_the_dose_goes_wrong(browser, server):
    # Requests the service worker makes for the page cannot be held, so it is kept out.
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    held = []
    page.route("**/qrcode-generator.js", lambda route: held.append(route))
    build(page, server, ["glute-bridge"])
    page.fill("li[data-slug='glute-bridge'] [data-field='reps']", "500")
    assert held, "the QR library was not asked for"
    # A listener added after the library's own onload runs once the drawings waiting for it have.
    page.evaluate(
        "() => document.querySelector('script[src$=\"qrcode-generator.js\"]')"
        ".addEventListener('load', () => { window.lbegQrSettled = true; })"
    )
    held[0].continue_()
    page.wait_for_function("window.lbegQrSettled === true")
    assert page.locator("[data-lbeg-qr] svg").count() == 0 and page.input_value("[data-lbeg-link]") == ""
    context.close()


def test_if_the_programme_code_cannot_load_the_page_says_so(browser, server):
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.route("**/assets/lbeg/programme.js", lambda route: route.abort())
    page.goto(server + "programme/#1~~~glute-bridge.r5d1")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-lbeg-nojs]").is_visible()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", VIEWPORTS)
@pytest.mark.parametrize("which", ["builder", "patient"])
def test_axe_finds_no_violations(browser, server, which, scheme, size):
    context = browser.new_context(viewport=VIEWPORTS[size], color_scheme=scheme)
    page = context.new_page()
    if which == "builder":
        build(page, server, ["pelvic-tilt", "glute-bridge"])
        page.wait_for_selector("[data-lbeg-qr] svg")
    else:
        open_page(page, server + "programme/#1~Plan~Note~pelvic-tilt.h2r5d3~bird-dog.h5r5ed1")
        page.click("[data-lbeg-list] > li button")
    results = Axe().run(page)
    context.close()
    assert results.violations_count == 0, results.generate_report()


# Doses a clinician might set, each given to a different exercise.
PRESCRIBED = [
    {"hold": 10, "reps": 8, "sets": 2, "side": "each", "day": 2},
    {"breaths": 3, "reps": 1, "sets": 1, "day": 1},
    {"reps": 12, "sets": 3, "side": "alternate", "week": 3},
    {"minutes": 20, "week": 7},
    {"minutes": 1, "reps": 5, "week": 1},
    {"hold": 1, "reps": 30, "sets": 5, "day": 5},
]


def _page_rows(numbers: dict) -> list[str]:
    """How an exercise page words a dose given as the builder's numbers."""
    dose = Dosage.model_construct(
        hold_seconds=numbers.get("hold") or None,
        hold_breaths=numbers.get("breaths") or None,
        reps=numbers.get("reps") or None,
        reps_goal=None,
        sets=numbers.get("sets") or None,
        per_side=numbers.get("side") == "each",
        alternate_sides=numbers.get("side") == "alternate",
        rest_seconds=None,
        minutes=numbers.get("minutes") or None,
        minutes_goal=None,
        frequency=Frequency.model_construct(
            times_a_day=numbers.get("day") or None, days_a_week=numbers.get("week") or None
        ),
    )
    return [f"{label} {value}" for label, value in dosage_rows(dose, goals=False)]


def test_a_prescribed_dose_is_worded_as_the_exercise_pages_word_it(context, server):
    """The patient view words doses in the browser; it must say what an exercise page would."""
    slugs = list(LIB.exercises)
    defaults = [{"slug": s, "dose": dose_numbers(LIB.exercises[s].dosage), "note": ""} for s in slugs]
    chosen = [{"slug": s, "dose": {"side": "", **dose}, "note": ""} for s, dose in zip(slugs, PRESCRIBED)]
    batches = [defaults[:11], defaults[11:], chosen]
    page = context.new_page()
    open_page(page, server + "programme/")
    fragments = page.evaluate(
        "async bs => { const codec = await import(new URL('../assets/lbeg/codec.js', location.href));"
        " return bs.map(b => codec.encode({items: b})); }",
        batches,
    )
    shown = []
    for fragment in fragments:
        page.goto("about:blank")
        open_page(page, server + "programme/#" + fragment)
        page.wait_for_selector("[data-lbeg-view]:not([hidden])")
        shown += [" ".join(t.split()) for t in page.locator("[data-lbeg-list] > li dl").all_inner_texts()]
    assert shown == [" ".join(_page_rows(item["dose"])) for batch in batches for item in batch]
