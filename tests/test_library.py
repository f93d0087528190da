"""The library as a whole: enough exercises, ladders that make sense, routines,
muscles, floor guidance and review dates."""

from __future__ import annotations

import os

import pytest

from lbeg.data import load_library
from lbeg.views import count_text, exercise_views, routine_view

from .helpers import ROOT, build_site, problems_after_edit

LIB = load_library(ROOT)
REQUIRED = [
    "bird-dog", "glute-bridge", "side-plank", "side-plank-knees", "pelvic-tilt", "hamstring-stretch",
    "knee-to-chest", "knee-rolls", "cat-camel", "curl-up", "sphinx", "press-up", "dead-bug", "bottom-to-heels-stretch",
    "figure-4-stretch", "clamshell", "wall-sit", "walking", "bird-dog-arm-reach", "bird-dog-leg-reach",
    "single-leg-bridge",
]  # fmt: skip


def harder_links(lib=LIB) -> dict[str, list[str]]:
    return {s: [o.exercise for o in ex.harder if o.exercise] for s, ex in lib.exercises.items()}


def easier_links(lib=LIB) -> dict[str, list[str]]:
    return {s: [o.exercise for o in ex.easier if o.exercise] for s, ex in lib.exercises.items()}


def test_library_has_at_least_16_exercises_including_the_named_ones():
    assert len(LIB.exercises) >= 16
    assert [s for s in REQUIRED if s not in LIB.exercises] == []


# -----------------------------------------------------------------------------
# Ladders
# -----------------------------------------------------------------------------


def test_every_exercise_is_reachable_from_an_entry_level_one():
    harder, easier = harder_links(), easier_links()
    entry = [s for s in LIB.exercises if not easier[s]]
    assert entry and all(LIB.exercises[s].level <= 2 for s in entry), "a ladder should not start at level 3"
    reached, todo = set(entry), list(entry)
    while todo:
        for nxt in harder[todo.pop()]:
            if nxt not in reached:
                reached.add(nxt)
                todo.append(nxt)
    assert reached == set(LIB.exercises)


def test_the_expected_ladders_exist():
    harder = harder_links()
    assert harder["bird-dog-arm-reach"] == ["bird-dog-leg-reach"] and "bird-dog" in harder["bird-dog-leg-reach"]
    assert "side-plank" in harder["side-plank-knees"]
    assert "glute-bridge" in harder["pelvic-tilt"] and "single-leg-bridge" in harder["glute-bridge"]
    assert "dead-bug" in harder["heel-taps"] and "press-up" in harder["sphinx"]


# Ladders must agree both ways, never loop and never get easier going up. The
# loader checks this, so the real data always passes: each case breaks a copy.
# (case, (file, text to find, replacement), (file with the problem, text on its line), field: problem)
KNEES_LINK = ("exercises/side-plank-knees.yml", "  - exercise: side-plank\n")
LADDER_MUTATIONS = [
    (
        "one-way",
        ("exercises/side-plank.yml", "easier:\n  - exercise: side-plank-knees", "easier:\n  - tip: On your knees."),
        KNEES_LINK,
        "harder.1.exercise: side-plank must list side-plank-knees under easier",
    ),
    (
        "loop",
        ("exercises/side-plank.yml", "harder:\n", "harder:\n  - exercise: side-plank-knees\n"),
        ("exercises/side-plank.yml", "harder:\n"),
        "harder: the ladder goes round in a loop: side-plank-knees -> side-plank -> side-plank-knees",
    ),
    (
        "harder-is-lower",
        ("exercises/side-plank.yml", "level: 3", "level: 1"),
        KNEES_LINK,
        "harder.1.exercise: the harder exercise is a lower level (1) than the easier one (2)",
    ),
]


@pytest.mark.parametrize("case,edit,at,expected", LADDER_MUTATIONS, ids=[m[0] for m in LADDER_MUTATIONS])
def test_a_broken_ladder_stops_the_build_with_one_line(tmp_path, case, edit, at, expected):
    problems = problems_after_edit(tmp_path, *edit)
    path, text = at
    source = (tmp_path / "data" / path).read_text(encoding="utf-8")
    line = source[: source.index(text)].count("\n") + 1
    assert f"data/{path}:{line}: {expected}" in problems, problems


@pytest.mark.parametrize("slug", list(LIB.exercises))
def test_exercise_page_says_when_to_move_up_and_step_back(site, slug):
    article = site.html(f"exercises/{slug}/").select_one("article.md-content__inner")
    assert LIB.exercises[slug].move_up in article.select_one("#move-up").get_text()
    assert LIB.exercises[slug].step_back in article.select_one("#step-back").get_text()


