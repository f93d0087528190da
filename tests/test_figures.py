"""The drawings: a body model with depth, seen from a view that shows the movement, made
from plausible poses, well-formed, small, labelled, and shown everywhere the guide shows
an exercise."""

from __future__ import annotations

import io
import itertools
import math
import re
import xml.etree.ElementTree as ET

import pytest

from lbeg.data import load_library
from lbeg.figure import (
    EDGE,
    HALF_WIDTH,
    LENGTH,
    SIDES,
    THICK,
    Camera,
    _legs,
    body,
    camera,
    contact_points,
    frames,
    limbs,
    one_sided,
    other_side,
    placed,
    pose_problems,
    scene,
    tween,
)
from lbeg.schema import Frame, Pose
from lbeg.views import KEY_WORDS, MARK_SENTENCES, PICTURES, exercise_scene, exercise_view, hold_words

from .helpers import ROOT, picture_count, problems_after_edit

LIB = load_library(ROOT)
SLUGS = list(LIB.exercises)
SVG = "{http://www.w3.org/2000/svg}"
SIDE_LYING = [s for s, ex in LIB.exercises.items() if ex.position == "on-your-side"]
# The movements both ways the guide must show, and any other pose with a third frame.
TWO_WAY = ["cat-camel", "pelvic-tilt", "knee-rolls", "seated-pelvic-tilt"]
TWO_WAY += [s for s in SLUGS if LIB.exercises[s].pose.other_way is not None and s not in TWO_WAY]
SMALL_MOVES = ["curl-up", "pelvic-tilt", "sphinx", "seated-pelvic-tilt"]
# What a still drawing may contain: typst, which draws the PDFs, reads these and nothing more is needed.
STILL_TAGS = {"svg", "title", "desc", "g", "polyline", "polygon", "circle", "clipPath"}
PRINT = {"near": (0, 0, 0), "far": (107, 107, 107), "move": (207, 207, 207), "prop": (220, 220, 220)}

# The parts a starting position must rest on.
POSITION_CONTACTS = {
    "hands-and-knees": {"near.hand", "far.hand", "near.knee", "far.knee"},
    "on-your-back": {"near.pelvis", "near.chest"},
    "on-your-front": {"near.pelvis"},
    "on-your-side": {"near.pelvis"},
    "standing": {"near.ankle", "far.ankle"},
    "sitting": {"near.ankle"},
}


def _frame(**changes) -> Frame:
    """Lying on the back with the knees bent: a pose with none of the new degrees of freedom."""
    data = {
        "caption": "Lying on the back, knees bent.",
        "contacts": ["back", "head", "foot"],
        "trunk": 180,
        "head": 173,
        "near": {"arm": [0, 0], "leg": [50, 295, 0]},
    }
    return Frame.model_validate({**data, **changes})


# -----------------------------------------------------------------------------
# The model
# -----------------------------------------------------------------------------


def test_a_side_view_of_a_flat_pose_keeps_every_joint_where_the_flat_figure_had_it():
    points = body(_frame())
    knee = (LENGTH["thigh"] * math.cos(math.radians(50)), LENGTH["thigh"] * math.sin(math.radians(50)))
    ankle = (
        knee[0] + LENGTH["shin"] * math.cos(math.radians(295)),
        knee[1] + LENGTH["shin"] * math.sin(math.radians(295)),
    )
    for side, z in (("near", HALF_WIDTH["hip"]), ("far", -HALF_WIDTH["hip"])):
        assert points[f"{side}.knee"] == pytest.approx((*knee, z))
        assert points[f"{side}.ankle"] == pytest.approx((*ankle, z))
    assert points["shoulder"] == pytest.approx((-LENGTH["trunk"], 0, 0), abs=1e-9)
    seen = Camera.looking(0, 0)
    assert seen.see(points["near.knee"])[:2] == pytest.approx(seen.see(points["far.knee"])[:2])


def test_the_body_has_width_and_turns():
    flat = body(_frame())
    rolled = body(_frame(roll=90))
    # Rolled towards you, the near shoulder goes under the far one.
    assert rolled["near.shoulder"][1] < rolled["far.shoulder"][1] - 2 * HALF_WIDTH["shoulder"] + 1
    twisted = body(_frame(twist=40))
    assert twisted["near.shoulder"] == pytest.approx(flat["near.shoulder"])
    assert twisted["near.knee"][2] > flat["near.knee"][2] + 15, "the knees swing towards the near side"
    out = body(_frame(near={"arm": [0, 0], "arm_out": [60, 0], "leg": [50, 295, 0]}))
    assert out["near.elbow"][2] > flat["near.elbow"][2] + 20 and out["far.elbow"][2] < flat["far.elbow"][2] - 20
    turned = body(_frame(head_turn=60))
    assert turned["near.eye"][2] - turned["head"][2] > flat["near.eye"][2] - flat["head"][2] + 3


UPPER = ("chest", "shoulder", "elbow", "hand", "head", "nose", "eye")


def test_the_curl_up_curls_only_the_points_above_the_waist():
    end = LIB.exercises["curl-up"].pose.end
    assert end.curl > 0
    curled, flat = body(end), body(Frame.model_validate({**end.model_dump(), "curl": 0}))
    upper = [name for name in flat if name.split(".")[-1] in UPPER]
    lower = [name for name in flat if name not in upper]
    assert {"spine", "hip", "near.pelvis", "near.waist", "near.knee"} <= set(lower)
    for name in lower:
        assert curled[name] == flat[name], f"{name} is at or below the waist and stays put"
    for name in upper:
        assert math.dist(curled[name], flat[name]) > 1, f"{name} is above the waist and curls"
    # Without a curl, the shoulders lie straight along the trunk from the hips.
    trunk = (math.cos(math.radians(end.trunk)), math.sin(math.radians(end.trunk)), 0)
    assert flat["shoulder"] == pytest.approx(tuple(LENGTH["trunk"] * c for c in trunk), abs=1e-9)


def test_a_curl_lifts_the_head_and_shoulders_about_the_waist_while_the_hips_stay():
    flat, curled = body(_frame()), body(_frame(curl=20))
    for name, point in flat.items():
        if name.split(".")[-1] in UPPER:
            # Turned about the waist: as far from it as before, and higher.
            assert math.dist(curled[name], curled["spine"]) == pytest.approx(math.dist(point, flat["spine"]))
        else:
            assert curled[name] == pytest.approx(point), f"{name} is below the waist and stays put"
    rise = LENGTH["trunk"] / 2 * math.sin(math.radians(20))
    assert curled["shoulder"][1] == pytest.approx(flat["shoulder"][1] + rise)
    assert curled["head"][1] > curled["shoulder"][1] + 5, "the head comes up with the shoulders"

    def arm_angle(points):
        upper = [points["near.elbow"][i] - points["near.shoulder"][i] for i in range(3)]
        back = [points["shoulder"][i] - points["spine"][i] for i in range(3)]
        return math.degrees(math.acos(sum(a * b for a, b in zip(upper, back)) / math.hypot(*upper) / math.hypot(*back)))

    assert arm_angle(curled) == pytest.approx(arm_angle(flat)), "the arms turn with the shoulders"
    # The moving picture curls evenly, and a curl turns with the body when it rolls.
    half = body(tween(_frame(), _frame(curl=20), 0.5))
    assert half["shoulder"][1] == pytest.approx(LENGTH["trunk"] / 2 * math.sin(math.radians(10)))
    rolled = body(_frame(curl=20, roll=90))
    assert rolled["hip"] == pytest.approx((0, 0, 0)) and rolled["shoulder"][2] == pytest.approx(rise), (
        "it curls towards the front, which the roll turns to you"
    )


def test_a_curl_out_of_range_stops_the_build_with_one_line(tmp_path):
    path = "exercises/curl-up.yml"
    problems = problems_after_edit(tmp_path, path, "curl: 22", "curl: 60")
    source = (tmp_path / "data" / path).read_text(encoding="utf-8")
    line = source[: source.index("curl: 60")].count("\n") + 1
    assert f"data/{path}:{line}: pose.end.curl: must be at most 45 (got 60)" in problems, problems


