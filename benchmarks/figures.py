"""What the drawings cost: processor time to draw, and the size of each SVG.

    python benchmarks/figures.py [N]

For the real library, and for N exercises (default 2000) whose poses all differ (each
a real pose with its angles nudged, so no drawing is reused), it times the body model
(`lbeg.figure.scene`: every frame, the steps of the animation, the arrows) and the
template that prints the SVGs, and reports the largest still and moving picture.

If `mannequin-x` is installed (it is not a dependency; try it in a scratch venv with
`pip install mannequin-x==0.3.0`), it also times that model drawing the same number of
frames: posing its 22 rigid parts, projecting them, taking each part's outline (convex
hull) and printing the SVG, as the README's comparison describes.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lbeg.data import load_library
from lbeg.figure import frames, scene
from lbeg.schema import Pose
from lbeg.templating import template_env


def nudged(pose: Pose, rng: random.Random) -> Pose:
    """The same pose with every direction turned by up to a degree, so that it draws anew."""
    data = pose.model_dump()
    for name, _ in frames(pose):
        frame = data[name]
        frame["trunk"] += rng.choice((-1, 1))
        for side in ("near", "far"):
            if frame.get(side):
                frame[side]["arm"] = [a + rng.choice((-1, 0, 1)) for a in frame[side]["arm"]]
    return Pose.model_validate(data)


def draw(poses: list[tuple[str, Pose]], figure) -> tuple[float, float, int, int, int]:
    """Seconds in the model, seconds in the template, largest still, largest moving, frames."""
    model = printing = 0.0
    still = moving = steps = 0
    for slug, pose in poses:
        t0 = time.process_time()
        s = scene(pose)
        t1 = time.process_time()
        for name in s.frames:
            still = max(still, len(str(figure.still(s, name, slug, "t", "d", arrows=name == "start")).encode()))
        moving = max(moving, len(str(figure.moving(s, slug + "-moving", "t", "d")).encode()))
        printing += time.process_time() - t1
        model += t1 - t0
        steps += len(s.frames) + len(s.motion.times.split(";"))
    return model, printing, still, moving, steps


def mannequin(frames_to_draw: int) -> tuple[float, int] | None:
    """Milliseconds per frame and bytes per frame for mannequin-x's convex figure, or None."""
    try:
        import numpy as np
        from mannequin import Mannequin
    except ImportError:
        return None
    model = Mannequin("convex", lod=2)
    # Its parts are the connected pieces of its mesh.
    parent = list(range(model.num_vertices))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for face in model.faces:
        for b in face[1:]:
            parent[find(int(b))] = find(int(face[0]))
    groups: dict[int, list[int]] = {}
    for i in range(model.num_vertices):
        groups.setdefault(find(i), []).append(i)
    parts = [np.array(g) for g in groups.values()]

    def hull(points):
        pts = sorted(map(tuple, points))

        def turn(o, a, b):
            return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

        lower, upper = [], []
        for p in pts:
            while len(lower) >= 2 and turn(lower[-2], lower[-1], p) <= 0:
                lower.pop()
            lower.append(p)
        for p in reversed(pts):
            while len(upper) >= 2 and turn(upper[-2], upper[-1], p) <= 0:
                upper.pop()
            upper.append(p)
        return lower[:-1] + upper[:-1]

    pose = model.rest_pose()
    rng = np.random.default_rng(1)
    sizes, start = [], time.process_time()
    for _ in range(frames_to_draw):
        pose["body_pose"] = rng.normal(0, 0.3, pose["body_pose"].shape).astype(np.float32)
        v = model.vertices(pose) * 100
        shapes = sorted(((v[p, 2].mean(), hull(v[p][:, :2])) for p in parts), key=lambda t: t[0])
        svg = "".join(
            '<polygon points="' + " ".join(f"{x:.0f},{-y:.0f}" for x, y in h) + '" fill="#1d4f5c" stroke="#fff"/>'
            for _, h in shapes
        )
        sizes.append(len(svg))
    return (time.process_time() - start) / frames_to_draw * 1000, int(statistics.median(sizes))


def main(n: int) -> None:
    lib = load_library(ROOT)
    figure = template_env(ROOT).get_template("figure.html").module
    real = [(slug, ex.pose) for slug, ex in lib.exercises.items()]
    model, printing, still, moving, steps = draw(real, figure)
    print(f"Real library, {len(real)} exercises, {steps} frames and steps drawn:")
    print(f"  model {model * 1000 / len(real):.1f} ms and template {printing * 1000 / len(real):.1f} ms an exercise")
    print(f"  largest still picture {still} bytes, largest moving picture {moving} bytes")
    rng = random.Random(1)
    many = [(f"{slug}-{i}", nudged(pose, rng)) for i in range(n) for slug, pose in [real[i % len(real)]]]
    model, printing, still, moving, steps = draw(many, figure)
    print(f"{n} exercises, every pose different, {steps} frames and steps:")
    print(f"  model {model:.1f} s, template {printing:.1f} s, together {model + printing:.1f} s")
    found = mannequin(steps // 20)
    if found is None:
        print("mannequin-x is not installed: pip install mannequin-x==0.3.0 (in a scratch venv) to compare")
    else:
        ms, size = found
        print(f"mannequin-x 0.3.0 (convex, lod 2): {ms:.2f} ms and {size} bytes a frame;")
        print(f"  the same {steps} frames would take {ms * steps / 1000:.1f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
