"""Who may reuse the guide, how readers report a mistake, and publishing at
an address that belongs to whoever publishes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from urllib.parse import parse_qs, urlparse

import yaml
from mkdocs.config import load_config

from lbeg.report import LINK_TEXT, report_links

from .helpers import ROOT, SITE_URL

CONFIG = load_config(str(ROOT / "mkdocs.yml"))
LICENCE = CONFIG["extra"]["licence"]
REPOSITORY = CONFIG["extra"]["report"]["repository"]


# -----------------------------------------------------------------------------
# Licence
# -----------------------------------------------------------------------------


def test_code_is_under_mit_and_content_under_cc_by():
    code = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert code.startswith("MIT License") and "Permission is hereby granted, free of charge" in code
    content = (ROOT / "LICENSE-CONTENT.md").read_text(encoding="utf-8")
    assert LICENCE["url"] in content and "Attribution 4.0 International" in content
    for covered in ("docs/", "data/", "/data/v1/"):
        assert covered in content
    legal = (ROOT / "LICENSES" / "CC-BY-4.0.txt").read_text(encoding="utf-8")
    assert "Creative Commons Attribution 4.0 International Public License" in legal
    assert "LICENSE-CONTENT.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_page_footer_states_the_licence(site):
    for url in site.pages():
        footer = site.html(url).select_one(".md-footer .md-copyright")
        link = footer.find("a", href=LICENCE["url"])
        assert link is not None and link.get_text(strip=True) == LICENCE["name"], url or "/"
        assert "does not replace advice from your own doctor" in footer.get_text(" "), url or "/"


def test_about_page_says_how_the_guide_may_be_reused(site):
    section = site.html("about/").find(id="licence")
    text = " ".join(el.get_text(" ", strip=True) for el in section.find_next_siblings(limit=1))
    assert section.find_next("a", href=LICENCE["url"]).get_text(strip=True) == f"{LICENCE['name']} licence"
    assert "name this guide" in text and "MIT" in text


# -----------------------------------------------------------------------------
# Report a problem
# -----------------------------------------------------------------------------


def _report_link(soup):
    return soup.select_one("article .lbeg-report").find("a", string=LINK_TEXT)


def test_every_page_has_a_report_link_with_its_title_and_address(site):
    repository = REPOSITORY.rstrip("/")
    for url in site.pages():
        soup = site.html(url)
        link = _report_link(soup)
        assert link is not None, url or "/"
        target = urlparse(link["href"])
        assert f"{target.scheme}://{target.netloc}{target.path}" == repository + "/issues/new"
        fields = parse_qs(target.query)
        title = soup.select_one("article h1").get_text(strip=True)
        assert fields["title"] == [f"Problem on the page: {title}"], url
        assert f"Address: {SITE_URL}{url}\n" in fields["body"][0] and f"Page: {title}\n" in fields["body"][0]


def test_the_page_not_found_says_so_plainly_with_a_way_on_and_a_report_link(site):
    soup = site.html("404.html")
    article = soup.select_one("article")
    assert article.h1.get_text(strip=True) == "Page not found" and "404" not in article.get_text()
    assert {a["href"] for a in article.find_all("a")} >= {"/exercises/", "/safety/", "/"}
    link = article.select_one(".lbeg-report").find("a", string=LINK_TEXT)
    fields = parse_qs(urlparse(link["href"]).query)
    assert fields["title"] == ["Problem on the page: Page not found"]
    assert "Address: the address you tried to open\n" in fields["body"][0], "without scripts, the report still reads"


def test_the_page_not_found_reports_the_address_the_reader_tried(browser, server, site):
    """Served, as a host does, at an address that has no page."""
    context = browser.new_context()
    page = context.new_page()
    missing = server + "exercises/no-such-exercise/?from=card"
    page.route(missing, lambda route: route.fulfill(status=404, path=site.path("404.html"), content_type="text/html"))
    page.goto(missing)
    link = page.locator("article .lbeg-report a", has_text=LINK_TEXT)
    page.wait_for_function("() => !document.querySelector('article .lbeg-report a').href.includes('tried%20to%20open')")
    body = parse_qs(urlparse(link.get_attribute("href")).query)["body"][0]
    assert f"Address: {missing}\n" in body
    context.close()


def test_the_report_link_loads_nothing_until_clicked(site):
    """A plain link: no script, frame, image or prefetch reaches the repository's site."""
    host = urlparse(REPOSITORY).netloc
    for url in site.pages():
        soup = site.html(url)
        loads = [el for el in soup.find_all(["script", "img", "iframe", "link"]) if host in str(el)]
        assert loads == [], url
    assert not CONFIG["repo_url"]