def test_the_curl_up_lifts_only_the_head_and_shoulders_with_the_lower_back_on_the_floor():
    pose = LIB.exercises["curl-up"].pose
    assert "back" in pose.end.contacts and pose.end.curl > 0
    ends = placed(pose)
    start, end = ends["start"], ends["end"]

    def low(points, name):
        return min(points[f"{s}.{name}"][1] for s in SIDES) - THICK["trunk"]

    for name in ("pelvis", "waist"):
        assert abs(low(end, name)) < 1, f"the {name} stays on the floor"
        assert end[f"near.{name}"] == pytest.approx(start[f"near.{name}"], abs=1), f"the {name} does not move"
    assert low(end, "chest") > 6, "the shoulders are clearly off the floor"
    assert end["head"][1] - start["head"][1] > 10, "the head lifts with them"
    assert end["head"][1] - start["head"][1] < 25, "only a little: not a sit-up"
    # The trunk bends at the waist: seen from the side, its upper half turns up against its lower half.
    lower, upper = (
        (end[f"near.{b}"][0] - end[f"near.{a}"][0], end[f"near.{b}"][1] - end[f"near.{a}"][1])
        for a, b in (("pelvis", "waist"), ("waist", "chest"))
    )
    turn = math.degrees(math.atan2(upper[1], upper[0]) - math.atan2(lower[1], lower[0]))
    assert abs(turn) > 10, "the chest turns up from the waist"


@pytest.mark.parametrize("slug", SLUGS)
def test_every_exercise_moves_between_its_start_and_end(slug):
    pose = LIB.exercises[slug].pose
    assert pose.start != pose.end


@pytest.mark.parametrize("slug", SLUGS)
def test_start_frame_rests_on_what_the_position_says(slug):
    ex = LIB.exercises[slug]
    rests_on = set(contact_points(ex.pose.start.contacts))
    assert POSITION_CONTACTS[ex.position] <= rests_on, f"{slug} starts {ex.position} but rests on {sorted(rests_on)}"


@pytest.mark.parametrize("slug", SIDE_LYING)
def test_side_lying_figures_lie_on_their_side_with_the_forearm_forward_and_the_top_hand_on_the_hip(slug):
    pose = LIB.exercises[slug].pose
    start = placed(pose)["start"]

    def tilt(a: str, b: str) -> float:
        """How far the line from a to b leans from straight up, in degrees."""
        dx, dy, dz = (start[b][i] - start[a][i] for i in range(3))
        return math.degrees(math.atan2(math.hypot(dx, dz), dy))

    # Shoulders and hips stacked, one above the other (the trunk may slope up to the shoulders).
    assert tilt("near.pelvis", "far.pelvis") < 10 and tilt("near.chest", "far.chest") < 55
    seen = camera(pose)
    shoulders = [seen.see(start[f"{s}.shoulder"]) for s in ("near", "far")]
    assert shoulders[0][1] < shoulders[1][1], "the lower shoulder is drawn lower"
    bottom = "near" if start["near.pelvis"][1] < start["far.pelvis"][1] else "far"
    top = "far" if bottom == "near" else "near"
    if "forearm" in str(pose.start.contacts):
        forearm = [start[f"{bottom}.hand"][i] - start[f"{bottom}.elbow"][i] for i in range(3)]
        trunk = [start["shoulder"][i] - start["hip"][i] for i in range(3)]
        across = (
            sum(a * b for a, b in zip(forearm, trunk)) / math.dist(start["shoulder"], start["hip"]) / LENGTH["forearm"]
        )
        assert abs(across) < 0.35, "the supporting forearm points the way the body faces, not along it"
        assert math.dist(start[f"{top}.hand"], start[f"{top}.pelvis"]) < THICK["trunk"] + THICK["arm"] + 8, (
            "the top hand rests on the hip"
        )


def _moved(pose: Pose, point: str, end: str = "end") -> tuple[float, float]:
    """How far a part moves from the start to an end, in space and in the drawing."""
    ends = placed(pose)
    a, b = ends["start"][point], ends[end][point]
    view = camera(pose)
    pa, pb = view.see(a), view.see(b)
    return math.dist(a, b), math.dist(pa[:2], pb[:2])


@pytest.mark.parametrize(
    ("slug", "point", "end"),
    [
        ("knee-rolls", "near.knee", "end"),
        ("knee-rolls", "far.knee", "other_way"),
        ("clamshell", "far.knee", "end"),
        ("figure-4-stretch", "near.knee", "end"),
        ("dead-bug", "near.toe", "end"),
        ("bird-dog", "near.hand", "end"),
    ],
)
def test_a_movement_towards_or_away_from_you_is_drawn_from_a_view_where_it_shows(slug, point, end):
    in_space, in_drawing = _moved(LIB.exercises[slug].pose, point, end)
    assert in_space > 10
    assert in_drawing > 0.7 * in_space, f"{slug}: only {in_drawing:.0f} of {in_space:.0f} units of movement show"


def test_nearer_parts_are_drawn_over_further_ones():
    pose = Pose.model_validate({"start": _frame().model_dump(), "end": _frame(bend=2).model_dump()})
    order = [m.id for m in scene(pose).frames["start"]]
    assert order.index("far.leg") < order.index("pelvis") < order.index("near.leg")
    assert order.index("far.arm") < order.index("chest") < order.index("near.arm")
    # From the other side, the order turns round.
    other = Pose.model_validate({**pose.model_dump(), "turn": 180})
    order = [m.id for m in scene(other).frames["start"]]
    assert order.index("near.leg") < order.index("pelvis") < order.index("far.leg")


# A pose no body could take stops the build. The loader checks every frame, and
# the frames in between, so the real data always passes: each case breaks a copy.
# (case, exercise, text to find, replacement, frame with the problem, the problem)
BRIDGE_START = "near: {arm: [0, 0], leg: [50, 295, 0]}"
POSE_MUTATIONS = [
    (
        "knee-bent-backwards",
        "glute-bridge",
        BRIDGE_START,
        "near: {arm: [0, 0], leg: [50, 100, 0]}",
        "start",
        "pose.start: near.knee bends 310 degrees, outside 0 to 160",
    ),
    (
        "arm-below-the-floor",
        "glute-bridge",
        BRIDGE_START,
        "near: {arm: [300, 0], leg: [50, 295, 0]}",
        "start",
        "pose.start: near.hand is below the floor",
    ),
    (
        "foot-in-the-air",
        "glute-bridge",
        BRIDGE_START,
        "near: {arm: [0, 0], leg: [80, 330, 0]}",
        "start",
        "pose.start: near.ankle should rest on the floor but is 25 units above it",
    ),
    (
        "hip-swung-too-far",
        "clamshell",
        "leg_out: [35, -38, 0]",
        "leg_out: [75, -38, 0]",
        "end",
        "pose.end: far.hip swings out 75 degrees, outside -30 to 60",
    ),
    (
        "hip-turned-too-far",
        "clamshell",
        "leg_out: [35, -38, 0]",
        "leg_out: [35, 60, 0]",
        "end",
        "pose.end: far.hip turns -55 degrees, outside -45 to 60",
    ),
    (
        "trunk-twisted-too-far",
        "knee-rolls",
        "twist: 40",
        "twist: 80",
        "end",
        "pose.end: trunk twists 80 degrees, outside -60 to 60",
    ),
    (
        "tucked-hand-beside-the-body",
        "glute-bridge",
        "  props: [mat]\n",
        "  props: [mat]\n  tucked: [near.arm]\n",
        "start",
        "pose.start: tucked: the near hand is not under the body",
    ),
    (
        # Both frames are possible, but with straight arms the hands cannot stay down while the trunk rises.
        "hand-lifts-on-the-way",
        "cat-camel",
        "    trunk: 13\n    head: -52\n    bend: 12\n    near: {arm: [270, 270], leg: [272, 180, 180]}",
        "    trunk: 60\n    head: 60\n    bend: 0\n    near: {arm: [270, 270], leg: [200, 180, 180]}",
        "end",
        "pose.end: on the way from start to end, near.hand should rest on the floor but is 3 units above it",
    ),
]


@pytest.mark.parametrize("case,slug,find,replace,frame,expected", POSE_MUTATIONS, ids=[m[0] for m in POSE_MUTATIONS])
def test_an_impossible_pose_stops_the_build_with_one_line(tmp_path, case, slug, find, replace, frame, expected):
    path = f"exercises/{slug}.yml"
    problems = problems_after_edit(tmp_path, path, find, replace)
    source = (tmp_path / "data" / path).read_text(encoding="utf-8")
    line = source[: source.index(f"\n  {frame}:\n")].count("\n") + 2
    assert f"data/{path}:{line}: {expected}" in problems, problems


