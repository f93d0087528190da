"""The body model behind every drawing, and its projection onto a picture.

A frame (`lbeg.schema.Frame`) gives a pose as directions, as the body is seen
from the side before it rolls: the trunk, the head and each segment of an arm or
leg point somewhere in that side view, and each segment can also swing out to
the side. The pelvis can twist against the shoulders, the head can turn and the
whole body can roll about its length. `body` turns a frame into points in
space: x is the way a standing figure faces, y is up and z points towards you in
the side view, so the near arm and leg sit at +z. `grounded` lowers the body
until the parts the frame rests on touch the floor, and `frame_problems` checks
that a body could take the pose.

`scene` draws every frame of a pose from the pose's view (side, front, above or
three-quarter). Each limb is a rounded stick, the trunk a rounded plate and the
head a ball with a nose and eyes. Parts are painted far to near: where two parts
cross, the one whose surface is nearer there is drawn later, and every part has
a thin edge of the background colour, so crossing parts stay apart. The
templates (`lbeg/templates/figure.html`) only print the marks made here.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass, field

from .schema import Frame, Limbs, Pose

Vec = tuple[float, float, float]

LENGTH = {"trunk": 48, "neck": 17, "upper_arm": 27, "forearm": 27, "thigh": 42, "shin": 40, "foot": 14}
"""Segment lengths, in drawing units (about 1 cm each)."""

HALF_WIDTH = {"pelvis": 6, "waist": 5, "chest": 8, "hip": 8, "shoulder": 13}
"""How far the left and right points of the trunk sit from its middle line."""

THICK = {"trunk": 9, "head": 11, "neck": 3.5, "arm": 4.5, "leg": 5, "towel": 1.5}
"""Half the thickness of each part."""

SIDES = {"near": 1, "far": -1}
FLOOR_TOLERANCE = 2.5
EDGE = 1.6
"""Width of the background-coloured edge round every part."""

VIEWS = {"side": (0, 0), "front": (90, 0), "above": (0, 90), "three-quarter": (40, 25)}
"""Each named view as (turn, tilt): degrees round from the side view towards the front, and up."""

# Joint ranges in degrees, as (lowest, highest), measured in the side view. The trunk
# is one segment, so the hip's range includes the lower back's arching.
RANGES = {
    "elbow": (0, 160),
    "knee": (0, 160),
    "hip": (-55, 140),
    "shoulder": (-60, 190),
    "neck": (-70, 70),
    "ankle": (-5, 130),
}
# Ranges that need the model's depth: out to the side, turning, and bending in space.
OUT_RANGES = {"shoulder": (-45, 90), "hip": (-30, 60)}
TURN_RANGES = {"hip": (-45, 60), "shoulder": (-100, 120)}
BEND_LIMIT = {"elbow": 160, "knee": 160}
TWIST_LIMIT = 60
SIDE_BEND_LIMIT = 40
HEAD_TURN_LIMIT = 80
OUT_OF_PLANE = 5
"""Out angles up to this many degrees still count as a movement in the side view."""


# -----------------------------------------------------------------------------
# Vectors
# -----------------------------------------------------------------------------


def _add(a: Vec, b: Vec) -> Vec:
    return a[0] + b[0], a[1] + b[1], a[2] + b[2]


def _sub(a: Vec, b: Vec) -> Vec:
    return a[0] - b[0], a[1] - b[1], a[2] - b[2]


def _mul(a: Vec, k: float) -> Vec:
    return a[0] * k, a[1] * k, a[2] * k


def _dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def _cross(a: Vec, b: Vec) -> Vec:
    return a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]


def _unit(a: Vec) -> Vec:
    n = math.sqrt(_dot(a, a))
    return (0.0, 0.0, 0.0) if n == 0 else _mul(a, 1 / n)


def _rotate(v: Vec, axis: Vec, degrees: float) -> Vec:
    """`v` turned about the unit vector `axis` (right-hand rule)."""
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return _add(_add(_mul(v, c), _mul(_cross(axis, v), s)), _mul(axis, _dot(axis, v) * (1 - c)))


def _flat(angle: float) -> Vec:
    """A direction in the side view."""
    rad = math.radians(angle)
    return math.cos(rad), math.sin(rad), 0.0


def _direction(angle: float, out: float, side: int) -> Vec:
    """A segment's direction: `angle` in the side view, swung `out` degrees to its own side."""
    a, o = math.radians(angle), math.radians(out)
    return math.cos(a) * math.cos(o), math.sin(a) * math.cos(o), side * math.sin(o)


def _angle_between(a: Vec, b: Vec) -> float:
    return math.degrees(math.acos(max(-1.0, min(1.0, _dot(_unit(a), _unit(b))))))


def _wrap(angle: float) -> float:
    """An angle in (-180, 180]."""
    a = (angle + 180) % 360 - 180
    return 180.0 if a == -180 else a


# -----------------------------------------------------------------------------
# The body in space
# -----------------------------------------------------------------------------


def limbs(frame: Frame, side: str) -> Limbs:
    return getattr(frame, side) or frame.near


LEG_POINTS = ("hip", "pelvis", "knee", "ankle", "toe")
UPPER_POINTS = ("chest", "shoulder", "elbow", "hand", "head", "nose", "eye")
"""The points a curl turns about the waist."""


def body(frame: Frame) -> dict[str, Vec]:
    """Every point of the body, with the middle of the hips at the origin."""
    trunk = _flat(frame.trunk)
    shoulder = _mul(trunk, LENGTH["trunk"])
    spine = _add(_mul(trunk, LENGTH["trunk"] / 2), _mul(_flat(frame.trunk + 90), frame.bend))
    p: dict[str, Vec] = {"hip": (0.0, 0.0, 0.0), "spine": spine, "shoulder": shoulder}
    for side, s in SIDES.items():
        lb = limbs(frame, side)

        def beside(point: Vec, part: str, s: int = s) -> Vec:
            return _add(point, (0.0, 0.0, s * HALF_WIDTH[part]))

        p[f"{side}.pelvis"] = beside(p["hip"], "pelvis")
        p[f"{side}.waist"] = beside(spine, "waist")
        p[f"{side}.chest"] = beside(shoulder, "chest")
        p[f"{side}.shoulder"] = top = beside(shoulder, "shoulder")
        p[f"{side}.hip"] = root = beside(p["hip"], "hip")
        p[f"{side}.elbow"] = elbow = _add(top, _mul(_direction(lb.arm[0], lb.arm_out[0], s), LENGTH["upper_arm"]))
        p[f"{side}.hand"] = _add(elbow, _mul(_direction(lb.arm[1], lb.arm_out[1], s), LENGTH["forearm"]))
        p[f"{side}.knee"] = knee = _add(root, _mul(_direction(lb.leg[0], lb.leg_out[0], s), LENGTH["thigh"]))
        p[f"{side}.ankle"] = ankle = _add(knee, _mul(_direction(lb.leg[1], lb.leg_out[1], s), LENGTH["shin"]))
        p[f"{side}.toe"] = _add(ankle, _mul(_direction(lb.leg[2], lb.leg_out[2], s), LENGTH["foot"]))

    # The head: a ball on the neck, with its face a quarter turn clockwise from the neck.
    up = _flat(frame.head)
    face = _rotate(_flat(frame.head - 90), up, -frame.head_turn)
    across = _cross(face, up)
    p["head"] = head = _add(shoulder, _mul(up, LENGTH["neck"]))
    p["nose"] = _add(head, _mul(face, THICK["head"]))
    for side, s in SIDES.items():
        p[f"{side}.eye"] = _add(head, _add(_mul(face, 7), _add(_mul(up, 2.5), _mul(across, s * 4.5))))

    # A curl turns everything above the waist forwards about it, before the body bends
    # sideways, twists or rolls; the hips, legs and lower back stay where they are.
    if frame.curl:
        for name in list(p):
            if name.split(".")[-1] in UPPER_POINTS:
                p[name] = _add(spine, _rotate(_sub(p[name], spine), (0.0, 0.0, 1.0), -frame.curl))

    # A side bend swings the hips and legs towards the far side, and twist turns them;
    # the waist goes half as far. Twist and roll turn the front of the body towards the
    # near side; roll turns everything. A twisted pelvis rolls on its back, so it rises
    # as far as its edge would otherwise sink.
    axis = _mul(trunk, -1)
    front = _flat(frame.trunk - 90)
    for amount, turn_about in ((frame.side_bend, front), (frame.twist, axis)):
        if not amount:
            continue
        for name in list(p):
            part = name.split(".")[-1]
            if part in LEG_POINTS and name != "hip":
                p[name] = _rotate(p[name], turn_about, amount)
            elif part == "waist":
                p[name] = _rotate(p[name], turn_about, amount / 2)
            if turn_about is axis and name != "hip" and part in (*LEG_POINTS, "waist"):
                half = HALF_WIDTH[part if part == "waist" else "pelvis"]
                p[name] = _add(
                    p[name], _mul(front, half * abs(math.sin(math.radians(amount / (2 if part == "waist" else 1)))))
                )
    if frame.roll:
        p = {name: _rotate(v, axis, frame.roll) for name, v in p.items()}
    return p


@functools.cache
def radius(point: str) -> float:
    """Half the thickness of the body at a point; 0 for marks on the face."""
    part = point.split(".")[-1]
    if part in ("pelvis", "waist", "chest") or point in ("hip", "spine", "shoulder"):
        return THICK["trunk"]
    if part == "head":
        return THICK["head"]
    if part in ("shoulder", "elbow", "hand"):
        return THICK["arm"]
    if part in ("hip", "knee", "ankle", "toe"):
        return THICK["leg"]
    return 0.0


def contact_groups(names, curled: bool = False) -> list[list[str]]:
    """The points that must touch the floor for parts such as "hand", "back" or "near.forearm".

    Each group touches when its lowest point does: the hips rest on the floor whether
    the body lies on its back (both sides down) or on its side (one side down)."""
    parts = {
        "hand": ["hand"], "elbow": ["elbow"], "forearm": ["elbow", "hand"], "knee": ["knee"],
        "shin": ["knee", "ankle"], "foot": ["ankle", "toe"], "toes": ["toe"], "heel": ["ankle"],
    }  # fmt: skip
    whole = {
        "hip": [["near.pelvis", "far.pelvis"]],
        "shoulder": [["near.chest", "far.chest"]],
        "head": [["head"]],
        # The back rests on the hips and the shoulders; curled up (`curled`), on the hips and waist.
        "back": [["near.pelvis", "far.pelvis"], ["near.waist", "far.waist"] if curled else ["near.chest", "far.chest"]],
    }
    out: list[list[str]] = []
    for name in names:
        if name in whole:
            groups = whole[name]
        else:
            side, part = name.split(".") if "." in name else (None, name)
            groups = [[f"{s}.{p}"] for s in ([side] if side else SIDES) for p in parts[part]]
        out += [g for g in groups if g not in out]
    return out


def contact_points(names) -> list[str]:
    return [point for group in contact_groups(names) for point in group]


def resting_groups(frame: Frame) -> list[list[str]]:
    """The groups of points a frame rests on (`contact_groups` of its contacts)."""
    return contact_groups(frame.contacts, frame.curl > 0)


def _lowest(points: dict[str, Vec], group: list[str]) -> float:
    return min(points[n][1] - radius(n) for n in group)


def grounded(frame: Frame, groups: list[list[str]] | None = None) -> dict[str, Vec]:
    """The body lowered (or raised) so that its lowest resting part touches the floor (y = 0)."""
    points = body(frame)
    drop = min(_lowest(points, g) for g in (groups if groups is not None else resting_groups(frame)))
    return {k: (x, y - drop, z) for k, (x, y, z) in points.items()}