# -----------------------------------------------------------------------------
# Floor, bed and chair
# -----------------------------------------------------------------------------


def test_floor_exercises_link_to_the_floor_page_and_show_their_bed_or_chair_version(site):
    floor = site.html("floor/")
    assert floor.find(id="getting-down") and floor.find(id="getting-up")
    for slug, ex in LIB.exercises.items():
        article = site.html(f"exercises/{slug}/").select_one("article.md-content__inner")
        note = article.select_one(".lbeg-floor")
        if LIB.positions[ex.position].on_floor:
            assert note and note.select_one("a[href='../../floor/']"), slug
            if ex.bed_or_chair:
                assert ex.bed_or_chair.how in note.get_text(" ", strip=True)
        else:
            assert note is None and ex.bed_or_chair is None, slug


def test_gentle_lying_exercises_offer_a_bed_version():
    for slug in ["pelvic-tilt", "glute-bridge", "hamstring-stretch", "knee-rolls"]:
        assert LIB.exercises[slug].bed_or_chair is not None, slug


# -----------------------------------------------------------------------------
# Muscles
# -----------------------------------------------------------------------------


def test_muscles_page_lists_the_exercises_that_work_each_muscle(site):
    soup = site.html("muscles/")
    for muscle in LIB.muscles.values():
        section = soup.find(id=muscle.id)
        assert section and muscle.name in section.find("h2").get_text()
        listed = {a["href"].strip("./").removeprefix("exercises/").strip("/") for a in section.select("a")}
        works = {s for s, ex in LIB.exercises.items() if muscle.id in ex.targets.primary + ex.targets.secondary}
        assert listed == works, muscle.id


def test_every_muscle_in_the_vocabulary_is_worked_by_some_exercise():
    used = {m for ex in LIB.exercises.values() for m in ex.targets.primary + ex.targets.secondary}
    assert set(LIB.muscles) == used


def test_exercise_targets_link_to_the_muscles_page(site):
    ids = {s["id"] for s in site.html("muscles/").select("section.lbeg-muscle")}
    for slug in LIB.exercises:
        links = site.html(f"exercises/{slug}/").select("#targets a")
        assert links and all(a["href"].startswith("../../muscles/#") and a["href"].split("#")[1] in ids for a in links)


# -----------------------------------------------------------------------------
# Routines
# -----------------------------------------------------------------------------


def test_the_three_routines_exist():
    assert {"first-two-weeks", "building-strength", "desk-break"} <= set(LIB.routines)


@pytest.mark.parametrize("slug", list(LIB.routines))
def test_routine_page_lists_its_exercises_dose_and_advice(site, slug):
    routine = LIB.routines[slug]
    article = site.html(f"routines/{slug}/").select_one("article.lbeg-routine")
    assert article.find("h1").get_text(strip=True) == routine.name
    items = article.select("li.lbeg-routine__item")
    assert [li.select_one("h3 a")["href"] for li in items] == [f"../../exercises/{i.exercise}/" for i in routine.items]
    for li, item in zip(items, routine.items):
        rows = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True) for dt in li.select("dt")}
        ex = LIB.exercises[item.exercise]
        reps = item.dose.reps or ex.dosage.reps
        if reps:
            assert rows["Repeat"].startswith(count_text(reps, ex.dosage.per_side, ex.dosage.alternate_sides))
        if item.dose.minutes:
            assert rows["Time"] == f"{item.dose.minutes} minutes"
    head = article.select_one("header").get_text(" ", strip=True)
    assert f"About {routine.minutes} minutes" in head
    assert [li.get_text(" ", strip=True) for li in article.select("#progress li")] == routine.progress
    assert [li.get_text(" ", strip=True) for li in article.select("#get-help li")] == routine_view(
        LIB, slug, exercise_views(LIB)
    ).stop
    assert article.select_one("#get-help a[href='../../safety/#emergency']")


def test_first_two_weeks_is_daily_and_gentle():
    routine = LIB.routines["first-two-weeks"]
    assert routine.frequency.days_a_week == 7
    assert all(LIB.exercises[i.exercise].level == 1 for i in routine.items)


def test_desk_break_needs_no_floor():
    for item in LIB.routines["desk-break"].items:
        assert not LIB.positions[LIB.exercises[item.exercise].position].on_floor
    assert LIB.routines["desk-break"].minutes <= 5


# -----------------------------------------------------------------------------
# Sources and review dates
# -----------------------------------------------------------------------------