# -----------------------------------------------------------------------------
# Reading cues
# -----------------------------------------------------------------------------


def _marks(slug: str, frame: str = "start"):
    return scene(LIB.exercises[slug].pose).frames[frame]


@pytest.mark.parametrize("slug", SLUGS)
def test_the_head_shows_which_way_the_person_faces(slug):
    pose = LIB.exercises[slug].pose
    for name, _ in frames(pose):
        marks = {m.id: m for m in scene(pose).frames[name]}
        head = tuple(map(float, marks["head"].points.split(",")))
        nose = tuple(map(float, marks["nose"].points.split(",")))
        eyes = [m for k, m in marks.items() if k.endswith(".eye") and m.size > 0]
        # Seen from the side the nose stands out of the head; turned towards you, an eye shows.
        sticks_out = math.dist(head, nose) + marks["nose"].size - marks["head"].size
        assert sticks_out >= 2 or eyes, f"{slug} {name}: the face cannot be seen"


@pytest.mark.parametrize("slug", [s for s in SLUGS if LIB.exercises[s].pose.cues])
def test_the_part_that_moves_has_its_own_colour(slug):
    pose = LIB.exercises[slug].pose
    s = scene(pose)
    tones = {m.id: m.tone for m in s.frames["start"]}
    assert "move" in tones.values(), f"{slug}: nothing is drawn in the moving colour"
    arrows = [m for m in s.arrows if m.tone == "cue" and m.shape == "line"]
    assert arrows, slug
    for cue in pose.cues:
        if cue == "pelvis":
            continue
        side, _, part = cue.rpartition(".")
        limb = {"hand": "arm", "elbow": "arm", "knee": "leg", "foot": "leg"}.get(part)
        if limb:
            assert tones[f"{side}.{limb}"] in ("move", "move-far"), (
                f"{slug}: the {side} {limb} moves but is not in the moving colour"
            )


@pytest.mark.parametrize("slug", [s for s in SLUGS if LIB.exercises[s].pose.dark])
def test_far_limbs_named_dark_are_not_drawn_pale(slug):
    """Such as the single-leg bridge's supporting leg: readers missed it in the pale far shade."""
    pose = LIB.exercises[slug].pose
    s = scene(pose)
    for frame in ("start", "end"):
        tones = {m.id: m.tone for m in s.frames[frame]}
        for limb in pose.dark:
            assert tones[limb] in ("near", "move"), f"{slug} {frame}: the {limb} is drawn {tones[limb]}"


@pytest.mark.parametrize("slug", ["bird-dog", "dead-bug"])
def test_an_arm_and_the_opposite_leg_that_move_show_which_side_each_is_on(slug):
    """The one on the far side is the paler moving colour, as a still far limb is the paler
    shade, so a reader can tell that the arm and the leg are on opposite sides."""
    s = scene(LIB.exercises[slug].pose)
    tones = {m.id: m.tone for m in s.frames["end"]}
    moving = {k: t for k, t in tones.items() if k.endswith((".arm", ".leg")) and t.startswith("move")}
    assert sorted(moving.values()) == ["move", "move-far"], moving
    near, far = (next(k for k, t in moving.items() if t == tone) for tone in ("move", "move-far"))
    assert near.split(".")[0] != far.split(".")[0] and near.split(".")[1] != far.split(".")[1]
    still = {k: t for k, t in tones.items() if k.endswith((".arm", ".leg")) and not t.startswith("move")}
    assert all(t == ("far" if k.startswith("far.") else "near") for k, t in still.items()), still


@pytest.mark.parametrize("slug", SLUGS)
def test_arrows_start_at_the_part_that_moves(slug):
    pose = LIB.exercises[slug].pose
    s = scene(pose)
    drawn = {m.id: m for m in s.frames["start"]}
    for arrow in [m for m in s.arrows if m.tone == "cue" and m.shape == "line"]:
        tail = tuple(map(float, arrow.points.split()[0].split(",")))
        gaps = []
        for mark in drawn.values():
            if mark.tone not in ("near", "far", "move", "move-far"):
                continue
            pts = [tuple(map(float, p.split(","))) for p in mark.points.split()]
            half = mark.size if mark.shape == "dot" else mark.size / 2
            gaps.append(min(_to_segment(tail, a, b) for a, b in zip(pts, pts[1:] or pts)) - half)
        assert min(gaps) < 6, f"{slug}: an arrow starts {min(gaps):.0f} units from the body"


def _to_segment(p, a, b) -> float:
    ax, ay = b[0] - a[0], b[1] - a[1]
    n = ax * ax + ay * ay
    t = 0 if n == 0 else max(0, min(1, ((p[0] - a[0]) * ax + (p[1] - a[1]) * ay) / n))
    return math.dist(p, (a[0] + ax * t, a[1] + ay * t))


@pytest.mark.parametrize("slug", TWO_WAY)
def test_movements_both_ways_show_both_ends_and_arrows_both_ways(slug):
    pose = LIB.exercises[slug].pose
    assert pose.other_way is not None
    s = scene(pose)
    heads = [m for m in s.arrows if m.tone == "cue" and m.shape == "plate"]
    assert len(heads) >= 2
    tips = [tuple(map(float, m.points.split()[0].split(","))) for m in heads]
    assert max(math.dist(a, b) for a in tips for b in tips) > 15, f"{slug}: the arrows do not point two ways"


@pytest.mark.parametrize("slug", SMALL_MOVES)
def test_small_movements_are_made_visible(slug):
    s = scene(LIB.exercises[slug].pose)
    assert any(m.tone == "move" for m in s.frames["start"]), "the part that moves is highlighted"
    arrows = [m for m in s.arrows if m.tone == "cue" and m.shape == "line"]
    lengths = [sum(math.dist(*pair) for pair in _pairs(m.points)) for m in arrows]
    assert lengths and max(lengths) >= 10, f"{slug}: the arrow is too short to see"


def test_a_lower_back_that_arches_off_the_floor_has_the_gap_marked():
    s = scene(LIB.exercises["pelvic-tilt"].pose)
    trunk = {m.id: m for m in s.frames["other_way"]}
    assert "gap" in trunk, "the arched end marks the gap under the lower back"
    (x0, y0), (x1, y1) = [tuple(map(float, p.split(","))) for p in trunk["gap"].points.split()]
    pelvis = [tuple(map(float, p.split(","))) for p in trunk["pelvis"].points.split()]
    assert abs(y1 - y0) > 5 and abs(x1 - x0) < 1, "it stands upright, between the floor and the back"
    assert min(p[0] for p in pelvis) - 20 < x0 < max(p[0] for p in pelvis) + 20, "it is under the lower back"
    assert not any(m.id == "gap" for m in s.frames["end"]), "a back flat on the floor has no gap"
    # The start's small natural curve has a shorter bar, so the start and the flat end differ.
    (start,) = [m for m in s.frames["start"] if m.id == "gap"]
    (y2, y3) = [float(p.split(",")[1]) for p in start.points.split()]
    assert 3 < abs(y3 - y2) < abs(y1 - y0) - 5, "a short bar in the start, a taller one when it arches"


def test_the_seated_pelvic_tilt_rounds_the_lower_back_and_keeps_the_head_up():
    """Readers took a slump with the head dropped for slouching the whole body; the face stays near level."""
    for name, points in placed(LIB.exercises["seated-pelvic-tilt"].pose).items():
        (hx, hy, _), (nx, ny, _) = points["head"], points["nose"]
        assert abs(math.degrees(math.atan2(ny - hy, nx - hx))) < 15, f"{name}: the face looks ahead, not down"


def test_the_standing_back_bend_keeps_the_head_in_line_with_the_trunk():
    """Its mistakes warn against tipping the head right back: the neck leans back no further than the trunk."""
    for name, p in placed(LIB.exercises["standing-back-bend"].pose).items():
        trunk = math.degrees(math.atan2(p["shoulder"][1] - p["hip"][1], p["shoulder"][0] - p["hip"][0]))
        neck = math.degrees(math.atan2(p["head"][1] - p["shoulder"][1], p["head"][0] - p["shoulder"][0]))
        assert neck - trunk <= 2, f"{name}: the head tips back {neck - trunk:.0f} degrees beyond the trunk"


