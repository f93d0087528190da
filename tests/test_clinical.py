"""Clinical content a clinician can hand out unedited: the emergency line on every
printed form, one pain rule drawn everywhere from data/safety.yml, doses that say
both numbers, condition cautions, leg pain, seated and standing options, routines
that build up, and plain words in short sentences."""

from __future__ import annotations

import re

import pytest

from lbeg.data import NEXT_DAY, load_library
from lbeg.readability import SENTENCE_MAX, long_sentences, sentences, words
from lbeg.views import advice, exercise_view, exercise_views, routine_view

from .helpers import ROOT, SITE_URL, open_page, pdf_pages
from .helpers import problems_after_edit as problems_after

LIB = load_library(ROOT)
SAFETY = advice(LIB)
SLUGS = list(LIB.exercises)
HOME = SITE_URL.split("://")[1].rstrip("/")


def text_of(soup) -> str:
    return " ".join(soup.get_text(" ").split())


def line_of(rel_path: str, tmp_path, needle: str) -> int:
    text = (tmp_path / "data" / rel_path).read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


# -----------------------------------------------------------------------------
# 1. The emergency line on every printed form
# -----------------------------------------------------------------------------


def emergency_in(text: str) -> bool:
    text = " ".join(text.split())
    return (
        SAFETY.emergency.call in text
        and all(sign in text for sign in SAFETY.emergency.signs)
        and f"{HOME}/safety" in text
    )


@pytest.mark.parametrize("slug", SLUGS)
def test_every_card_carries_the_emergency_line(site, slug):
    card = site.html(f"exercises/{slug}/").select_one(".lbeg-print .lbeg-card")
    assert emergency_in(card.get_text(" ")), slug
    assert emergency_in(pdf_pages(site.dir / "exercises" / slug / "card.pdf")[0])


@pytest.mark.parametrize("slug", list(LIB.routines))
def test_every_routine_sheet_and_its_pdf_carry_the_emergency_line(site, slug):
    sheet = site.html(f"routines/{slug}/").select_one(".lbeg-print .lbeg-sheet")
    assert emergency_in(sheet.get_text(" "))
    pages = pdf_pages(site.dir / "routines" / slug / "routine.pdf")
    assert all(emergency_in(page) for page in pages), "every page of the routine's PDF"


def test_the_deck_and_its_pdf_carry_the_emergency_line_on_every_card(site):
    cards = site.html("print/").select(".lbeg-print .lbeg-card")
    assert len(cards) == len(SLUGS) and all(emergency_in(c.get_text(" ")) for c in cards)
    assert all(emergency_in(page) for page in pdf_pages(site.dir / "print" / "cards.pdf"))


@pytest.mark.parametrize("url", ["builder/", "programme/"])
def test_the_programme_handout_carries_the_emergency_line(site, url):
    handout = site.html(url).select_one(".lbeg-print [data-lbeg-handout]")
    assert emergency_in(handout.get_text(" "))


def test_one_template_draws_the_emergency_line():
    uses = {p.name for p in (ROOT / "lbeg" / "templates").glob("*.html") if "band(" in p.read_text(encoding="utf-8")}
    assert {"card.html", "handout.html"} <= uses, "cards and sheets (card.html) and the handout call one macro"
    assert "progress.html" in uses, "the printed progress summary calls it too"
    for path in (ROOT / "lbeg" / "templates").glob("*.*"):
        assert "A&E" not in path.read_text(encoding="utf-8"), f"{path.name} writes its own emergency words"


def test_the_home_page_draws_its_warning_box_from_the_same_data(site):
    box = site.html("").select_one("article [data-lbeg-emergency]")
    assert SAFETY.emergency.call in box.get_text(" ")
    assert [li.get_text(strip=True) for li in box.select("li")] == SAFETY.emergency.signs


# -----------------------------------------------------------------------------
# 2. Doses
# -----------------------------------------------------------------------------


def test_a_routine_that_asks_for_fewer_a_day_than_the_starting_dose_stops_the_build(tmp_path):
    problems = problems_after(
        tmp_path, "routines/first-two-weeks.yml", "    dose:\n      reps: 15\n", "    dose:\n      reps: 5\n"
    )
    line = line_of("routines/first-two-weeks.yml", tmp_path, "    dose:\n      reps: 5")
    assert (
        f"data/routines/first-two-weeks.yml:{line}: items.1.dose: asks for 5 a day of pelvic-tilt, "
        "fewer than its starting dose of 15 a day (5 x 3 a day); raise reps or times_a_day"
    ) in problems