# -----------------------------------------------------------------------------
# Checks: could a body take this pose?
# -----------------------------------------------------------------------------


def _in_plane(lb: Limbs, limb: str) -> bool:
    return all(abs(o) <= OUT_OF_PLANE for o in (lb.arm_out if limb == "arm" else lb.leg_out[:2]))


def joint_angles(frame: Frame) -> dict[str, float]:
    """Bend at each joint as seen from the side, in degrees; 0 is straight (or upright for the neck).

    A joint whose limb swings out of the side view is left out: `_space_problems` checks it."""
    angles = {"neck": _wrap(frame.head - frame.trunk)}
    for side in SIDES:
        lb = limbs(frame, side)
        upper, fore = lb.arm
        thigh, shin, foot = lb.leg
        if _in_plane(lb, "arm"):
            shoulder = _wrap(upper - (frame.trunk + 180))
            angles[f"{side}.shoulder"] = shoulder + 360 if shoulder < -90 else shoulder
            angles[f"{side}.elbow"] = (fore - upper) % 360
        if _in_plane(lb, "leg"):
            angles[f"{side}.hip"] = _wrap(thigh - (frame.trunk + 180))
            angles[f"{side}.knee"] = (thigh - shin) % 360
        if abs(lb.leg_out[1] - lb.leg_out[2]) <= OUT_OF_PLANE:
            angles[f"{side}.ankle"] = (foot - shin) % 360
    return angles


def _turn(upper: Vec, lower: Vec, reference: Vec, side: int) -> float | None:
    """How far a limb is turned about its upper segment, from where a hinge with no turn
    would bend it (`reference`); None when the hinge is too straight to tell."""
    bend = _sub(lower, _mul(upper, _dot(lower, upper)))
    if math.sqrt(_dot(bend, bend)) < math.sin(math.radians(20)):
        return None
    bend = _unit(bend)
    return side * math.degrees(math.atan2(_dot(_cross(reference, bend), upper), _dot(reference, bend)))


def _space_problems(frame: Frame) -> list[str]:
    """Ranges that only make sense in space: swinging out, turning, and the trunk and head."""
    problems = []

    def check(name: str, value: float, low: float, high: float, what: str = "bends") -> None:
        if not low <= value <= high:
            problems.append(f"{name} {what} {value:.0f} degrees, outside {low} to {high}")

    for side, s in SIDES.items():
        lb = limbs(frame, side)
        for limb, out, segments, joint, hinge in (
            ("arm", lb.arm_out, lb.arm, "shoulder", "elbow"),
            ("leg", lb.leg_out, lb.leg, "hip", "knee"),
        ):
            if _in_plane(lb, limb):
                continue
            check(f"{side}.{joint}", out[0], *OUT_RANGES[joint], "swings out")
            upper = _direction(segments[0], out[0], s)
            lower = _direction(segments[1], out[1], s)
            check(f"{side}.{hinge}", _angle_between(upper, lower), 0, BEND_LIMIT[hinge])
            a = math.radians(segments[0])
            # With no turn, an elbow bends the forearm forward and a knee bends the shin back.
            forward = (-math.sin(a), math.cos(a), 0.0) if limb == "arm" else (math.sin(a), -math.cos(a), 0.0)
            turn = _turn(upper, lower, forward, s)
            if turn is not None:
                check(f"{side}.{joint}", turn, *TURN_RANGES[joint], "turns")
    check("trunk", frame.twist, -TWIST_LIMIT, TWIST_LIMIT, "twists")
    check("trunk", frame.side_bend, -SIDE_BEND_LIMIT, SIDE_BEND_LIMIT, "bends sideways")
    check("head", frame.head_turn, -HEAD_TURN_LIMIT, HEAD_TURN_LIMIT, "turns")
    return problems


def _floor_problems(points: dict[str, Vec], groups: list[list[str]], when: str = "") -> list[str]:
    problems = []
    for name, (_, y, _) in points.items():
        if radius(name) and y - radius(name) < -FLOOR_TOLERANCE:
            problems.append(f"{when}{name} is below the floor")
    for group in groups:
        gap = _lowest(points, group)
        if gap > FLOOR_TOLERANCE:
            part = group[0] if len(group) == 1 else group[0].split(".")[-1]
            problems.append(f"{when}{part} should rest on the floor but is {gap:.0f} units above it")
    return problems


def frame_problems(frame: Frame) -> list[str]:
    """Reasons a body could not take this frame: joints past their range, a part below
    the floor, or a resting part that does not reach the floor."""
    problems = []
    for joint, value in joint_angles(frame).items():
        low, high = RANGES[joint.split(".")[-1]]
        value = value - 360 if value > high and value - 360 >= low else value
        if not low <= value <= high:
            problems.append(f"{joint} bends {value:.0f} degrees, outside {low} to {high}")
    problems += _space_problems(frame)
    groups = resting_groups(frame)
    return problems + _floor_problems(grounded(frame, groups), groups)


def frames(pose: Pose, sides: bool = False) -> list[tuple[str, Frame]]:
    """A pose's frames by name. `sides`, for an exercise done on alternate sides, adds
    "other_side": the end done on the other side of the body, unless the pose goes the other way."""
    found = [("start", pose.start), ("middle", pose.middle), ("end", pose.end), ("other_way", pose.other_way)]
    if sides and pose.other_way is None:
        found.append(("other_side", mirrored(pose.end)))
    return [(name, f) for name, f in found if f is not None]


OPPOSITE = {"near": "far", "far": "near"}
SIDEWAYS = ("roll", "twist", "side_bend", "head_turn")
"""A frame's turns and bends towards one side, which go towards the other side in its mirror image."""


def other_side(name: str) -> str:
    """A part named on one side, named on the other ("near.arm" is "far.arm"); parts on no side stay."""
    side, dot, part = name.partition(".")
    return f"{OPPOSITE[side]}.{part}" if dot and side in OPPOSITE else name


def mirrored(frame: Frame) -> Frame:
    """The same position on the other side of the body: the near and far limbs change
    places, and every turn or bend towards one side goes towards the other."""
    update = {k: -getattr(frame, k) for k in SIDEWAYS}
    update |= {"contacts": [other_side(c) for c in frame.contacts], "near": limbs(frame, "far"), "far": frame.near}
    return frame.model_copy(update=update)


def one_sided(frame: Frame) -> list[str]:
    """What makes a frame differ from its mirror image: limbs or floor contacts on one side
    only, or a turn or bend towards one side. An exercise done on alternate sides starts
    from such a frame on both sides, so its start must have none of these."""
    found = [f"a {k.replace('_', ' ')}" for k in SIDEWAYS if getattr(frame, k)]
    if limbs(frame, "far") != frame.near:
        found.insert(0, "far limbs unlike the near ones")
    if sorted(frame.contacts) != sorted(other_side(c) for c in frame.contacts):
        found.insert(0, "contacts on one side only")
    return found


def _legs(pose: Pose, sides: bool = False) -> list[tuple[str, str]]:
    """The movements the animation makes, as (from, to) frame names."""
    found = [n for n, _ in frames(pose, sides)]
    names = [n for n in found if n not in ("other_way", "other_side")]
    legs = list(itertools.pairwise(names))
    return legs + [("start", n) for n in ("other_way", "other_side") if n in found]


def _under(points: dict[str, Vec], p: Vec) -> bool:
    """Whether a point lies under the trunk: lower than the middle of the back, and, seen
    from above, within the trunk's width of the line from the hips to the shoulders."""
    (ax, _, az), (bx, _, bz) = points["hip"], points["shoulder"]
    dx, dz = bx - ax, bz - az
    t = max(0.0, min(1.0, ((p[0] - ax) * dx + (p[2] - az) * dz) / (dx * dx + dz * dz or 1.0)))
    across = math.hypot(p[0] - ax - t * dx, p[2] - az - t * dz)
    return p[1] < points["spine"][1] and across <= HALF_WIDTH["chest"] + THICK["arm"]


def pose_problems(pose: Pose, sides: bool = False) -> list[tuple[str, str]]:
    """Problems with each frame of a pose, and with the movement between frames: a part
    that rests on the floor at both ends of a movement stays there all the way, and a
    tucked hand (`Pose.tucked`) is under the body in each of the pose's own frames. `sides`
    also checks the movement from the start to the end on the other side (a mirror image
    of the end, with the end's own problems, so they are not counted twice)."""
    found = dict(frames(pose, sides))
    problems = [(name, p) for name, frame in found.items() if name != "other_side" for p in frame_problems(frame)]
    if problems:
        return problems
    ends = placed(pose, sides)
    problems = [
        (name, f"tucked: the {arm.partition('.')[0]} hand is not under the body")
        for name, points in ends.items()
        if name != "other_side"
        for arm in pose.tucked
        if not _under(points, points[arm.replace("arm", "hand")])
    ]
    for a, b in _legs(pose, sides):
        groups = _shared_groups(found[a], found[b])
        for i in range(1, STEPS):
            points = between(found[a], found[b], i / STEPS, (ends[a], ends[b]))
            for p in _floor_problems(points, groups, f"on the way from {a} to {b}, "):
                if (b, p) not in problems:
                    problems.append((b, p))
    return problems


# -----------------------------------------------------------------------------
# Frames in between
# -----------------------------------------------------------------------------

STEPS = 3
"""Steps for each movement of the animation (one more than the frames in between)."""
SIDE_STEPS = 2
"""Steps for each movement where the animation also goes through the other side, which
keeps it small enough; each step takes longer, so each movement takes as long."""


def tween(a: Frame, b: Frame, t: float) -> Frame:
    """The frame a fraction `t` of the way from `a` to `b`, each angle turning the short way."""

    def mix(x: float, y: float) -> float:
        return x + _wrap(y - x) * t

    def lerp(x: float, y: float) -> float:
        return x + (y - x) * t

    def side(la: Limbs, lb: Limbs) -> Limbs:
        return Limbs.model_construct(
            arm=[mix(x, y) for x, y in zip(la.arm, lb.arm)],
            leg=[mix(x, y) for x, y in zip(la.leg, lb.leg)],
            arm_out=[lerp(x, y) for x, y in zip(la.arm_out, lb.arm_out)],
            leg_out=[lerp(x, y) for x, y in zip(la.leg_out, lb.leg_out)],
        )

    return Frame.model_construct(
        caption=a.caption,
        contacts=list(a.contacts),
        trunk=mix(a.trunk, b.trunk),
        head=mix(a.head, b.head),
        bend=lerp(a.bend, b.bend),
        curl=lerp(a.curl, b.curl),
        roll=mix(a.roll, b.roll),
        twist=lerp(a.twist, b.twist),
        side_bend=lerp(a.side_bend, b.side_bend),
        head_turn=lerp(a.head_turn, b.head_turn),
        near=side(a.near, b.near),
        far=side(limbs(a, "far"), limbs(b, "far")),
    )


CHAINS = {"arm": ("shoulder", "elbow", "hand"), "leg": ("hip", "knee", "ankle", "toe")}
TRUNK_GROUPS = ("pelvis", "chest", "head")


