"""Loading and checking data/: the real data loads, and each kind of bad input
gives one clear line naming the file, the line and the field."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from lbeg import yaml_source
from lbeg.data import DataError, load_library
from lbeg.views import advice, exercise_view

from .helpers import ROOT, copy_project, run_build

BAD = Path(__file__).parent / "bad"
BASE = (ROOT / "data" / "exercises" / "pelvic-tilt.yml").read_text(encoding="utf-8")
# The review lines move whenever the exercise is changed; the date cases break whatever they say.
REVIEWED = re.search(r"^reviewed: .*$", BASE, re.MULTILINE).group(0)
NEXT_REVIEW = re.search(r"^next_review: .*$", BASE, re.MULTILINE).group(0)


def problems_for(tmp_path: Path, files: dict[str, str | bytes], folder: str = "exercises") -> list[str]:
    """Copy the real data, add or replace `files`, load it, and return the problem lines."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    for name, content in files.items():
        path = tmp_path / "data" / folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_library(tmp_path)
    return [str(p) for p in caught.value.problems]


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_real_data_loads():
    lib = load_library(ROOT)
    assert {"bird-dog", "glute-bridge", "side-plank", "side-plank-knees", "pelvic-tilt", "hamstring-stretch"} <= set(
        lib.exercises
    )
    # Every exercise shows reasons to stop: its own, and always the pain rule's.
    assert all(exercise_view(lib, slug).stop[-2:] == advice(lib).stop for slug in lib.exercises)