def test_an_email_address_is_offered_when_set():
    links = report_links({"repository": "", "email": "fixes@example.org"}, "Bird dog", SITE_URL + "exercises/bird-dog/")
    assert links.issue is None and links.email.startswith("mailto:fixes@example.org?")
    fields = parse_qs(urlparse(links.email).query)
    assert fields["subject"] == ["Problem on the page: Bird dog"]
    assert f"Address: {SITE_URL}exercises/bird-dog/" in fields["body"][0]
    both = report_links({"repository": "https://github.com/a/b/", "email": "x@example.org"}, "T", SITE_URL)
    assert both.issue.startswith("https://github.com/a/b/issues/new?") and both.email.startswith("mailto:")


def test_about_page_says_how_reports_are_handled(site):
    section = site.html("about/").find(id="report")
    items = " ".join(li.get_text(" ", strip=True) for li in section.find_next("ul").find_all("li"))
    for words in (LINK_TEXT, "GitHub", "Anyone can read", "We read every report", "safety"):
        assert words in items


# -----------------------------------------------------------------------------
# Addresses that belong to whoever publishes
# -----------------------------------------------------------------------------


def _without_site_url() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "MAKEFLAGS", "MAKELEVEL")}


def test_a_publishing_build_needs_site_url():
    """`make build` stops at once, in one line, before it installs or builds anything."""
    result = subprocess.run(
        ["make", "--no-print-directory", "build"],
        cwd=ROOT,
        env=_without_site_url(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert len(lines) == 1 and "SITE_URL is not set" in lines[0]
    script = subprocess.run(
        [sys.executable, "scripts/build_site.py", "never-written"],
        cwd=ROOT,
        env=_without_site_url(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert script.returncode == 2 and len(script.stderr.strip().splitlines()) == 1
    assert not (ROOT / "never-written").exists()


def test_without_site_url_the_site_uses_the_local_address():
    saved = os.environ.pop("SITE_URL")
    try:
        assert load_config(str(ROOT / "mkdocs.yml"))["site_url"] == "http://127.0.0.1:8000/"
    finally:
        os.environ["SITE_URL"] = saved
    serve = re.search(r"^serve:.*\n\t(.*)$", (ROOT / "Makefile").read_text(), re.MULTILINE).group(1)
    assert "--dev-addr 127.0.0.1:8000" in serve


def test_the_test_build_uses_its_own_address(site):
    assert site.html("exercises/").find("link", rel="canonical")["href"] == SITE_URL + "exercises/"


def test_github_pages_publishes_only_after_the_tests_pass():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    jobs = workflow["jobs"]
    builder = next(
        name for name, job in jobs.items() if any("upload-pages-artifact" in s.get("uses", "") for s in job["steps"])
    )
    steps = jobs[builder]["steps"]
    runs = [s.get("run", s.get("uses", "")) for s in steps]
    tested, built = runs.index("make test"), runs.index("make build")
    uploaded = next(i for i, r in enumerate(runs) if "upload-pages-artifact" in r)
    assert tested < built < uploaded
    assert steps[built]["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    deploy = next(job for job in jobs.values() if any("deploy-pages" in s.get("uses", "") for s in job["steps"]))
    assert builder in ([deploy["needs"]] if isinstance(deploy["needs"], str) else deploy["needs"])


def test_readme_says_how_to_set_the_address():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "SITE_URL=https://" in readme and "make build" in readme
    assert "stops" in readme and "127.0.0.1:8000" in readme
