"""Page markers for mkdocs-macros. Each one shapes data and renders a template."""

from __future__ import annotations

import html
import logging
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url
from mkdocs_macros.errors import format_error

from . import structured
from .address import Address, absolute_url, short_url
from .data import DataError, Library, cache_dir, load_library
from .downloads import start_downloads, write_redirects
from .figure import still_scene
from .opendata import field_tables, file_rows, licence_of, write_open_data
from .render_cache import RenderError
from .report import LINK_TEXT, report_links
from .views import (
    ExerciseView,
    Lines,
    Link,
    advice,
    catalogue,
    downloads,
    exercise_url,
    exercise_view,
    index_filters,
    muscle_views,
    print_context,
    reference_label,
    routine_view,
    safety_band,
)

log = logging.getLogger("mkdocs.plugins.lbeg")


@lru_cache(maxsize=8)
def template_env(root: Path) -> jinja2.Environment:
    """The one Jinja environment for the guide's own templates. It is kept
    between the rebuilds of `mkdocs serve`, and reloads a template that changes."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(root / "lbeg" / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=True,
    )


class _MemoryBytecode(jinja2.BytecodeCache):
    """Compiled theme templates, kept in memory between the rebuilds of `mkdocs serve`."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_THEME_BYTECODE = _MemoryBytecode()


def _reuse_compiled_theme(theme: Any) -> None:
    """MkDocs makes a new theme environment for every build. Giving it a shared
    bytecode cache means a rebuild does not compile the theme's templates again;
    a template that changes no longer matches its checksum, so it is still recompiled."""
    make = theme.get_env

    def get_env() -> jinja2.Environment:
        made = make()
        made.bytecode_cache = _THEME_BYTECODE
        return made

    theme.get_env = get_env


class Later:
    """Markup drawn when the theme prints it (see overrides/main.html), so that
    MkDocs neither holds it for every page at once nor parses it as Markdown."""

    def __init__(self, draw: Any, where: str) -> None:
        self._draw = draw
        self._where = where

    def __html__(self) -> str:
        try:
            return self._draw()
        except Exception as error:  # one line, like a macro that fails
            raise PluginError(f"{self._where}: {type(error).__name__}: " + " ".join(str(error).split())) from None

    __str__ = __html__


@format_error.register
def _one_line(error: Exception, markdown: str, page: Any) -> str:
    """A macro that fails on a page is reported in one line, with the page's line
    where known, instead of mkdocs-macros' traceback."""
    line, frame = None, error.__traceback__
    while frame:
        if frame.tb_frame.f_code.co_filename == "<template>":
            line = frame.tb_lineno
        frame = frame.tb_next
    source = page.file.content_string
    if line and source.endswith(markdown):
        line += source[: len(source) - len(markdown)].count("\n")
    where = f"docs/{page.file.src_path}" + (f":{line}" if line else "")
    return f"{where}: {type(error).__name__}: " + " ".join(str(error).split())


def load_or_stop(root: Path) -> Library:
    """Load data/, or log one line per problem and stop the build."""
    try:
        return load_library(root)
    except DataError as error:
        for problem in error.problems:
            log.error(str(problem))
        count = len(error.problems)
        raise PluginError(f"{count} problem{'s' if count > 1 else ''} in data/, so the site was not built.") from None