def test_the_crossed_ankle_of_the_figure_4_stretch_rests_on_the_other_knee():
    """The crossed leg and the leg drawn in make a "4": the ankle on the knee, the crossed knee clear of the other leg."""
    pose = LIB.exercises["figure-4-stretch"].pose
    s, ends = scene(pose), placed(pose)
    for name in ("start", "end"):
        frame = getattr(pose, name)
        crossed_side = next(side for side in ("near", "far") if any(limbs(frame, side).leg_out))
        other = "far" if crossed_side == "near" else "near"
        assert math.dist(ends[name][f"{crossed_side}.ankle"], ends[name][f"{other}.knee"]) < 2 * THICK["leg"] + 1
        marks = {m.id: m for m in s.frames[name] if m.tone != "edge"}
        crossed = [tuple(map(float, p.split(","))) for p in marks[f"{crossed_side}.leg"].points.split()]
        support = [tuple(map(float, p.split(","))) for p in marks[f"{other}.leg"].points.split()]
        thigh, ankle = support[:2], crossed[2]
        assert _to_segment(ankle, *thigh) < 2 * THICK["leg"] + 1, f"{name}: the ankle rests on the other thigh"
        assert math.dist(ankle, thigh[1]) < 0.5 * math.dist(*thigh), f"{name}: just above the knee"
        knee = crossed[1]
        clear = min(_to_segment(knee, a, b) for a, b in itertools.pairwise(support))
        assert clear > 3 * THICK["leg"], f"{name}: the crossed knee stands clear of the other leg, so the two make a 4"


@pytest.mark.parametrize(
    ("slug", "leg", "joints"),
    [
        ("figure-4-stretch", "near", ("hip", "knee")),  # "Hands behind the uncrossed thigh"
        ("knee-to-chest", "near", ("knee", "ankle")),  # "Both hands hold the shin just below one knee"
    ],
)
def test_hands_that_the_end_caption_puts_on_a_leg_are_drawn_holding_it(slug, leg, joints):
    """Both hands reach the leg the end caption names, and the near hand is seen on it."""
    pose = LIB.exercises[slug].pose
    end = placed(pose)["end"]
    a, b = (end[f"{leg}.{j}"] for j in joints)
    grip = THICK["arm"] + THICK["leg"] + 1.5
    for hand in ("near.hand", "far.hand"):
        p = end[hand]
        ab = [b[i] - a[i] for i in range(3)]
        t = max(0, min(1, sum((p[i] - a[i]) * ab[i] for i in range(3)) / sum(x * x for x in ab)))
        assert math.dist(p, [a[i] + t * ab[i] for i in range(3)]) < grip, f"{slug}: the {hand} holds the {leg} leg"
    marks = {m.id: m for m in scene(pose).frames["end"] if m.tone != "edge"}
    hand = tuple(map(float, marks["near.arm"].points.split()[-1].split(",")))
    seen = [tuple(map(float, p.split(","))) for p in marks[f"{leg}.leg"].points.split()]
    part = seen[:2] if joints[0] == "hip" else seen[1:3]
    assert _to_segment(hand, *part) < grip, f"{slug}: the near hand is drawn on the leg"


def _pairs(points: str):
    pts = [tuple(map(float, p.split(","))) for p in points.split()]
    return list(itertools.pairwise(pts))


@pytest.mark.parametrize("slug", SLUGS)
def test_no_limb_passes_through_the_head(slug):
    pose = LIB.exercises[slug].pose
    ends = placed(pose)
    for name, _ in frames(pose):
        marks = {m.id: m for m in scene(pose).frames[name]}
        head = tuple(map(float, marks["head"].points.split(",")))
        order = list(marks)
        for limb in ("near.arm", "far.arm", "near.leg", "far.leg"):
            pts = [tuple(map(float, p.split(","))) for p in marks[limb].points.split()]
            gap = min(_to_segment(head, a, b) for a, b in itertools.pairwise(pts))
            if gap > THICK["head"] - 2:
                continue
            # A limb may pass in front of the face, and the head may rest on an arm.
            if order.index(limb) > order.index("head"):
                assert gap > THICK["head"] / 2, f"{slug} {name}: the {limb} covers the face"
            else:
                assert _head_rests_on(ends[name], limb), f"{slug} {name}: the {limb} passes through the head"


def _head_rests_on(points, limb: str) -> bool:
    """Whether the head lies on this limb: touching it, and above it."""
    side, part = limb.split(".")
    joints = ("shoulder", "elbow", "hand") if part == "arm" else ("hip", "knee", "ankle", "toe")
    head = points["head"]
    for a, b in itertools.pairwise(points[f"{side}.{j}"] for j in joints):
        for t in (i / 10 for i in range(11)):
            p = tuple(a[k] + (b[k] - a[k]) * t for k in range(3))
            if math.dist(p, head) < THICK["head"] + THICK[part] + 3 and p[1] < head[1]:
                return True
    return False


# -----------------------------------------------------------------------------
def test_hands_under_the_body_are_drawn_under_it_and_again_as_a_dashed_outline_over_it():
    """The curl-up's hands lie under the lower back: the body hides the near arm, and its
    forearm shows as a dashed outline, drawn over the figure and round the forearm it stands for."""
    pose = LIB.exercises["curl-up"].pose
    assert pose.tucked == ["near.arm"]
    s = exercise_scene(LIB.exercises["curl-up"])
    for name in ("start", "end"):
        marks = s.frames[name]
        order = [m.id for m in marks]
        rings = [m for m in marks if m.shape == "dashed"]
        assert [m.id for m in rings] == ["near.tuck"], name
        assert order.index("near.arm") < order.index("pelvis"), f"{name}: the body is drawn over the arm"
        figure = [i for i, m in enumerate(order) if not m.startswith(("hold", "gap", "swap")) and m != "near.tuck"]
        assert order.index("near.tuck") > max(figure), f"{name}: the outline is drawn over the figure"
        for ring in rings:
            arm = {m.id: m for m in marks}[ring.id.replace("tuck", "arm")]
            _, elbow, hand = [tuple(map(float, xy.split(","))) for xy in arm.points.split()]
            outline = [tuple(map(float, xy.split(","))) for xy in ring.points.split()]
            assert outline[0] == outline[-1], "the outline is closed"
            for point in outline:
                assert _to_segment(point, elbow, hand) == pytest.approx(THICK["arm"], abs=1), "round the forearm"
    assert s.tucks() and not scene(LIB.exercises["glute-bridge"].pose).tucks()
    assert not scene(pose.model_copy(update={"tucked": []})).tucks()
    # Seen from low down, an arm beside the body is drawn over it, where it is nearer; tucked under, it is not.
    low = pose.model_copy(update={"tilt": 5, "turn": 20})
    for tucked, over in (([], True), (pose.tucked, False)):
        order = [m.id for m in scene(low.model_copy(update={"tucked": tucked})).frames["start"]]
        assert (order.index("pelvis") < order.index("near.arm")) == over, tucked


def test_hands_under_the_body_are_dashed_on_the_page_with_a_key_that_says_so(site):
    pics = site.html("exercises/curl-up/").select_one("#pictures")
    dashed = pics.select("svg.lbeg-fig polyline.lbeg-fig-edge[stroke-dasharray]")
    assert len(dashed) == 2, "the forearm under the body, in the start and the end"
    moving = site.html("exercises/curl-up/").select("svg[data-lbeg-moving] use[stroke-dasharray]")
    assert len(moving) == 1, "the moving picture draws it too"
    key = [li for li in pics.select(".lbeg-key li") if KEY_WORDS["tucked"] in li.get_text()]
    assert key and key[0].select("polyline.lbeg-fig-edge[stroke-dasharray]"), "the key shows the dashed outline"
    other = site.html("exercises/glute-bridge/").select_one("#pictures")
    assert not other.select("[stroke-dasharray]")
    assert not [li for li in other.select(".lbeg-key li") if KEY_WORDS["tucked"] in li.get_text()]


# The drawings on the site
# -----------------------------------------------------------------------------


