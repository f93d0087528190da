"""Turn pose data into drawing geometry: a side-on figure standing on a floor line.

A frame gives the direction of each body segment. The front of the body is
always a quarter turn clockwise from the trunk: standing, the figure faces
right (trunk 90); on the back, the head is on the left (trunk 180); on the
front or on hands and knees, the head is on the right (trunk 0). Segment lengths are fixed, so
the figure keeps its proportions in every frame. The figure is then lowered
until the parts the frame says rest on the floor touch it. `frame_problems`
checks that a frame is one a body can take; the templates draw the result.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .schema import Frame, Limbs, Pose

# Segment lengths and half-thicknesses, in drawing units (about 1 cm each).
LENGTH = {"trunk": 48, "neck": 17, "upper_arm": 27, "forearm": 27, "thigh": 42, "shin": 40, "foot": 14}
RADIUS = {"hip": 8, "spine": 8, "shoulder": 8, "head": 10, "elbow": 4.5, "hand": 3.5, "knee": 5, "ankle": 5, "toe": 4}

# Canvas: every drawing uses the same size and scale.
WIDTH, FLOOR = 240, 166
FLOOR_TOLERANCE = 2.5

# Joint ranges in degrees, as (lowest, highest). From the front, hips, knees and
# ankles bend towards you, so only the parts of their range seen side on are checked.
FRONT_RANGES = {"hip": (-160, 160), "knee": (-160, 160), "ankle": (-180, 180), "shoulder": (-120, 190)}
RANGES = {
    "elbow": (0, 160),
    "knee": (0, 160),
    "hip": (-35, 140),
    "shoulder": (-60, 190),
    "neck": (-70, 70),
    "ankle": (-5, 130),
}

SIDES = ("near", "far")


def _dir(angle: float) -> tuple[float, float]:
    rad = math.radians(angle)
    return math.cos(rad), math.sin(rad)


def _add(p: tuple[float, float], length: float, angle: float) -> tuple[float, float]:
    dx, dy = _dir(angle)
    return p[0] + length * dx, p[1] + length * dy


def _wrap(angle: float) -> float:
    """An angle in (-180, 180]."""
    a = (angle + 180) % 360 - 180
    return 180.0 if a == -180 else a


def limbs(frame: Frame, side: str):
    return getattr(frame, side) or frame.near


def skeleton(frame: Frame) -> dict[str, tuple[float, float]]:
    """Joint positions with the hip at the origin, y pointing up."""
    hip = (0.0, 0.0)
    shoulder = _add(hip, LENGTH["trunk"], frame.trunk)
    middle = ((hip[0] + shoulder[0]) / 2, (hip[1] + shoulder[1]) / 2)
    spine = _add(middle, frame.bend, frame.trunk + 90)  # the back is a quarter turn anticlockwise
    points = {"hip": hip, "spine": spine, "shoulder": shoulder, "head": _add(shoulder, LENGTH["neck"], frame.head)}
    for side in SIDES:
        lb = limbs(frame, side)
        elbow = _add(shoulder, LENGTH["upper_arm"], lb.arm[0])
        knee = _add(hip, LENGTH["thigh"], lb.leg[0])
        ankle = _add(knee, LENGTH["shin"], lb.leg[1])
        points[f"{side}.elbow"] = elbow
        points[f"{side}.hand"] = _add(elbow, LENGTH["forearm"], lb.arm[1])
        points[f"{side}.knee"] = knee
        points[f"{side}.ankle"] = ankle
        points[f"{side}.toe"] = _add(ankle, LENGTH["foot"], lb.leg[2])
    return points


def radius(point: str) -> float:
    return RADIUS[point.split(".")[-1]]


def contact_points(names) -> list[str]:
    """Expand names such as "hand", "back" or "near.forearm" into joint names."""
    parts = {
        "hand": ["hand"], "elbow": ["elbow"], "forearm": ["elbow", "hand"], "knee": ["knee"],
        "foot": ["ankle", "toe"], "toes": ["toe"], "heel": ["ankle"],
    }  # fmt: skip
    whole = {"hip": ["hip"], "shoulder": ["shoulder"], "head": ["head"], "back": ["hip", "shoulder"]}
    out: list[str] = []
    for name in names:
        if name in whole:
            out += whole[name]
            continue
        sides, part = name.split(".") if "." in name else (None, name)
        for side in [sides] if sides else SIDES:
            out += [f"{side}.{p}" for p in parts[part]]
    return list(dict.fromkeys(out))


def grounded(frame: Frame, contacts: list[str] | None = None) -> dict[str, tuple[float, float]]:
    """Skeleton lowered so its lowest contact rests on the floor (y = 0)."""
    points = skeleton(frame)
    names = contacts if contacts is not None else contact_points(frame.contacts)
    drop = min(points[n][1] - radius(n) for n in names)
    return {k: (x, y - drop) for k, (x, y) in points.items()}


def joint_angles(frame: Frame) -> dict[str, float]:
    """Bend at each joint, in degrees; 0 is straight (or upright for the neck)."""
    angles = {"neck": _wrap(frame.head - frame.trunk)}
    for side in SIDES:
        lb = limbs(frame, side)
        upper, fore = lb.arm
        thigh, shin, foot = lb.leg
        shoulder = _wrap(upper - (frame.trunk + 180))
        angles[f"{side}.shoulder"] = shoulder + 360 if shoulder < -90 else shoulder
        angles[f"{side}.elbow"] = (fore - upper) % 360
        angles[f"{side}.hip"] = _wrap(thigh - (frame.trunk + 180))
        angles[f"{side}.knee"] = (thigh - shin) % 360
        angles[f"{side}.ankle"] = (foot - shin) % 360
    return angles


def frame_problems(frame: Frame, view: str = "side") -> list[str]:
    """Reasons a body could not take this frame: joints past their range, a part
    below the floor, or a resting part that does not reach the floor."""
    problems = []
    ranges = {**RANGES, **FRONT_RANGES} if view == "front" else RANGES
    for joint, value in joint_angles(frame).items():
        low, high = ranges[joint.split(".")[-1]]
        value = value - 360 if value > high and value - 360 >= low else value
        if not low <= value <= high:
            problems.append(f"{joint} bends {value:.0f} degrees, outside {low} to {high}")
    points = grounded(frame)
    for name, (_, y) in points.items():
        if y - radius(name) < -FLOOR_TOLERANCE:
            problems.append(f"{name} is below the floor")
    for name in contact_points(frame.contacts):
        gap = points[name][1] - radius(name)
        if gap > FLOOR_TOLERANCE:
            problems.append(f"{name} should rest on the floor but is {gap:.0f} units above it")
    return problems


def frames(pose: Pose) -> list[tuple[str, Frame]]:
    found = [("start", pose.start), ("middle", pose.middle), ("end", pose.end)]
    return [(name, f) for name, f in found if f is not None]


# -----------------------------------------------------------------------------
# Geometry for the templates
# -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Drawing:
    """One frame, in SVG coordinates, ready to draw."""

    trunk: str
    neck: str
    head: tuple[float, float]
    arms: dict[str, str]
    legs: dict[str, str]
    towel: str | None = None


@dataclass(frozen=True)
class Arrow:
    line: str
    head: str
    other: str | None = None
    """A second arrowhead, for a two-way arrow."""


@dataclass(frozen=True)
class Scene:
    """Everything needed to draw a pose: its frames, props and cues."""

    width: int
    height: int
    floor: int
    top: int
    """The drawing is cropped above the highest point any frame reaches."""
    frames: dict[str, Drawing]
    motion: dict[str, str]
    mat: tuple[float, float] | None = None
    wall: float | None = None
    pillow: tuple[float, float] | None = None
    chair: float | None = None
    seat: tuple[float, float] | None = None
    """Where the hips sit on a chair: the middle of the seat, and the seat's height."""
    arrows: list[Arrow] = field(default_factory=list)