def test_the_pelvic_tilt_in_the_first_two_weeks_is_not_under_dosed(site):
    item = site.html("routines/first-two-weeks/").select("li.lbeg-routine__item")[0]
    rows = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True) for dt in item.select("dt")}
    assert rows["Repeat"] == "15 times"


def test_side_plank_and_hamstring_doses_follow_the_gentler_dose():
    plank = LIB.exercises["side-plank"].dosage
    assert plank.hold_seconds == 10 and plank.reps in (2, 3) and plank.per_side
    stretch = LIB.exercises["hamstring-stretch"].dosage
    assert (stretch.hold_goal or stretch.hold_seconds) <= 30 and (stretch.reps_goal or stretch.reps) <= 2


@pytest.mark.parametrize(
    ("slug", "repeat"),
    [
        ("knee-rolls", "4 times to each side (8 in all)"),
        ("dead-bug", "5 times to each side (10 in all)"),
        ("heel-taps", "5 times to each side (10 in all)"),
        ("hamstring-stretch", "2 times on each side (4 in all)"),
    ],
)
def test_counts_on_exercises_that_swap_sides_say_both_numbers(site, slug, repeat):
    for where in ("article #how-much", ".lbeg-print .lbeg-dose"):
        dose = site.html(f"exercises/{slug}/").select_one(where)
        rows = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True) for dt in dose.select("dt")}
        assert rows["Repeat"].startswith(repeat), where


def test_pelvic_tilt_walking_and_desk_break_give_their_amounts(site):
    tilt = exercise_view(LIB, "pelvic-tilt").dosage
    assert ("Build up to", "10 times") in tilt
    walking = dict(exercise_view(LIB, "walking").dosage)
    assert walking["Time"] == "10 minutes" and walking["Build up to"].startswith("30 minutes")
    assert routine_view(LIB, "desk-break", exercise_views(LIB)).often == "Every 30 to 60 minutes that you sit"


def test_a_dose_that_swaps_sides_counts_both_sides_so_it_is_even(tmp_path):
    problems = problems_after(tmp_path, "exercises/knee-rolls.yml", "  reps: 8\n", "  reps: 7\n")
    assert any("dosage: with alternate_sides, reps and reps_goal count both sides" in p for p in problems)


# -----------------------------------------------------------------------------
# 3. One pain rule, written once
# -----------------------------------------------------------------------------


def test_no_stop_line_treats_being_sorer_the_next_day_as_a_reason_to_stop(tmp_path):
    for ex in LIB.exercises.values():
        assert not any(NEXT_DAY.search(line) for line in ex.stop_if), ex.name
    problems = problems_after(
        tmp_path,
        "exercises/clamshell.yml",
        "  - Pain in your hip gets much worse.\n",
        "  - Your back is worse the next day.\n",
    )
    assert any(
        re.match(r"data/exercises/clamshell\.yml:\d+: stop_if\.1: being sorer the next day is a reason to do less", p)
        for p in problems
    ), problems


@pytest.mark.parametrize("slug", SLUGS)
def test_every_exercise_page_and_card_draw_the_pain_rule(site, slug):
    soup = site.html(f"exercises/{slug}/")
    page = soup.select_one("article")
    stop = [li.get_text(" ", strip=True) for li in page.select("#stop-if li")]
    assert stop[-2:] == SAFETY.stop
    assert [li.get_text(" ", strip=True) for li in page.select("#pain li")] == SAFETY.ok
    card = soup.select_one(".lbeg-print .lbeg-card")
    assert [li.get_text(" ", strip=True) for li in card.select(".lbeg-stop li")][-2:] == SAFETY.stop
    assert [li.get_text(" ", strip=True) for li in card.select(".lbeg-pain li")] == SAFETY.ok
    for li in card.select(".lbeg-stop li"):
        assert not NEXT_DAY.search(li.get_text()), "a next-day reason to stop on the card"