def placed(pose: Pose, sides: bool = False) -> dict[str, dict[str, Vec]]:
    """Each frame of a pose (and with `sides`, the end on the other side) on the floor. The
    start is where `grounded` puts it; every other frame slides along the floor so that the
    parts it rests on in common with the start stay, on average, where they were: the trunk
    if it rests on the floor in both, otherwise the hands, knees and feet."""
    found = dict(frames(pose, sides))
    start = grounded(pose.start)
    out = {"start": start}
    for name, frame in found.items():
        if name == "start":
            continue
        points = grounded(frame)
        shared = [g for g in resting_groups(frame) if g in resting_groups(pose.start)]
        shared = [g for g in shared if g[0].split(".")[-1] in TRUNK_GROUPS] or shared
        pairs = [(_centre(start, g), _centre(points, g)) for g in shared]
        if pairs:
            dx = sum(a[0] - b[0] for a, b in pairs) / len(pairs)
            dz = sum(a[2] - b[2] for a, b in pairs) / len(pairs)
            points = {k: (x + dx, y, z + dz) for k, (x, y, z) in points.items()}
        out[name] = points
    return out


def _centre(points: dict[str, Vec], group: list[str]) -> Vec:
    return tuple(sum(points[n][i] for n in group) / len(group) for i in range(3))


def between(a: Frame, b: Frame, t: float, ends: tuple[dict[str, Vec], dict[str, Vec]]) -> dict[str, Vec]:
    """The body a fraction `t` of the way from `a` to `b` (placed as `ends`), on the floor.

    Angles turn evenly, and a hand, knee or foot that rests on the floor at both ends
    stays where it rests: its arm or leg bends to reach it (two-bone inverse kinematics).
    The body rests on the parts of the trunk it rests on at both ends; with none, its hips
    move evenly from one height to the other."""
    groups = _shared_groups(a, b)
    points = body(tween(a, b, t))
    hip = _along(ends[0]["hip"], ends[1]["hip"], t)
    trunk_groups = [g for g in groups if g[0].split(".")[-1] in TRUNK_GROUPS]
    if trunk_groups:
        lift = -min(_lowest(points, g) for g in trunk_groups)
    else:
        lift = hip[1] - points["hip"][1]
    points = {k: (x + hip[0], y + lift, z + hip[2]) for k, (x, y, z) in points.items()}
    pinned = {g[0] for g in groups if len(g) == 1 and g[0].split(".")[-1] not in TRUNK_GROUPS}
    for side in SIDES:
        for chain in CHAINS.values():
            names = [f"{side}.{j}" for j in chain]
            targets = {}
            for i, name in enumerate(names):
                if name in pinned:
                    x, _, z = _along(ends[0][name], ends[1][name], t)
                    targets[i] = (x, radius(name), z)
            if targets:
                _reach(points, names, targets)
            # A joint that would pass through the floor slides along it instead.
            low = {i: (x, radius(n), z) for i, n in enumerate(names) for x, y, z in [points[n]] if y < radius(n) - 0.5}
            if low:
                _reach(points, names, {**targets, **low})
    return points


def _reach(points: dict[str, Vec], names: list[str], targets: dict[int, Vec]) -> None:
    """Bend a chain of joints so that each joint with a target reaches it, keeping the length
    of every segment; segments past the last target keep their direction."""
    fixed = 0
    for k in sorted(targets):
        if k == fixed:
            continue
        chain = [points[n] for n in names]
        lengths = [math.dist(p, q) for p, q in itertools.pairwise(chain)]
        root, goal = chain[fixed], targets[k]
        if k - fixed > 2:  # keep the last segments' directions, and reach for where they start
            offset = _sub(chain[k], chain[fixed + 2])
            goal = _sub(goal, offset)
        if k - fixed == 1:  # one segment: keep the goal's height, and reach towards it
            length, aim = lengths[fixed], _sub(goal, root)
            flat = math.hypot(aim[0], aim[2])
            rise = max(-length, min(length, aim[1]))
            across = math.sqrt(length * length - rise * rise) / flat if flat > 1e-6 else 0.0
            new = [root, _add(root, (aim[0] * across, rise, aim[2] * across))]
        else:
            l1, l2 = lengths[fixed], lengths[fixed + 1]
            aim = _sub(goal, root)
            d = min(max(math.sqrt(_dot(aim, aim)), abs(l1 - l2) + 1e-3), l1 + l2 - 1e-3)
            towards = _unit(aim)
            bend = _sub(chain[fixed + 1], root)
            pole = _unit(_sub(bend, _mul(towards, _dot(bend, towards))))
            along = (l1 * l1 - l2 * l2 + d * d) / (2 * d)
            middle = _add(_add(root, _mul(towards, along)), _mul(pole, math.sqrt(max(0.0, l1 * l1 - along * along))))
            new = [root, middle, _add(root, _mul(towards, d))]
        last = min(k, fixed + 2)
        moved = _sub(new[-1], chain[last])
        for i, point in enumerate(new[1:], fixed + 1):
            points[names[i]] = point
        for i in range(last + 1, len(names)):
            points[names[i]] = _add(chain[i], moved)
        fixed = last


def _shared_groups(a: Frame, b: Frame) -> list[list[str]]:
    """The resting parts two frames share: they stay on the floor while the body moves."""
    first = resting_groups(a)
    return [g for g in first if g in resting_groups(b)] or first


# -----------------------------------------------------------------------------
# Seeing the body from a view
# -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Camera:
    right: Vec
    up: Vec
    toward: Vec
    """From the body towards the viewer."""

    @classmethod
    def looking(cls, turn: float, tilt: float) -> Camera:
        tr, tl = math.radians(turn), math.radians(tilt)
        toward = (math.sin(tr) * math.cos(tl), math.sin(tl), math.cos(tr) * math.cos(tl))
        right = (math.cos(tr), 0.0, -math.sin(tr))
        return cls(right, _cross(toward, right), toward)

    def see(self, p: Vec) -> Vec:
        """Across, up and depth (towards the viewer) in the picture."""
        return _dot(p, self.right), _dot(p, self.up), _dot(p, self.toward)


def camera(pose: Pose) -> Camera:
    turn, tilt = VIEWS[pose.view]
    return Camera.looking(pose.turn if pose.turn is not None else turn, pose.tilt if pose.tilt is not None else tilt)


# -----------------------------------------------------------------------------
# Marks: what the templates print
# -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """One SVG element: a stroked line, a filled and stroked plate, or a dot."""

    id: str
    """The same part has the same id in every frame, so the animation can move it."""
    shape: str
    """"line", "plate", "dot", "dashed": a dashed line, such as the outline of a part the body hides,
    "dotted": a dotted line, the rim of where a part started (`Pose.trace`), or "ring": a circle's
    outline (the close-up's, `Pose.close_up`)."""
    tone: str
    """A palette entry: "edge" (the background), "near", "far", "move", "move-far", "eye", "prop", "line",
    "cue", "hold", "swap", "pair", "pair-move", "towel", "trace" and "trace-rim"."""
    points: str
    """"x,y x,y ..." for lines and plates, "x,y" for a dot's centre."""
    size: float
    """A line's or plate's stroke width, or a dot's or ring's radius."""
    width: float = 0
    """A ring's stroke width."""


@dataclass(frozen=True)
class Outline:
    """A line or plate of the moving picture, drawn once and painted by one or more layers."""

    id: str
    tag: str
    points: str
    values: str | None
    """Its points at each step, separated by ";"; None if it does not move."""
    times: str | None = None
    """keyTimes of its own, where it leaves out steps (see `_motion`); None: the motion's."""


@dataclass(frozen=True)
class Layer:
    """A mark in the moving picture: one paint (edge, casing or colour) of an outline."""

    mark: Mark
    outline: str
    """The id of the outline it paints."""
    shown: str | None = None
    """"visible;hidden;..." for an eye, which shows only while it faces you."""
    times: str | None = None
    """keyTimes of its own for `shown` (see `_motion`); None: the motion's."""


@dataclass(frozen=True)
class Group:
    """The layers of one part, at one place in the order in which parts are painted."""

    layers: list[Layer]
    shown: str | None = None
    """"visible;hidden;..." for a part drawn at this place only in some steps."""
    times: str | None = None
    """keyTimes of its own for `shown` (see `_motion`); None: the motion's."""


@dataclass(frozen=True)
class Motion:
    outlines: list[Outline]
    groups: list[Group]
    times: str
    """keyTimes shared by every animation."""
    dur: str
    held: str | None = None
    """"visible;hidden;..." for the hold mark, which shows only while the figure holds an end."""
    held_times: str | None = None
    """keyTimes of its own for `held` (see `_motion`); None: the motion's."""
    at_end: str | None = None
    """"visible;hidden;..." for the swap mark, which shows only while the figure is at the end
    that carries it."""
    at_end_times: str | None = None
    """keyTimes of its own for `at_end` (see `_motion`); None: the motion's."""
    at_start: str | None = None
    """"visible;hidden;..." for the pair mark, which shows only while the figure is at the start."""
    at_start_times: str | None = None
    """keyTimes of its own for `at_start` (see `_motion`); None: the motion's."""


@dataclass(frozen=True)
class CloseUp:
    """A round close-up of the lower back and the floor under it, drawn above the figure in each
    still picture (`Pose.close_up`): the pictures' own marks near there, enlarged in a circle."""

    box: tuple[float, float, float]
    """The square that holds the circle: its left, its top and its side."""
    view: str
    """The part of the picture it enlarges, as a viewBox: "left top side side"."""
    under: list[Mark]
    """The circle's ground, drawn first."""
    over: list[Mark]
    """Drawn after the enlarged marks: its rim, a small circle round the part it enlarges and a line
    between the two."""
    frames: dict[str, list[Mark]]
    """Each still picture's marks that the close-up enlarges."""


@dataclass(frozen=True)
class Scene:
    """Everything needed to draw a pose: its frames, the props and the cues."""

    width: int
    height: int
    moving_box: tuple[int, int, int, int]
    """The moving picture's viewBox: the still pictures' canvas, grown to hold every step."""
    frames: dict[str, list[Mark]]
    backdrop: list[Mark]
    arrows: list[Mark] = field(default_factory=list)
    motion: Motion | None = None
    hold: list[Mark] = field(default_factory=list)
    """The hold mark, drawn in each end the pose holds (`Pose.held`), after the figure."""
    held_ends: frozenset[str] = frozenset()
    """The frames drawn with the hold mark."""
    swap: list[Mark] = field(default_factory=list)
    """The swap mark, drawn last in the end: do both sides, one and then the other (`per_side`);
    or, for an exercise done on alternate sides, in the end on the other side."""
    pair: list[Mark] = field(default_factory=list)
    """The pair mark, drawn last in the start: the arm and the leg that move are on opposite sides."""
    close_up: CloseUp | None = None
    """The close-up of the lower back, in each still picture (`Pose.close_up`)."""

    def shows(self, mark_id: str, frame: str | None = None) -> bool:
        """Whether any frame (or this one) has the mark with this id, such as "gap" for the gap marker."""
        frames = [self.frames.get(frame, [])] if frame else self.frames.values()
        return any(m.id == mark_id for marks in frames for m in marks)

    def tucks(self) -> bool:
        """Whether any frame draws the dashed outline of a part the body hides (`Pose.tucked`)."""
        return any(m.id.endswith(".tuck") for marks in self.frames.values() for m in marks)

    def traces(self) -> bool:
        """Whether any frame draws, faintly, where the body started (`Pose.trace`)."""
        return any(m.tone == "trace" for marks in self.frames.values() for m in marks)

    def paler(self) -> bool:
        """Whether any frame draws a limb in a paler tone, as on the far side of the body."""
        return any(m.tone in ("far", "move-far") for marks in self.frames.values() for m in marks)