def _svgs(html: str) -> list[str]:
    """Each outermost <svg> element of a page, as written (a close-up nests one svg in another)."""
    found, depth, start = [], 0, 0
    for tag in re.finditer(r"<svg[\s>]|</svg>", html):
        if tag.group() == "</svg>":
            depth -= 1
            if depth == 0:
                found.append(html[start : tag.end()])
        else:
            start = tag.start() if depth == 0 else start
            depth += 1
    return found


@pytest.mark.parametrize("slug", SLUGS)
def test_drawings_are_small_well_formed_self_contained_and_labelled(site, slug):
    html = site.path(f"exercises/{slug}/").read_text(encoding="utf-8")
    raw = [s for s in _svgs(html) if re.match(r'<svg[^>]* class="lbeg-fig[ "]', s)]
    stills = [s for s in raw if 'class="lbeg-fig"' in s]
    pictures = picture_count(LIB.exercises[slug])
    assert len(stills) == 2 * pictures, "each picture on the page and on its printed card"
    assert any("data-lbeg-moving" in s for s in raw)
    for text in raw:
        root = ET.fromstring(text)
        assert root.tag == f"{SVG}svg" and root.get("role") == "img"
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and title.text and desc is not None and desc.text
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert len(text.encode()) <= 8 * 1024, f"{slug}: a drawing is {len(text.encode())} bytes"
    for text in stills:
        root = ET.fromstring(text)
        assert {el.tag.removeprefix(SVG) for el in root.iter()} <= STILL_TAGS
        for el in root.iter():
            if el.tag in (f"{SVG}polyline", f"{SVG}polygon"):
                assert el.get("stroke", "").startswith("#"), "colours are given as attributes"
            if el.tag == f"{SVG}circle" and "lbeg-fig-ring" in el.get("class", ""):
                assert el.get("fill") == "none" and el.get("stroke", "").startswith("#"), "a ring is an outline"
            elif el.tag == f"{SVG}circle" and el.get("class"):
                assert el.get("fill", "").startswith("#")
    ex = LIB.exercises[slug]
    assert f"Start position. {ex.pose.start.caption}" in html and f"End position. {ex.pose.end.caption}" in html


def _figure_lines(svg_el):
    for line in svg_el.find_all("polyline"):
        tone = " ".join(line.get("class", []))
        if tone in ("lbeg-fig-near", "lbeg-fig-far", "lbeg-fig-move"):
            yield line, [tuple(map(float, p.split(","))) for p in line["points"].split()]


def _flat(pose: Pose) -> bool:
    """Seen side on, with every limb in the side view: a pose in today's flat format."""
    limbs = [lb for _, f in frames(pose) for lb in (f.near, f.far) if lb is not None]
    flat = all(not any(lb.arm_out) and not any(lb.leg_out) for lb in limbs)
    return flat and camera(pose).toward == pytest.approx((0, 0, 1))


SIDE_ON = [s for s in SLUGS if _flat(LIB.exercises[s].pose)]


@pytest.mark.parametrize("slug", SIDE_ON)
def test_side_on_limbs_keep_their_length_and_stay_above_the_floor(site, slug):
    article = site.html(f"exercises/{slug}/").select_one("article.md-content__inner")
    arm = [LENGTH["upper_arm"], LENGTH["forearm"]]
    leg = [LENGTH["thigh"], LENGTH["shin"], LENGTH["foot"]]
    for svg_el in article.select(".lbeg-pics__frame svg.lbeg-fig"):
        floor = float(svg_el.select_one("polyline.lbeg-fig-line")["points"].split()[0].split(",")[1]) - 1
        for line, points in _figure_lines(svg_el):
            width = float(line["stroke-width"])
            assert max(y for _, y in points) + width / 2 - EDGE <= floor + 3, f"{slug}: a limb goes below the floor"
            if len(points) in (3, 4):
                want = arm if len(points) == 3 else leg
                for (a, b), expected in zip(itertools.pairwise(points), want):
                    assert abs(math.dist(a, b) - expected) <= 1.5, f"{slug}: a limb segment is not {expected} long"


def test_typst_draws_a_drawing_in_its_print_palette():
    """The PDFs are typeset by typst, which draws an SVG without the site's CSS."""
    from PIL import Image

    from lbeg.macros import template_env
    from lbeg.typeset import svg_png

    s = scene(LIB.exercises["bird-dog"].pose)
    svg = str(template_env(ROOT).get_template("figure.html").module.still(s, "start", "x", "t", "d", arrows=True))
    image = Image.open(io.BytesIO(svg_png(svg, 480, round(480 * s.height / s.width)))).convert("RGB")
    counts = {rgb: n for n, rgb in image.getcolors(1 << 24)}
    share = {tone: counts.get(rgb, 0) / (image.width * image.height) for tone, rgb in PRINT.items()}
    # The body and arrows in black, the far side in grey, the moving parts light inside their casing, the mat.
    assert share["near"] > 0.05 and share["far"] > 0.002 and share["move"] > 0.005 and share["prop"] > 0.05, share


def test_index_shows_a_thumbnail_for_each_exercise(site):
    tiles = site.html("exercises/").select("li.lbeg-tile")
    assert len(tiles) == len(SLUGS) and all(t.select_one(".lbeg-tile__pic svg[role=img] title") for t in tiles)


def test_two_way_movements_show_three_pictures_on_the_page(site):
    for slug in TWO_WAY:
        frames_ = site.html(f"exercises/{slug}/").select("#pictures .lbeg-pics__frame")
        assert [f.figcaption.get_text() for f in frames_] == ["Start", "End", "Other way"], slug
        assert "End position the other way." in frames_[2].svg.desc.get_text()


ALTERNATE = [s for s in SLUGS if LIB.exercises[s].dosage.alternate_sides and LIB.exercises[s].pose.other_way is None]
MOVE_TONES = ("move", "move-far")


def test_exercises_done_on_alternate_sides_show_the_end_on_the_other_side(site):
    assert {"dead-bug", "heel-taps"} <= set(ALTERNATE)
    for slug in ALTERNATE:
        frames_ = site.html(f"exercises/{slug}/").select("#pictures .lbeg-pics__frame")
        assert [f.figcaption.get_text() for f in frames_] == ["Start", "End", "Other side"], slug
        assert "on the other side" in frames_[2].svg.desc.get_text()
        card = site.html(f"exercises/{slug}/").select_one(".lbeg-print .lbeg-card")
        assert [f.get_text() for f in card.select(".lbeg-pics__frame figcaption")] == ["Start", "End", "Other side"]
    for slug in SLUGS:
        if slug not in ALTERNATE:
            assert "other_side" not in exercise_scene(LIB.exercises[slug]).frames, slug


def test_the_page_and_the_card_show_the_same_pictures_with_the_same_words(site):
    for slug in SLUGS:
        view = exercise_view(LIB, slug)
        pictures = [(p.caption, p.title, p.alt) for p in view.pictures]
        page = site.html(f"exercises/{slug}/")
        card = page.select_one(".lbeg-print .lbeg-card")
        for where in (page.select_one("#pictures"), card):
            frames_ = where.select(".lbeg-pics__frame")
            assert [
                (f.figcaption.get_text(), f.svg.title.get_text(), f.svg.desc.get_text()) for f in frames_
            ] == pictures
        moving = page.select_one("#pictures .lbeg-pics__moving")
        said = moving.figcaption.get_text(" ", strip=True).removesuffix(" Play")
        assert said.startswith("Start to end and back") and said == view.moving
        assert moving.svg.desc.get_text().endswith(said[0].lower() + said[1:]), slug
        sides = "other_side" in view.scene.frames
        assert (", then on the other side." in said) == sides, said


def test_a_movement_both_ways_done_on_alternate_sides_keeps_its_other_way():
    """Knee rolls go one way, then the other: the other way is their second end, not a mirror."""
    ex = LIB.exercises["knee-rolls"]
    assert ex.dosage.alternate_sides and ex.pose.other_way is not None
    assert scene(ex.pose, hold=True, sides=True) == scene(ex.pose, hold=True)
    assert "other_side" not in exercise_scene(ex).frames