@pytest.mark.parametrize("slug", list(LIB.routines))
def test_every_routine_page_and_sheet_draw_the_pain_rule(site, slug):
    soup = site.html(f"routines/{slug}/")
    assert [li.get_text(" ", strip=True) for li in soup.select("article #get-help li")][-2:] == SAFETY.stop
    assert [li.get_text(" ", strip=True) for li in soup.select("article #pain li")] == SAFETY.ok
    sheet = soup.select_one(".lbeg-print .lbeg-sheet")
    assert [li.get_text(" ", strip=True) for li in sheet.select(".lbeg-pain li")] == SAFETY.ok


@pytest.mark.parametrize("url", ["safety/", "strengthen-your-lower-back/"])
def test_the_articles_draw_the_whole_rule_with_its_sources(site, url):
    soup = site.html(url)
    rule = [li.get_text(" ", strip=True) for li in soup.select("article ul.lbeg-pain-rule li")]
    pain = LIB.safety.pain
    texts = [c.text for c in (pain.ok, pain.during, pain.next_day, pain.flare_up, pain.stop, pain.leg_pain)]
    assert [re.sub(r"(\s*\[\d+\])+$", "", line) for line in rule] == texts
    assert all(li.select("sup.lbeg-cite a") for li in soup.select("article ul.lbeg-pain-rule li"))


@pytest.mark.parametrize("url", ["builder/", "programme/"])
def test_the_builder_and_patient_view_draw_the_pain_rule(site, url):
    soup = site.html(url)
    handout = soup.select_one(".lbeg-print [data-lbeg-handout]")
    assert [li.get_text(" ", strip=True) for li in handout.select(".lbeg-pain li")] == SAFETY.ok
    assert [li.get_text(" ", strip=True) for li in handout.select(".lbeg-stop li")] == SAFETY.stop
    if url == "programme/":
        view = [p for p in soup.select("article .lbeg-pain") if not p.find_parent(class_="lbeg-print")]
        assert [li.get_text(" ", strip=True) for li in view[0].select("li")] == SAFETY.ok


def test_the_traffic_light_scores_a_rise_above_usual_pain_and_cites_physio_sources(site):
    soup = site.html("safety/")
    lights = soup.select("article .lbeg-light")
    assert len(lights) == 3 and all("above your usual pain" in light.get_text() for light in lights)
    note = lights[-1].find_parent("div", class_="lbeg-lights").find_next_sibling("p")
    numbers = [int(a.get_text(strip=True).strip("[]")) for a in note.select("sup.lbeg-cite a")]
    cited = [soup.select("article .lbeg-sources ol > li")[n - 1].get_text(" ", strip=True) for n in numbers]
    assert any("Provide Physiotherapy" in c for c in cited) and any("Silbernagel" in c for c in cited)
    assert not any("NHS inform" in c for c in cited)


# -----------------------------------------------------------------------------
# 4. Leg pain
# -----------------------------------------------------------------------------


def section_text(soup, anchor: str) -> str:
    """The text under a heading, up to the next heading of its level."""
    heading = soup.find(id=anchor)
    parts = []
    for el in heading.find_next_siblings():
        if el.name == heading.name:
            break
        parts.append(el.get_text(" "))
    return " ".join(" ".join(parts).split())


def test_the_leg_pain_section_says_what_a_person_with_sciatica_needs(site):
    soup = site.html("safety/")
    assert soup.find(id="leg-pain").get_text(strip=True) == "If you already have leg pain (sciatica)"
    text = section_text(soup, "leg-pain")
    assert "You can still exercise." in text
    assert "hamstring stretch" in text.lower() and "bending backwards" in text.lower()
    assert "when you walk or stand" in text and "sit and rest" in text and "GP" in text


def test_one_weak_leg_is_in_the_urgent_tier(site):
    urgent = section_text(site.html("safety/"), "urgent")
    assert "one leg or foot is newly weak" in urgent and "slaps or drags" in urgent


def test_the_urgent_tier_asks_about_cancer_or_weak_bones_only_with_new_back_pain(site):
    """Finding 20: long-standing pain with osteoporosis is not, on its own, a reason for urgent care."""
    urgent = site.html("safety/").select_one("#urgent").find_next("ul")
    risks = [li.get_text(" ", strip=True) for li in urgent.select("li") if "cancer" in li.get_text()]
    assert risks and all(line.startswith("Your back pain is new") for line in risks)