def define_env(env: Any) -> None:
    root = Path(env.project_dir)
    lib = load_or_stop(root)
    templates = template_env(root)
    cited: dict[str, list[str]] = {}
    site_url = env.conf["site_url"] or "http://127.0.0.1:8000/"
    home = short_url(absolute_url(site_url, ""))

    def address(path: str) -> Address:
        return Address.at(site_url, path, cache_dir(root))

    def draw(name: str, page_url: str, context: dict[str, Any]) -> str:
        def url(target: str) -> str:
            return get_relative_url(target, page_url)

        return templates.get_template(name).render(url=url, lib=lib, **context)

    def render(name: str, **context: Any) -> str:
        html = draw(name, env.page.url, context)
        # Markdown ends a raw HTML block at a blank line, so keep the block whole.
        return "\n".join(line for line in html.splitlines() if line.strip())

    def later(key: str, name: str, **context: Any) -> str:
        """Put a template in the page's meta, drawn only when the theme prints the
        page: the printed form ("print"), or the page's body ("body"), which
        follows the page's own text and is not indexed for search."""
        page_url = env.page.url
        env.page.meta[key] = Later(lambda: draw(name, page_url, context), f"docs/{env.page.file.src_path}")
        return ""

    @cache
    def all_views() -> dict[str, ExerciseView]:
        """Every exercise's view, made once a build for all the pages that need it."""
        return {slug: exercise_view(lib, slug) for slug in lib.exercises}

    site = {"name": env.conf["site_name"], "url": site_url}
    licence = licence_of(env.conf["extra"]).url

    def structured_data(data: dict) -> None:
        env.page.meta["jsonld"] = Markup(draw("jsonld.html", env.page.url, {"data": data}))

    env.lbeg = {
        "lib": lib,
        "templates": templates,
        "site_url": site_url,
        "root": root,
        "views": all_views,
        "draw": draw,
        "site": site,
        "licence": licence,
    }
    # The PDFs and preview images are made while the pages are written
    env.lbeg["downloads"] = start_downloads(
        lib, templates, root, Path(env.conf["site_dir"]), site_url, all_views(), env.conf["site_name"]
    )
    _reuse_compiled_theme(env.conf["theme"])

    def page_of(macro: str, table: dict, folder: str, slug: str, make_view):
        """The view and address of one exercise or routine, with the page's meta set."""
        if slug not in table:
            raise KeyError(f"{macro}: no entry '{slug}' in data/{folder}/")
        view = make_view(lib, slug)
        item = table[slug]
        env.page.meta["title"] = str(escape(item.name))
        env.page.meta["description"] = str(escape(item.summary))
        return view, address(view.url)

    @env.macro
    def exercise_page(slug: str) -> str:
        view, link = page_of("exercise_page", lib.exercises, "exercises", slug, lambda lib, slug: all_views()[slug])
        env.page.meta["preview"] = {"url": link.url, "image": link.url + "preview.png", "alt": view.alt["end"]}
        structured_data(structured.exercise_page(view, link.url, site, licence))
        later("print", "print.html", **print_context(card=view, link=link))
        later("body", "exercise_page.html", v=view, link=link)
        return render("exercise_head.html", v=view)

    @env.macro
    def exercise_index() -> str:
        views = list(all_views().values())
        for view in views:
            if view.overdue:
                log.info("exercise index: leaving out %s, whose review was due %s", view.slug, view.next_review)
        views = sorted((v for v in views if not v.overdue), key=lambda v: (v.ex.level, v.ex.name))
        return later("body", "exercise_index.html", views=views, filters=index_filters(lib, views))

    @env.macro
    def routine_page(slug: str) -> str:
        view, link = page_of("routine_page", lib.routines, "routines", slug, routine_view)
        structured_data(structured.routine_page(view, link.url, site, licence))
        later("print", "print.html", **print_context(sheet=view, link=link))
        return render("routine_page.html", v=view, link=link)

    @env.macro
    def routine_index() -> str:
        return render("routine_index.html", views=[routine_view(lib, slug) for slug in lib.routines])

    @env.macro
    def print_deck() -> str:
        views = list(all_views().values())
        links = {v.slug: address(v.url) for v in views}
        later("print", "print.html", **print_context(deck=views, links=links))
        routines = [routine_view(lib, slug) for slug in lib.routines]
        return later("body", "deck.html", views=views, routines=routines, pdfs=downloads("cards", "all-exercise-cards"))

    def programme_page(template: str) -> str:
        """The builder and the patient's view: both print the handout."""
        told = advice(lib)
        later("print", "handout.html", band=safety_band(lib, home), stop=Lines("Stop if", told.stop, tone="stop"))
        return later("body", template, catalogue=catalogue(lib), views=all_views(), safety=advice(lib))

    @env.macro
    def builder() -> str:
        return programme_page("builder.html")

    @env.macro
    def programme_view() -> str:
        return programme_page("programme.html")

    @env.macro
    def muscle_list() -> str:
        return render("muscles.html", views=muscle_views(lib))

    @env.macro
    def exercise_link(slug: str) -> str:
        if slug not in lib.exercises:
            raise KeyError(f"exercise_link: no exercise '{slug}' in data/exercises/")
        return render("link.html", text=lib.exercises[slug].name, target=exercise_url(slug))

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
        return Markup(render("cite.html", numbers=cite_numbers(ids)))

    @env.macro
    def floor_steps(part: str) -> str:
        if lib.floor is None or part not in ("down", "up"):
            raise KeyError(f"floor_steps: no part '{part}' in data/floor.yml")
        steps = [
            (step, still_scene(step.frame, step.chair), cite_numbers(step.sources)) for step in getattr(lib.floor, part)
        ]
        return render("floor_steps.html", steps=steps, part=part)

    @env.macro
    def emergency_box() -> str:
        """The emergency signs, from data/safety.yml, as a warning box."""
        return render("safety_article.html", part="emergency", a=advice(lib))

    @env.macro
    def pain_rule() -> str:
        """The pain rule, from data/safety.yml, each line with its sources."""
        pain = lib.safety.pain
        lines = [pain.ok, pain.during, pain.next_day, pain.flare_up, pain.stop, pain.leg_pain]
        cites = [{"text": c.text, "numbers": cite_numbers(c.sources)} for c in lines]
        return render("safety_article.html", part="rule", cites=cites, a=advice(lib))

    @env.macro
    def pain_lights() -> str:
        """The pain traffic light, scored as a rise above the reader's usual pain."""
        numbers = cite_numbers(lib.safety.pain.lights_sources)
        return render("safety_article.html", part="lights", numbers=numbers, a=advice(lib))

    @env.macro
    def condition_list() -> str:
        """Each condition's advice, its sources, and the exercises it applies to."""
        rows = [
            (
                c,
                cite_numbers(c.sources),
                [
                    Link(ex.name, exercise_url(slug))
                    for slug, ex in sorted(lib.exercises.items(), key=lambda kv: kv[1].name)
                    if c.id in ex.conditions
                ],
            )
            for c in lib.conditions.values()
        ]
        return render("safety_article.html", part="conditions", conditions=rows, a=advice(lib))

    @env.macro
    def sources() -> str:
        refs = [lib.references[r] for r in cited.get(env.page.file.src_uri, [])]
        if not refs:
            raise ValueError("sources: this page cites nothing; add cite() markers or remove sources()")
        return render("sources.html", refs=refs)

    @env.macro
    def open_data(part: str) -> str:
        """The reuse page's tables: "files" or "fields"."""
        if part not in ("files", "fields"):
            raise KeyError(f"open_data: no part '{part}' (use 'files' or 'fields')")
        return render("open_data.html", part=part, files=file_rows(lib), tables=field_tables(site_url))

    @env.macro
    def reference_list() -> str:
        refs = sorted(lib.references.values(), key=lambda r: (r.authors.lower(), r.year or 0))
        return render("reference_list.html", refs=refs, label=reference_label)