@pytest.mark.parametrize("slug", SLUGS)
def test_a_picture_says_how_long_to_hold_exactly_when_it_shows_the_stopwatch(slug):
    view = exercise_view(LIB, slug)
    words = hold_words(view.ex.dosage).strip()
    assert [p.frame for p in view.pictures][:2] == ["start", "end"]
    for p in view.pictures:
        stopwatch = any(m.tone == "hold" for m in p.scene.frames[p.frame])
        assert (bool(words) and words in p.alt) == stopwatch, f"{slug} {p.frame}: {p.alt}"
        assert ("Hold:" in p.alt) == stopwatch, f"{slug} {p.frame}: {p.alt}"
        # Read aloud: plain sentences of at most 20 words, the caption of the frame it draws.
        sentences = [x for x in re.split(r"(?<=\.) ", p.alt)]
        assert all(len(x.split()) <= 20 for x in sentences), p.alt
        frame = "end" if p.frame == "other_side" else p.frame
        assert getattr(view.ex.pose, frame).caption in p.alt
    if "other_side" in view.scene.frames:
        (side,) = [p for p in view.pictures if p.frame == "other_side"]
        # It says it is the other side, then describes the end as the end's own picture does.
        ends = [(PICTURES[frame][2], view.alt[frame]) for frame in ("other_side", "end")]
        assert all(said.startswith(f"{start} ") for start, said in ends)
        assert len({said.removeprefix(start) for start, said in ends}) == 1
        assert side.alt != view.alt["end"]


@pytest.mark.parametrize("slug", ALTERNATE)
def test_the_movement_to_the_other_side_is_checked_from_a_start_the_same_on_both_sides(slug):
    pose = LIB.exercises[slug].pose
    assert one_sided(pose.start) == [] and pose.middle is None
    assert ("start", "other_side") in _legs(pose, sides=True) and ("start", "other_side") not in _legs(pose)
    assert pose_problems(pose, sides=True) == []
    lopsided = pose.start.model_copy(update={"roll": 10, "far": pose.end.near})
    assert one_sided(lopsided) == ["far limbs unlike the near ones", "a roll"]


@pytest.mark.parametrize("slug", ALTERNATE)
def test_the_other_side_is_the_end_in_a_mirror(slug):
    """Each point of the body on the other side is the end's point on the opposite side,
    reflected across the body's middle: the dead bug's lowered arm is the other arm."""
    ends = placed(LIB.exercises[slug].pose, sides=True)
    end, other = ends["end"], ends["other_side"]
    for name, (x, y, z) in end.items():
        mirrored = other[other_side(name)]
        assert mirrored == pytest.approx((x, y, -z), abs=1e-6), f"{slug}: {name}"
    # The hand or foot that moves most to the end stays where it starts on the other side.
    start = ends["start"]
    moved = max(end, key=lambda n: math.dist(end[n], start[n]))
    assert math.dist(end[moved], start[moved]) > 20 and math.dist(other[moved], start[moved]) < 1, (slug, moved)


@pytest.mark.parametrize("slug", ALTERNATE)
def test_on_the_other_side_the_other_limbs_take_the_moving_colour(slug):
    ex = LIB.exercises[slug]
    s = exercise_scene(ex)
    tones = {name: {m.id: m.tone for m in s.frames[name]} for name in ("start", "end", "other_side")}
    moving = {m for m in tones["end"] if m in ("near.arm", "far.arm", "near.leg", "far.leg")}
    moving = {m for m in moving if tones["end"][m] in MOVE_TONES}
    assert moving, slug
    for limb in moving:
        assert tones["start"][limb] in MOVE_TONES, f"{slug}: {limb} at the start"
        assert tones["other_side"][limb] not in MOVE_TONES, f"{slug}: {limb} still moves on the other side"
        assert tones["other_side"][other_side(limb)] in MOVE_TONES, f"{slug}: {other_side(limb)} on the other side"
    # The moving picture: each pair in the moving colour only while its own side moves.
    layers = [(layer, g) for g in s.motion.groups for layer in g.layers if layer.mark.tone in MOVE_TONES]
    for limb in moving:
        first = [layer.shown for layer, _ in layers if layer.mark.id == limb]
        second = [layer.shown for layer, _ in layers if layer.mark.id == other_side(limb)]
        assert first and all(v and v.startswith("visible") and "hidden" in v for v in first), (slug, limb, first)
        assert second and all(v and v.startswith("hidden") and "visible" in v for v in second), (slug, limb, second)


def test_the_floor_guide_draws_every_step(site):
    pages = [u for u in site.pages() if "lbeg-floor-step" in site.path(u).read_text(encoding="utf-8")]
    assert pages, "the floor guide is on some page"
    html = site.path(pages[0]).read_text(encoding="utf-8")
    steps = re.findall(r'<li class="lbeg-floor-step">(.*?)</li>', html, flags=re.DOTALL)
    assert steps and all("lbeg-fig-near" in s for s in steps)


def test_svg_ids_are_unique_on_every_page(site):
    for url in site.pages():
        ids = re.findall(r'\sid="([^"]+)"', site.path(url).read_text(encoding="utf-8"))
        assert len(ids) == len(set(ids)), url


# -----------------------------------------------------------------------------
# The hold mark: a stopwatch in the end frame of an exercise whose dose holds it
# -----------------------------------------------------------------------------

HELD = [s for s in SLUGS if LIB.exercises[s].dosage.hold_seconds or LIB.exercises[s].dosage.hold_breaths]
NOT_HELD = [s for s in SLUGS if s not in HELD]


def _drawn(slug: str) -> dict[str, ET.Element]:
    """Each still frame and the moving picture of an exercise, as its pages print them."""
    from lbeg.macros import template_env
    from lbeg.views import exercise_scene

    figure = template_env(ROOT).get_template("figure.html").module
    s = exercise_scene(LIB.exercises[slug])
    out = {name: str(figure.still(s, name, "x", "t", "d", arrows=name == "start")) for name in s.frames}
    out["moving"] = str(figure.moving(s, "m", "t", "d"))
    for name, text in out.items():
        assert len(text.encode()) <= 8 * 1024, f"{slug} {name}: {len(text.encode())} bytes"
    return {name: ET.fromstring(text) for name, text in out.items()}


def _hold_marks(root: ET.Element) -> list[ET.Element]:
    return [el for el in root.iter() if el.get("class") == "lbeg-fig-hold"]


def _boxes(el: ET.Element) -> list[tuple[float, float, float, float]]:
    """Left, top, right and bottom of a still's dot, of a plate or of each straight piece of a line, with its stroke."""
    if el.tag == f"{SVG}circle":
        x, y, r = (float(el.get(k)) for k in ("cx", "cy", "r"))
        return [(x - r, y - r, x + r, y + r)]
    points = [tuple(map(float, p.split(","))) for p in el.get("points").split()]
    w = float(el.get("stroke-width", 0)) / 2
    pieces = list(itertools.pairwise(points)) if el.tag == f"{SVG}polyline" and len(points) > 1 else [points]
    return [
        (min(p[0] for p in q) - w, min(p[1] for p in q) - w, max(p[0] for p in q) + w, max(p[1] for p in q) + w)
        for q in pieces
    ]


@pytest.mark.parametrize("slug", HELD)
def test_a_held_end_shows_a_stopwatch_that_touches_nothing(slug):
    drawn = _drawn(slug)
    # An end done on alternate sides is held on each side.
    ends = LIB.exercises[slug].pose.held + (["other_side"] if "other_side" in drawn else [])
    for name in drawn:
        if name != "moving":
            assert bool(_hold_marks(drawn[name])) == (name in ends), f"{slug} {name}: held only at {ends}"
    for name in ends:
        _small_and_clear(drawn[name], _hold_marks(drawn[name]), f"{slug} {name}: the hold mark")
    # The moving picture shows it only while the figure holds an end.
    held = [g for g in drawn["moving"].iter(f"{SVG}g") if _hold_marks(g) and g.get("visibility") == "hidden"]
    assert len(held) == 1
    shown = held[0].find(f"{SVG}animate").get("values").split(";")
    assert shown.count("visible") == len(ends) and shown[0] == "hidden"


