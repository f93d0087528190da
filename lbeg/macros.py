"""Page markers for mkdocs-macros. Each one shapes data and renders a template."""

from __future__ import annotations

import logging
from pathlib import Path
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from .cards import Job, absolute_url, make_files, qr_svg, short_url
from .data import DataError, Library, load_library
from .figure import still_scene
from .views import exercise_url, exercise_view, index_filters, muscle_views, reference_label, routine_view, wrap_title

log = logging.getLogger("mkdocs.plugins.lbeg")


def template_env(root: Path) -> jinja2.Environment:
    """The one Jinja environment for the guide's own templates."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(root / "overrides"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def load_or_stop(root: Path) -> Library:
    """Load data/, or log one line per problem and stop the build."""
    try:
        return load_library(root)
    except DataError as error:
        for problem in error.problems:
            log.error(str(problem))
        count = len(error.problems)
        raise PluginError(f"{count} problem{'s' if count > 1 else ''} in data/, so the site was not built.") from None


@dataclass(frozen=True)
class Address:
    """Where a page lives online, for links, QR codes and cards."""

    url: str
    short: str
    qr: Markup


def define_env(env: Any) -> None:
    root = Path(env.project_dir)
    lib = load_or_stop(root)
    templates = template_env(root)
    cited: dict[str, list[str]] = {}
    site_url = env.conf["site_url"] or "http://127.0.0.1:8000/"

    def address(path: str) -> Address:
        url = absolute_url(site_url, path)
        return Address(url, short_url(url), Markup(qr_svg(url)))

    def render(name: str, **context: Any) -> str:
        page_url = env.page.url

        def url(target: str) -> str:
            return get_relative_url(target, page_url)

        html = templates.get_template(name).render(url=url, lib=lib, **context)
        # Markdown ends a raw HTML block at a blank line, so keep the block whole.
        return "\n".join(line for line in html.splitlines() if line.strip())

    env.lbeg = {"lib": lib, "templates": templates, "address": address, "site_url": site_url, "root": root}

    def set_meta(title: str, description: str) -> None:
        env.page.meta["title"] = str(escape(title))
        env.page.meta["description"] = str(escape(description))

    @env.macro
    def exercise_page(slug: str) -> str:
        if slug not in lib.exercises:
            raise KeyError(f"exercise_page: no exercise '{slug}' in data/exercises/")
        view = exercise_view(lib, slug)
        link = address(view.url)
        set_meta(view.ex.name, view.ex.summary)
        env.page.meta["preview"] = {"url": link.url, "image": link.url + "preview.png", "alt": view.alt["end"]}
        env.page.meta["print"] = render("lbeg/print.html", card=view, sheet=None, deck=[], link=link)
        return render("lbeg/exercise_page.html", v=view, link=link)

    @env.macro
    def exercise_index() -> str:
        views = [exercise_view(lib, slug) for slug in lib.exercises]
        for view in views:
            if view.overdue:
                log.info("exercise index: leaving out %s, whose review was due %s", view.slug, view.next_review)
        views = sorted((v for v in views if not v.overdue), key=lambda v: (v.ex.level, v.ex.name))
        return render("lbeg/exercise_index.html", views=views, filters=index_filters(lib, views))

    @env.macro
    def routine_page(slug: str) -> str:
        if slug not in lib.routines:
            raise KeyError(f"routine_page: no routine '{slug}' in data/routines/")
        view = routine_view(lib, slug)
        link = address(view.url)
        set_meta(view.r.name, view.r.summary)
        env.page.meta["print"] = render("lbeg/print.html", card=None, sheet=view, deck=[], link=link)
        return render("lbeg/routine_page.html", v=view, link=link)

    @env.macro
    def routine_index() -> str:
        return render("lbeg/routine_index.html", views=[routine_view(lib, slug) for slug in lib.routines])

    @env.macro
    def print_deck() -> str:
        views = [exercise_view(lib, slug) for slug in lib.exercises]
        links = {v.slug: address(v.url) for v in views}
        env.page.meta["print"] = render("lbeg/print.html", card=None, sheet=None, deck=views, links=links)
        return render("lbeg/deck.html", views=views, routines=[routine_view(lib, slug) for slug in lib.routines])

    @env.macro
    def muscle_list() -> str:
        return render("lbeg/muscles.html", views=muscle_views(lib))

    @env.macro
    def exercise_link(slug: str) -> str:
        if slug not in lib.exercises:
            raise KeyError(f"exercise_link: no exercise '{slug}' in data/exercises/")
        return render("lbeg/link.html", text=lib.exercises[slug].name, target=exercise_url(slug))

    def cite_numbers(ids) -> list[int]:
        """Number sources in the order this page first cites them."""
        page_refs = cited.setdefault(env.page.file.src_uri, [])
        numbers = []
        for ref_id in ids:
            if ref_id not in lib.references:
                raise KeyError(f"cite: no reference '{ref_id}' in data/references.yml")
            if ref_id not in page_refs:
                page_refs.append(ref_id)
            numbers.append(page_refs.index(ref_id) + 1)
        return numbers

    @env.macro
    def cite(*ids: str) -> str:
        return Markup(render("lbeg/cite.html", numbers=cite_numbers(ids)))

    @env.macro
    def floor_steps(part: str) -> str:
        if lib.floor is None or part not in ("down", "up"):
            raise KeyError(f"floor_steps: no part '{part}' in data/floor.yml")
        steps = [
            (step, still_scene(step.frame, step.chair), cite_numbers(step.sources))
            for step in getattr(lib.floor, part)
        ]
        return render("lbeg/floor_steps.html", steps=steps, part=part)

    @env.macro
    def sources() -> str:
        refs = [lib.references[r] for r in cited.get(env.page.file.src_uri, [])]
        if not refs:
            raise ValueError("sources: this page cites nothing; add cite() markers or remove sources()")
        return render("lbeg/sources.html", refs=refs)

    @env.macro
    def reference_list() -> str:
        refs = sorted(lib.references.values(), key=lambda r: (r.authors.lower(), r.year or 0))
        return render("lbeg/reference_list.html", refs=refs, label=reference_label)


def on_post_build(env: Any) -> None:
    """Write the PDFs and the link-preview images into the built site."""
    state = env.lbeg
    lib, templates, address, root = state["lib"], state["templates"], state["address"], state["root"]
    site_dir = Path(env.conf["site_dir"])
    css = Markup((root / "docs" / "assets" / "lbeg-card.css").read_text(encoding="utf-8"))
    document = templates.get_template("lbeg/card_document.html")
    preview = templates.get_template("lbeg/preview.svg")

    def url(target: str) -> str:
        return absolute_url(state["site_url"], target)

    views = {slug: exercise_view(lib, slug) for slug in lib.exercises}
    links = {slug: address(v.url) for slug, v in views.items()}

    def pdf(target: str, title: str, items, sheet=None) -> Job:
        html = document.render(url=url, lib=lib, css=css, title=title, items=items, links=links,
                               sheet=sheet, sheet_link=address(sheet.url) if sheet else None)
        return Job(target, "pdf", html)

    jobs = []
    for slug, v in views.items():
        jobs.append(pdf(f"{v.url}card.pdf", v.ex.name, [(v, None, None)]))
        jobs.append(Job(f"{v.url}preview.png", "png", preview.render(v=v, title_lines=wrap_title(v.ex.name))))
    jobs.append(pdf("print/cards.pdf", "Exercise cards", [(v, None, None) for v in views.values()]))
    for slug in lib.routines:
        rv = routine_view(lib, slug)
        items = [(step.exercise, step.dosage + [("How often", rv.often)], f"In the routine: {rv.r.name}") for step in rv.steps]
        jobs.append(pdf(f"{rv.url}routine.pdf", rv.r.name, items, sheet=rv))
    made, reused = make_files(jobs, site_dir, root / ".cache" / "lbeg", base_url=str(site_dir))
    log.info("cards: made %d files, reused %d from .cache/lbeg", made, reused)