Seen = dict[str, Vec]
"""A body's points as (across, up, depth) in the picture."""


@dataclass
class _Part:
    """A part of the figure, for deciding what is drawn over what."""

    key: str
    sticks: list[tuple[Vec, Vec, float]]
    """Rounded sticks (from, to, radius) that make up its volume."""
    marks: list[tuple[str, str, str, list[Vec], float]]
    """(id, shape, tone, points, size) before they are placed on the canvas."""
    joint: Vec | None = None
    """Where a limb or the neck joins the trunk: crossings there do not count."""
    bias: float = 0.0

    @functools.cached_property
    def boxes(self) -> list[tuple[float, float, float, float]]:
        """Left, bottom, right and top of each stick as seen, with its thickness."""
        return [
            (min(a[0], b[0]) - r, min(a[1], b[1]) - r, max(a[0], b[0]) + r, max(a[1], b[1]) + r)
            for a, b, r in self.sticks
        ]

    @functools.cached_property
    def box(self) -> tuple[float, float, float, float]:
        """Left, bottom, right and top of the whole part."""
        boxes = self.boxes
        return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)

    @property
    def depth(self) -> float:
        ends = [p for a, b, _ in self.sticks for p in (a, b)]
        return sum(p[2] for p in ends) / len(ends) + self.bias


def _stroked(key: str, tone: str, points: list[Vec], width: float, shape: str = "line") -> list:
    """Marks for a part: its background edge, then the part itself. A moving part is
    drawn in the moving colour inside a dark casing, which also shows in black and white."""
    marks = [(f"{key}-e", shape, "edge", points, width + 2 * EDGE)]
    if tone == "move":
        return marks + [(f"{key}-c", shape, "near", points, width), (key, shape, "move", points, width - 3.4)]
    if tone == "move-far":
        return marks + [(f"{key}-c", shape, "far", points, width), (key, shape, "move-far", points, width - 3.4)]
    return marks + [(key, shape, tone, points, width)]


def _ring(a: Vec, b: Vec, r: float, arc: int = 4) -> list[Vec]:
    """The outline of a rounded stick from `a` to `b`, seen flat, as a closed line with a
    fixed number of points (so that it can move in the animation)."""
    length = math.hypot(b[0] - a[0], b[1] - a[1])
    d = ((b[0] - a[0]) / length, (b[1] - a[1]) / length) if length > 1e-6 else (1.0, 0.0)
    n = (-d[1], d[0])
    out = []
    for (x, y, z), sign in ((b, 1), (a, -1)):
        # From one side of the stick, round its end, to the other side.
        for i in range(arc + 1):
            c, s = math.cos(math.pi * i / arc), math.sin(math.pi * i / arc)
            out.append((x + sign * r * (c * n[0] + s * d[0]), y + sign * r * (c * n[1] + s * d[1]), z))
    return out + out[:1]


def _figure(
    p: Seen, moving: set[str], towel: bool, resting: frozenset[str] = frozenset(), tucked: frozenset[str] = frozenset()
) -> list[_Part]:
    """The parts of one frame, seen from the camera, in no particular order. Limbs in
    `resting` carry the body's weight and are drawn dark, whichever side they are on.
    The forearms of the arms in `tucked` lie under the body: each is drawn again, as a
    dashed outline, in front of everything."""
    # Limbs on the side turned towards you are drawn darker; sides level with you are the same.
    towards = (p["near.shoulder"][2] - p["far.shoulder"][2]) / (2 * HALF_WIDTH["shoulder"])
    shade = {"near": "near", "far": "far"} if towards > 0.3 else {"near": "far", "far": "near"}
    if abs(towards) <= 0.3:
        shade = {"near": "near", "far": "near"}

    # The trunk is two plates, hips to waist and waist to shoulders. Both edges (and
    # casings) go down before either plate, so no seam shows at the waist.
    halves = {
        "pelvis": [p["near.pelvis"], p["near.waist"], p["far.waist"], p["far.pelvis"]],
        "chest": [p["near.waist"], p["near.chest"], p["far.chest"], p["far.waist"]],
    }
    width = 2 * THICK["trunk"]
    trunk_marks = [(f"{k}-e", "plate", "edge", v, width + 2 * EDGE) for k, v in halves.items()]
    trunk_marks += [(f"{k}-c", "plate", "near", v, width) for k, v in halves.items() if k in moving]
    trunk_marks += [
        (k, "plate", "move", v, width - 3.4) if k in moving else (k, "plate", "near", v, width)
        for k, v in halves.items()
    ]
    parts = [
        _Part(
            "trunk",
            [(p[f"{s}.pelvis"], p[f"{s}.chest"], THICK["trunk"]) for s in SIDES]
            + [(p["hip"], p["spine"], THICK["trunk"]), (p["spine"], p["shoulder"], THICK["trunk"])],
            trunk_marks,
            bias=-2,
        )
    ]

    head_tone = "move" if "head" in moving else "near"
    r = THICK["head"]
    head_marks = _stroked("neck", "near", [p["shoulder"], p["head"]], 2 * THICK["neck"])
    head_marks += [("nose-e", "dot", "edge", [p["nose"]], 3.5 + EDGE), ("head-e", "dot", "edge", [p["head"]], r + EDGE)]
    head_marks.append(("nose", "dot", "near", [p["nose"]], 3.5))
    if head_tone == "move":
        head_marks += [("head-c", "dot", "near", [p["head"]], r), ("head", "dot", "move", [p["head"]], r - 1.7)]
    else:
        head_marks.append(("head", "dot", "near", [p["head"]], r))
    for side in SIDES:
        # An eye shows only on the side of the head turned towards you.
        seen = p[f"{side}.eye"][2] - p["head"][2] > 3
        head_marks.append((f"{side}.eye", "dot", "eye", [p[f"{side}.eye"]], 1.9 if seen else 0))
    # A nose turned towards you is drawn again over the face, ringed, so that a face
    # seen from in front or above still shows where it looks.
    facing = p["nose"][2] - p["head"][2] > 5
    head_marks.append(("nose-fe", "dot", "edge", [p["nose"]], 2.6 + EDGE if facing else 0))
    head_marks.append(("nose-f", "dot", "near", [p["nose"]], 2.6 if facing else 0))
    parts.append(_Part("head", [(p["shoulder"], p["head"], THICK["neck"]), (p["head"], p["head"], r)], head_marks))

    for side in SIDES:
        arm = [p[f"{side}.shoulder"], p[f"{side}.elbow"], p[f"{side}.hand"]]
        leg = [p[f"{side}.hip"], p[f"{side}.knee"], p[f"{side}.ankle"], p[f"{side}.toe"]]
        for limb, points, thick in (("arm", arm, THICK["arm"]), ("leg", leg, THICK["leg"])):
            key = f"{side}.{limb}"
            tone = "move" if key in moving or f"{limb}s" in moving else shade[side]
            if key in resting:
                tone = "move" if tone == "move" else "near"
            elif tone == "move" and shade[side] == "far":
                tone = "move-far"
            # A tucked arm lies under the body, which is drawn over it.
            behind = -FRONT if key in tucked else 0
            sticks = [((*a[:2], a[2] + behind), (*b[:2], b[2] + behind), thick) for a, b in itertools.pairwise(points)]
            parts.append(_Part(key, sticks, _stroked(key, tone, points, 2 * thick), joint=points[0], bias=1))
    for side in sorted(SIDES):
        if f"{side}.arm" in tucked:
            elbow, hand = p[f"{side}.elbow"], p[f"{side}.hand"]
            front = [(x, y, z + FRONT) for x, y, z in (elbow, hand)]
            ring = (f"{side}.tuck", "dashed", "edge", _ring(elbow, hand, THICK["arm"]), 1.6)
            parts.append(_Part(f"{side}.tuck", [(front[0], front[1], THICK["arm"])], [ring]))
    if towel:
        band = [p["near.hand"], p["near.toe"]]
        parts.append(_Part("towel", [(band[0], band[1], THICK["towel"])], _stroked("towel", "towel", band, 3), bias=50))
    return parts


FRONT = 1e4
"""Added to the depth of a dashed outline, which is drawn over everything it crosses."""

TRACE_RIM = 1.5
"""The width of the dotted rim round where a part started."""


def _moved(start: list[Mark], now: list[Mark]) -> list[Mark]:
    """The marks of the trunk, the head and the limbs in the moving colour at the start (not
    their edges or casings) whose part has moved by the frame drawn with `now`."""
    later = {m.id: m for m in now}
    return [
        m
        for m in start
        if m.id in later and (m.id in ("pelvis", "chest", "neck", "head") or m.tone in ("move", "move-far"))
        if max(math.dist(a, b) for a, b in zip(_read_points(m.points), _read_points(later[m.id].points))) > 3
    ]


def _traced(marks: list[Mark]) -> list[Mark]:
    """Where these parts were, to draw behind a later frame: each faint, inside a dotted rim.
    Every rim goes down before any inside, so where two parts meet only their outline shows."""
    rims = []
    for m in marks:
        if m.shape == "dot":
            ((x, y),) = _read_points(m.points)
            ring = _ring((x, y, 0.0), (x, y, 0.0), m.size + TRACE_RIM / 2, arc=12)
            rims.append(Mark(f"{m.id}-tr", "dotted", "trace-rim", _fmt_points(ring), TRACE_RIM))
        else:
            outline = m.points + (" " + m.points.split()[0] if m.shape == "plate" else "")
            rims.append(Mark(f"{m.id}-tr", "dotted", "trace-rim", outline, m.size + 2 * TRACE_RIM))
    return rims + [Mark(f"{m.id}-t", m.shape, "trace", m.points, m.size) for m in marks]


def _closest(a0: Vec, a1: Vec, b0: Vec, b1: Vec) -> tuple[float, float]:
    """Where two sticks, seen flat, come closest: the fraction along each."""
    d1 = (a1[0] - a0[0], a1[1] - a0[1])
    d2 = (b1[0] - b0[0], b1[1] - b0[1])
    r = (a0[0] - b0[0], a0[1] - b0[1])
    aa, ee, f = d1[0] ** 2 + d1[1] ** 2, d2[0] ** 2 + d2[1] ** 2, d2[0] * r[0] + d2[1] * r[1]
    if aa < 1e-9 and ee < 1e-9:
        return 0.0, 0.0
    if aa < 1e-9:
        return 0.0, min(1.0, max(0.0, f / ee))
    c = d1[0] * r[0] + d1[1] * r[1]
    if ee < 1e-9:
        return min(1.0, max(0.0, -c / aa)), 0.0
    b = d1[0] * d2[0] + d1[1] * d2[1]
    denom = aa * ee - b * b
    s = min(1.0, max(0.0, (b * f - c * ee) / denom)) if denom > 1e-9 else 0.0
    t = (b * s + f) / ee
    if t < 0:
        t, s = 0.0, min(1.0, max(0.0, -c / aa))
    elif t > 1:
        t, s = 1.0, min(1.0, max(0.0, (b - c) / aa))
    return s, t


def _along(a: Vec, b: Vec, t: float) -> Vec:
    return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t