def test_review_due_lists_lapsed_reviews_and_says_when_none_is(monkeypatch, capsys):
    """Lapsed reviews are found by `make review-due` (and a scheduled job), not by the tests."""
    from lbeg import review_due

    assert review_due.main() == 0 and "No review is due" in capsys.readouterr().out
    monkeypatch.setenv("LBEG_TODAY", "2100-01-01")
    assert review_due.main() == 1
    said = capsys.readouterr().out.splitlines()
    assert "data/exercises/bird-dog.yml: review was due " + str(LIB.exercises["bird-dog"].next_review) in said
    assert any(line.startswith("docs/safety.md: review was due ") for line in said)


def test_every_article_cites_its_sources(site):
    for url in ["", "why-movement-helps/", "strengthen-your-lower-back/", "safety/", "floor/", "about/"]:
        assert site.html(url).select("#sources ol > li"), url
    for url in [f"exercises/{s}/" for s in LIB.exercises] + [f"routines/{s}/" for s in LIB.routines]:
        assert site.html(url).select("#sources ol > li a, #sources ol > li"), url


@pytest.fixture(scope="module")
def future_site(tmp_path_factory):
    before = os.environ["LBEG_TODAY"]
    os.environ["LBEG_TODAY"] = "2100-01-01"
    try:
        return build_site(ROOT, tmp_path_factory.mktemp("future"))
    finally:
        os.environ["LBEG_TODAY"] = before


def test_index_leaves_out_exercises_past_their_review_date(future_site):
    assert future_site.html("exercises/").select("li.lbeg-tile") == []
    notice = future_site.html("exercises/bird-dog/").select_one(".lbeg-ex__overdue")
    assert notice and "due for its review" in notice.get_text()


def _front_matter(path) -> dict:
    import yaml

    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1]) if text.startswith("---\n") else {}


def test_every_article_carries_review_dates_at_most_three_years_apart():
    from lbeg.schema import add_years

    stubs = {
        ROOT / "docs" / kind / f"{slug}.md"
        for kind, data in (("exercises", LIB.exercises), ("routines", LIB.routines))
        for slug in data
    }
    for path in (ROOT / "docs").rglob("*.md"):
        if path in stubs:
            continue
        meta = _front_matter(path)
        assert "reviewed" in meta and "next_review" in meta, path
        assert meta["reviewed"] < meta["next_review"] <= add_years(meta["reviewed"], 3), path


@pytest.mark.parametrize("article", ["why-movement-helps", "strengthen-your-lower-back", "safety"])
def test_articles_show_their_review_dates(site, article):
    from lbeg.views import long_date

    meta = _front_matter(ROOT / "docs" / f"{article}.md")
    note = site.html(f"{article}/").select_one(".lbeg-page-review")
    assert note and f"Last reviewed {long_date(meta['reviewed'])}" in " ".join(note.get_text().split())
    assert f"Next review due {long_date(meta['next_review'])}" in " ".join(note.get_text().split())


def test_every_source_is_used_somewhere():
    import re

    used = {r for ex in LIB.exercises.values() for r in ex.references}
    used |= {r for routine in LIB.routines.values() for r in routine.references}
    used |= {r for part in ("down", "up") for step in getattr(LIB.floor, part) for r in step.sources}
    used |= {r for c in LIB.conditions.values() for r in c.sources} | {r for t in LIB.terms.values() for r in t.sources}
    pain = LIB.safety.pain
    used |= set(LIB.safety.emergency.sources) | set(pain.lights_sources)
    used |= {
        r
        for part in (pain.ok, pain.during, pain.next_day, pain.flare_up, pain.stop, pain.leg_pain)
        for r in part.sources
    }
    for path in (ROOT / "docs").rglob("*.md"):
        for call in re.findall(r"cite\(([^)]*)\)", path.read_text(encoding="utf-8")):
            used |= set(re.findall(r'"([a-z0-9-]+)"', call))
    assert sorted(set(LIB.references) - used) == []


def test_floor_page_pictures_every_step(site):
    soup = site.html("floor/")
    for part in ("down", "up"):
        steps = soup.select(f"#getting-{part} ~ ol.lbeg-floor-steps")[0].select("li.lbeg-floor-step")
        data = getattr(LIB.floor, part)
        assert len(steps) == len(data)
        for li, step in zip(steps, data):
            assert li.select_one("svg[role=img] desc").get_text() == step.frame.caption
            assert step.text in li.get_text(" ", strip=True)


def test_a_routine_shows_the_exercise_views_it_is_given():
    """A routine's exercises are the build's own views, not copies made again."""
    views = exercise_views(LIB)
    for slug, routine in LIB.routines.items():
        steps = routine_view(LIB, slug, views).steps
        assert [s.exercise for s in steps] == [views[i.exercise] for i in routine.items]
        assert all(s.exercise is views[i.exercise] for s, i in zip(steps, routine.items))
