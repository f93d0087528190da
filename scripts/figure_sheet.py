"""Draw the poses of the exercises (or of the named ones) onto one PNG, to look at.

    python scripts/figure_sheet.py OUT.png [--scheme light|dark|print|grey|typst] [SLUG ...]
    python scripts/figure_sheet.py OUT.png floor

Each row shows an exercise's frames as its page does: the start (with its arrows),
the end and, for movements both ways, the other end. Problems that
`lbeg.figure.pose_problems` finds are printed under the name. The sheet is drawn by
Chromium with the site's own style sheet: `light` and `dark` are the two screen
schemes, `print` is what a printer gets, and `grey` is that in black and white.
`typst` draws each picture with typst instead, as the PDFs do, with no style sheet.

scripts/blind_review.py draws its pictures with the helpers here.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml
from markupsafe import escape
from PIL import Image, ImageDraw, ImageOps
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lbeg.figure import pose_problems, scene, still_scene
from lbeg.schema import Dosage, FloorGuide, Pose
from lbeg.templating import template_env
from lbeg.typeset import svg_png
from lbeg.views import held

CHROMIUM = "/usr/bin/chromium"
PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>{css}
body {{ margin: 0; padding: 12px; font: 13px sans-serif; background: var(--md-default-bg-color, #fff);
  color: var(--md-default-fg-color, #000); }}
[data-md-color-scheme="default"] {{ --md-default-bg-color: #fff; --md-default-fg-color: #000; }}
[data-md-color-scheme="slate"] {{ --md-default-bg-color: #1e2129; --md-default-fg-color: #e2e4e9; }}
.row {{ display: flex; gap: 10px; align-items: flex-start; margin-bottom: 10px; }}
.name {{ width: 150px; flex: none; }} .name p {{ color: #c00; margin: 2px 0; font-size: 11px; }}
.cell {{ width: 300px; flex: none; }}
{style}</style></head><body data-md-color-scheme="{scheme}">{body}</body></html>"""
SHOWN = ("start", "end", "other_way", "other_side")
"""The frames an exercise's page shows, in order: the start, the end and, for movements both ways,
the other end, or for exercises done on alternate sides, the end on the other side."""


def figure_module():
    """The figure macros (lbeg/templates/figure.html), as the site draws pictures with them."""
    return template_env(ROOT).get_template("figure.html").module


def page_html(body: str, scheme: str = "default", style: str = "") -> str:
    """A page with the site's own style sheet, in one of its colour schemes ("default" or "slate")."""
    css = (ROOT / "docs/assets/lbeg.css").read_text(encoding="utf-8")
    return PAGE.format(css=css, style=style, scheme=scheme, body=body)


def shown(s) -> list[str]:
    """The frames of a scene that its page shows."""
    return [name for name in SHOWN if name in s.frames]


def picture(figure, s, frame: str, id: str, label: str) -> str:
    """One frame as the page draws it: the start with its arrows."""
    return str(figure.still(s, frame, id, label, label, arrows=frame == "start"))


@contextmanager
def chromium_page(width: int, height: int) -> Iterator:
    """A page in Debian's Chromium, closed afterwards."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()


def rows(names: list[str], figure, labels: bool) -> str:
    out = []
    for n, (label, s, cells, problems) in enumerate(names):
        pics = "".join(f'<div class="cell">{picture(figure, s, name, f"r{n}-{name}", label)}</div>' for name in cells)
        notes = "".join(f"<p>{escape(p)}</p>" for p in problems)
        head = f'<div class="name">{escape(label)}{notes}</div>' if labels else ""
        out.append(f'<div class="row">{head}{pics}</div>')
    return "".join(out)


def exercise_rows(slugs: list[str]) -> list:
    paths = [ROOT / "data/exercises" / f"{s}.yml" for s in slugs] or sorted((ROOT / "data/exercises").glob("*.yml"))
    found = []
    for path in paths:
        data = yaml.safe_load(path.read_text())
        pose = Pose.model_validate(data["pose"])
        problems = [f"{name}: {p}" for name, p in pose_problems(pose)]
        for p in problems:
            print(f"{path.stem} {p}")
        dose = Dosage.model_validate(data["dosage"])
        s = scene(pose, hold=held(dose), sides=dose.alternate_sides, swap=dose.per_side)
        found.append((path.stem, s, shown(s), problems))
    return found


def floor_rows() -> list:
    guide = FloorGuide.model_validate(yaml.safe_load((ROOT / "data/floor.yml").read_text()))
    found = []
    for part in ("down", "up"):
        for i, step in enumerate(getattr(guide, part), 1):
            pose = Pose.model_construct(start=step.frame, end=step.frame, middle=None, other_way=None)
            problems = [p for _, p in pose_problems(pose)]
            found.append((f"{part} {i}", still_scene(step.frame, step.chair), ["start"], problems))
    return found


def shoot(html: str, out: Path, scheme: str) -> None:
    with chromium_page(1140, 400) as page, tempfile.TemporaryDirectory() as tmp:
        if scheme in ("print", "grey"):
            page.emulate_media(media="print")
        page.set_content(html)
        shot = Path(tmp) / "sheet.png"
        page.screenshot(path=str(shot), full_page=True)
        image = Image.open(shot)
        if scheme == "grey":
            image = ImageOps.grayscale(image)
        image.save(out)


def typeset(found: list, figure, out: Path, labels: bool) -> None:
    """The sheet with every picture drawn by typst, as in the PDFs."""
    cell, rows = 300, []
    for label, s, cells, problems in found:
        size = (cell, round(cell * s.height / s.width))
        pics = [Image.open(io.BytesIO(svg_png(picture(figure, s, n, "x", label), *size))) for n in cells]
        rows.append((label, pics, problems))
    left = 160 if labels else 0
    height = sum(max(p.height for p in pics) + 10 for _, pics, _ in rows)
    sheet = Image.new("RGB", (left + 3 * (cell + 10), height), "white")
    draw, y = ImageDraw.Draw(sheet), 0
    for label, pics, problems in rows:
        if labels:
            draw.text((4, y + 4), "\n".join([label, *problems]), fill="black")
        for i, pic in enumerate(pics):
            sheet.paste(pic.convert("RGB"), (left + i * (cell + 10), y))
        y += max(p.height for p in pics) + 10
    sheet.save(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("slugs", nargs="*")
    parser.add_argument("--scheme", choices=["light", "dark", "print", "grey", "typst"], default="light")
    parser.add_argument("--no-labels", action="store_true", help="leave out names and problems")
    args = parser.parse_intermixed_args()
    figure = figure_module()
    found = floor_rows() if args.slugs == ["floor"] else exercise_rows(args.slugs)
    if args.scheme == "typst":
        typeset(found, figure, args.out, not args.no_labels)
        return
    scheme = "slate" if args.scheme == "dark" else "default"
    shoot(page_html(rows(found, figure, not args.no_labels), scheme), args.out, args.scheme)


if __name__ == "__main__":
    main()
