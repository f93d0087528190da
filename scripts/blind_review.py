"""Make the material for a blind review of the drawings.

    python scripts/blind_review.py OUT_DIR [--seed N]

OUT_DIR gets one PNG per exercise, named picture-01.png, picture-02.png, ... in a
shuffled order: the exercise's drawings side by side as its page shows them (the
start first, with its arrows; then the end; then, for movements both ways, the other
end, or for exercises done on alternate sides, the end on the other side), with no name, caption or label. It also gets key.png, the key that pages show
under their drawings, names.txt, the exercise names in alphabetical order, and
instructions.md for the reviewer. The answer key goes next to
the folder, in OUT_DIR-key.csv, so the folder can be handed over as it is. Use a new
seed for each round, so the order changes.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from figure_sheet import chromium_page, figure_module, page_html, picture, shown

from lbeg.data import load_library
from lbeg.templating import template_env
from lbeg.views import KEY_WORDS, exercise_scene

STYLE = "body { padding: 16px; } .row { gap: 16px; } .row > .cell { width: 420px; }"

INSTRUCTIONS = """# Reading exercise drawings

Each picture-NN.png shows one back exercise as simple drawings of a person, side by
side. The first drawing is the position the exercise starts from; red arrows show
which part moves and which way. The next drawing shows the position the movement
reaches. Where there is a third drawing, the movement also goes the other way, or the
same movement is also done on the other side, and it shows that other end. key.png is
the key that the guide's pages show under their drawings: what each mark means.

Please do this for every picture, in order, and write everything down as you go:

1. **Describe it first.** Before you look at names.txt, write in plain words what you
   think the person is doing, as a patient would read it: how they lie, sit, kneel or
   stand, what moves and which way.
2. **Then match it.** Open names.txt, the exercises' names in alphabetical order, and
   pick the name you think fits. Say if you matched it only by elimination. Do not go
   back and change a description.
3. **Score it.** How clearly could a patient copy the exercise from the drawings
   alone? 1 = not at all, 5 = could copy it correctly. Also give your confidence in
   the match, 1 to 5.
4. **Say what could mislead** a patient, in a few words.

Finish with a table, one row per picture:

| Picture | Description (before seeing names) | Name picked | By elimination? | Confidence | Clarity | Could mislead |
|---|---|---|---|---|---|---|

Then a short list of the drawings' strengths and weaknesses overall.
"""


def picture_html(slug: str, s, figure) -> str:
    """An exercise's drawings side by side, as its page shows them, with no name."""
    cells = "".join(
        f'<div class="cell">{picture(figure, s, name, f"{slug}-{name}", "Drawing")}</div>' for name in shown(s)
    )
    return page_html(f'<div class="row">{cells}</div>', style=STYLE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    lib = load_library(ROOT)
    figure = figure_module()
    slugs = sorted(lib.exercises)
    random.Random(args.seed).shuffle(slugs)
    args.out.mkdir(parents=True, exist_ok=True)
    key = []
    with chromium_page(1400, 300) as page:
        for n, slug in enumerate(slugs, 1):
            name = f"picture-{n:02d}.png"
            page.set_content(picture_html(slug, exercise_scene(lib.exercises[slug]), figure))
            page.locator(".row").screenshot(path=str(args.out / name))
            key.append((name, slug, lib.exercises[slug].name))
        # Every entry of the key, as a page shows it under its drawings.
        key_list = template_env(ROOT).get_template("components.html").module.key(list(KEY_WORDS.items()))
        page.set_content(
            page_html(f'<div class="md-typeset">{key_list}</div>', style=".md-typeset .lbeg-key { font-size: 18px; }")
        )
        page.locator(".lbeg-key").screenshot(path=str(args.out / "key.png"))
    (args.out / "names.txt").write_text("\n".join(sorted(lib.exercises[s].name for s in slugs)) + "\n")
    (args.out / "instructions.md").write_text(INSTRUCTIONS)
    with open(args.out.with_name(args.out.name + "-key.csv"), "w", newline="") as f:
        csv.writer(f).writerows([("picture", "slug", "name"), *key])
    print(f"{len(key)} pictures in {args.out}; the key is in {args.out.name}-key.csv beside it")


if __name__ == "__main__":
    main()