def _fmt(p: tuple[float, float]) -> str:
    return f"{p[0]:.0f},{p[1]:.0f}"


def _poly(*points: tuple[float, float]) -> str:
    return " ".join(_fmt(p) for p in points)


def _lerp_frame(a: Frame, b: Frame, t: float) -> Frame:
    def mix(x: float, y: float) -> int:
        return round(x + _wrap(y - x) * t) % 360

    def side(la: Limbs, lb: Limbs) -> Limbs:
        return Limbs.model_construct(
            arm=[mix(x, y) for x, y in zip(la.arm, lb.arm)], leg=[mix(x, y) for x, y in zip(la.leg, lb.leg)]
        )

    return Frame.model_construct(
        caption=a.caption,
        contacts=list(a.contacts),
        trunk=mix(a.trunk, b.trunk),
        head=mix(a.head, b.head),
        bend=round(a.bend + (b.bend - a.bend) * t),
        near=side(a.near, b.near),
        far=side(limbs(a, "far"), limbs(b, "far")),
    )


def still_scene(frame: Frame, chair: int | None = None) -> Scene:
    """A scene of one frame, with a chair standing `chair` units ahead of the hips."""
    props = ["mat"] + (["chair"] if chair is not None else [])
    pose = Pose.model_construct(view="side", props=props, start=frame, middle=None, end=frame, cues=[])
    return scene(pose, steps=1, chair_at=chair)


