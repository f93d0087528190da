"""Draw the pose of each exercise (or of the named ones) onto one PNG, to look at.

    python scripts/figure_sheet.py OUT.png [SLUG ...]
    python scripts/figure_sheet.py OUT.png floor

Each row shows the start, middle (if any) and end frames, with the
problems `lbeg.figure.frame_problems` finds printed underneath.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import yaml
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lbeg.figure import frame_problems, frames, scene, still_scene
from lbeg.macros import template_env
from lbeg.schema import FloorGuide, Pose
from lbeg.typeset import svg_png

CELL = 360


def picture(svg: str, label: str, problems: list[str]) -> Image.Image:
    png = svg_png(svg, CELL, CELL * 3 // 4)
    cell = Image.open(io.BytesIO(png)).convert("RGB")
    draw = ImageDraw.Draw(cell)
    draw.text((6, 4), label, fill="black")
    for i, problem in enumerate(problems):
        draw.text((6, 18 + 12 * i), problem, fill="red")
        print(f"{label}: {problem}")
    return cell


def floor_rows(figure) -> list[list[Image.Image]]:
    guide = FloorGuide.model_validate(yaml.safe_load((ROOT / "data/floor.yml").read_text()))
    rows = []
    for part in ("down", "up"):
        cells = []
        for i, step in enumerate(getattr(guide, part), 1):
            svg = str(figure.still(still_scene(step.frame, step.chair), "start", "x", part, step.frame.caption))
            cells.append(picture(svg, f"{part} {i}", frame_problems(step.frame)))
        rows.append(cells)
    return rows


def main(out: Path, slugs: list[str]) -> None:
    figure = template_env(ROOT).get_template("figure.html").module
    if slugs == ["floor"]:
        save(out, floor_rows(figure))
        return
    paths = [ROOT / "data/exercises" / f"{s}.yml" for s in slugs] or sorted((ROOT / "data/exercises").glob("*.yml"))
    rows = []
    for path in paths:
        data = yaml.safe_load(path.read_text())
        if "pose" not in data:
            print(f"{path.stem}: no pose yet")
            continue
        pose = Pose.model_validate(data["pose"])
        s = scene(pose)
        cells = []
        for name, frame in frames(pose):
            svg = str(figure.still(s, name, "x", path.stem, frame.caption, arrows=name == "end"))
            cells.append(picture(svg, f"{path.stem} {name}", frame_problems(frame, pose.view)))
        rows.append(cells)
    save(out, rows)


def save(out: Path, rows: list[list[Image.Image]]) -> None:
    width = max(len(r) for r in rows) * CELL
    sheet = Image.new("RGB", (width, len(rows) * CELL * 3 // 4), "white")
    for y, row in enumerate(rows):
        for x, cell in enumerate(row):
            sheet.paste(cell, (x * CELL, y * CELL * 3 // 4))
    sheet.save(out)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