def test_every_leg_symptom_stop_rule_says_further_down_or_new(site):
    assert "spreads further down your leg, or is new" in SAFETY.pain.stop.text
    for url in site.pages():
        text = text_of(site.html(url))
        assert not re.search(r"spreads down (your|the) leg", text), url


# -----------------------------------------------------------------------------
# 5. Who it is for, and conditions as data
# -----------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["", "about/"])
def test_the_guide_says_it_is_for_adults_aged_16_and_over(site, url):
    assert "16 and over" in text_of(site.html(url).select_one("article"))


def test_the_conditions_cover_weak_bones_pregnancy_and_hip_replacement():
    assert {"weak-bones", "pregnancy", "hip-replacement"} <= set(LIB.conditions)
    assert LIB.conditions["weak-bones"].name == "Weak bones (osteoporosis)"
    assert all(c.sources for c in LIB.conditions.values())


def test_exercises_list_the_cautions_the_issue_names():
    lying = [s for s, ex in LIB.exercises.items() if ex.position in ("on-your-back", "on-your-front")]
    assert lying and all("pregnancy" in LIB.exercises[s].conditions for s in lying)
    for slug in ("knee-to-chest", "curl-up", "bottom-to-heels-stretch"):
        assert "weak-bones" in LIB.exercises[slug].conditions, slug
    for slug in ("knee-to-chest", "figure-4-stretch", "bottom-to-heels-stretch"):
        assert "hip-replacement" in LIB.exercises[slug].conditions, slug


def test_an_unknown_condition_stops_the_build(tmp_path):
    problems = problems_after(
        tmp_path, "exercises/pelvic-tilt.yml", "conditions: [pregnancy]", "conditions: [pregnant]"
    )
    assert any(
        re.match(r"data/exercises/pelvic-tilt\.yml:\d+: conditions\.1: unknown condition 'pregnant'", p)
        for p in problems
    )


@pytest.mark.parametrize("slug", [s for s in SLUGS if LIB.exercises[s].conditions])
def test_the_page_and_card_show_the_conditions(site, slug):
    soup = site.html(f"exercises/{slug}/")
    names = [LIB.conditions[c].name for c in LIB.exercises[slug].conditions]
    page = soup.select_one("article #conditions").get_text(" ")
    card = soup.select_one(".lbeg-print .lbeg-card .lbeg-care").get_text(" ")
    for c in LIB.exercises[slug].conditions:
        assert LIB.conditions[c].name in page and " ".join(LIB.conditions[c].advice) in " ".join(page.split())
        assert LIB.conditions[c].name in card and LIB.conditions[c].card in " ".join(card.split())
    assert names


@pytest.mark.parametrize("slug", sorted(LIB.routines))
def test_a_routine_page_shows_the_conditions_of_its_exercises(site, slug):
    expected = {
        c: {item.exercise for item in LIB.routines[slug].items if c in LIB.exercises[item.exercise].conditions}
        for c in LIB.conditions
    }
    expected = {c: used for c, used in expected.items() if used}
    block = site.html(f"routines/{slug}/").select_one("article #conditions")
    if not expected:
        assert block is None
        return
    shown = {}
    for li in block.select(":scope > ul > li"):
        name = li.find("strong").get_text(strip=True).rstrip(".")
        shown[name] = {a["href"].split("/")[-2] for a in li.select("a")}
        condition = next(c for c in LIB.conditions.values() if c.name == name)
        assert condition.card in " ".join(li.get_text(" ").split())
    assert shown == {LIB.conditions[c].name: used for c, used in expected.items()}


def test_the_safety_page_lists_each_condition_with_its_exercises(site):
    block = site.html("safety/").select_one("article .lbeg-conditions")
    for condition in LIB.conditions.values():
        assert condition.name in block.get_text()
    links = {a["href"].split("/")[-2] for a in block.select(".lbeg-conditions__list a")}
    assert links == {s for s, ex in LIB.exercises.items() if ex.conditions}


# -----------------------------------------------------------------------------
# 6. Seated and standing options
# -----------------------------------------------------------------------------


