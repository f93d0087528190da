"""What the PDFs and preview images add to a build.

    python benchmarks/downloads.py [RUNS]

Builds a copy of the project RUNS times (default 5) in three ways and prints
the median wall time of each: with no downloads made (LBEG_DOWNLOADS=off),
cold (empty cache, every PDF and image made) and warm (nothing changed, so
every file comes from the cache). Then it prints the median processor time of
making one file of each kind from the real library: a card's PDF, a routine's
PDF, a link preview, and the deck joined from the cards, per page.
"""

from __future__ import annotations

import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns(
    ".venv", ".git", "site", "site.*", ".cache", "__pycache__", ".pytest_cache", "node_modules"
)


def build(project: Path, **env: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(project / "site")],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        check=True,
    )
    return time.perf_counter() - start


def main(runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        shutil.copytree(ROOT, project, ignore=IGNORE)
        build(project, LBEG_DOWNLOADS="off")  # warm up Python's caches
        off = [build(project, LBEG_DOWNLOADS="off") for _ in range(runs)]
        cold, warm = [], []
        for _ in range(runs):
            shutil.rmtree(project / ".cache", ignore_errors=True)
            cold.append(build(project))
            warm.append(build(project))
        files = sorted(
            p for p in (project / "site").rglob("*") if p.suffix in (".pdf", ".png") and p.parent.name != "images"
        )
    base = statistics.median(off)
    print(f"{'build':34} {'median s':>9} {'vs no downloads':>16}")
    for name, times in (
        ("no PDFs or previews", off),
        ("cold: every file made", cold),
        ("warm: every file from the cache", warm),
    ):
        median = statistics.median(times)
        print(f"{name:34} {median:9.2f} {100 * (median / base - 1):+15.0f}%")
    print(
        f"{len(files)} files: {sum(1 for f in files if f.suffix == '.pdf')} PDFs, {sum(1 for f in files if f.suffix == '.png')} preview images"
    )


def per_file(runs: int) -> None:
    from lbeg import typeset
    from lbeg.address import Address
    from lbeg.data import load_library
    from lbeg.templating import template_env
    from lbeg.views import Picture, card_view, exercise_views, routine_card, routine_view, sheet_view

    lib, templates = load_library(ROOT), template_env(ROOT)
    module = templates.get_template("card.html").module

    def drawing(picture, id):
        return str(module.drawing(picture, id))

    def key_picture(mark):
        return str(module.key_picture(mark))

    def address(path):
        return Address.at("https://example.org/", path)

    views = list(exercise_views(lib).values())
    cards = [typeset.card_part(card_view(v, address(v.url)), drawing, key_picture) for v in views]
    routines = []
    for slug in lib.routines:
        rv = routine_view(lib, slug, {v.slug: v for v in views})
        steps = [
            typeset.card_part(routine_card(rv, step, address(step.exercise.url)), drawing, key_picture)
            for step in rv.steps
        ]
        routines.append((typeset.sheet_part(sheet_view(rv, address(rv.url)), drawing), *steps))
    previews = [
        typeset.preview(v.ex.name, v.kind, "Guide", v.alt["end"], drawing(Picture(v.scene, "end", "", "", ""), "p"))
        for v in views
    ]

    def cpu_ms(make, items) -> float:
        times = []
        for _ in range(runs):
            for item in items:
                start = time.thread_time()
                make(item)
                times.append(1000 * (time.thread_time() - start))
        return statistics.median(times)

    print(f"{'one file, processor time':34} {'median ms':>9}")
    print(f"{'card PDF (A4)':34} {cpu_ms(lambda c: typeset.pdf(typeset.document('Card', 'a4', (c,))), cards):9.1f}")
    print(
        f"{'card PDF (US Letter)':34} {cpu_ms(lambda c: typeset.pdf(typeset.document('Card', 'letter', (c,))), cards):9.1f}"
    )
    print(
        f"{'routine PDF (sheet and cards)':34} {cpu_ms(lambda r: typeset.pdf(typeset.document('R', 'a4', r)), routines):9.1f}"
    )
    print(f"{'link preview PNG':34} {cpu_ms(typeset.png, previews):9.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        singles = [Path(tmp) / f"{n}.pdf" for n in range(len(cards))]
        for path, card in zip(singles, cards):
            path.write_bytes(typeset.pdf(typeset.document("Card", "a4", (card,))))
        joined = cpu_ms(lambda _: typeset.join(singles, "Deck", io.BytesIO()), [0]) / len(singles)
    print(f"{'deck joined from the cards, a page':34} {joined:9.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
    per_file(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
