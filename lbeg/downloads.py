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
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import jinja2

from . import typeset
from .address import Address, absolute_url
from .data import Library, cache_dir
from .render_cache import Cache, Joined, Pdf, Png, RenderError, start_files
from .views import (
    PAPERS,
    ExerciseView,
    Picture,
    card_view,
    exercise_url,
    exercise_views,
    pdf_file,
    redirects,
    renamed,
    routine_card,
    routine_view,
    sheet_view,
)

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


def write_downloads(*args: Any, **kwargs: Any) -> None:
    """Make the PDFs and images and put them in the site now; see start_downloads."""
    start_downloads(*args, **kwargs)()


def start_downloads(
    lib: Library,
    templates: jinja2.Environment,
    root: Path,
    site_dir: Path,
    site_url: str,
    views: dict[str, ExerciseView] | None = None,
    site_name: str = "",
) -> Callable[[], None]:
    """Start making the PDFs and preview images, and return what to call once
    the pages are written, to wait for them and put them in the site. So the
    files are made while the build writes its pages. LBEG_DOWNLOADS=off skips
    them; =background makes them after the build is done, in a process of its
    own, so that `make serve` shows an edit at once. `views` are the build's
    exercise views, where it has them. A file that cannot be made raises
    RenderError, whose message is one line naming it."""
    mode = os.environ.get("LBEG_DOWNLOADS", "")
    if mode == "off":
        return lambda: log.info("downloads: LBEG_DOWNLOADS=off, so no PDFs or preview images were made")
    if mode == "background":
        return lambda: _in_background(root, site_dir)
    inputs = _inputs(root, site_url, site_name)
    cache = Cache(cache_dir(root), inputs)
    keys = cache.reuse()
    if keys is not None:

        def reuse() -> None:
            cache.place(keys, site_dir)
            log.info("downloads: nothing they are made from has changed, so all %d came from .cache/lbeg", len(keys))

        return reuse
    making = start_files(_files(lib, templates, site_url, views, site_name), cache)

    def finish() -> None:
        made, reused = making.finish(site_dir)
        log.info("downloads: made %d files, reused %d from .cache/lbeg", made, reused)

    return finish


_worker: subprocess.Popen | None = None


def _in_background(root: Path, site_dir: Path) -> None:
    """Make the downloads in a separate, lower-priority process (`nice`), so that
    the next rebuild does not wait for it; a newer build stops an older one."""
    global _worker
    if _worker is not None and _worker.poll() is None:
        _worker.kill()
        _worker.wait()
    nice = ["nice", "-n", "10"] if shutil.which("nice") else []
    _worker = subprocess.Popen(
        [*nice, sys.executable, "-m", "lbeg.downloads", str(site_dir)],
        cwd=root,
        env=dict(os.environ, LBEG_DOWNLOADS="now"),
        stdout=subprocess.DEVNULL,
    )


def _inputs(root: Path, site_url: str, site_name: str) -> str:
    """A digest of everything the PDFs and images are made from: the data, the
    templates, the code, the libraries, the fonts and the address."""
    digest = hashlib.sha256()
    folders = [root / "data", root / "lbeg"]
    files = sorted(p for folder in folders for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        digest.update(f"{path.relative_to(root)}\0".encode())
        digest.update(path.read_bytes())
    versions = [f"{name} {metadata.version(name)}" for name in ("zxing-cpp", "jinja2")]
    digest.update("\0".join([site_url, site_name, typeset.fingerprint(), *versions]).encode())
    return digest.hexdigest()


def _files(
    lib: Library,
    templates: jinja2.Environment,
    site_url: str,
    views: dict[str, ExerciseView] | None,
    site_name: str,
) -> Iterator[Pdf | Joined | Png]:
    """Every PDF and preview image the site offers, with what each is made from,
    one exercise at a time, so that the first are made while the rest are drawn."""
    drawn = templates.get_template("card.html").module.drawing

    def drawing(picture: Picture, id: str) -> str:
        return str(drawn(picture, id))

    pictured = templates.get_template("card.html").module.key_picture

    def key_picture(mark: str) -> str:
        return str(pictured(mark))

    views = views or exercise_views(lib)
    # A renamed exercise's old addresses keep its card and preview, so old links to them keep working.
    moved = renamed(lib)
    for slug, v in views.items():
        card = typeset.card_part(card_view(v, Address.at(site_url, v.url)), drawing, key_picture)
        still = Picture(v.scene, "end", "", v.ex.name, v.alt["end"])
        data = typeset.preview(v.ex.name, f"{v.kind} · {v.level}", site_name, v.alt["end"], drawing(still, "preview"))
        for url in [v.url, *(exercise_url(alias) for alias, to in moved.items() if to == slug)]:
            yield from (Pdf(url + pdf_file("card", paper), v.ex.name, paper, (card,)) for paper in PAPERS)
            yield Png(url + "preview.png", v.ex.name, data)
    for paper in PAPERS:
        yield Joined(
            pdf_file("print/cards", paper),
            "Exercise cards",
            tuple(v.url + pdf_file("card", paper) for v in views.values()),
        )
    for slug in lib.routines:
        rv = routine_view(lib, slug, views)
        sheet = typeset.sheet_part(sheet_view(rv, Address.at(site_url, rv.url)), drawing)
        steps = [
            typeset.card_part(routine_card(rv, step, Address.at(site_url, step.exercise.url)), drawing, key_picture)
            for step in rv.steps
        ]
        yield from (Pdf(rv.url + pdf_file("routine", paper), rv.r.name, paper, (sheet, *steps)) for paper in PAPERS)


def main(argv: list[str]) -> int:
    from .data import load_library
    from .templating import template_env
    from .theme import site_config

    root = Path(__file__).resolve().parent.parent
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    site = site_config(root)
    lib, templates = load_library(root), template_env(root)
    write_redirects(lib, templates, Path(argv[0]), site.url, site.name)
    try:
        write_downloads(lib, templates, root, Path(argv[0]), site.url, site_name=site.name)
    except RenderError as error:
        log.error("%s", error)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