def test_at_least_26_exercises_and_four_need_no_floor():
    assert len(LIB.exercises) >= 26
    new = ["seated-pelvic-tilt", "seated-hamstring-stretch", "sit-to-stand", "standing-back-bend"]
    for slug in new:
        ex = LIB.exercises[slug]
        assert not LIB.positions[ex.position].on_floor
        assert ex.references and ex.dosage.sources and ex.pose.start and ex.pose.end
        assert any(o.exercise for o in ex.easier + ex.harder) or any(
            other.bed_or_chair and other.bed_or_chair.exercise == slug for other in LIB.exercises.values()
        ), f"{slug} is linked from the ladder or from a floor exercise"


def test_floor_exercises_point_to_a_version_without_the_floor(site):
    pointing = [s for s, ex in LIB.exercises.items() if ex.bed_or_chair and ex.bed_or_chair.exercise]
    assert len(pointing) >= 5
    for slug in pointing:
        target = LIB.exercises[slug].bed_or_chair.exercise
        note = site.html(f"exercises/{slug}/").select_one("article .lbeg-floor")
        assert note.select_one(f"a[href='../{target}/']"), slug


def test_the_no_floor_routine_needs_no_floor(site):
    routine = LIB.routines["no-floor-needed"]
    assert routine.name == "No floor needed"
    for item in routine.items:
        assert not LIB.positions[LIB.exercises[item.exercise].position].on_floor
    assert site.html("routines/no-floor-needed/").find("h1").get_text(strip=True) == "No floor needed"


def test_a_routine_done_more_days_than_an_exercise_asks_says_so_beside_it():
    """A daily routine may hold an exercise meant for fewer days a week (sit to stand, walking):
    its note then says how many days, so the routine and the card agree."""
    checked = []
    for slug, routine in LIB.routines.items():
        for item in routine.items:
            own = LIB.exercises[item.exercise].dosage.frequency
            if (
                own
                and own.days_a_week
                and routine.frequency.days_a_week
                and own.days_a_week < routine.frequency.days_a_week
            ):
                note = (item.note or "").lower()
                said = f"{own.days_a_week} days a week" in note or (own.days_a_week >= 4 and "most days" in note)
                assert said, (slug, item.exercise)
                checked.append(item.exercise)
    assert "sit-to-stand" in checked and "walking" in checked


# -----------------------------------------------------------------------------
# 7. Routines that build up
# -----------------------------------------------------------------------------


def test_the_strength_routine_adds_its_harder_exercises_one_week_at_a_time(site):
    routine = LIB.routines["building-strength"]
    harder = [i for i in routine.items if LIB.exercises[i.exercise].level > 1]
    weeks = [i.from_week for i in harder]
    assert None not in weeks and len(set(weeks)) == len(weeks), "one new harder exercise a week"
    items = site.html("routines/building-strength/").select("li.lbeg-routine__item")
    assert len(items) == len(routine.items)
    sheet = site.html("routines/building-strength/").select(".lbeg-print .lbeg-sheet li.lbeg-sheet__item")
    assert len(sheet) == len(routine.items)
    for li, on_paper, item in zip(items, sheet, routine.items):
        said = f"Add this in week {item.from_week}"
        assert (said in li.get_text(" ")) == (said in on_paper.get_text(" ")) == bool(item.from_week)


def test_the_printed_sheet_and_handout_say_they_do_not_replace_a_physio(site):
    """The routine's sheet and the builder's handout both carry the line."""
    sheet = site.html("routines/building-strength/").select_one(".lbeg-print .lbeg-sheet .lbeg-card__foot")
    handout = site.html("builder/").select_one(".lbeg-handout .lbeg-card__foot")
    for foot in (sheet, handout):
        assert "Not a substitute for your own physio's advice" in " ".join(foot.get_text(" ").split())


def test_before_the_bird_dog_the_routine_points_to_the_arm_reach_then_the_leg_reach(site):
    items = site.html("routines/building-strength/").select("li.lbeg-routine__item")
    bird = next(li for li in items if li.select_one("h3 a")["href"].endswith("/bird-dog/"))
    ladder = bird.select_one(".lbeg-routine__ladder")
    assert [a["href"].split("/")[-2] for a in ladder.select("a")] == ["bird-dog-arm-reach", "bird-dog-leg-reach"]


