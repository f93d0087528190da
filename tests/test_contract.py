"""Links are a promise: every published address keeps working, and old or
other names of an exercise lead to it."""

from __future__ import annotations

import re

import pytest

from lbeg.contract import published
from lbeg.data import load_library, slugify

from .helpers import ROOT

CONTRACT = ROOT / "tests" / "published-urls.txt"
LIB = load_library(ROOT)


def promised() -> list[str]:
    return [line for line in CONTRACT.read_text(encoding="utf-8").splitlines() if line]


def _redirect_target(site, page: str) -> str | None:
    """The exercise page an other-name page sends readers on to (keeping the section), if it is one."""
    path = site.path(page)
    if not path.exists():
        return None
    found = re.search(r'http-equiv="refresh" content="0; url=\.\./([a-z0-9-]+)/"', path.read_text(encoding="utf-8"))
    return f"exercises/{found.group(1)}/" if found else None


def _kept(site, url: str) -> bool:
    """A section of a renamed exercise is kept when its old page sends readers to a page with that section."""
    if "#" not in url:
        return False
    page, anchor = url.lstrip("/").split("#")
    target = _redirect_target(site, page)
    return target is not None and site.html(target).find(id=anchor) is not None


def test_no_published_address_has_gone(site):
    built = set(published(site.dir))
    gone = [url for url in promised() if url not in built and not _kept(site, url)]
    assert gone == [], "these addresses were published and must keep working (add an alias for a renamed exercise)"


def test_every_address_the_site_publishes_is_on_the_list(site):
    new = sorted(set(published(site.dir)) - set(promised()))
    assert new == [], "new addresses: record them with `make contract`"


def test_anchors_on_the_list_exist_on_their_pages(site):
    for url in promised():
        if "#" in url:
            page, anchor = url.lstrip("/").split("#")
            page = _redirect_target(site, page) or page
            assert site.html(page).find(id=anchor) is not None, url


# Every other name that is not already an exercise's own address.
ALIASES = [
    (slugify(alias), slug)
    for slug, ex in LIB.exercises.items()
    for alias in ex.aliases
    if slugify(alias) not in LIB.exercises
]


@pytest.mark.parametrize(("alias", "slug"), ALIASES, ids=[alias for alias, _ in ALIASES])
def test_every_other_name_sends_readers_to_its_exercise(site, alias, slug):
    soup = site.html(f"exercises/{alias}/")
    name = LIB.exercises[slug].name
    assert soup.find("link", rel="canonical")["href"].endswith(f"/exercises/{slug}/")
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert soup.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url=../{slug}/"
    link = soup.find("a")
    assert link.get_text() == name and link["href"] == f"../{slug}/"
    assert site.html(f"exercises/{slug}/").find("h1").get_text(strip=True) == name


@pytest.mark.parametrize("slug", ["glute-bridge", "bird-dog", "side-plank-knees"])
def test_other_names_lead_to_the_exercise_and_keep_the_section(browser, server, slug):
    alias = slugify(LIB.exercises[slug].aliases[0])
    page = browser.new_page()
    page.goto(server + f"exercises/{alias}/#how-much")
    page.wait_for_url(f"**/exercises/{slug}/#how-much")
    assert page.locator("article h1").inner_text() == LIB.exercises[slug].name
    page.close()


def test_a_renamed_exercise_keeps_its_old_address(tmp_path):
    """Renaming an exercise means a new file name; its old name goes into aliases."""
    import shutil

    from lbeg.downloads import write_redirects
    from lbeg.templating import template_env

    shutil.copytree(ROOT / "data", tmp_path / "data")
    old = tmp_path / "data" / "exercises" / "wall-sit.yml"
    text = (
        old.read_text()
        .replace("name: Wall sit\naliases:\n", "name: Wall squat hold\naliases:\n  - Wall sit\n")
        .replace("  - Wall squat\n", "")
    )
    (tmp_path / "data" / "exercises" / "wall-squat-hold.yml").write_text(text)
    old.unlink()
    # Routines and other exercises' ladders that name it move with it.
    for other in (tmp_path / "data").glob("*/*.yml"):
        other.write_text(other.read_text().replace("exercise: wall-sit", "exercise: wall-squat-hold"))
    lib = load_library(tmp_path)
    write_redirects(lib, template_env(ROOT), tmp_path / "site", "https://example.org/", "Guide")
    moved = (tmp_path / "site" / "exercises" / "wall-sit" / "index.html").read_text()
    assert "url=../wall-squat-hold/" in moved and "Wall squat hold" in moved