def test_an_unchanged_file_is_not_parsed_again_but_its_problems_keep_their_lines(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    first = load_library(tmp_path)
    parsed = []
    real_parse = yaml_source.parse_yaml
    monkeypatch.setattr(yaml_source, "parse_yaml", lambda raw: parsed.append(raw) or real_parse(raw))
    again = load_library(tmp_path)
    assert parsed == [] and again == first

    # A reference goes; the exercise that cites it did not change, so it comes
    # from the cache, and the problem still names its line.
    refs = tmp_path / "data" / "references.yml"
    text = refs.read_text(encoding="utf-8")
    start = text.index("- id: mayo-back-exercises")
    end = text.index("\n- id:", start)
    refs.write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_library(tmp_path)
    bridge = (tmp_path / "data" / "exercises" / "glute-bridge.yml").read_text(encoding="utf-8")
    line = line_of(bridge, "references: [mayo-back-exercises")
    assert (
        f"data/exercises/glute-bridge.yml:{line}: references.1: unknown reference 'mayo-back-exercises' (did you mean george-eliot-back-exercises?)"
        in [str(p) for p in caught.value.problems]
    )
    # Parsed again: references.yml, and each file with a problem, for its lines.
    assert len(parsed) == 1 + len({p.path for p in caught.value.problems})


# Each case changes one thing in a copy of a real exercise file.
# (case, text to find, replacement, expected field and message)
MUTATIONS = [
    (
        "unknown-key",
        "  hold_seconds: 2",
        "  hold_secs: 2",
        "dosage.hold_secs: is not a known field (did you mean hold_seconds?)",
    ),
    (
        "missing-field",
        "breathing: Breathe out",
        "breathe: Breathe out",
        "breathe: is not a known field (did you mean breathing?)",
    ),
    ("wrong-type", "  reps: 5", '  reps: "five"', "dosage.reps: must be a whole number (got 'five')"),
    ("negative-reps", "  reps: 5", "  reps: -3", "dosage.reps: must be at least 1 (got -3)"),
    (
        "ten-minute-hold",
        "  hold_seconds: 2",
        "  hold_seconds: 600",
        "dosage.hold_seconds: must be at most 120 (got 600)",
    ),
    ("absurd-reps", "  reps: 5", "  reps: 500", "dosage.reps: must be at most 30 (got 500)"),
    (
        "unknown-muscle",
        "primary: [deep-tummy, front-tummy]",
        "primary: [deep-tummy, abz]",
        "targets.primary.2: unknown muscle 'abz'",
    ),
    (
        "unknown-reference",
        "references: [nhs-inform-exercises,",
        "references: [nhs-informm,",
        "references.1: unknown reference 'nhs-informm' (did you mean nhs-inform-exercises?)",
    ),
    (
        "unknown-slug",
        "exercise: glute-bridge",
        "exercise: glute-bridj",
        "harder.1.exercise: unknown exercise 'glute-bridj' (did you mean glute-bridge?)",
    ),
    (
        "duplicate-name",
        "name: Pelvic tilt\n",
        "name: Glute bridge\n",
        "name: name 'Glute bridge' is already used by data/exercises/glute-bridge.yml",
    ),
    ("duplicate-key", "kind: mobility\n", "kind: mobility\nkind: stretch\n", "kind: appears twice in the same block"),
    (
        "bad-kind",
        "kind: mobility",
        "kind: cardio",
        "kind: must be one of 'strengthen', 'stretch', 'mobility' or 'aerobic' (got 'cardio')",
    ),
    (
        "bad-date",
        REVIEWED,
        "reviewed: 2026-13-01",
        "cannot read the value '2026-13-01': month must be in 1..12",
    ),
    (
        "review-too-late",
        NEXT_REVIEW,
        "next_review: 2031-01-01",
        "next_review: must be at most 3 years after the reviewed date",
    ),
    (
        "dose-source-not-cited",
        "  sources: [nhs-inform-exercises, mayo-back-exercises]",
        "  sources: [mayo-back-exercises, acsm-stretching]",
        "dosage.sources.2: 'acsm-stretching' must also be listed under references",
    ),
    ("empty-steps", "steps:\n", "steps: []\nold_steps:\n", "steps: needs at least 2 item(s)"),
]


@pytest.mark.parametrize("case,find,replace,expected", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_bad_exercise_names_file_line_and_field(tmp_path, case, find, replace, expected):
    assert find in BASE, f"the mutation for {case} no longer matches pelvic-tilt.yml"
    text = BASE.replace(find, replace, 1)
    problems = problems_for(tmp_path, {f"{case}.yml": text})
    mine = [p for p in problems if p.startswith(f"data/exercises/{case}.yml")]
    assert mine, problems
    assert any(p.endswith(expected) for p in mine), mine
    # The line is the one the mutation touched (or the block it belongs to).
    line = line_of(text, replace.splitlines()[-1] if case == "duplicate-key" else replace.split("\n")[0])
    hit = next(p for p in mine if p.endswith(expected))
    assert hit.startswith(f"data/exercises/{case}.yml:{line}:"), (hit, line)


def test_missing_required_field_is_reported(tmp_path):
    text = re.sub(r"breathing: .*\n", "", BASE)
    assert text != BASE
    problems = problems_for(tmp_path, {"no-breathing.yml": text})
    assert "data/exercises/no-breathing.yml:1: breathing: is missing" in problems


# Files that cannot be read as YAML at all.
@pytest.mark.parametrize(
    "name,expected",
    [
        ("malformed.yml", "data/exercises/malformed.yml:4: not valid YAML: "),
        ("empty.yml", "data/exercises/empty.yml: file is empty"),
        ("comments-only.yml", "data/exercises/comments-only.yml: file is empty"),
        ("latin1.yml", "data/exercises/latin1.yml:2: file is not UTF-8 text (byte 0xe9 cannot be read)"),
        ("a-list.yml", "data/exercises/a-list.yml:1: must be a block of fields such as 'name:' and 'steps:'"),
        ("alias.yml", "data/exercises/alias.yml:1: anchors and aliases (& and *) are not used in this data"),
    ],
)
def test_unreadable_file(tmp_path, name, expected):
    problems = problems_for(tmp_path, {name: (BAD / name).read_bytes()})
    assert any(p.startswith(expected) for p in problems), problems


def test_duplicate_slug(tmp_path):
    problems = problems_for(tmp_path, {"bird-dog.yaml": (ROOT / "data/exercises/bird-dog.yml").read_text()})
    assert (
        "data/exercises/bird-dog.yml: duplicate slug 'bird-dog': data/exercises/bird-dog.yaml already uses it"
        in problems
    )


def test_file_name_must_be_a_slug(tmp_path):
    problems = problems_for(tmp_path, {"Bird_Dog.yml": BASE})
    assert (
        "data/exercises/Bird_Dog.yml: file name must be lowercase words joined by hyphens, like glute-bridge.yml"
        in problems
    )


def test_vocabulary_problems(tmp_path):
    muscles = (
        ROOT / "data/muscles.yml"
    ).read_text() + "\n- id: buttocks\n  name: Bum\n  technical: Gluteus\n  does: Moves the hip.\n"
    problems = problems_for(tmp_path, {"muscles.yml": muscles}, folder="")
    line = line_of(muscles, "- id: buttocks\n  name: Bum")
    entry = muscles.count("- id: ")
    assert f"data/muscles.yml:{line}: {entry}.id: duplicate id 'buttocks'" in problems


def test_reference_url_must_be_a_link(tmp_path):
    refs = (
        (ROOT / "data/references.yml")
        .read_text()
        .replace("url: https://www.nice.org.uk/guidance/ng59", "url: www.nice.org.uk")
    )
    problems = problems_for(tmp_path, {"references.yml": refs}, folder="")
    line = line_of(refs, "url: www.nice.org.uk")
    assert f"data/references.yml:{line}: 1.url: must be a full https:// link (got 'www.nice.org.uk')" in problems


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    problems = problems_for(
        tmp_path,
        {
            "one.yml": BASE.replace("  reps: 5", "  reps: 500"),
            "two.yml": BASE.replace("name: Pelvic tilt", "nme: Pelvic tilt"),
        },
    )
    assert any(p.startswith("data/exercises/one.yml") for p in problems)
    assert any(p.startswith("data/exercises/two.yml") for p in problems)


def test_a_file_that_does_not_load_is_named_once_not_at_every_reference(tmp_path):
    bird = (ROOT / "data/exercises/bird-dog.yml").read_text(encoding="utf-8")
    assert "  hold_seconds:" in bird
    problems = problems_for(tmp_path, {"bird-dog.yml": bird.replace("  hold_seconds:", "  hold_secs:", 1)})
    assert any(
        p.startswith("data/exercises/bird-dog.yml:") and "dosage.hold_secs: is not a known field" in p for p in problems
    )
    assert [p for p in problems if "'bird-dog'" in p] == [], "no file is said to name an unknown bird-dog"
    assert [p for p in problems if "not checked" in p] == [
        "data/exercises/bird-dog.yml: references to bird-dog in other files were not checked, as this file did not load"
    ]


def test_a_vocabulary_entry_that_does_not_load_is_named_once(tmp_path):
    muscles = (ROOT / "data/muscles.yml").read_text(encoding="utf-8")
    start = muscles.index("- id: buttocks")
    broken = muscles[:start] + muscles[start:].replace("  name:", "  nam:", 1)
    problems = problems_for(tmp_path, {"muscles.yml": broken}, folder="")
    assert any(p.startswith("data/muscles.yml:") and "nam: is not a known field" in p for p in problems), problems
    assert [p for p in problems if "unknown muscle" in p] == []
    assert [p for p in problems if "not checked" in p] == [
        "data/muscles.yml: references to buttocks in other files were not checked, as its entry did not load"
    ]


# -----------------------------------------------------------------------------
# The build as a user runs it
# -----------------------------------------------------------------------------


def test_bad_data_stops_the_build_with_one_line_per_problem_and_keeps_the_old_site(tmp_path):
    project = copy_project(tmp_path / "project")
    old_site = project / "site"
    old_site.mkdir()
    (old_site / "index.html").write_text("previous build")

    exercises = project / "data" / "exercises"
    (exercises / "bird-dog.yml").write_text(
        (exercises / "bird-dog.yml").read_text().replace("hold_seconds: 5", "hold_secs: 5")
    )
    (exercises / "broken.yml").write_bytes(b"name: [unclosed\n")

    result = run_build(project)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert (
        "data/exercises/bird-dog.yml:" in output
        and "dosage.hold_secs: is not a known field (did you mean hold_seconds?)" in output
    )
    assert "data/exercises/broken.yml:1: not valid YAML" in output
    error_lines = [line for line in output.splitlines() if line.startswith("ERROR")]
    assert len([line for line in error_lines if "data/exercises/" in line]) >= 2
    assert (old_site / "index.html").read_text() == "previous build"
    assert not list(project.glob("site.new-*"))


def test_an_asymmetric_start_of_an_exercise_done_on_alternate_sides_stops_the_build(tmp_path):
    """The other side is drawn as the mirror image of the end, reached from the same start."""
    project = copy_project(tmp_path / "project")
    path = project / "data" / "exercises" / "knee-to-chest.yml"
    text = path.read_text(encoding="utf-8")
    start = "    near: {arm: [0, 0], leg: [50, 295, 0]}\n"
    assert "alternate_sides: true" in text and text.index("  start:") < text.index(start) < text.index("  end:")
    path.write_text(text.replace(start, start + "    far: {arm: [0, 0], leg: [60, 290, 0]}\n", 1), encoding="utf-8")
    result = run_build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    line = line_of(text, "  start:")
    problems = [row for row in output.splitlines() if "knee-to-chest.yml" in row]
    assert len(problems) == 1, output
    why = "the other side moves from this same start, so it must look the same on both sides"
    expected = (
        f"knee-to-chest.yml:{line}: pose.start: with alternate_sides, {why} (it has far limbs unlike the near ones)"
    )
    assert problems[0].endswith(expected), output


def _heel_taps_middle(text: str) -> str:
    start = text[text.index("  start:") : text.index("  end:")]
    return text.replace("  end:", start.replace("start:", "middle:") + "  end:", 1)


@pytest.mark.parametrize(
    "edit,at,field,why",
    [
        (_heel_taps_middle, "  end:", "middle", "the pose cannot have a middle: the other side skips it"),
        # The other side is a mirror image, which would tuck the other arm.
        (
            lambda text: text.replace("  props:", "  tucked: [near.arm]\n  props:", 1),
            "  props:",
            "tucked",
            "no arm can be tucked: the other side would tuck the other arm",
        ),
    ],
    ids=["middle", "tucked"],
)
def test_a_pose_an_exercise_done_on_alternate_sides_cannot_mirror_is_reported(tmp_path, edit, at, field, why):
    text = (ROOT / "data" / "exercises" / "heel-taps.yml").read_text(encoding="utf-8")
    problems = problems_for(tmp_path, {"heel-taps.yml": edit(text)})
    line = line_of(text, at)
    assert problems == [f"data/exercises/heel-taps.yml:{line}: pose.{field}: with alternate_sides, {why}"], problems


def test_a_broken_end_of_an_exercise_done_on_alternate_sides_is_reported_once(tmp_path):
    """The other side is the end in a mirror: the end's problems are not reported again for it."""
    text = (ROOT / "data" / "exercises" / "heel-taps.yml").read_text(encoding="utf-8")
    problems = problems_for(tmp_path, {"heel-taps.yml": text.replace("leg: [45, 300, 30]", "leg: [45, 250, 30]", 1)})
    line = line_of(text, "  end:")
    assert f"data/exercises/heel-taps.yml:{line}: pose.end: near.ankle bends 140 degrees, outside -5 to 130" in problems
    assert not [p for p in problems if "far.ankle" in p or "other" in p], problems
    assert len(problems) == len(set(problems)), problems


def test_good_build_replaces_the_site(published_copy):
    project, result = published_copy
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "exercises" / "bird-dog" / "index.html").exists()
    assert not (project / "site" / "stale.html").exists()


def test_a_hold_drawn_on_an_end_the_pose_does_not_have_is_reported(tmp_path):
    text = (ROOT / "data" / "exercises" / "glute-bridge.yml").read_text(encoding="utf-8")
    text = text.replace("  cues: [hip]\n", "  cues: [hip]\n  held: [end, other_way]\n", 1)
    problems = problems_for(tmp_path, {"glute-bridge.yml": text})
    assert any(p.endswith("held names other_way, but the pose has no other_way frame") for p in problems), problems