def _front(a: _Part, b: _Part) -> int:
    """1 if `a` is seen in front of `b` where they cross, -1 if behind, 0 if they do not cross."""
    (al, ab, ar, at), (bl, bb, br, bt) = a.box, b.box
    if al > br or bl > ar or ab > bt or bb > at:
        return 0
    best, verdict = 0.5, 0
    for (a0, a1, ra), (al, ab, ar, at) in zip(a.sticks, a.boxes):
        for (b0, b1, rb), (bl, bb, br, bt) in zip(b.sticks, b.boxes):
            if al > br or bl > ar or ab > bt or bb > at:
                continue
            reach = ra + rb
            s, t = _closest(a0, a1, b0, b1)
            pa, pb = _along(a0, a1, s), _along(b0, b1, t)
            gap = math.hypot(pb[0] - pa[0], pb[1] - pa[1])
            overlap = reach - gap
            if overlap <= best:
                continue
            # The middle of where the two overlap, and the depth of each surface there.
            k = 0.5 if gap < 1e-6 else (gap - rb + ra) / (2 * gap)
            w = (pa[0] + (pb[0] - pa[0]) * k, pa[1] + (pb[1] - pa[1]) * k)
            joint = a.joint if b.key == "trunk" else b.joint if a.key == "trunk" else None
            if joint is not None and math.hypot(w[0] - joint[0], w[1] - joint[1]) < reach:
                continue
            ea, eb = math.hypot(w[0] - pa[0], w[1] - pa[1]), math.hypot(w[0] - pb[0], w[1] - pb[1])
            da = pa[2] + math.sqrt(max(0.0, ra * ra - ea * ea))
            db = pb[2] + math.sqrt(max(0.0, rb * rb - eb * eb))
            if abs(da - db) < 0.3:
                continue
            best, verdict = overlap, 1 if da > db else -1
    return verdict


def _crossings(parts: list[_Part]) -> dict[tuple[str, str], int]:
    """For each pair of parts that cross, 1 if the first is in front there, -1 if behind."""
    found = {}
    for i, a in enumerate(parts):
        for b in parts[i + 1 :]:
            verdict = _front(a, b)
            if verdict:
                found[a.key, b.key], found[b.key, a.key] = verdict, -verdict
    return found


def _paint_order(parts: list[_Part], crossings=None, depth=None) -> list[_Part]:
    """Far to near: a part is drawn after every part it is in front of where they cross,
    and otherwise in order of depth (`depth` may give each part's depth instead)."""
    crossings = _crossings(parts) if crossings is None else crossings
    depth = depth or {p.key: p.depth for p in parts}
    left = {p.key: p for p in parts}
    order = []
    while left:
        ready = [p for k, p in left.items() if not any(crossings.get((k, o), 0) > 0 for o in left)]
        part = min(ready or left.values(), key=lambda p: depth[p.key])
        order.append(part)
        del left[part.key]
    return order


def _steady_orders(steps: list[list[_Part]]) -> list[list[_Part]]:
    """Paint orders for the steps of an animation that change only where they must: parts
    that cross the same way in every step where they cross keep that order throughout, and
    parts that never cross keep the order of their average depth."""
    seen = [_crossings(parts) for parts in steps]
    ways: dict[tuple[str, str], set[int]] = {}
    for crossings in seen:
        for pair, verdict in crossings.items():
            ways.setdefault(pair, set()).add(verdict)
    steady = {pair: next(iter(v)) for pair, v in ways.items() if len(v) == 1}
    depth = {p.key: sum(q.depth for s in steps for q in s if q.key == p.key) / len(steps) for p in steps[0]}
    return [_paint_order(parts, {**steady, **crossings}, depth) for parts, crossings in zip(steps, seen)]


def _resting(frame: Frame) -> frozenset[str]:
    """The limbs a body lying on its side rests on (the supporting forearm of a side plank):
    seen from in front they are the far side, but they carry the weight, so they stay dark."""
    if abs(frame.roll) < 45:
        return frozenset()
    limb = {"hand": "arm", "elbow": "arm", "forearm": "arm", "knee": "leg", "shin": "leg", "foot": "leg", "heel": "leg"}
    return frozenset(
        f"{side}.{limb[part]}" for side, _, part in (c.partition(".") for c in frame.contacts) if part in limb
    )


def _moving_parts(pose: Pose) -> set[str]:
    if pose.moving is not None:
        return set(pose.moving)
    found = set()
    for cue in pose.cues:
        side, _, part = cue.rpartition(".")
        if part in ("hand", "elbow"):
            found.add(f"{side}.arm")
        elif part in ("knee", "foot"):
            found.add(f"{side}.leg")
        elif cue == "knees":
            found.add("legs")
    return found


# -----------------------------------------------------------------------------
# Arrows
# -----------------------------------------------------------------------------


def _cue_point(points: Seen, cue: str) -> tuple[Vec, float]:
    """Where an arrow for `cue` is anchored, and how far from there the body's edge is."""
    if cue == "knees":
        a, b = points["near.knee"], points["far.knee"]
        return _along(a, b, 0.5), THICK["leg"]
    if cue == "back":
        return points["spine"], THICK["trunk"]
    if cue in ("hip", "shoulder", "head"):
        return points[cue], radius(cue)
    side, part = cue.split(".")
    name = {"hand": "hand", "elbow": "elbow", "knee": "knee", "foot": "toe"}[part]
    return points[f"{side}.{name}"], radius(f"{side}.{name}")


SHORTEST = 24
"""No arrow is drawn shorter than this, so a small movement still shows."""


def _arrow(path: list[tuple[float, float]], start_gap: float, key: str) -> list[Mark]:
    """An arrow along `path`, starting at the edge of the part that moves. A short movement
    still gets an arrow long enough to see, pointing the way it goes."""
    total = sum(math.dist(a, b) for a, b in itertools.pairwise(path))
    if total < 1:
        return []
    if total < start_gap + SHORTEST:
        (x0, y0), (x1, y1) = path[0], path[-1]
        ux, uy = (x1 - x0) / math.dist(path[0], path[-1]), (y1 - y0) / math.dist(path[0], path[-1])
        path = [(x0, y0), (x0 + ux * (start_gap + SHORTEST), y0 + uy * (start_gap + SHORTEST))]
    path = _trim(path, start_gap + 2, 2)
    if len(path) < 2:
        return []
    tip = path[-1]
    ux, uy = tip[0] - path[-2][0], tip[1] - path[-2][1]
    n = math.hypot(ux, uy) or 1
    ux, uy = ux / n, uy / n
    back = (tip[0] - ux * 7, tip[1] - uy * 7)
    head = [tip, (back[0] - uy * 5, back[1] + ux * 5), (back[0] + uy * 5, back[1] - ux * 5)]
    line = _trim(path, 0, 5)
    pts = _fmt_points(line)
    return [
        Mark(f"{key}-e", "line", "edge", pts, 3 + 2 * EDGE),
        Mark(f"{key}-eh", "plate", "edge", _fmt_points(head), 2 + 2 * EDGE),
        Mark(key, "line", "cue", pts, 3),
        Mark(f"{key}-h", "plate", "cue", _fmt_points(head), 2),
    ]


def _trim(path: list[tuple[float, float]], start: float, end: float) -> list[tuple[float, float]]:
    """`path` without its first `start` and last `end` units."""

    def cut(points: list[tuple[float, float]], length: float) -> list[tuple[float, float]]:
        while len(points) >= 2 and length > 0:
            d = math.dist(points[0], points[1])
            if d > length:
                k = length / d
                points = [
                    (points[0][0] + (points[1][0] - points[0][0]) * k, points[0][1] + (points[1][1] - points[0][1]) * k)
                ] + points[1:]
                break
            length -= d
            points = points[1:]
        return points

    return cut(cut(list(path), start)[::-1], end)[::-1]


def _swing(centre: tuple[float, float], towards: tuple[float, float], radius: float, span: float, key: str):
    """A two-way arrow along a circle round `centre`, through the point `radius` away
    in the direction of `towards`, `span` degrees each way: a part that turns about a joint
    (the pelvis) or about the body's length (the knees rolling)."""
    mid = math.atan2(towards[1] - centre[1], towards[0] - centre[0])
    steps = [mid + math.radians(span) * k / 6 for k in range(-6, 7)]
    arc = [(centre[0] + radius * math.cos(a), centre[1] + radius * math.sin(a)) for a in steps]
    marks = _arrow(arc, 0, f"{key}-a") + _arrow(arc[::-1], 0, f"{key}-b")
    # Both edges first, so that neither arrow's edge cuts into the other's head.
    return [m for m in marks if m.tone == "edge"] + [m for m in marks if m.tone != "edge"]


GAP_SHOWN = 5
"""A lower back this far off the floor, while the back rests on it, has the gap marked: its
small natural curve as well as an arch (the pelvic tilt's start and its other way)."""


def _gap(frame: Frame, points: dict[str, Vec], cam: Camera, place) -> list[Mark]:
    """A bar with a short cross-bar at each end, as on a measured drawing, standing in the
    gap between the floor and a lower back that arches off it while the back rests on the
    floor (pelvic tilt): the gap is what changes, and the bar shows its height."""
    if "back" not in frame.contacts:
        return []
    x, y, z = points["spine"]
    top = y - THICK["trunk"] - EDGE
    if top < GAP_SHOWN:
        return []
    return _gap_bar(place(cam.see((x, 1.0, z)))[:2], place(cam.see((x, top, z)))[:2])


def _gap_bar(foot: tuple[float, float], head: tuple[float, float]) -> list[Mark]:
    """The gap marker's bar from `foot` to `head`, with its cross-bars."""
    (x0, y0), (x1, y1) = foot, head
    n = math.hypot(x1 - x0, y1 - y0) or 1
    across = ((y1 - y0) / n * 4, (x0 - x1) / n * 4)
    lines = [
        [(x0, y0), (x1, y1)],
        [(x0 - across[0], y0 - across[1]), (x0 + across[0], y0 + across[1])],
        [(x1 - across[0], y1 - across[1]), (x1 + across[0], y1 + across[1])],
    ]
    # Edges first, in the background colour, so the bar stays clear of the body it meets.
    return [Mark(f"gap-e{i}", "line", "edge", _fmt_points(p), 2 + 2 * EDGE) for i, p in enumerate(lines)] + [
        Mark("gap" if i == 0 else f"gap-{i}", "line", "cue", _fmt_points(p), 2) for i, p in enumerate(lines)
    ]


# The close-up: the lower back and the floor under it, enlarged in a circle above the figure
# -----------------------------------------------------------------------------

ZOOM = 2.0
"""How much the close-up enlarges."""
ZOOM_R = 24
"""The radius of the close-up's circle."""
ZOOM_AT = 6
"""How high above the floor, under the lower back, the close-up is centred."""


def _close_up_spot(
    start: dict[str, Vec], cam: Camera, still: list[tuple[float, float, float, float]]
) -> tuple[tuple[float, float], tuple[float, float, float, float]]:
    """Where the close-up looks (under the lower back at the start, just above the floor) and the
    square that holds its circle: right above that, clear of everything the pictures draw there
    (`still`: left, bottom, right and top of each, seen from the view, with up positive)."""
    x, _, z = start["spine"]
    u, v, _ = cam.see((x, ZOOM_AT, z))
    lo, hi = min(e[0] for e in still) + ZOOM_R, max(e[2] for e in still) - ZOOM_R
    u0 = min(max(u, lo), hi) if lo <= hi else u
    under = [e[3] for e in still if e[0] < u0 + ZOOM_R + CLEAR and u0 - ZOOM_R - CLEAR < e[2]]
    floor = max(under, default=v) + 2 * CLEAR
    return (u, v), (u0 - ZOOM_R, floor, u0 + ZOOM_R, floor + 2 * ZOOM_R)


