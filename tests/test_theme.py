"""The seam to the site engine (lbeg/theme.py): nothing else leans on MkDocs,
Material or mkdocs-macros, and drawing a page's body at once ("eager", as under
Zensical) gives the same pages as drawing it when the theme prints it."""

from __future__ import annotations

import ast
import os
import re

import pytest
from bs4 import BeautifulSoup

from lbeg import theme

from .helpers import ROOT, build_site

ENGINE_PACKAGES = ("mkdocs", "mkdocs_macros", "material")


def _imports(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_seam_imports_the_site_engine():
    leaning = {
        path.name: sorted(_imports(path) & set(ENGINE_PACKAGES))
        for path in (ROOT / "lbeg").glob("*.py")
        if path.name != "theme.py"
    }
    assert {name: found for name, found in leaning.items() if found} == {}


# The theme's markup and the files it makes: Material's class prefix, its asset folders, its search index
THEME_MARKS = re.compile(r"""["'.]md-|assets/(javascripts|stylesheets)/|search_index\.json|headerlink""")


def test_only_the_seam_names_the_themes_markup_and_files():
    leaning = {
        path.name: sorted({m.group(0) for m in THEME_MARKS.finditer(path.read_text(encoding="utf-8"))})
        for path in (ROOT / "lbeg").glob("*.py")
        if path.name != "theme.py"
    }
    assert {name: found for name, found in leaning.items() if found} == {}


def test_what_the_seam_says_of_the_theme_is_in_the_built_site(site):
    for pattern in theme.SHELL:
        assert list(site.dir.glob(pattern)), pattern
    page = (site.dir / "safety" / "index.html").read_text(encoding="utf-8")
    assert theme.has_article(page)
    article = BeautifulSoup(page, "lxml").select_one(theme.ARTICLE)
    assert article.select_one("h1") and not article.select("header.md-header, nav")


@pytest.fixture(scope="module")
def eager_site(tmp_path_factory):
    before = {key: os.environ.get(key) for key in ("LBEG_RENDER", "LBEG_DOWNLOADS")}
    os.environ.update(LBEG_RENDER=theme.EAGER, LBEG_DOWNLOADS="off")
    try:
        return build_site(ROOT, tmp_path_factory.mktemp("eager"))
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def test_drawing_bodies_at_once_gives_the_same_pages(site, eager_site):
    pages = sorted(p.relative_to(site.dir) for p in site.dir.rglob("*.html"))
    assert pages == sorted(p.relative_to(eager_site.dir) for p in eager_site.dir.rglob("*.html"))
    differ = [str(p) for p in pages if (site.dir / p).read_bytes() != (eager_site.dir / p).read_bytes()]
    assert differ == []
    index = "search/search_index.json"
    assert (site.dir / index).read_bytes() == (eager_site.dir / index).read_bytes()


@pytest.mark.parametrize(
    "target,page,expected",
    [
        ("exercises/", "exercises/bird-dog/", "../"),
        ("exercises/bird-dog/", "", "exercises/bird-dog/"),
        ("safety/", "exercises/bird-dog/", "../../safety/"),
        ("assets/lbeg.css", "about/", "../assets/lbeg.css"),
        ("muscles/", "muscles/", "./"),
        ("exercises/", "404.html", "exercises/"),
    ],
)
def test_links_between_pages_are_relative_as_the_engine_makes_them(target, page, expected):
    from mkdocs.utils import get_relative_url

    assert theme.relative_url(target, page) == expected == get_relative_url(target, page)
