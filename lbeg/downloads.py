"""Write the PDFs and link-preview images for a built site.

    python -m lbeg.downloads SITE_DIR

It also writes the pages that send an exercise's other names to it.

mkdocs-macros runs this after every build (see lbeg.macros.on_post_build). It
also runs on its own, for a site built by a tool that does not call it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import jinja2

from .cards import Address, Pdf, Png, absolute_url, make_files, reuse_files, short_url
from .data import Library, cache_dir
from .views import ExerciseView, exercise_url, exercise_view, print_context, redirects, routine_view, wrap_title

log = logging.getLogger("mkdocs.plugins.lbeg")


def write_redirects(lib: Library, templates: jinja2.Environment, site_dir: Path, site_url: str, site_name: str) -> int:
    """A small page at each other name of an exercise, so that old links keep working."""
    page = templates.get_template("redirect.html")
    moved = redirects(lib)
    for alias, slug in moved.items():
        target = site_dir / "exercises" / alias / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        name = lib.exercises[slug].name
        target.write_text(
            page.render(
                slug=slug, name=name, site_name=site_name, canonical=absolute_url(site_url, exercise_url(slug))
            ),
            encoding="utf-8",
        )
    return len(moved)


def write_downloads(
    lib: Library,
    templates: jinja2.Environment,
    root: Path,
    site_dir: Path,
    site_url: str,
    views: dict[str, ExerciseView] | None = None,
) -> None:
    """LBEG_DOWNLOADS=off skips them; =background makes them after the build is
    done, so that `make serve` shows an edit at once. `views` are the build's
    exercise views, where it has them."""
    mode = os.environ.get("LBEG_DOWNLOADS", "")
    if mode == "off":
        log.info("downloads: LBEG_DOWNLOADS=off, so no PDFs or preview images were made")
        return
    if mode == "background":
        _in_background(root, site_dir)
        return
    _write_downloads(lib, templates, root, site_dir, site_url, views)


_worker: subprocess.Popen | None = None


def _in_background(root: Path, site_dir: Path) -> None:
    """Make the downloads in a separate, lower-priority process, so that the next
    rebuild does not wait for it; a newer build stops an older one."""
    global _worker
    if _worker is not None and _worker.poll() is None:
        _worker.kill()
        _worker.wait()
    _worker = subprocess.Popen(
        [sys.executable, "-m", "lbeg.downloads", str(site_dir)],
        cwd=root,
        env=dict(os.environ, LBEG_DOWNLOADS="now"),
        preexec_fn=lambda: os.nice(10),
        stdout=subprocess.DEVNULL,
    )


def _inputs(root: Path, site_url: str) -> str:
    """A digest of everything the PDFs and images are made from: the data, the
    templates, the code, the card style sheet, the libraries and the address."""
    digest = hashlib.sha256()
    folders = [root / "data", root / "lbeg"]
    files = sorted(p for folder in folders for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in files + [root / "docs" / "assets" / "lbeg-card.css"]:
        digest.update(f"{path.relative_to(root) if path.is_relative_to(root) else path.name}\0".encode())
        digest.update(path.read_bytes())
    versions = [f"{name} {metadata.version(name)}" for name in ("weasyprint", "cairosvg", "segno", "pypdf")]
    digest.update("\0".join([site_url, os.environ.get("SOURCE_DATE_EPOCH", ""), *versions]).encode())
    return digest.hexdigest()


def _write_downloads(
    lib: Library,
    templates: jinja2.Environment,
    root: Path,
    site_dir: Path,
    site_url: str,
    views: dict[str, ExerciseView] | None,
) -> None:
    cache = cache_dir(root)
    inputs = _inputs(root, site_url)
    placed = reuse_files(inputs, site_dir, cache)
    if placed is not None:
        log.info("downloads: nothing they are made from has changed, so all %d were taken from .cache/lbeg", placed)
        return
    css = (root / "docs" / "assets" / "lbeg-card.css").read_text(encoding="utf-8")
    printed = templates.get_template("print.html")
    preview = templates.get_template("preview.svg")

    def url(target: str) -> str:
        return absolute_url(site_url, target)

    def part(label: str, **context: Any) -> tuple[str, str]:
        return label, printed.render(url=url, lib=lib, **print_context(home=short_url(url("")), **context))

    views = views or {slug: exercise_view(lib, slug) for slug in lib.exercises}
    cards = {slug: part(v.ex.name, card=v, link=Address.at(site_url, v.url, cache)) for slug, v in views.items()}
    pdfs = [Pdf(f"{v.url}card.pdf", v.ex.name, (cards[slug],)) for slug, v in views.items()]
    # An exercise's other names serve its card and preview too, so old links to them keep working.
    moved = redirects(lib)
    pdfs += [
        Pdf(f"{exercise_url(alias)}card.pdf", views[slug].ex.name, (cards[slug],)) for alias, slug in moved.items()
    ]
    pdfs.append(Pdf("print/cards.pdf", "Exercise cards", tuple(cards.values())))
    for slug in lib.routines:
        rv = routine_view(lib, slug)
        note = f"In the routine: {rv.r.name}"
        parts = [part(rv.r.name, sheet=rv, link=Address.at(site_url, rv.url, cache))]
        for step in rv.steps:
            rows = step.dosage + [("How often", rv.often)]
            parts.append(
                part(
                    step.exercise.ex.name,
                    card=step.exercise,
                    link=Address.at(site_url, step.exercise.url, cache),
                    rows=rows,
                    note=note,
                )
            )
        pdfs.append(Pdf(f"{rv.url}routine.pdf", rv.r.name, tuple(parts)))
    pngs = [Png(f"{v.url}preview.png", preview.render(v=v, title_lines=wrap_title(v.ex.name))) for v in views.values()]
    by_slug = {png.target: png for png in pngs}
    pngs += [
        Png(f"{exercise_url(alias)}preview.png", by_slug[f"{views[slug].url}preview.png"].svg)
        for alias, slug in moved.items()
    ]
    document = templates.get_template("pdf.html")
    made, reused = make_files(pdfs, pngs, css, document, site_dir, cache, base_url=str(site_dir), inputs=inputs)
    log.info("downloads: made %d files, reused %d from .cache/lbeg", made, reused)


def main(argv: list[str]) -> int:
    from mkdocs.config import load_config

    from .data import load_library
    from .macros import template_env

    root = Path(__file__).resolve().parent.parent
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    config = load_config(str(root / "mkdocs.yml"))
    lib, templates = load_library(root), template_env(root)
    write_redirects(lib, templates, Path(argv[0]), config["site_url"], config["site_name"])
    write_downloads(lib, templates, root, Path(argv[0]), config["site_url"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