def _close_up(zoom, place, backdrop: list[Mark], drawings: dict[str, list[Mark]]) -> CloseUp:
    """The close-up's marks, once the canvas is laid out (`place`)."""
    (u, v), (left, _, _, top) = zoom
    cx, cy, _ = place((u, v, 0))
    r = ZOOM_R / ZOOM
    x0, y0, _ = place((left, top, 0))
    mx, my = x0 + ZOOM_R, y0 + ZOOM_R
    side = 2 * ZOOM_R

    def inside(m: Mark) -> bool:
        boxes = _boxes([(m.id, m.shape, m.tone, _read_points(m.points), m.size)])
        return any(b[0] < cx + r and cx - r < b[2] and b[1] < cy + r and cy - r < b[3] for b in boxes)

    # The line from the small circle to the big one, between their rims.
    d = math.hypot(mx - cx, my - cy) or 1
    ux, uy = (mx - cx) / d, (my - cy) / d
    link = [(cx + ux * r, cy + uy * r), (mx - ux * ZOOM_R, my - uy * ZOOM_R)]
    return CloseUp(
        box=(round(x0, 1), round(y0, 1), side),
        view=f"{cx - r:.1f} {cy - r:.1f} {2 * r:g} {2 * r:g}",
        under=[Mark("zoom-ground", "dot", "edge", f"{mx:.1f},{my:.1f}", ZOOM_R)],
        over=[
            Mark("zoom", "ring", "line", f"{mx:.1f},{my:.1f}", ZOOM_R, 1.5),
            Mark("zoom-at", "ring", "line", f"{cx:.1f},{cy:.1f}", r, 1),
            Mark("zoom-link", "line", "line", _fmt_points(link), 1),
        ],
        frames={name: [m for m in backdrop + marks if inside(m)] for name, marks in drawings.items()},
    )


# -----------------------------------------------------------------------------
# Props
# -----------------------------------------------------------------------------


def _level(cam: Camera) -> bool:
    """Whether the view is level with the floor, so that the floor is a line."""
    return abs(cam.toward[1]) < 0.15


def _props(pose: Pose, start: dict[str, Vec], bodies: list[dict[str, Vec]], cam: Camera, chair_at: float | None):
    """The mat (or, seen from above, the floor), wall, pillow and chairs, in space,
    as (id, shape, tone, points, size)."""
    xs = [v[0] for b in bodies for v in b.values()]
    zs = [v[2] for b in bodies for v in b.values()]
    level = _level(cam)
    props = []
    low_x, high_x = min(xs) - 6, max(xs) + 6
    low_z, high_z = min(zs) - 6, max(zs) + 6
    if "mat" in pose.props or not level:
        if level:  # a thin mat under the body where it starts
            sx = [v[0] for v in start.values()]
            low_x, high_x, low_z, high_z = min(sx) - 6, max(sx) + 6, 0, 0
        tone = "prop" if "mat" in pose.props else "floor"
        mat = [(low_x, 0, low_z), (high_x, 0, low_z), (high_x, 0, high_z), (low_x, 0, high_z)]
        props.append(("mat", "plate", tone, [_add(v, (0, -2, 0)) for v in mat] if level else mat, 4 if level else 1))
    if "wall" in pose.props:
        x = min(v[0] for v in start.values()) - 13
        wall = [(x, 0, -30), (x, 150, -30), (x, 150, 30), (x, 0, 30)]
        props.append(("wall", "plate", "prop", wall, 6))
    if "pillow" in pose.props:
        hx, _hy, hz = start["head"]
        pillow = [(hx - 10, 2.5, hz - 8), (hx + 10, 2.5, hz - 8), (hx + 10, 2.5, hz + 8), (hx - 10, 2.5, hz + 8)]
        props.append(("pillow", "plate", "prop", pillow, 5))
    if "chair" in pose.props and chair_at is not None:
        c = float(chair_at)
        props.append(("chair", "line", "line", [(c, 0, 0), (c, 44, 0), (c + 26, 44, 0)], 4))
        props.append(("chair-back", "line", "line", [(c + 24, 0, 0), (c + 24, 90, 0)], 4))
    if "seat" in pose.props:
        hx = start["hip"][0]
        seat = min(start["near.pelvis"][1], start["far.pelvis"][1]) - THICK["trunk"] - 2
        back, front = hx - 30, hx + 17
        for z in (-10, 10):
            props.append((f"seat{z}", "line", "line", [(back, seat + 52, z), (back, 0, z)], 4))
            props.append((f"seat-front{z}", "line", "line", [(back, seat, z), (front, seat, z), (front, 0, z)], 4))
    return props


# -----------------------------------------------------------------------------
# The scene
# -----------------------------------------------------------------------------

WIDTH = 180
"""Every drawing is at least this wide, in drawing units, so the figure keeps its size."""
PAD = 6


def _fmt_points(points) -> str:
    return " ".join(f"{p[0]:.0f},{p[1]:.0f}" for p in points)


def _read_points(points: str) -> list[tuple[float, float]]:
    """The points of a mark ("x,y x,y ..."), as numbers."""
    return [(float(x), float(y)) for x, y in (xy.split(",") for xy in points.split())]


def _path(pose: Pose, ends: dict[str, dict[str, Vec]]) -> tuple[list[tuple[str, dict[str, Vec]]], int]:
    """The body at every step of the animation: to the end and back, then (for movements
    both ways) to the other end and back, or (on alternate sides) to the end on the other
    side and back. Steps at a pose's own frames carry its name; the ones in between have
    none. The way back is the way there, in reverse. Also the first step on the other side
    (the number of steps, if there is none)."""
    found = dict(frames(pose, "other_side" in ends))
    n = SIDE_STEPS if "other_side" in ends else STEPS

    def there(names: list[str]) -> list[tuple[str, dict[str, Vec]]]:
        steps = [(names[0], ends[names[0]])]
        for a, b in itertools.pairwise(names):
            steps += [("", between(found[a], found[b], i / n, (ends[a], ends[b]))) for i in range(1, n)]
            steps.append((b, ends[b]))
        return steps

    out = there([n for n, _ in frames(pose) if n != "other_way"])
    out += out[-2::-1]
    if pose.other_way is not None:
        other = there(["start", "other_way"])
        out += other[1:] + other[-2::-1]
    switch = len(out)
    if "other_side" in ends:
        other = there(["start", "other_side"])
        out += other[1:] + other[-2::-1]
    return out, switch


def still_scene(frame: Frame, chair: int | None = None) -> Scene:
    """A scene of one frame, with a chair standing `chair` units ahead of the hips."""
    props = ["mat"] + (["chair"] if chair is not None else [])
    pose = Pose.model_construct(
        view="side", turn=None, tilt=None, props=props, start=frame, middle=None, end=frame,
        other_way=None, cues=[], moving=[], held=["end"],
    )  # fmt: skip
    return scene(pose, chair_at=chair, animate=False)


def scene(
    pose: Pose,
    chair_at: int | None = None,
    animate: bool = True,
    hold: bool = False,
    sides: bool = False,
    swap: bool = False,
) -> Scene:
    """Project every frame of a pose from its view, lay them out on one canvas, and
    work out the arrows and the moving picture. `hold` adds the hold mark to the ends
    the pose holds (`held`), for an exercise whose dose holds the end position. `sides`,
    for an exercise done on alternate sides, adds the end on the other side ("other_side",
    see `frames`), where the limbs that move there take the moving colour instead, and which
    carries the swap mark. `swap`, for an exercise done all on one side and then on the other
    (`per_side`), adds the swap mark to the end instead. The swap mark goes beside the hold
    mark. Where an arm and the opposite leg move, the start has the pair mark."""
    cam = camera(pose)
    keyframes = placed(pose, sides)
    trails = _trails(pose, keyframes)
    walk, switch = _path(pose, keyframes) if animate else ([], 0)
    held_ends = list(pose.held) + (["other_side"] if "other_side" in keyframes and "end" in pose.held else [])
    swapped_at = "other_side" if "other_side" in keyframes else "end" if swap else None
    bodies = list(keyframes.values()) + [b for _, b in walk]
    props = _props(pose, keyframes["start"], bodies, cam, chair_at)

    seen = {name: {k: cam.see(v) for k, v in b.items()} for name, b in keyframes.items()}
    walk_seen = [{k: cam.see(v) for k, v in b.items()} for _, b in walk]

    # The canvas of the still pictures holds every frame, the props and the arrows; the
    # moving picture's may be larger, to hold every step on the way. Both use one scale.
    def reach(bodies: list[Seen]) -> list[tuple[float, float, float, float]]:
        return [
            (u - radius(k), v - radius(k), u + radius(k), v + radius(k)) for s in bodies for k, (u, v, _) in s.items()
        ]

    still = reach(list(seen.values()))
    for _, _, _, points, size in props:
        still += [(u - size / 2, v - size / 2, u + size / 2, v + size / 2) for u, v, _ in map(cam.see, points)]
    if _level(cam):
        still.append((0, -1 - PAD / 2, 0, 0))
    for arrow in _arrows(pose, cam, lambda p: (p[0], -p[1], p[2]), keyframes["start"], trails):
        still += [(x, -y, x, -y) for x, y in _read_points(arrow.points)]
    figure_only = list(still)
    zoom = _close_up_spot(keyframes["start"], cam, still) if pose.close_up else None
    if zoom:
        still.append(zoom[1])
    left, bottom = min(e[0] for e in still), min(e[1] for e in still)
    right, highest = max(e[2] for e in still), max(e[3] for e in still)
    width = max(WIDTH, right - left + 2 * PAD)
    shift = (width - (right - left)) / 2 - left

    def place(p: Vec) -> Vec:
        return p[0] + shift, top + PAD - p[1], p[2]

    # The hold mark and the swap mark go side by side in a top corner of the end, and the pair
    # mark in one of the start, away from the head if they can, where they touch nothing of
    # the frames they are drawn in; where no corner is free, the canvas grows to make room.
    held = paired = arrows = None
    badges = int(hold) + int(swapped_at is not None)
    pair = _opposite_limbs(pose)

    def taken(names: set[str]) -> list[tuple[float, float, float, float]]:
        found = [
            m
            for name in names
            for part in _figure({k: place(v) for k, v in seen[name].items()}, set(), "towel" in pose.props)
            for m in part.marks
        ]
        found += [(i, shape, tone, [place(cam.see(v)) for v in pts], size) for i, shape, tone, pts, size in props]
        if zoom:
            (x0, y0, _), (x1, y1, _) = place((zoom[1][0], zoom[1][3], 0)), place((zoom[1][2], zoom[1][1], 0))
            return _boxes(found) + [(x0, y0, x1, y1)]
        return _boxes(found)

    for room in (0, HOLD_ROOM):
        top = highest + room
        if badges:
            ends = set(held_ends if hold else []) | ({swapped_at} if swapped_at else set())
            ends |= {"start"} if pose.trace else set()
            held = _corner_spots(taken(ends), place(seen["end"]["head"])[0], width, badges)
        if pair:
            arrows = _arrows(pose, cam, place, keyframes["start"], trails)
            drawn_arrows = [(m.id, m.shape, m.tone, _read_points(m.points), m.size) for m in arrows]
            paired = _corner_spots(taken({"start"}) + _boxes(drawn_arrows), place(seen["start"]["head"])[0], width)
        if (held or not badges) and (paired or not pair):
            break
    height = top - bottom + 2 * PAD

    # The moving picture has no close-up, so it leaves out the room the stills keep for one.
    every = figure_only + reach(walk_seen)
    x0, x1 = min(0, min(e[0] for e in every) + shift - PAD), max(width, max(e[2] for e in every) + shift + PAD)
    y_from = top + PAD - zoom[1][1] if zoom else 0
    y0, y1 = min(y_from, top - max(e[3] for e in every)), max(height, top + 2 * PAD - min(e[1] for e in every))
    moving_box = (round(x0), round(y0), round(x1 - x0), round(y1 - y0))

    def marks(parts: list[tuple]) -> list[Mark]:
        return [Mark(i, shape, tone, _fmt_points(place(p) for p in pts), size) for i, shape, tone, pts, size in parts]

    backdrop = marks([(i, shape, tone, [cam.see(v) for v in pts], size) for i, shape, tone, pts, size in props])
    if _level(cam):
        y = place((0, 0, 0))[1] + 1
        backdrop.insert(0, Mark("floor", "line", "line", f"{x0 + 4:.0f},{y:.0f} {x1 - 4:.0f},{y:.0f}", 2))
    moving = _moving_parts(pose)
    towel = "towel" in pose.props

    def parts(s: Seen, resting: frozenset[str] = frozenset(), side: int = 0) -> list[_Part]:
        """The parts of a body on the pose's own side (0) or on the other side (1)."""
        return _figure({k: place(v) for k, v in s.items()}, mirror[side][0], towel, resting, mirror[side][2])

    def drawn(order: list[_Part]) -> tuple[list[str], list[Mark]]:
        return [p.key for p in order], [
            Mark(i, shape, tone, _fmt_points(pts), size) for part in order for i, shape, tone, pts, size in part.marks
        ]

    found = dict(frames(pose, sides))
    # On the other side, the limbs on that side move: the moving, dark and tucked limbs change sides.
    mirror = (
        (moving, frozenset(pose.dark), frozenset(pose.tucked)),
        (
            {other_side(m) for m in moving},
            frozenset(map(other_side, pose.dark)),
            frozenset(map(other_side, pose.tucked)),
        ),
    )
    drawings = {
        name: drawn(
            _paint_order(parts(s, _resting(found[name]) | mirror[name == "other_side"][1], name == "other_side"))
        )[1]
        + _gap(found[name], keyframes[name], cam, place)
        for name, s in seen.items()
    }
    if pose.trace:
        start = drawings["start"]
        for name, marks in drawings.items():
            if name != "start":
                drawings[name] = _traced(_moved(start, marks)) + marks
    # The pair mark's search already placed the arrows, at the canvas's final size.
    arrows = arrows if arrows is not None else _arrows(pose, cam, place, keyframes["start"], trails)
    marked = _hold_mark(*held[0]) if held and hold else []
    for name in held_ends:
        drawings[name] += marked
    swapped = _swap_mark(*held[-1]) if held and swapped_at else []
    if swapped_at:
        drawings[swapped_at] += swapped
    pair_marks = _pair_mark(*paired[0]) if paired else []
    drawings["start"] += pair_marks
    return Scene(
        width=round(width),
        height=round(height),
        moving_box=moving_box,
        frames=drawings,
        backdrop=backdrop,
        arrows=arrows,
        motion=_motion(
            _walk_parts(walk_seen[:switch], lambda b: parts(b, _resting(pose.start) | mirror[0][1]))
            + _walk_parts(walk_seen[switch:], lambda b: parts(b, _resting(pose.start) | mirror[1][1], 1)),
            [n for n, _ in walk],
            drawn,
            held=frozenset(held_ends),
            swapped_at=swapped_at or "end",
            switch=switch if switch < len(walk) else None,
            pace=1.0 if switch == len(walk) else STEPS / SIDE_STEPS,
        )
        if animate
        else None,
        hold=marked,
        held_ends=frozenset(held_ends if marked else ()),
        swap=swapped,
        pair=pair_marks,
        close_up=_close_up(zoom, place, backdrop, drawings) if zoom else None,
    )


