"""The page markers, such as {{ exercise_page("bird-dog") }}. Each one shapes
data and renders a template. The site engine reaches them through macros.py at
the project's root; everything engine-specific goes through lbeg.theme."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from . import structured, theme
from .address import Address, absolute_url, short_url
from .data import DataError, Library, load_library
from .downloads import start_downloads, write_redirects
from .figure import still_scene
from .offline import app_of, write_offline
from .opendata import field_tables, file_rows, licence_of, write_open_data
from .render_cache import RenderError
from .report import LINK_TEXT, NOT_FOUND_TITLE, UNKNOWN_ADDRESS, report_links
from .templating import template_env
from .views import (
    Lines,
    Link,
    advice,
    catalogue,
    downloads,
    exercise_url,
    exercise_views,
    index_filters,
    muscle_views,
    print_context,
    reference_label,
    review_text,
    routine_view,
    safety_band,
)

log = theme.log


def load_or_stop(root: Path) -> Library:
    """Load data/, or log one line per problem and stop the build."""
    try:
        return load_library(root)
    except DataError as error:
        for problem in error.problems:
            log.error(str(problem))
        count = len(error.problems)
        raise theme.stop(f"{count} problem{'s' if count > 1 else ''} in data/, so the site was not built.") from None


class Build:
    """What one build of the site draws from: the data, once loaded and checked,
    the templates, and every exercise's view, made once for all the pages."""

    def __init__(self, site: theme.Site) -> None:
        self.site = site
        self.root, self.site_url = site.root, site.url
        self.lib = load_or_stop(site.root)
        self.templates = template_env(site.root)
        self.licence = licence_of(site.extra)
        self.views = exercise_views(self.lib)
        self.routines = {slug: routine_view(self.lib, slug, self.views) for slug in self.lib.routines}
        self._finish_downloads: Callable[[], None] | None = None

    @property
    def about(self) -> dict[str, str]:
        """The site as structured data names it."""
        return {"name": self.site.name, "url": self.site_url}

    def address(self, path: str) -> Address:
        return Address.at(self.site_url, path)

    def draw(self, name: str, page_url: str, context: dict[str, Any]) -> str:
        def url(target: str) -> str:
            return theme.relative_url(target, page_url)

        return self.templates.get_template(name).render(url=url, lib=self.lib, **context)

    def not_found(self) -> str:
        """The "page not found" page, which is served at any address: so its links
        start from the site's root, and the browser puts the address the reader
        tried into its report link."""
        links = report_links(self.site.extra.get("report") or {}, NOT_FOUND_TITLE, UNKNOWN_ADDRESS)

        def url(target: str) -> str:
            return urlsplit(self.site_url).path.rstrip("/") + "/" + target

        return self.templates.get_template("not_found.html").render(
            url=url, title=NOT_FOUND_TITLE, links=links, text=LINK_TEXT, unknown=UNKNOWN_ADDRESS
        )

    def start_downloads(self) -> None:
        """Start the PDFs and preview images, so they are made while the pages are written."""
        self._finish_downloads = start_downloads(
            self.lib, self.templates, self.root, self.site.folder, self.site_url, self.views, self.site.name
        )

    def write_after(self, site_dir: Path) -> None:
        """The open data and the pages for other names; then the PDFs and
        link-preview images go in the site; then what the guide needs on a phone
        with no signal."""
        write_open_data(self.lib, site_dir, self.site_url, self.licence)
        write_redirects(self.lib, self.templates, site_dir, self.site_url, self.site.name)
        try:
            if self._finish_downloads is not None:
                self._finish_downloads()
        except RenderError as error:
            raise theme.stop(str(error)) from None
        write_offline(site_dir, self.templates, app_of(self.site.config))