# -----------------------------------------------------------------------------
# 8. Words
# -----------------------------------------------------------------------------


def test_one_counting_word_for_repetitions():
    for slug in SLUGS:
        for label, value in exercise_view(LIB, slug).dosage:
            assert not re.search(r"\b(goes|lifts|rounds|tilts|reps)\b", value), (slug, value)
            if label != "How often":
                assert "a day" not in value, (slug, value)


def test_set_is_explained_where_it_is_used(site):
    text = text_of(site.html("strengthen-your-lower-back/").select_one("article"))
    assert "A set is a group of repeats" in text
    for slug in SLUGS:
        soup = site.html(f"exercises/{slug}/")
        article = soup.select_one("article")
        if re.search(r"\bsets\b", " ".join(n.says for n in LIB.exercises[slug].dosage.other_advice)):
            assert "A set is" in article.select_one("#words").get_text()
        card = soup.select_one(".lbeg-print .lbeg-card")
        if re.search(r"\bsets\b|\ba set\b", card.get_text(" ")):
            assert "A set is" in card.get_text(" "), slug


def test_plain_terms_come_first(site):
    names = " ".join(ex.name for ex in LIB.exercises.values())
    assert not re.search(r"\b(McGill|Glute)\b", names.split("(")[0])
    safety = text_of(site.html("safety/").select_one("article"))
    assert safety.index("nerves at the bottom of the spine") < safety.index("cauda equina")
    assert safety.index("caused by a nerve") < safety.index("sciatica.")
    for url in site.pages():
        article = site.html(url).select_one("article")
        if article is None:
            continue
        for found in re.finditer(r"osteoporosis", text_of(article)):
            before = text_of(article)[max(0, found.start() - 13) : found.start()]
            assert before.lower().endswith("weak bones ("), url


@pytest.mark.parametrize("slug", [s for s in SLUGS if LIB.exercises[s].dosage.other_advice])
def test_other_sources_read_as_sentences(site, slug):
    lines = site.html(f"exercises/{slug}/").select("article .lbeg-dose__other li")
    assert lines
    for li, note in zip(lines, LIB.exercises[slug].dosage.other_advice):
        ref = LIB.references[note.source]
        assert li.get_text(" ", strip=True) == f"{ref.short or ref.authors} suggests {note.says}"
        assert note.says[0].islower()


def test_child_pose_is_the_bottom_to_heels_stretch_and_its_old_address_leads_there(site):
    ex = LIB.exercises["bottom-to-heels-stretch"]
    assert ex.name == "Bottom to heels stretch" and "Child's pose" in ex.aliases
    old = site.html("exercises/childs-pose/")
    assert old.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=../bottom-to-heels-stretch/"
    assert (site.dir / "exercises" / "childs-pose" / "card.pdf").exists()


# -----------------------------------------------------------------------------
# 9. The smaller findings
# -----------------------------------------------------------------------------


def cited_after(soup, phrase: str) -> list[str]:
    """The sources cited at the end of the sentence that holds `phrase`."""
    article = soup.select_one("article")
    node = article.find(string=re.compile(re.escape(phrase)))
    sup = node.find_next("sup", class_="lbeg-cite")
    numbers = [int(a.get_text(strip=True).strip("[]")) for a in sup.select("a")]
    return [article.select(".lbeg-sources ol > li")[n - 1].get_text(" ", strip=True) for n in numbers]


def test_bed_rest_cites_choosing_wisely_and_pilates_cites_owen_and_the_who_review(site):
    assert any("Choosing Wisely" in c for c in cited_after(site.html("strengthen-your-lower-back/"), "Bed rest has"))
    pilates = cited_after(site.html("why-movement-helps/"), "Pilates may help too")
    assert any("Owen" in c for c in pilates) and any("Verville" in c for c in pilates)
    assert not any("National Institute" in c for c in pilates)


def test_the_uncited_buttock_claim_is_gone(site):
    assert "Strong buttock muscles help too" not in text_of(site.html("strengthen-your-lower-back/"))


def test_every_easier_option_is_really_easier():
    for slug, ex in LIB.exercises.items():
        tips = {t.lower() for t in ex.tips}
        for option in ex.easier:
            if option.tip:
                assert option.tip.lower() not in tips, (slug, option.tip)
    assert LIB.exercises["clamshell"].easier


