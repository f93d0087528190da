"""Write the PDFs and link-preview images for a built site.

    python -m lbeg.downloads SITE_DIR

mkdocs-macros runs this after every build (see lbeg.macros.on_post_build). It
also runs on its own, for a site built by a tool that does not call it.
LBEG_DOWNLOADS=off skips it, to measure what it costs.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

import jinja2

from .cards import Address, Pdf, Png, absolute_url, make_files
from .data import Library
from .views import exercise_view, routine_view, wrap_title

log = logging.getLogger("mkdocs.plugins.lbeg")


def write_downloads(lib: Library, templates: jinja2.Environment, root: Path, site_dir: Path, site_url: str) -> None:
    if os.environ.get("LBEG_DOWNLOADS") == "off":
        log.info("downloads: LBEG_DOWNLOADS=off, so no PDFs or preview images were made")
        return
    css = (root / "docs" / "assets" / "lbeg-card.css").read_text(encoding="utf-8")
    printed = templates.get_template("lbeg/print.html")
    preview = templates.get_template("lbeg/preview.svg")

    def url(target: str) -> str:
        return absolute_url(site_url, target)

    def part(label: str, **context: Any) -> tuple[str, str]:
        blank = {"card": None, "sheet": None, "deck": [], "rows": None, "note": None}
        return label, printed.render(url=url, lib=lib, **{**blank, **context})

    views = {slug: exercise_view(lib, slug) for slug in lib.exercises}
    cards = {slug: part(v.ex.name, card=v, link=Address.at(site_url, v.url)) for slug, v in views.items()}
    pdfs = [Pdf(f"{v.url}card.pdf", v.ex.name, (cards[slug],)) for slug, v in views.items()]
    pdfs.append(Pdf("print/cards.pdf", "Exercise cards", tuple(cards.values())))
    for slug in lib.routines:
        rv = routine_view(lib, slug)
        note = f"In the routine: {rv.r.name}"
        parts = [part(rv.r.name, sheet=rv, link=Address.at(site_url, rv.url))]
        for step in rv.steps:
            rows = step.dosage + [("How often", rv.often)]
            parts.append(part(step.exercise.ex.name, card=step.exercise, link=Address.at(site_url, step.exercise.url), rows=rows, note=note))
        pdfs.append(Pdf(f"{rv.url}routine.pdf", rv.r.name, tuple(parts)))
    pngs = [Png(f"{v.url}preview.png", preview.render(v=v, title_lines=wrap_title(v.ex.name))) for v in views.values()]
    made, reused = make_files(pdfs, pngs, css, site_dir, root / ".cache" / "lbeg", base_url=str(site_dir))
    log.info("downloads: made %d files, reused %d from .cache/lbeg", made, reused)


def main(argv: list[str]) -> int:
    from mkdocs.config import load_config

    from .data import load_library
    from .macros import template_env

    root = Path(__file__).resolve().parent.parent
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    site_url = load_config(str(root / "mkdocs.yml"))["site_url"]
    write_downloads(load_library(root), template_env(root), root, Path(argv[0]), site_url)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