def _page_title(env: Any) -> str:
    """The page's title as the reader sees it: from its meta, or its first heading."""
    given = env.page.meta.get("title")
    heading = re.search(r"^# (.+?)\s*$", env.markdown, re.MULTILINE)
    return html.unescape(str(given or (heading.group(1) if heading else env.page.title or "")))


def on_post_page_macros(env: Any) -> None:
    """Every page gets its "Report a problem" link; an article, its structured data."""
    state, page = env.lbeg, env.page
    title, url = _page_title(env), absolute_url(state["site_url"], page.url)
    links = report_links(env.conf["extra"].get("report") or {}, title, url)
    page.meta["report"] = Markup(state["draw"]("report.html", page.url, {"links": links, "text": LINK_TEXT}))
    if "jsonld" not in page.meta and page.meta.get("reviewed"):
        data = structured.web_page(
            name=title,
            description=str(page.meta.get("description", "")),
            url=url,
            reviewed=page.meta["reviewed"],
            site=state["site"],
            licence=state["licence"],
        )
        page.meta["jsonld"] = Markup(state["draw"]("jsonld.html", page.url, {"data": data}))


def on_post_build(env: Any) -> None:
    """Write the pages for other names and the open data, and put the PDFs and link-preview images in the site."""
    state = env.lbeg
    site_dir = Path(env.conf["site_dir"])
    write_open_data(state["lib"], site_dir, state["site_url"], licence_of(env.conf["extra"]))
    write_redirects(state["lib"], state["templates"], site_dir, state["site_url"], env.conf["site_name"])
    try:
        state["downloads"]()
    except RenderError as error:
        raise PluginError(str(error)) from None