def test_the_floor_page_covers_dizziness_not_getting_up_and_the_chair_against_a_wall(site):
    soup = site.html("floor/")
    assert soup.find(id="dizzy") and soup.find(id="cannot-get-up")
    assert "against a wall" in text_of(soup.select_one("article"))


def test_no_source_is_a_third_party_mirror_of_the_bed_sheet():
    assert "versus-arthritis-back-sheet" not in LIB.references
    assert not any("exercisesforfree" in (r.url or "") for r in LIB.references.values())


def test_sources_read_in_a_copy_say_so_on_the_references_page(site):
    copies = [r for r in LIB.references.values() if r.read == "via copy"]
    assert copies
    page = site.html("references/")
    for ref in copies:
        assert "Read in a copy" in page.find(id=f"ref-{ref.id}").get_text(), ref.id


# -----------------------------------------------------------------------------
# 10. Short sentences on every page
# -----------------------------------------------------------------------------


def test_no_sentence_a_reader_meets_is_over_20_words(site):
    long = {}
    for url in site.pages():
        html = site.path(url).read_text(encoding="utf-8")
        for sentence in long_sentences(html):
            long.setdefault(sentence, url)
    assert long == {}, f"sentences over {SENTENCE_MAX} words: " + "; ".join(f"{u}: {s}" for s, u in long.items())


def test_the_sentence_check_counts_what_a_reader_sees():
    html = (
        "<article class='md-content__inner'><p>One two three. "
        + " ".join(["word"] * 21)
        + ".</p><p class='lbeg-cite'>"
        + " ".join(["cite"] * 30)
        + "</p></article><div class='lbeg-print'><li>"
        + " ".join(["card"] * 22)
        + "</li></div>"
    )
    found = long_sentences(html)
    assert [words(s) for s in found] == [21, 22]
    assert "One two three." in sentences(html)


# -----------------------------------------------------------------------------
# 11. Cards a patient reads right
# -----------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_every_card_says_how_many_days_a_week_and_fits_its_blanks(site, slug):
    ex = LIB.exercises[slug]
    card = site.html(f"exercises/{slug}/").select_one(".lbeg-print .lbeg-card")
    rows = {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True) for dt in card.select(".lbeg-dose dt")
    }
    assert re.search(r"every day|\d day(s)? a week", rows["How often"]), rows["How often"]
    blanks = " ".join(card.select_one(".lbeg-dose__rx").get_text().split())
    assert ("Hold seconds" in blanks) == (ex.dosage.hold_seconds is not None)
    assert ("slow breaths" in blanks) == (ex.dosage.hold_breaths is not None)
    assert ("sets" in blanks) == bool(ex.dosage.sets and ex.dosage.sets > 1)
    assert "days a week" in blanks
    assert "replaces the printed one" in card.select_one(".lbeg-dose__rx-note").get_text()


@pytest.mark.parametrize("slug", ["pelvic-tilt", "knee-rolls", "cat-camel", "seated-pelvic-tilt"])
def test_one_go_of_a_back_and_forth_movement_is_defined_on_the_card(site, slug):
    card = site.html(f"exercises/{slug}/").select_one(".lbeg-print .lbeg-card")
    assert "is one time" in card.select_one(".lbeg-dose").get_text()


@pytest.mark.parametrize("slug", [s for s in SLUGS if LIB.exercises[s].dosage.per_side])
def test_the_order_of_sides_is_said(site, slug):
    card = site.html(f"exercises/{slug}/").select_one(".lbeg-print .lbeg-card")
    assert "Do all of one side, then the other" in card.select_one(".lbeg-dose").get_text()


@pytest.mark.parametrize("slug", SLUGS)
def test_every_build_up_has_a_ceiling_or_says_who_to_ask(slug):
    d = LIB.exercises[slug].dosage
    if d.build_up:
        ceiling = d.reps_goal or d.hold_goal or d.minutes_goal
        assert ceiling or re.search(r"up to \d+|physio|no need|enough", d.build_up), d.build_up