class Markers:
    """The markers a page can hold, for the page the engine is rendering."""

    def __init__(self, env: Any, build: Build) -> None:
        self.env, self.build, self.lib = env, build, build.lib
        self.cited: dict[str, list[str]] = {}

    @property
    def page(self) -> theme.Page:
        return theme.page(self.env)

    def render(self, name: str, **context: Any) -> str:
        html = self.build.draw(name, self.page.url, context)
        # Markdown ends a raw HTML block at a blank line, so keep the block whole.
        return "\n".join(line for line in html.splitlines() if line.strip())

    def later(self, key: str, name: str, **context: Any) -> str:
        """A template for the page's meta, which overrides/main.html prints: the
        printed form ("print"), or the page's body ("body"), which follows the
        page's own text and is not indexed for search."""
        page_url = self.page.url
        theme.defer(self.env, key, lambda: self.build.draw(name, page_url, context))
        return ""

    def structured_data(self, data: dict) -> None:
        theme.set_meta(self.env, jsonld=Markup(self.build.draw("jsonld.html", self.page.url, {"data": data})))

    def page_of(self, marker: str, table: dict, folder: str, slug: str, make_view: Callable) -> tuple[Any, Address]:
        """The view and address of one exercise or routine, with the page's title and description set."""
        if slug not in table:
            raise KeyError(f"{marker}: no entry '{slug}' in data/{folder}/")
        view = make_view(self.lib, slug)
        theme.set_meta(self.env, title=table[slug].name, description=table[slug].summary)
        if theme.engine(self.env) != "mkdocs":  # Zensical set the page's report link before its title was known
            finish_page(self.env, self.build)
        return view, self.build.address(view.url)

    def exercise_page(self, slug: str) -> str:
        view, link = self.page_of(
            "exercise_page", self.lib.exercises, "exercises", slug, lambda lib, slug: self.build.views[slug]
        )
        theme.set_meta(self.env, preview={"url": link.url, "image": link.url + "preview.png", "alt": view.alt["end"]})
        self.structured_data(structured.exercise_page(view, link.url, self.build.about, self.build.licence.url))
        self.later("print", "print.html", **print_context(card=view, link=link))
        self.later("body", "exercise_page.html", v=view, link=link)
        return self.render("exercise_head.html", v=view)

    def exercise_index(self) -> str:
        views = list(self.build.views.values())
        for view in views:
            if view.overdue:
                log.info("exercise index: leaving out %s, whose review was due %s", view.slug, view.next_review)
        views = sorted((v for v in views if not v.overdue), key=lambda v: (v.ex.level, v.ex.name))
        return self.later("body", "exercise_index.html", views=views, filters=index_filters(self.lib, views))

    def routine_page(self, slug: str) -> str:
        view, link = self.page_of(
            "routine_page", self.lib.routines, "routines", slug, lambda lib, slug: self.build.routines[slug]
        )
        self.structured_data(structured.routine_page(view, link.url, self.build.about, self.build.licence.url))
        self.later("print", "print.html", **print_context(sheet=view, link=link))
        return self.render("routine_page.html", v=view, link=link)

    def routine_index(self) -> str:
        return self.render("routine_index.html", views=list(self.build.routines.values()))

    def print_deck(self) -> str:
        views = list(self.build.views.values())
        links = {v.slug: self.build.address(v.url) for v in views}
        self.later("print", "print.html", **print_context(deck=views, links=links))
        routines = list(self.build.routines.values())
        pdfs = downloads("cards", "all-exercise-cards")
        return self.later("body", "deck.html", views=views, routines=routines, pdfs=pdfs)

    def _programme_page(self, template: str, printed: str, **context: Any) -> str:
        """The builder and the patient's view: both print a handout, which ends, as every
        printed form does, with the pain rule and the emergency line."""
        told = advice(self.lib)
        home = short_url(absolute_url(self.build.site_url, ""))
        context.update(safety=told, band=safety_band(self.lib, home), stop=Lines("Stop if", told.stop, tone="stop"))
        self.later("print", printed, **context)
        return self.later("body", template, catalogue=catalogue(self.lib), views=self.build.views, **context)

    def builder(self) -> str:
        return self._programme_page("builder.html", "handout.html")

    def programme_view(self) -> str:
        return self._programme_page("programme.html", "patient_print.html", lights=self.lib.safety.pain.lights)

    def emergency_box(self) -> str:
        """The emergency signs, from data/safety.yml, as a warning box."""
        return self.render("safety_article.html", part="emergency", a=advice(self.lib))

    def pain_rule(self) -> str:
        """The pain rule, from data/safety.yml, each line with its sources."""
        pain = self.lib.safety.pain
        lines = [pain.ok, pain.during, pain.next_day, pain.flare_up, pain.stop, pain.leg_pain]
        cites = [{"text": c.text, "numbers": self._cite_numbers(c.sources)} for c in lines]
        return self.render("safety_article.html", part="rule", cites=cites, a=advice(self.lib))

    def pain_lights(self) -> str:
        """The pain traffic light, scored as a rise above the reader's usual pain."""
        numbers = self._cite_numbers(self.lib.safety.pain.lights_sources)
        return self.render("safety_article.html", part="lights", numbers=numbers, a=advice(self.lib))

    def condition_list(self) -> str:
        """Each condition's advice, its sources, and the exercises it applies to."""
        by_name = sorted(self.lib.exercises.items(), key=lambda kv: kv[1].name)
        rows = [
            (
                c,
                self._cite_numbers(c.sources),
                [Link(ex.name, exercise_url(slug)) for slug, ex in by_name if c.id in ex.conditions],
            )
            for c in self.lib.conditions.values()
        ]
        return self.render("safety_article.html", part="conditions", conditions=rows, a=advice(self.lib))

    def muscle_list(self) -> str:
        return self.render("muscles.html", views=muscle_views(self.lib))

    def exercise_link(self, slug: str) -> str:
        if slug not in self.lib.exercises:
            raise KeyError(f"exercise_link: no exercise '{slug}' in data/exercises/")
        return self.render("link.html", text=self.lib.exercises[slug].name, target=exercise_url(slug))

    def _cite_numbers(self, ids) -> list[int]:
        """Number sources in the order this page first cites them."""
        page_refs = self.cited.setdefault(self.page.source, [])
        numbers = []
        for ref_id in ids:
            if ref_id not in self.lib.references:
                raise KeyError(f"cite: no reference '{ref_id}' in data/references.yml")
            if ref_id not in page_refs:
                page_refs.append(ref_id)
            numbers.append(page_refs.index(ref_id) + 1)
        return numbers

    def cite(self, *ids: str) -> str:
        return Markup(self.render("cite.html", numbers=self._cite_numbers(ids)))

    def floor_steps(self, part: str) -> str:
        if self.lib.floor is None or part not in ("down", "up"):
            raise KeyError(f"floor_steps: no part '{part}' in data/floor.yml")
        steps = [
            (step, still_scene(step.frame, step.chair), self._cite_numbers(step.sources))
            for step in getattr(self.lib.floor, part)
        ]
        return self.render("floor_steps.html", steps=steps, part=part)

    def sources(self) -> str:
        refs = [self.lib.references[r] for r in self.cited.get(self.page.source, [])]
        if not refs:
            raise ValueError("sources: this page cites nothing; add cite() markers or remove sources()")
        return self.render("sources.html", refs=refs)

    def open_data(self, part: str) -> str:
        """The reuse page's tables: "files" or "fields"."""
        if part not in ("files", "fields"):
            raise KeyError(f"open_data: no part '{part}' (use 'files' or 'fields')")
        tables = field_tables(self.build.site_url)
        return self.render("open_data.html", part=part, files=file_rows(self.lib), tables=tables)

    def reference_list(self) -> str:
        refs = sorted(self.lib.references.values(), key=lambda r: (r.authors.lower(), r.year or 0))
        return self.render("reference_list.html", refs=refs, label=reference_label)


