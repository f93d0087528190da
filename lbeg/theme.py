"""The one seam between the guide and the engine that builds the site.

The guide is built by MkDocs, with the Material theme and mkdocs-macros.
Zensical, their successor, reads the same mkdocs.yml, overrides and macros
module, but has none of MkDocs' internals. Everything that depends on how those
engines work is here; the rest of lbeg/ does not import mkdocs or mkdocs_macros,
and knows a page only as a `Page`.

- Page identity: a page's address and source file, from either engine.
- Deferred rendering: a page's body and printed form go into its meta and are
  drawn when the theme prints them (`Later`), or at once in eager mode.
- Escaping: meta holds plain text; overrides/main.html escapes what it prints.
- Dates: the review sentence for pages whose front matter gives review dates.
- Errors: one line per failure, never a traceback, and how a build is stopped.
- Speed: `mkdocs serve` rebuilds without compiling the theme's templates again.
- Built pages: where the theme puts a page's own text, and the files it makes
  that every page loads, for code that reads the built site.
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

try:
    from mkdocs.exceptions import PluginError as _Stop
except ImportError:  # Zensical, without MkDocs installed

    class _Stop(Exception):
        pass


log = logging.getLogger("mkdocs.plugins.lbeg")

# LBEG_RENDER=eager stores drawn markup in a page's meta instead of a Later.
EAGER = "eager"


class BuildStopped(_Stop):
    """Stops the build with a one-line message (under MkDocs, a PluginError:
    MkDocs prints its message as an error and no traceback)."""


def stop(message: str) -> BuildStopped:
    return BuildStopped(message)


def one_line(error: Exception) -> str:
    """An error's kind and message on one line."""
    return f"{type(error).__name__}: " + " ".join(str(error).split())


# -----------------------------------------------------------------------------
# The built site, as the theme lays it out
# -----------------------------------------------------------------------------

ARTICLE_CLASS = "md-content__inner"
ARTICLE = f"article.{ARTICLE_CLASS}"
"""A page's own text, without the theme's header, navigation and footer."""
PERMALINK = ".headerlink"
"""The link mark the theme would put after each heading (mkdocs.yml turns them off)."""
SHELL = (
    "assets/stylesheets/*.css",
    "assets/javascripts/bundle.*.js",
    "assets/javascripts/workers/search.*.js",
    "search/search_index.json",
    "sitemap.xml",
)
"""The theme's and the engine's files that every page loads, as patterns under the site folder."""


def has_article(html: str) -> bool:
    """Whether a built page has an article of its own (not a redirect or a bare file)."""
    return ARTICLE_CLASS in html


# -----------------------------------------------------------------------------
# The engine and its pages
# -----------------------------------------------------------------------------


def engine(env: Any) -> str:
    """ "zensical" when Zensical runs the macros module, else "mkdocs"."""
    return "zensical" if type(env).__module__.startswith("zensical") else "mkdocs"


def eager(env: Any) -> bool:
    """Zensical prints a page's meta without calling Python on it, so there
    markup is always drawn at once."""
    return os.environ.get("LBEG_RENDER") == EAGER or engine(env) == "zensical"


@dataclass(frozen=True)
class Page:
    """The page a marker is on: its address (such as "exercises/bird-dog/"),
    its source file (such as "docs/exercises/bird-dog.md") and its meta."""

    url: str
    source: str
    meta: dict[str, Any]


def page(env: Any) -> Page:
    current = env.page
    # MkDocs gives a File; Zensical gives the path under docs/.
    path = current.file.src_uri if hasattr(current, "file") else current.path
    return Page(current.url, f"docs/{path}", current.meta)


@dataclass(frozen=True)
class Site:
    """The project's folder and what mkdocs.yml says about the site."""

    root: Path
    url: str
    name: str
    extra: dict[str, Any]
    """mkdocs.yml's `extra:` settings, such as the licence and where reports go."""
    folder: Path | None = None
    """Where this build writes the site, where known."""
    config: Any = None
    """All of mkdocs.yml, as the engine read it (MkDocs' config, or a plain dict)."""


def site(env: Any) -> Site:
    conf = env.conf
    folder = conf.get("site_dir")
    return Site(
        root=Path(env.project_dir),
        url=conf.get("site_url") or "http://127.0.0.1:8000/",
        name=conf.get("site_name", ""),
        extra=dict(conf.get("extra") or {}),
        folder=Path(folder) if folder else None,
        config=conf,
    )


def page_title(env: Any) -> str:
    """The current page's title as a reader sees it: from its meta, or its first
    heading. (MkDocs gives the page's Markdown; Zensical works out the title.)"""
    given = page(env).meta.get("title")
    if given:
        return str(given)
    heading = re.search(r"^# (.+?)\s*$", getattr(env, "markdown", None) or "", re.MULTILINE)
    return html.unescape(heading.group(1)) if heading else str(env.page.title or "")


def relative_url(target: str, page_url: str) -> str:
    """`target` (an address from the site's root) as a link from the page at `page_url`."""
    if page_url != ".":
        head, tail = posixpath.split(page_url)
        page_url = head if "." in tail else page_url
    link = posixpath.relpath("/" + target, "/" + page_url)
    return link + "/" if target.endswith("/") else link


