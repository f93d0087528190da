"""The page markers, such as {{ exercise_page("bird-dog") }}. Each one shapes
data and renders a template. The site engine reaches them through macros.py at
the project's root; everything engine-specific goes through lbeg.theme."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from markupsafe import Markup

from . import theme
from .address import Address
from .data import DataError, Library, cache_dir, load_library
from .downloads import write_downloads, write_redirects
from .figure import still_scene
from .render_cache import RenderError
from .templating import template_env
from .views import (
    ExerciseView,
    catalogue,
    downloads,
    exercise_url,
    exercise_view,
    index_filters,
    muscle_views,
    print_context,
    reference_label,
    review_text,
    routine_view,
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

    def __init__(self, root: Path, site_url: str, site_name: str) -> None:
        self.root, self.site_url, self.site_name = root, site_url, site_name
        self.lib = load_or_stop(root)
        self.templates = template_env(root)
        self._views: dict[str, ExerciseView] | None = None

    @property
    def views(self) -> dict[str, ExerciseView]:
        if self._views is None:
            self._views = {slug: exercise_view(self.lib, slug) for slug in self.lib.exercises}
        return self._views

    def address(self, path: str) -> Address:
        return Address.at(self.site_url, path, cache_dir(self.root))

    def draw(self, name: str, page_url: str, context: dict[str, Any]) -> str:
        def url(target: str) -> str:
            return theme.relative_url(target, page_url)

        return self.templates.get_template(name).render(url=url, lib=self.lib, **context)

    def write_after(self, site_dir: Path) -> None:
        """The pages for other names, the PDFs and the link-preview images."""
        write_redirects(self.lib, self.templates, site_dir, self.site_url, self.site_name)
        try:
            write_downloads(self.lib, self.templates, self.root, site_dir, self.site_url, self.views, self.site_name)
        except RenderError as error:
            raise theme.stop(str(error)) from None


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

    def page_of(self, marker: str, table: dict, folder: str, slug: str, make_view: Callable) -> tuple[Any, Address]:
        """The view and address of one exercise or routine, with the page's title and description set."""
        if slug not in table:
            raise KeyError(f"{marker}: no entry '{slug}' in data/{folder}/")
        view = make_view(self.lib, slug)
        theme.set_meta(self.env, title=table[slug].name, description=table[slug].summary)
        return view, self.build.address(view.url)

    def exercise_page(self, slug: str) -> str:
        view, link = self.page_of(
            "exercise_page", self.lib.exercises, "exercises", slug, lambda lib, slug: self.build.views[slug]
        )
        theme.set_meta(self.env, preview={"url": link.url, "image": link.url + "preview.png", "alt": view.alt["end"]})
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
        view, link = self.page_of("routine_page", self.lib.routines, "routines", slug, routine_view)
        self.later("print", "print.html", **print_context(sheet=view, link=link))
        return self.render("routine_page.html", v=view, link=link)

    def routine_index(self) -> str:
        return self.render("routine_index.html", views=[routine_view(self.lib, slug) for slug in self.lib.routines])

    def print_deck(self) -> str:
        views = list(self.build.views.values())
        links = {v.slug: self.build.address(v.url) for v in views}
        self.later("print", "print.html", **print_context(deck=views, links=links))
        routines = [routine_view(self.lib, slug) for slug in self.lib.routines]
        pdfs = downloads("cards", "all-exercise-cards")
        return self.later("body", "deck.html", views=views, routines=routines, pdfs=pdfs)

    def _programme_page(self, template: str) -> str:
        """The builder and the patient's view: both print the handout."""
        self.later("print", "handout.html")
        return self.later("body", template, catalogue=catalogue(self.lib), views=self.build.views)

    def builder(self) -> str:
        return self._programme_page("builder.html")

    def programme_view(self) -> str:
        return self._programme_page("programme.html")

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
    "reference_list",
]


def review_dates(env: Any) -> None:
    """A page whose front matter gives its review dates shows them (overrides/main.html)."""
    dates = theme.front_matter_dates(env, "reviewed", "next_review")
    if dates:
        theme.set_meta(env, review=review_text(*dates))


_builds: dict[tuple, Build | theme.BuildStopped] = {}


def _build_for(env: Any) -> Build:
    """The build's data and views. MkDocs calls define_env once a build; Zensical
    calls it for every page, so one Build (or one report of data/'s problems)
    serves until data/ changes."""
    root, site_url, site_name = theme.site(env)
    data = root / "data"
    stamp = tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in data.rglob("*") if p.is_file()))
    key = (root, site_url, site_name, stamp)
    if key not in _builds:
        _builds.clear()
        try:
            _builds[key] = Build(root, site_url, site_name)
        except theme.BuildStopped as stopped:
            _builds[key] = stopped
    found = _builds[key]
    if isinstance(found, theme.BuildStopped):
        raise theme.stop(str(found))
    return found


def define_env(env: Any) -> None:
    build = Build(*theme.site(env)) if theme.engine(env) == "mkdocs" else _build_for(env)
    markers = Markers(env, build)
    for name in MARKERS:
        env.macro(getattr(markers, name), name)
    env.lbeg = build
    theme.report_marker_errors_in_one_line(env)
    theme.reuse_compiled_theme(env)
    if theme.engine(env) == "zensical" and env.page is not None:  # define_env runs for each page
        review_dates(env)


def on_pre_page_macros(env: Any) -> None:
    """mkdocs-macros calls this before each page's markers."""
    review_dates(env)


def on_post_build(env: Any) -> None:
    """Write the pages for other names, the PDFs and the link-preview images."""
    env.lbeg.write_after(Path(env.conf["site_dir"]))