def scene(pose: Pose, steps: int = 6, chair_at: int | None = None) -> Scene:
    """Lay out every frame of a pose on one canvas, with the in-between frames."""
    keys = frames(pose)
    solved = {name: grounded(f) for name, f in keys}
    tween_frames: list[dict[str, tuple[float, float]]] = []
    for (_, a), (_, b) in zip(keys, keys[1:]):
        shared = [p for p in contact_points(a.contacts) if p in contact_points(b.contacts)] or contact_points(
            a.contacts
        )
        for i in range(steps + 1):
            tween_frames.append(grounded(_lerp_frame(a, b, i / steps), shared))

    everything = list(solved.values()) + tween_frames
    xs = [x for pts in everything for x in (p[0] for p in pts.values())]
    if chair_at is not None:
        xs += [chair_at, chair_at + 26]
    left, right = min(xs) - 12, max(xs) + 12
    offset = (WIDTH - (right - left)) / 2 - left

    def svg(p: tuple[float, float]) -> tuple[float, float]:
        return p[0] + offset, FLOOR - p[1]

    def drawing(pts: dict[str, tuple[float, float]]) -> Drawing:
        s = {k: svg(v) for k, v in pts.items()}
        return Drawing(
            trunk=_poly(s["hip"], s["spine"], s["shoulder"]),
            neck=_poly(s["shoulder"], s["head"]),
            head=(round(s["head"][0]), round(s["head"][1])),
            arms={side: _poly(s["shoulder"], s[f"{side}.elbow"], s[f"{side}.hand"]) for side in SIDES},
            legs={side: _poly(s["hip"], s[f"{side}.knee"], s[f"{side}.ankle"], s[f"{side}.toe"]) for side in SIDES},
            towel=_poly(s["near.hand"], s["near.toe"]) if "towel" in pose.props else None,
        )

    start = {k: svg(v) for k, v in solved["start"].items()}
    low = min(x for x, _ in start.values()) - 6
    high = max(x for x, _ in start.values()) + 6
    arrows = []
    for cue in pose.cues:
        if cue == "pelvis":
            arrows.append(_rock(start["hip"]))
            continue
        point = cue if cue in ("hip", "shoulder", "head") else contact_points([cue])[-1]
        arrow = _arrow(svg(solved["start"][point]), svg(solved["end"][point]), radius(point))
        if arrow:
            arrows.append(arrow)
    head = start["head"]
    highest = min(FLOOR - y - radius(name) for pts in everything for name, (_, y) in pts.items())
    if chair_at is not None:
        highest = min(highest, FLOOR - 92)
    top = max(0, int(highest) - 8)
    return Scene(
        width=WIDTH,
        height=FLOOR + 6 - top,
        top=top,
        floor=FLOOR,
        frames={name: drawing(pts) for name, pts in solved.items()},
        motion=_motion([drawing(pts) for pts in tween_frames]),
        mat=(low, high) if "mat" in pose.props else None,
        wall=min(x for x, _ in start.values()) - 10 if "wall" in pose.props else None,
        pillow=(head[0], FLOOR - 5) if "pillow" in pose.props else None,
        chair=(svg((chair_at, 0))[0] if chair_at is not None else max(x for x, _ in start.values()) + 4)
        if "chair" in pose.props
        else None,
        seat=(start["hip"][0], start["hip"][1] + RADIUS["hip"]) if "seat" in pose.props else None,
        arrows=arrows,
    )


def _motion(there: list[Drawing], seconds: int = 5) -> dict[str, str]:
    """SMIL value lists: start to end, a pause, back again, a pause."""
    path = there + [there[-1]] * 3 + there[::-1] + [there[0]] * 3
    parts = {
        "trunk": lambda d: d.trunk,
        "neck": lambda d: d.neck,
        "head.x": lambda d: str(d.head[0]),
        "head.y": lambda d: str(d.head[1]),
        "towel": lambda d: d.towel or "",
    }
    for side in SIDES:
        parts[f"arms.{side}"] = lambda d, side=side: d.arms[side]
        parts[f"legs.{side}"] = lambda d, side=side: d.legs[side]
    motion = {key: ";".join(get(d) for d in path) for key, get in parts.items()}
    motion["dur"] = f"{seconds}s"
    return motion


def _rock(hip: tuple[float, float]) -> Arrow:
    """A curved two-way arrow over the hips, for a rocking movement."""
    x, y = hip[0], hip[1] - 20
    line = f"{x - 14:.0f},{y + 4:.0f} {x - 7:.0f},{y - 1:.0f} {x:.0f},{y - 2:.0f} {x + 7:.0f},{y - 1:.0f} {x + 14:.0f},{y + 4:.0f}"
    heads = f"{x - 17:.0f},{y + 8:.0f} {x - 16:.0f},{y:.0f} {x - 10:.0f},{y + 3:.0f}"
    return Arrow(line=line, head=heads, other=f"{x + 17:.0f},{y + 8:.0f} {x + 16:.0f},{y:.0f} {x + 10:.0f},{y + 3:.0f}")


def _arrow(a: tuple[float, float], b: tuple[float, float], size: float) -> Arrow | None:
    """An arrow from the edge of a part where it starts to just short of where it ends."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy)
    if length < 10:
        return None
    ux, uy = dx / length, dy / length
    start = (a[0] - ux * size, a[1] - uy * size)
    tip = (b[0] - ux * (size + 2), b[1] - uy * (size + 2))
    back = (tip[0] - ux * 6, tip[1] - uy * 6)
    wing1 = (back[0] - uy * 4.5, back[1] + ux * 4.5)
    wing2 = (back[0] + uy * 4.5, back[1] - ux * 4.5)
    return Arrow(line=_poly(start, back), head=_poly(tip, wing1, wing2))