@pytest.mark.parametrize("slug", [s for s in SLUGS if any(o.exercise for o in LIB.exercises[s].easier)])
def test_a_cross_reference_names_the_exercise_and_its_address_on_paper(site, slug):
    card = site.html(f"exercises/{slug}/").select_one(".lbeg-print .lbeg-card")
    text = " ".join(card.get_text(" ").split())
    for option in LIB.exercises[slug].easier:
        if option.exercise:
            name = LIB.exercises[option.exercise].name.lower()
            assert f"Try the {name}: {HOME}/exercises/{option.exercise}" in text
    assert "knee version" not in text


@pytest.mark.parametrize("slug", SLUGS)
def test_tighten_your_tummy_is_explained_wherever_it_is_used(site, slug):
    soup = site.html(f"exercises/{slug}/")
    term = LIB.terms["tighten-your-tummy"]
    for where in ("article", ".lbeg-print .lbeg-card"):
        region = soup.select_one(where)
        body = " ".join(region.get_text(" ").split())
        if "tighten your tummy" in body.lower():
            assert term.means in body, (slug, where)


def test_what_the_reader_needs_is_on_the_card_itself(site):
    """The comprehension questions a reader could not answer from the cards before."""
    for slug in ("knee-rolls", "dead-bug", "hamstring-stretch", "bird-dog", "side-plank", "pelvic-tilt"):
        text = " ".join(pdf_pages(site.dir / "exercises" / slug / "card.pdf")[0].split())
        if LIB.exercises[slug].dosage.per_side or LIB.exercises[slug].dosage.alternate_sides:
            assert "in all" in text  # how many in total, and to each side
        assert re.search(r"How often [^.]*?(every day|\d days? a week)", text)  # how often a week
        assert "do less next time. Do not stop." in text  # sorer the next morning
        assert emergency_in(text)  # numbness around the bottom, bladder control
        assert "If you already have leg pain, you can still exercise." in text
        d = LIB.exercises[slug].dosage
        assert ("Build up to" in text) == bool(d.reps_goal or d.hold_goal or d.minutes_goal)  # what to build up to


def test_drawings_of_the_new_exercises_have_honest_captions():
    for slug in ("seated-pelvic-tilt", "seated-hamstring-stretch", "sit-to-stand"):
        pose = LIB.exercises[slug].pose
        assert "seat" in pose.props and "chair" in pose.start.caption.lower()
    assert "standing" in LIB.exercises["standing-back-bend"].pose.start.caption.lower()


def test_each_card_pdf_is_one_page(site):
    for slug in SLUGS:
        assert len(pdf_pages(site.dir / "exercises" / slug / "card.pdf")) == 1, slug


# -----------------------------------------------------------------------------
# The builder and the patient view, in the browser
# -----------------------------------------------------------------------------


@pytest.mark.browser
def test_the_builder_warns_when_an_exercise_with_a_caution_is_added(browser, server):
    page = browser.new_page()
    open_page(page, server + "builder/")
    page.click("[data-lbeg-choices] li[data-slug='wall-sit'] [data-lbeg-add]")
    assert page.inner_text("[data-lbeg-status]") == "Wall sit added."
    assert page.locator("li[data-slug='wall-sit'] [data-lbeg-slot='care']").is_hidden()
    page.click("[data-lbeg-choices] li[data-slug='knee-to-chest'] [data-lbeg-add]")
    status = page.inner_text("[data-lbeg-status]")
    care = page.inner_text("li[data-slug='knee-to-chest'] [data-lbeg-slot='care']")
    page.close()
    for condition in LIB.exercises["knee-to-chest"].conditions:
        name = LIB.conditions[condition].name.lower()
        assert name in status and name in care


@pytest.mark.browser
def test_the_patient_view_shows_cautions_and_what_one_time_is(browser, server):
    page = browser.new_page()
    page.goto(server + "programme/#1~Plan~~pelvic-tilt.h2r5d3w7~wall-sit.h15r3d1w7")
    page.wait_for_selector("[data-lbeg-view]:not([hidden])")
    items = page.locator("[data-lbeg-list] > li")
    tilt, wall = items.nth(0).inner_text(), items.nth(1).inner_text()
    page.close()
    assert LIB.conditions["pregnancy"].name in tilt and LIB.conditions["pregnancy"].card in tilt
    assert LIB.exercises["pelvic-tilt"].dosage.one_time in tilt
    assert "If you have one of these" not in wall
    assert "3 sessions a day, every day" in tilt