def _small_and_clear(root: ET.Element, marks: list[ET.Element], what: str) -> None:
    """A mark of a few shapes, with no words or numbers, inside the canvas, small, and
    touching nothing else in the drawing (a dial's face inside its ring is part of it)."""
    assert marks and not [el for el in root.iter() if el.tag == f"{SVG}text"]
    boxes = [b for m in marks for b in _boxes(m)]
    left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
    right, bottom = max(b[2] for b in boxes), max(b[3] for b in boxes)
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    assert 0 <= left and right <= width and 0 <= top and bottom <= height, f"{what} leaves the canvas"
    for el in root.iter():
        if el.tag not in (f"{SVG}polyline", f"{SVG}polygon", f"{SVG}circle") or el in marks:
            continue
        for x0, y0, x1, y1 in _boxes(el):
            inside = left <= x0 and x1 <= right and top <= y0 and y1 <= bottom
            if (
                el.get("class") == "lbeg-fig-edge"
                and inside
                and (el.tag != f"{SVG}polygon" or len(el.get("points").split()) == 3)
            ):
                continue  # the dial's face, or the inside of the outlined triangle
            assert x1 < left or right < x0 or y1 < top or bottom < y0, f"{what} touches {el.get('class')}"
    assert (bottom - top) * (right - left) < width * height / 30, f"{what} is not small"


def _only_in(drawn: dict[str, ET.Element], find, frame: str, shown: bool, slug: str) -> bool:
    """Whether the marks `find` picks are drawn: only in that still `frame`, and only if `shown`;
    where they are not, the moving picture has none either."""
    for name, root in drawn.items():
        if name != "moving":
            assert bool(find(root)) == (shown and name == frame), f"{slug} {name}"
    if not shown:
        assert not find(drawn["moving"])
    return shown


def _swap_marks(root: ET.Element) -> list[ET.Element]:
    return [el for el in root.iter() if el.get("class") == "lbeg-fig-swap"]


ONE_SIDE_THEN_THE_OTHER = [s for s in SLUGS if LIB.exercises[s].dosage.per_side]


@pytest.mark.parametrize("slug", SLUGS)
def test_an_exercise_done_on_both_sides_shows_the_swap_mark(slug):
    """The swap mark (a shape and its mirror image) is in the end picture exactly where the
    dose does one side and then the other, and in the other side's picture where it swaps
    sides each time; small and clear of the figure and the stopwatch."""
    drawn = _drawn(slug)
    frame = "end" if slug in ONE_SIDE_THEN_THE_OTHER else "other_side"
    if not _only_in(drawn, _swap_marks, frame, slug in ONE_SIDE_THEN_THE_OTHER + ALTERNATE, slug):
        return
    end = drawn[frame]
    _small_and_clear(end, _swap_marks(end), f"{slug}: the swap mark")
    assert [el.tag for el in _swap_marks(end)].count(f"{SVG}polyline") == 1, "a mirror line between two triangles"
    assert [el.tag for el in _swap_marks(end)].count(f"{SVG}polygon") == 2
    # The moving picture shows it only while the figure is at that end.
    (group,) = [g for g in drawn["moving"].iter(f"{SVG}g") if _swap_marks(g) and g.get("visibility") == "hidden"]
    shown = group.find(f"{SVG}animate").get("values").split(";")
    assert shown.count("visible") == 1 and shown[0] == "hidden"
    if frame == "other_side":
        # The figure goes to the end and back first, then to the other side.
        times = group.find(f"{SVG}animate").get("keyTimes").split(";")
        assert float(times[shown.index("visible")]) > 0.5, times


@pytest.mark.parametrize("slug", NOT_HELD)
def test_an_exercise_not_held_shows_no_hold_mark(slug):
    drawn = _drawn(slug)
    assert not any(_hold_marks(root) for root in drawn.values())


def test_the_hold_mark_shows_where_the_end_is_drawn_and_says_how_long(site):
    held, moving = "wall-sit", "cat-camel"
    article = site.html(f"exercises/{held}/").select_one("article.md-content__inner")
    start, end = article.select(".lbeg-pics__frame svg.lbeg-fig")[:2]
    assert end.select(".lbeg-fig-hold") and not start.select(".lbeg-fig-hold")
    assert "Hold: 15 seconds." in end.find("desc").text
    page = site.html(f"exercises/{held}/")
    drawn = [svg for svg in page.select("svg.lbeg-fig") if svg.select(".lbeg-fig-hold")]
    assert len(drawn) == 3, "the end on the page and on the printed card, and the moving picture"
    tiles = site.html("exercises/").select("li.lbeg-tile")
    tile = next(t for t in tiles if held in t.select_one(".lbeg-tile__name a")["href"])
    assert tile.select(".lbeg-tile__pic .lbeg-fig-hold"), "the index thumbnail shows the end, held"
    assert not site.html(f"exercises/{moving}/").select(".lbeg-fig-hold")


def test_a_key_under_the_drawings_says_what_their_marks_mean(site):
    """Each mark the key explains is drawn as the drawings draw it; the stopwatch only where the end is held."""
    for slug, held in (("wall-sit", True), ("cat-camel", False)):
        pics = site.html(f"exercises/{slug}/").select_one("#pictures")
        items = pics.select(".lbeg-key li")
        said = [li.get_text(" ", strip=True).lower() for li in items]
        assert any("you move this" in t for t in said) and any("move this way" in t for t in said), said
        assert items[0].select(".lbeg-fig-move") and items[1].select(".lbeg-fig-cue")
        stopwatch = [li for li in items if li.select(".lbeg-fig-hold")]
        assert bool(stopwatch) == held, f"{slug}: {said}"
        if held:
            assert KEY_WORDS["hold"] in stopwatch[0].get_text()
        assert not any("gap" in t for t in said), f"{slug}: no drawing shows the gap marker"
        for pic in pics.select(".lbeg-key__pic"):
            assert pic.get("aria-hidden") == "true", "the words say what each little picture means"
    pics = site.html("exercises/bird-dog/").select_one("#pictures")
    sides = [li for li in pics.select(".lbeg-key li") if KEY_WORDS["sides"] in li.get_text()]
    assert sides and sides[0].select(".lbeg-fig-far") and sides[0].select(".lbeg-fig-near")
    towel = [
        li
        for li in site.html("exercises/hamstring-stretch/").select(".lbeg-key li")
        if "towel" in li.get_text().lower()
    ]
    assert towel and towel[0].select(".lbeg-fig-towel"), "the towel is in the key where a drawing shows it"
    assert not [li for li in pics.select(".lbeg-key li") if "towel" in li.get_text().lower()], "and only there"
    pics = site.html("exercises/pelvic-tilt/").select_one("#pictures")
    gap = [li for li in pics.select(".lbeg-key li") if "gap under your lower back" in li.get_text().lower()]
    assert gap and gap[0].select(".lbeg-fig-cue"), "the gap marker's bar is in the key where a drawing shows it"
    zoom = [li for li in pics.select(".lbeg-key li") if KEY_WORDS["zoom"] in li.get_text()]
    assert zoom and len(zoom[0].select("circle.lbeg-fig-ring")) == 2, "a big circle and a small one, where drawn"
    swap = [li for li in site.html("exercises/clamshell/").select(".lbeg-key li") if KEY_WORDS["swap"] in li.get_text()]
    assert swap and swap[0].select(".lbeg-fig-swap"), "the swap mark is in the key where a drawing shows it"
    assert not [li for li in pics.select(".lbeg-key li") if KEY_WORDS["swap"] in li.get_text()], "and only there"
    trace = [li for li in site.html("exercises/curl-up/").select(".lbeg-key li") if KEY_WORDS["trace"] in li.get_text()]
    assert trace and trace[0].select(".lbeg-fig-trace-rim[stroke-dasharray]"), "where a drawing traces the start"
    bridge = site.html("exercises/glute-bridge/").select(".lbeg-key li")
    assert not [li for li in bridge if KEY_WORDS["zoom"] in li.get_text()], "the close-up only where drawn"
    assert not [li for li in bridge if KEY_WORDS["trace"] in li.get_text()], "and only there"
    pair = [li for li in site.html("exercises/dead-bug/").select(".lbeg-key li") if KEY_WORDS["pair"] in li.get_text()]
    assert pair and pair[0].select(".lbeg-fig-pair-move"), "the pair mark is in the key where a drawing shows it"
    assert not [li for li in pics.select(".lbeg-key li") if KEY_WORDS["pair"] in li.get_text()], "and only there"