# The hold mark: a stopwatch, with no words or numbers
# -----------------------------------------------------------------------------

HOLD_R = 8
"""The radius of the stopwatch's dial; its button stands HOLD_TOP above it."""
HOLD_TOP = 4.5
CLEAR = 2
"""The least space between the hold mark and anything else in the end frame."""
HOLD_ROOM = 2 * HOLD_R + HOLD_TOP + CLEAR


def _boxes(marks: list[tuple]) -> list[tuple[float, float, float, float]]:
    """Left, top, right and bottom of each dot, stroke and plate of placed (id, shape, tone, points, size) marks."""
    out = []
    for _, shape, _, pts, size in marks:
        r = size if shape == "dot" else size / 2
        spans = [pts] if shape != "line" or len(pts) < 2 else list(itertools.pairwise(pts))
        for span in spans:
            xs, ys = [p[0] for p in span], [p[1] for p in span]
            out.append((min(xs) - r, min(ys) - r, max(xs) + r, max(ys) + r))
    return out


def _corner_spots(
    taken: list[tuple[float, float, float, float]], head: float, width: float, count: int = 1
) -> list[tuple[float, float]] | None:
    """The centres of `count` marks in a row, each the size of the hold mark's dial (in the
    end the hold mark, then the swap mark; in the start the pair mark), in a free top
    corner, the one away from the head first; the first is in the corner."""
    y = PAD / 2 + HOLD_TOP + HOLD_R
    step = 2 * HOLD_R + BADGE_GAP
    for x, way in [(PAD + HOLD_R, 1), (width - PAD - HOLD_R, -1)][:: 1 if head > width / 2 else -1]:
        spots = [(x + way * i * step, y) for i in range(count)]
        xs = [p[0] for p in spots]
        box = (min(xs) - HOLD_R - CLEAR, y - HOLD_R - HOLD_TOP - CLEAR, max(xs) + HOLD_R + CLEAR, y + HOLD_R + CLEAR)
        if not any(b[0] < box[2] and box[0] < b[2] and b[1] < box[3] and box[1] < b[3] for b in taken):
            return spots
    return None


def _hold_mark(x: float, y: float) -> list[Mark]:
    """A stopwatch: a ring (a disc with the background inside), a hand, a button on top
    and one at the side."""
    r = HOLD_R

    def at(angle: float, length: float) -> tuple[float, float]:
        return x + length * math.sin(math.radians(angle)), y - length * math.cos(math.radians(angle))

    crown = y - r - HOLD_TOP + 1
    return [
        Mark("hold-b", "line", "hold", _fmt_points([(x, y - r), (x, crown)]), 2.4),
        Mark("hold-c", "line", "hold", _fmt_points([(x - 2.5, crown), (x + 2.5, crown)]), 2),
        Mark("hold-s", "line", "hold", _fmt_points([at(45, r), at(45, r + 1.5)]), 2.2),
        Mark("hold", "dot", "hold", _fmt_points([(x, y)]), r),
        Mark("hold-f", "dot", "edge", _fmt_points([(x, y)]), r - 1.8),
        Mark("hold-h", "line", "hold", _fmt_points([(x, y), at(60, r - 2.6)]), 1.6),
    ]


BADGE_GAP = 5
"""Between the hold mark and the swap mark, side by side in a corner."""


def _swap_mark(x: float, y: float) -> list[Mark]:
    """The swap mark, for "do both sides": a solid triangle and its mirror image in outline,
    pointing apart on either side of a thin mirror line, all within the hold mark's dial."""
    r = HOLD_R - 1
    left = [(x - 2, y - r + 1), (x - 2, y + r - 1), (x - r, y)]
    right = [(x + 2, y - r + 1), (x + 2, y + r - 1), (x + r, y)]
    return [
        Mark("swap-l", "plate", "swap", _fmt_points(left), 1.6),
        Mark("swap-r", "plate", "swap", _fmt_points(right), 1.6),
        Mark("swap-f", "plate", "edge", _fmt_points(_shrunk(right, 1.8)), 0),
        Mark("swap-m", "line", "swap", _fmt_points([(x, y - r), (x, y + r)]), 1),
    ]


def _opposite_limbs(pose: Pose) -> bool:
    """Whether an arm and the leg on the other side move together (bird dog, dead bug)."""
    moving = _moving_parts(pose)
    return {"near.arm", "far.leg"} <= moving or {"far.arm", "near.leg"} <= moving


def _pair_mark(x: float, y: float) -> list[Mark]:
    """The pair mark, for "opposite arm and leg": a small figure, arms up and legs apart,
    with one arm and the leg on the other side in the moving colour, within the hold mark's dial."""
    neck, hip = (x, y - 3), (x, y + 2.5)
    limbs = {
        "pair-ra": [neck, (x + 6, y - 6.5)],
        "pair-ll": [hip, (x - 4, y + 7.5)],
        "pair-la": [neck, (x - 6, y - 6.5)],
        "pair-rl": [hip, (x + 4, y + 7.5)],
    }
    marks = [
        Mark("pair-h", "dot", "pair", _fmt_points([(x, y - 6.5)]), 2),
        Mark("pair-t", "line", "pair", _fmt_points([neck, hip]), 2.8),
    ]
    for key, pts in limbs.items():
        moves = key in ("pair-la", "pair-rl")
        marks.append(Mark(key, "line", "pair", _fmt_points(pts), 3.8 if moves else 1.8))
        if moves:
            marks.append(Mark(f"{key}-m", "line", "pair-move", _fmt_points(pts), 2.2))
    return marks


def _shrunk(points: list[tuple[float, float]], by: float) -> list[tuple[float, float]]:
    """A triangle drawn smaller about its centre, `by` units in from each corner."""
    cx, cy = sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
    out = []
    for px, py in points:
        d = math.hypot(px - cx, py - cy) or 1
        out.append((px - (px - cx) * by / d, py - (py - cy) * by / d))
    return out


KEY_BOX = 24
"""The key's little pictures are drawn in a square this many units across."""


def key() -> dict[str, list[Mark]]:
    """The little pictures of the key that explains the drawings: a part that moves, an
    arrow, the hold mark, the gap marker, the close-up, a near and a far limb, the towel, the
    swap mark, the pair mark and a part under the body, each drawn as the drawings draw it."""
    limb = [(5.0, 19.0), (19.0, 5.0)]
    return {
        "moves": [
            Mark(k, shape, tone, _fmt_points(limb), size) for k, shape, tone, _, size in _stroked("k", "move", limb, 8)
        ],
        "arrow": _arrow([(4.0, 20.0), (21.0, 3.0)], 0, "k-a"),
        "trace": _traced([Mark("k", "line", "near", _fmt_points(limb), 8)]),
        "hold": _hold_mark(KEY_BOX / 2, 13.5),
        "gap": _gap_bar((KEY_BOX / 2, 20.0), (KEY_BOX / 2, 4.0)),
        "zoom": [
            Mark("k-z", "ring", "line", "14.5,9.5", 8, 1.5),
            Mark("k-zs", "ring", "line", "5.5,18.5", 3, 1),
            Mark("k-zl", "line", "line", "8,16 9,15", 1),
        ],
        "sides": [
            Mark(k, shape, tone, _fmt_points(pts), size)
            for side, pts in (("far", [(10.0, 20.0), (20.0, 6.0)]), ("near", [(4.0, 20.0), (14.0, 6.0)]))
            for k, shape, tone, pts, size in _stroked(f"k-{side}", side, pts, 6)
        ],
        "towel": [
            Mark(k, shape, tone, _fmt_points(pts), size)
            for k, shape, tone, pts, size in _stroked("k-t", "towel", [(3.0, 19.0), (21.0, 5.0)], 3)
        ],
        "swap": _swap_mark(KEY_BOX / 2, KEY_BOX / 2),
        "pair": _pair_mark(KEY_BOX / 2, KEY_BOX / 2),
        "tucked": [
            Mark(k, shape, tone, _fmt_points(pts), size)
            for k, shape, tone, pts, size in _stroked("k-b", "near", [(4.0, 12.0), (20.0, 12.0)], 16)
            + [("k-u", "dashed", "edge", _ring((7.0, 14.0, 0.0), (18.0, 14.0, 0.0), 3.5), 1.4)]
        ],
    }