def site_config(root: Path) -> Site:
    """What mkdocs.yml says about the site, for commands run after a build.
    Without MkDocs (under Zensical), the file is read for just that, with its
    `!ENV [NAME, default]` tags."""
    path = Path(root) / "mkdocs.yml"
    try:
        from mkdocs.config import load_config
    except ImportError:
        import yaml

        class Loader(yaml.SafeLoader):
            pass

        def from_env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
            names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [node.value]
            *keys, default = names if len(names) > 1 else [*names, None]
            return next((os.environ[key] for key in keys if os.environ.get(key)), default)

        Loader.add_constructor("!ENV", from_env)
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
        url = config.get("site_url") or ""
        url = url if not url or url.endswith("/") else url + "/"
        return Site(Path(root), url, config.get("site_name", ""), config.get("extra") or {}, config=config)
    config = load_config(str(path))
    return Site(Path(root), config["site_url"], config["site_name"], dict(config["extra"]), config=config)


# -----------------------------------------------------------------------------
# Markup the theme draws
# -----------------------------------------------------------------------------


class Later:
    """Markup drawn when the theme prints it (see overrides/main.html), so that
    MkDocs neither holds it for every page at once nor parses it as Markdown.
    Python's Jinja calls __html__ (or str) on it as it prints the page."""

    def __init__(self, draw: Callable[[], str], where: str) -> None:
        self._draw = draw
        self._where = where

    def __html__(self) -> str:
        return _drawn(self._draw, self._where)

    __str__ = __html__


def _drawn(draw: Callable[[], str], where: str) -> Markup:
    try:
        return Markup(draw())
    except BuildStopped:
        raise
    except Exception as error:  # noqa: BLE001 - any failure while drawing is one line naming the page
        raise stop(f"{where}: {one_line(error)}") from None


def defer(env: Any, key: str, draw: Callable[[], str]) -> None:
    """Put markup in the current page's meta under `key`, for overrides/main.html
    to print: drawn when printed, or at once in eager mode."""
    here = page(env)
    here.meta[key] = _drawn(draw, here.source) if eager(env) else Later(draw, here.source)


# -----------------------------------------------------------------------------
# Meta and dates from front matter
# -----------------------------------------------------------------------------


def set_meta(env: Any, **values: Any) -> None:
    """Plain values for the current page's meta (a title, a description):
    overrides/main.html escapes them as it prints them."""
    page(env).meta.update(values)


def set_not_found(env: Any, text: str) -> None:
    """The "page not found" page's text, which overrides/404.html reads from `extra`.
    MkDocs only: Zensical does not see settings made here, so its 404 page shows
    only a heading."""
    env.conf["extra"]["not_found"] = Markup(text)


def front_matter_dates(env: Any, *keys: str) -> list[date] | None:
    """The dates under `keys` in the current page's front matter, or None if any
    is missing. MkDocs reads them as dates; Zensical as text like 2026-11-25."""
    meta = page(env).meta
    found = [meta.get(key) for key in keys]
    if any(value is None for value in found):
        return None
    return [value if isinstance(value, date) else date.fromisoformat(str(value)) for value in found]


# -----------------------------------------------------------------------------
# Errors in a page's markers
# -----------------------------------------------------------------------------


def _marker_error(error: Exception, markdown: str, page: Any) -> str:
    """A marker that fails on a page is reported in one line, with the page's
    line where known, instead of mkdocs-macros' traceback."""
    if isinstance(error, BuildStopped):  # already one line naming the page
        return str(error)
    line, frame = None, error.__traceback__
    while frame:
        if frame.tb_frame.f_code.co_filename == "<template>":
            line = frame.tb_lineno
        frame = frame.tb_next
    source = page.file.content_string
    if line and source.endswith(markdown):
        line += source[: len(source) - len(markdown)].count("\n")
    where = f"docs/{page.file.src_path}" + (f":{line}" if line else "")
    return f"{where}: {one_line(error)}"


def report_marker_errors_in_one_line(env: Any) -> None:
    """Under mkdocs-macros, replace its report of a failing marker (a traceback)
    with one line. Zensical reports such a failure itself."""
    if engine(env) != "mkdocs":
        return
    from mkdocs_macros.errors import format_error

    format_error.register(Exception)(_marker_error)


# -----------------------------------------------------------------------------
# The theme's compiled templates, kept between the rebuilds of `mkdocs serve`
# -----------------------------------------------------------------------------


class _MemoryBytecode(jinja2.BytecodeCache):
    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_THEME_BYTECODE = _MemoryBytecode()


def reuse_compiled_theme(env: Any) -> None:
    """MkDocs makes a new Jinja environment for the theme on every build. Giving
    each one the same bytecode cache means a rebuild does not compile the theme's
    templates again (a changed template no longer matches its checksum, so it is
    compiled again). It saves about a quarter of a rebuild's CPU time
    (benchmarks/serve_rebuild.py); Zensical has no such environment."""
    if engine(env) != "mkdocs":
        return
    theme = env.conf["theme"]
    make = theme.get_env

    def get_env() -> jinja2.Environment:
        made = make()
        made.bytecode_cache = _THEME_BYTECODE
        return made

    theme.get_env = get_env