MARKERS = [
    "exercise_page",
    "exercise_index",
    "routine_page",
    "routine_index",
    "print_deck",
    "builder",
    "programme_view",
    "muscle_list",
    "exercise_link",
    "cite",
    "floor_steps",
    "sources",
    "open_data",
    "reference_list",
    "emergency_box",
    "pain_rule",
    "pain_lights",
    "condition_list",
]


def start_page(env: Any) -> None:
    """Before a page's markers: a page whose front matter gives its review dates
    shows them (overrides/main.html)."""
    dates = theme.front_matter_dates(env, "reviewed", "next_review")
    if dates:
        theme.set_meta(env, review=review_text(*dates))


def finish_page(env: Any, build: Build) -> None:
    """After a page's markers: every page gets its "Report a problem" link; an
    article, its structured data (an exercise's or routine's marker sets its own)."""
    here, title = theme.page(env), theme.page_title(env)
    url = absolute_url(build.site_url, here.url)
    links = report_links(build.site.extra.get("report") or {}, title, url)
    here.meta["report_link"] = Markup(build.draw("report.html", here.url, {"links": links, "text": LINK_TEXT}))
    if "jsonld" not in here.meta and here.meta.get("reviewed"):
        dates = theme.front_matter_dates(env, "reviewed")
        data = structured.web_page(
            name=title,
            description=str(here.meta.get("description", "")),
            url=url,
            reviewed=dates[0] if dates else None,
            site=build.about,
            licence=build.licence.url,
        )
        here.meta["jsonld"] = Markup(build.draw("jsonld.html", here.url, {"data": data}))


_builds: dict[tuple, Build | theme.BuildStopped] = {}


def _build_for(env: Any) -> Build:
    """The build's data and views. MkDocs calls define_env once a build; Zensical
    calls it for every page, so one Build (or one report of data/'s problems)
    serves until data/ changes."""
    site = theme.site(env)
    files = [(str(p), p.stat()) for p in (site.root / "data").rglob("*") if p.is_file()]
    stamp = tuple(sorted((name, st.st_mtime_ns, st.st_size) for name, st in files))
    key = (site.root, site.url, site.name, repr(site.extra), stamp)
    if key not in _builds:
        _builds.clear()
        try:
            _builds[key] = Build(site)
        except theme.BuildStopped as stopped:
            _builds[key] = stopped
    found = _builds[key]
    if isinstance(found, theme.BuildStopped):
        raise theme.stop(str(found))
    return found


def define_env(env: Any) -> None:
    if theme.engine(env) == "mkdocs":
        build = Build(theme.site(env))
        theme.set_not_found(env, build.not_found())
        build.start_downloads()
        theme.reuse_compiled_theme(env)
        theme.report_marker_errors_in_one_line(env)
    else:  # Zensical: define_env runs for each page, before its markers; nothing runs after the build
        build = _build_for(env)
        if env.page is not None:
            start_page(env)
            finish_page(env, build)
    markers = Markers(env, build)
    for name in MARKERS:
        env.macro(getattr(markers, name), name)
    env.lbeg = build


def on_pre_page_macros(env: Any) -> None:
    """mkdocs-macros calls this before each page's markers."""
    start_page(env)


def on_post_page_macros(env: Any) -> None:
    """mkdocs-macros calls this after each page's markers."""
    finish_page(env, env.lbeg)


def on_post_build(env: Any) -> None:
    """Write the open data and the pages for other names, put the PDFs and link-preview
    images in the site, and write what the guide needs on a phone with no signal."""
    env.lbeg.write_after(Path(env.conf["site_dir"]))