def _trails(pose: Pose, ends: dict[str, dict[str, Vec]]) -> dict[tuple[str, str], tuple[list[Vec], float]]:
    """Where each part with an arrow goes, from the start to each end, and how far the
    body's edge is from the point it follows."""
    found = dict(frames(pose))
    out = {}
    for cue in pose.cues:
        for end in ("end", "other_way"):
            if cue == "pelvis" or found.get(end) is None:
                continue
            steps = [
                between(pose.start, found[end], i / (STEPS * 2), (ends["start"], ends[end]))
                for i in range(STEPS * 2 + 1)
            ]
            points = [_cue_point(b, cue) for b in steps]
            if pose.arrows == "straight":
                points = [points[0], points[-1]]
            out[cue, end] = [p for p, _ in points], points[0][1]
    return out


def _arrows(pose: Pose, cam: Camera, place, start: dict[str, Vec], trails) -> list[Mark]:
    """Arrows on the start frame, from each part that moves along the way it goes;
    for movements both ways, one arrow each way."""
    out: list[Mark] = []
    for n, cue in enumerate(pose.cues):
        if cue == "pelvis":
            # Beside the pelvis, along the trunk: over the front when lying on the back,
            # behind the lower back when the trunk is upright (the thighs are in front).
            front = _unit(
                _cross(_sub(start["shoulder"], start["hip"]), _sub(start["near.pelvis"], start["far.pelvis"]))
            )
            side = front if front[1] > 0.3 else _mul(front, -1)
            hip = place(cam.see(start["hip"]))
            beside = place(cam.see(_add(start["hip"], side)))
            out += _swing(hip[:2], beside[:2], THICK["trunk"] + 11, 75, f"cue{n}")
            continue
        for end in ("end", "other_way"):
            if (cue, end) in trails:
                points, gap = trails[cue, end]
                trunk = _sub(start["shoulder"], start["hip"])
                if cue == "hip" and trunk[1] > 0.7 * LENGTH["trunk"]:
                    # Hips that rise or sink under an upright trunk: the arrow runs beside
                    # the front of the trunk, where the thighs and arms do not cover it.
                    front = _unit(_cross(trunk, _sub(start["near.pelvis"], start["far.pelvis"])))
                    shift = _add(_mul(front, THICK["trunk"] + 5), _mul(trunk, 0.45))
                    points, gap = [_add(p, shift) for p in points], 0
                out += _arrow([place(cam.see(p))[:2] for p in points], gap, f"cue{n}{end[0]}")
    return out


def _merge(orders: list[list[str]]) -> list[str]:
    """A short sequence that holds every order as a subsequence (a part may appear twice):
    the commonest order, merged in turn with each other one by their longest common part."""
    firsts = list(dict.fromkeys(tuple(o) for o in orders))  # in order of first use, so builds repeat
    distinct = sorted(firsts, key=lambda o: -orders.count(list(o)))
    merged = list(distinct[0]) if distinct else []
    for order in distinct[1:]:
        merged = _shortest_holding(merged, list(order))
    return merged


def _shortest_holding(a: list[str], b: list[str]) -> list[str]:
    """The shortest sequence holding both `a` and `b` as subsequences."""
    common = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            common[i][j] = common[i + 1][j + 1] + 1 if a[i] == b[j] else max(common[i + 1][j], common[i][j + 1])
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            out.append(a[i])
            i, j = i + 1, j + 1
        elif common[i + 1][j] >= common[i][j + 1]:
            out.append(a[i])
            i += 1
        else:
            out.append(b[j])
            j += 1
    return out + a[i:] + b[j:]


def _walk_parts(walk_seen: list[Seen], parts) -> list[list[_Part]]:
    """The parts of each step; a body met again (on the way back) shares its parts."""
    made: dict[int, list[_Part]] = {}
    for body in walk_seen:
        if id(body) not in made:
            made[id(body)] = parts(body)
    return [made[id(body)] for body in walk_seen]


def _motion(
    steps: list[list[_Part]],
    names: list[str],
    drawn,
    seconds: float = 0.3,
    held: frozenset[str] = frozenset({"end"}),
    swapped_at: str = "end",
    switch: int | None = None,
    pace: float = 1.0,
) -> Motion:
    """SMIL values for every mark, holding still for a while at each of the pose's own
    frames. Where the order in which parts are painted changes along the way, a part is
    drawn at each place it needs and shown only in the steps that need it there. From
    step `switch` on (the other side, for an exercise done on alternate sides) parts may
    take other colours: each colour is a layer of its own, shown only in its half."""
    # A held frame appears twice in a row, with a longer time between the two. Steps that
    # the straight-line blend of their neighbours draws closely enough are left out; how
    # parts are painted does not change where they are, so that is settled first.
    full = [i for i, name in enumerate(names) for _ in range(2 if name else 1)][1:]
    clock = [0.0]
    for a, b in itertools.pairwise(full):
        clock.append(clock[-1] + (4.0 if a == b else pace))
    plain = {}
    for i in set(full):
        plain.setdefault(id(steps[i]), drawn(steps[i])[1])
    kept = _thin(full, clock, [plain.get(id(p), []) for p in steps], {i for i, name in enumerate(names) if name})
    sequence = [full[k] for k in kept]
    total = clock[-1]
    times = [f"{clock[k] / total:.3f}".rstrip("0").rstrip(".") for k in kept]
    needed = sorted(set(sequence))
    unique = list({id(steps[i]): steps[i] for i in needed}.values())
    ordered = {id(parts): drawn(order) for parts, order in zip(unique, _steady_orders(unique))}
    drawn_steps = {i: ordered[id(steps[i])] for i in needed}
    merged = _merge([drawn_steps[i][0] for i in sequence])
    uses: dict[int, set[int]] = {}
    for i in needed:
        order, used, at = drawn_steps[i][0], set(), 0
        for slot, key in enumerate(merged):
            if at < len(order) and order[at] == key:
                used.add(slot)
                at += 1
        uses[i] = used
    by_step = {i: {m.id: m for m in drawn_steps[i][1]} for i in needed}

    def runs(values: list[str], linear: bool = False) -> tuple[str, str | None]:
        """The values at each step, joined; on alternate sides, where a part is still for a
        whole side, without the steps a run of equal values makes needless, with their own keyTimes."""
        keep = [
            j
            for j, v in enumerate(values)
            if switch is None
            or j == 0
            or v != values[j - 1]
            or (linear and (j == len(values) - 1 or v != values[j + 1]))
        ]
        own = None if len(keep) == len(values) else ";".join(times[j] for j in keep)
        return ";".join(values[j] for j in keep), own

    # The colours change as the movement on the other side begins, at the end of the pause
    # at the start; each half takes them from its first step. A paint is one colour and width
    # on a part's outline: a still limb's colour is the same paint as the casing of a moving one.
    turn = next((j for j, i in enumerate(sequence) if switch is not None and i >= switch), len(sequence) + 1) - 1
    firsts = [drawn_steps[sequence[j]][1] for j in (0, turn + 1) if j < len(sequence)]
    halves = [{_paint(m) for m in marks} for marks in firsts]
    paints: dict[tuple, Mark] = {}
    for m in itertools.chain(*firsts):
        paints.setdefault(_paint(m), m)
    outlines: dict[tuple[str, ...], Outline] = {}
    groups = []
    for slot, key in enumerate(merged):
        shown = [slot in uses[i] for i in sequence]
        hidden, hidden_times = (None, None) if all(shown) else runs(["visible" if v else "hidden" for v in shown])
        layers = []
        for paint, mark in [(p, m) for p, m in paints.items() if _owner(m.id) == key]:
            # A paint missing from a step (another colour there) follows its part, hidden.
            painted = [paint in halves[j >= turn] for j in range(len(sequence))]
            each = [by_step[i].get(mark.id) or by_step[i][paint[0]] for i in sequence]
            tone, shape, size, seen = mark.tone, mark.shape, mark.size, list(painted)
            if shape == "dot":
                # A dot moves as a line of no length with round ends, so its edge and its
                # colour share one outline; an eye turned away is hidden, not shrunk.
                shape, size = "line", 2 * max(m.size for m in each)
                if size == 0:
                    continue
                seen = [p and m.size > 0 for m, p in zip(each, painted)]
            if not any(v and g for v, g in zip(seen, shown)):
                continue  # a colour of the other side, at a place in the order the part takes only on this side
            where, where_times = runs(["visible" if v else "hidden" for v in seen]) if not all(seen) else (None, None)
            points = tuple(m.points if m.shape != "dot" else f"{m.points} {m.points}" for m in each)
            if points not in outlines:
                tag = "polyline" if shape in ("line", "dashed") else "polygon"
                moves, moves_times = runs(list(points), linear=True) if len(set(points)) > 1 else (None, None)
                outlines[points] = Outline(str(len(outlines)), tag, points[0], moves, moves_times)
            layers.append(Layer(Mark(mark.id, shape, tone, points[0], size), outlines[points].id, where, where_times))
        groups.append(Group(layers, hidden, hidden_times))

    # A held end is held between its two entries in a row.
    def pause(at: set[str]) -> tuple[str, str | None]:
        """Visible only while the figure holds still at one of these frames."""
        still = [names[i] in at and j + 1 < len(sequence) and sequence[j + 1] == i for j, i in enumerate(sequence)]
        return runs(["visible" if v else "hidden" for v in still])

    return Motion(
        list(outlines.values()),
        groups,
        ";".join(times),
        f"{seconds * total:.1f}s",
        *pause(set(held)),
        *pause({swapped_at}),
        *pause({"start"}),
    )


def _paint(m: Mark) -> tuple:
    """What a mark paints, whatever its id: its part's outline (a casing's is its part's), tone and width."""
    return m.id.removesuffix("-c"), m.tone, m.shape, None if m.shape == "dot" else m.size


def _numbers(marks: list[Mark]) -> list[float]:
    return [float(v) for m in marks for pair in m.points.split() for v in pair.split(",")] + [m.size for m in marks]


def _thin(
    full: list[int], clock: list[float], steps: list[list[Mark]], keep: set[int], tolerance: float = 2.0
) -> list[int]:
    """Places in `full` worth keeping: each in-between step is left out if blending the
    kept steps either side, at its time, draws every mark within `tolerance` units."""
    numbers = {i: _numbers(steps[i]) for i in set(full)}
    kept = [0]
    for q in range(1, len(full) - 1):
        step = full[q]
        if step in keep or full[q - 1] == step or full[q + 1] == step:
            kept.append(q)
            continue
        p, r = kept[-1], q + 1
        a, c = numbers[full[p]], numbers[full[r]]
        for between in range(p + 1, r):
            t = (clock[between] - clock[p]) / (clock[r] - clock[p])
            b = numbers[full[between]]
            if not all(abs(x + (z - x) * t - y) <= tolerance for x, y, z in zip(a, b, c)):
                kept.append(q)
                break
    return kept + [len(full) - 1]


def _owner(mark_id: str) -> str:
    """The part a mark belongs to."""
    base = mark_id.split("-")[0]
    if base in ("pelvis", "chest"):
        return "trunk"
    if base in ("neck", "nose", "head", "near.eye", "far.eye"):
        return "head"
    return base