def _traces(root: ET.Element) -> list[ET.Element]:
    return [el for el in root.iter() if el.get("class") in ("lbeg-fig-trace", "lbeg-fig-trace-rim")]


@pytest.mark.parametrize("slug", SLUGS)
def test_a_traced_pose_draws_where_the_body_started_behind_each_later_picture(slug):
    """With `trace`, each picture after the start draws the parts that have moved where they
    started: behind the body, faint inside a dotted rim. The start and the moving picture draw
    none, and nor does any picture of a pose without `trace`."""
    drawn = _drawn(slug)
    traced = LIB.exercises[slug].pose.trace
    for name, root in drawn.items():
        marks = _traces(root)
        assert bool(marks) == (traced and name not in ("start", "moving")), f"{slug} {name}"
        if not marks:
            continue
        shapes = [el for el in root.iter() if el.tag in (f"{SVG}polyline", f"{SVG}polygon", f"{SVG}circle")]
        body = [i for i, el in enumerate(shapes) if el.get("class") in ("lbeg-fig-near", "lbeg-fig-move")]
        assert max(shapes.index(m) for m in marks) < min(body), f"{slug} {name}: drawn over the body"
        rims = [m for m in marks if m.get("class") == "lbeg-fig-trace-rim"]
        assert rims and all(m.get("stroke-dasharray") for m in rims), f"{slug} {name}: a dotted rim"
        assert len(rims) == len(marks) - len(rims), f"{slug} {name}: one rim round each part"


def test_a_trace_shows_the_parts_that_moved_and_only_those():
    """The small curl-up's trace is the trunk and head lying flat, not the legs that stay put
    or the hands under the back; without `trace` the same pose draws none."""
    pose = LIB.exercises["curl-up"].pose
    traced = {m.id for m in scene(pose).frames["end"] if m.tone == "trace"}
    assert {"chest-t", "head-t"} <= traced, traced
    assert not {"near.leg-t", "far.leg-t", "near.arm-t", "far.arm-t", "pelvis-t"} & traced, traced
    untraced = scene(pose.model_copy(update={"trace": False}))
    assert not untraced.traces() and not [m for f in untraced.frames.values() for m in f if "trace" in m.tone]


def _close_up(root: ET.Element) -> tuple[ET.Element, ET.Element] | None:
    """A still's close-up: its enlarging viewport (the svg inside the svg) and its rim."""
    inner = root.find(f".//{SVG}g/{SVG}g/{SVG}svg")
    rims = [el for el in root.iter(f"{SVG}circle") if el.get("class") == "lbeg-fig-line lbeg-fig-ring"]
    return None if inner is None else (inner, max(rims, key=lambda el: float(el.get("r"))))


@pytest.mark.parametrize("slug", SLUGS)
def test_a_close_up_enlarges_the_gap_under_the_lower_back_in_each_still_picture(slug):
    """With `close_up` (pelvic tilt), each still shows the lower back and the floor again, twice
    the size, in a circle above them and clear of everything else, with a small circle round the
    part it enlarges: the gap marker shows inside it where the picture has one. No other pose,
    and no moving picture, draws a close-up."""
    drawn = _drawn(slug)
    s = exercise_scene(LIB.exercises[slug])
    for name, root in drawn.items():
        found = _close_up(root)
        assert (found is not None) == (LIB.exercises[slug].pose.close_up and name != "moving"), f"{slug} {name}"
        if found is None:
            continue
        inner, rim = found
        vx, vy, side, _ = map(float, inner.get("viewBox").split())
        cx, cy, r = (float(rim.get(k)) for k in ("cx", "cy", "r"))
        assert (
            float(inner.get("width")) == float(inner.get("height")) == pytest.approx(2 * r) == pytest.approx(2 * side)
        )
        assert float(inner.get("x")) == pytest.approx(cx - r), "twice the size, in the circle"
        (clipped,) = [g for g in root.iter(f"{SVG}g") if inner in list(g)]
        (cut,) = [c for c in root.iter(f"{SVG}clipPath") if clipped.get("clip-path") == f"url(#{c.get('id')})"]
        circle = cut.find(f"{SVG}circle")
        assert [float(circle.get(k)) for k in ("cx", "cy", "r")] == pytest.approx([cx, cy, r]), "cut to the circle"
        rings = [el for el in root.iter(f"{SVG}circle") if el.get("class") == "lbeg-fig-line lbeg-fig-ring"]
        (small,) = [el for el in rings if el is not rim]
        assert float(small.get("r")) == pytest.approx(side / 2), "a small circle round the part it enlarges"
        assert float(small.get("cx")) == pytest.approx(vx + side / 2, abs=0.1)
        assert cy + r < vy, f"{name}: the circle is above the part it enlarges"
        (floor,) = [m for m in s.backdrop if m.id == "floor"]
        assert vy < float(floor.points.split()[0].split(",")[1]) < vy + side, f"{name}: the floor is in it"
        inside = {el.get("class") for el in inner}
        assert {"lbeg-fig-near", "lbeg-fig-move"} & inside, f"{name}: so is the lower back"
        assert ("lbeg-fig-cue" in inside) == s.shows("gap", name), f"{name}: the gap marker, where the picture has one"
        # Clear of the figure, the props, the arrows and the hold mark.
        for el in root.find(f"{SVG}g"):
            if (
                el.tag in (f"{SVG}g", f"{SVG}clipPath")
                or "ring" in el.get("class")
                or el.get("class") in ("lbeg-fig-edge", "lbeg-fig-line")
            ):
                continue
            for x0, y0, x1, y1 in _boxes(el):
                near = (min(max(cx, x0), x1), min(max(cy, y0), y1))
                assert math.dist((cx, cy), near) > r, f"{slug} {name}: {el.get('class')} meets the close-up"


def test_a_close_up_is_asked_for_only_where_the_start_lies_on_the_back(tmp_path):
    problems = problems_after_edit(tmp_path, "exercises/bird-dog.yml", "\n  cues:", "\n  close_up: true\n  cues:")
    assert any(
        p.endswith("close_up shows the lower back on the floor, but the start does not lie on the back")
        for p in problems
    ), problems


def _pair_marks(root: ET.Element) -> list[ET.Element]:
    return [el for el in root.iter() if el.get("class") in ("lbeg-fig-pair", "lbeg-fig-pair-move")]


@pytest.mark.parametrize("slug", SLUGS)
def test_an_arm_and_the_opposite_leg_that_move_together_are_named_in_the_start_picture(slug):
    """The pair mark (a small figure with one arm and the other leg in the moving colour) is in
    the start picture exactly where an arm and the leg on the other side move, clear of the arrows."""
    drawn = _drawn(slug)
    pairing = slug in ("bird-dog", "dead-bug")  # the two whose arrows move an arm and the other leg
    if not _only_in(drawn, _pair_marks, "start", pairing, slug):
        return
    start = drawn["start"]
    _small_and_clear(start, _pair_marks(start), f"{slug}: the pair mark")
    assert len([el for el in _pair_marks(start) if el.get("class") == "lbeg-fig-pair-move"]) == 2, "an arm and a leg"
    # The moving picture shows it only while the figure is at the start.
    (group,) = [g for g in drawn["moving"].iter(f"{SVG}g") if _pair_marks(g) and g.get("visibility") == "hidden"]
    shown = group.find(f"{SVG}animate").get("values").split(";")
    assert "visible" in shown and "hidden" in shown


@pytest.mark.parametrize("slug", ["clamshell", "bird-dog", "cat-camel", "dead-bug"])
def test_the_end_picture_says_to_do_the_other_side_where_it_shows_the_swap_mark(site, slug):
    ex = LIB.exercises[slug]
    html = site.path(f"exercises/{slug}/").read_text(encoding="utf-8")
    descs = re.findall(r'<desc id="[^"]*">End position\.(.*?)</desc>', html, flags=re.DOTALL)
    assert descs
    for desc in descs:
        assert desc.strip().endswith(MARK_SENTENCES["swap"]) == ex.dosage.per_side, desc
    starts = re.findall(r'<desc id="[^"]*">Start position\.(.*?)</desc>', html, flags=re.DOTALL)
    assert starts and all((MARK_SENTENCES["pair"] in d) == (slug in ("bird-dog", "dead-bug")) for d in starts)
