"""The built site, read as HTML: what a reader and a clinician would find."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
import yaml

from lbeg.contract import ANCHORS
from lbeg.data import load_library
from lbeg.views import count_text, exercise_view

from .helpers import ROOT, build_site, copy_project

LIB = load_library(ROOT)
SLUGS = list(LIB.exercises)


PAGES = {
    "": "Exercises for lower back pain",
    "why-movement-helps/": "Why movement helps back pain",
    "strengthen-your-lower-back/": "How to strengthen your lower back",
    "safety/": "Safety: when to stop and when to get help",
    "exercises/": "All exercises",
    "references/": "References",
    "about/": "About this guide",
}


def test_build_log_is_clean(site):
    assert [r.getMessage() for r in site.log] == []


@pytest.mark.parametrize("url,heading", PAGES.items())
def test_main_pages_exist(site, url, heading):
    soup = site.html(url)
    assert soup.find("h1").get_text(strip=True) == heading
    assert soup.find("meta", attrs={"name": "description"})["content"].strip()


@pytest.mark.parametrize("slug", SLUGS)
def test_exercise_page_has_every_section(site, slug):
    ex = LIB.exercises[slug]
    soup = site.html(f"exercises/{slug}/")
    article = soup.select_one("article.md-content__inner")
    assert article.find("h1").get_text(strip=True) == ex.name
    assert soup.title.get_text() == f"{ex.name} - Lower Back Exercise Guide"
    assert soup.find("meta", attrs={"name": "description"})["content"] == ex.summary
    for anchor in ANCHORS:
        assert article.find(id=anchor) is not None, f"#{anchor} missing on {slug}"

    steps = [li.get_text(" ", strip=True) for li in article.select("#steps ol > li")]
    assert steps == ex.steps
    start = [li.get_text(" ", strip=True) for li in article.select("#start li")]
    assert start == ex.start

    targets = article.select_one("#targets").get_text(" ", strip=True)
    for muscle in ex.targets.primary + ex.targets.secondary:
        assert LIB.muscles[muscle].name in targets

    dose = {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True)
        for dt in article.select("#how-much dt")
    }
    assert "How often" in dose
    if ex.dosage.reps:
        assert dose["Repeat"].startswith(count_text(ex.dosage.reps, ex.dosage.per_side, ex.dosage.alternate_sides))
        if ex.dosage.per_side:
            assert "on each side" in dose["Repeat"] and "in all" in dose["Repeat"]
    if ex.dosage.hold_seconds:
        assert dose["Hold"] == f"{ex.dosage.hold_seconds} seconds"

    stop = [li.get_text(" ", strip=True) for li in article.select("#stop-if li")]
    assert stop == exercise_view(LIB, slug).stop
    assert article.select_one("#stop-if a[href='../../safety/#emergency']")

    sources = article.select("#sources ol > li")
    assert len(sources) == len(ex.references)
    assert f"Last reviewed {ex.reviewed.day} {ex.reviewed:%B %Y}" in article.select_one("#sources").get_text()


@pytest.mark.parametrize("slug", SLUGS)
def test_easier_and_harder_link_to_real_pages(site, slug):
    ex = LIB.exercises[slug]
    article = site.html(f"exercises/{slug}/").select_one("article.md-content__inner")
    for side in ("easier", "harder"):
        links = [a["href"] for a in article.select(f"#{side} a")]
        wanted = [f"../{o.exercise}/" for o in getattr(ex, side) if o.exercise]
        assert links == wanted


def test_index_lists_every_exercise_with_its_facts(site):
    soup = site.html("exercises/")
    tiles = soup.select("ul.lbeg-tiles > li.lbeg-tile")
    hrefs = [t.select_one("a")["href"] for t in tiles]
    assert sorted(hrefs) == sorted(f"{slug}/" for slug in SLUGS)
    for tile in tiles:
        slug = tile.select_one("a")["href"].strip("/")
        ex = LIB.exercises[slug]
        text = tile.get_text(" ", strip=True)
        assert f"Level {ex.level}" in text
        assert LIB.positions[ex.position].label in text
        assert LIB.muscles[ex.targets.primary[0]].name.lower() in text
        assert tile["data-level"] == str(ex.level) and tile["data-position"] == ex.position


def test_index_filters_offer_only_values_in_use(site):
    soup = site.html("exercises/")
    positions = {o["value"] for o in soup.select("#lbeg-f-position option") if o["value"]}
    assert positions == {ex.position for ex in LIB.exercises.values()}


def test_search_finds_an_exercise_by_its_other_names_and_summary_but_not_its_steps(site):
    """Search indexes an exercise's heading; the body the theme draws stays out."""
    docs = json.loads(site.path("search/search_index.json").read_text(encoding="utf-8"))["docs"]
    for slug, ex in LIB.exercises.items():
        text = " ".join(d["text"] for d in docs if d["location"].startswith(f"exercises/{slug}/"))
        for words in [ex.summary, *ex.aliases]:
            assert words in text, (slug, words)
        assert not any(step in text for step in ex.steps), slug


def test_exercise_pages_stay_out_of_the_sidebar(site):
    nav = site.html("").select_one("nav.md-nav--primary")
    hrefs = [a["href"] for a in nav.select("a[href]")]
    assert "exercises/" in hrefs
    assert not [h for h in hrefs if re.match(r"exercises/[a-z0-9-]+/$", h)]


def test_every_exercise_page_links_to_safety(site):
    for slug in SLUGS:
        article = site.html(f"exercises/{slug}/").select_one("article.md-content__inner")
        assert article.select("a[href^='../../safety/']"), slug


def test_safety_page_has_emergency_urgent_and_routine_advice(site):
    soup = site.html("safety/")
    emergency = soup.find(id="emergency")
    assert "999" in emergency.get_text() and "A&E" in emergency.get_text()
    assert "111" in soup.find(id="urgent").get_text()
    assert soup.find(id="see-a-gp") and soup.find(id="pain") and soup.find(id="leg-pain")
    # Emergency advice comes before urgent advice, which comes before routine advice.
    order = [h["id"] for h in soup.select("h2[id]")]
    assert order.index("emergency") < order.index("urgent") < order.index("see-a-gp")


def test_every_cited_source_is_on_the_references_page(site):
    listed = {li["id"] for li in site.html("references/").select("li[id^='ref-']")}
    assert listed == {f"ref-{r}" for r in LIB.references}


# -----------------------------------------------------------------------------
# Links and requests
# -----------------------------------------------------------------------------


EXTERNAL = re.compile(r"^(https?:)?//", re.IGNORECASE)
RESOURCE_RELS = {
    "stylesheet",
    "preload",
    "modulepreload",
    "icon",
    "manifest",
    "preconnect",
    "dns-prefetch",
    "apple-touch-icon",
}

# Names of XML namespaces look like addresses, but nothing is fetched from them.
XML_NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}

# Every absolute URL in the theme's JavaScript, and why it never loads here.
THEME_JS_URLS = {
    "http://lunrjs.com": "licence comment",
    "http://tartarus.org/~martin/PorterStemmer/js.txt": "licence comment",
    "https://clipboardjs.com/": "licence comment",
    "https://bit.ly/2s3ChXG": "error message text",
    "https://api.github.com/repos/": "repository facts, only with repo_url, which is not set",
    "https://api.github.com/users/": "repository facts, only with repo_url, which is not set",
    "https://${e}/api/v4/projects/": "repository facts, only with repo_url, which is not set",
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js": "only for Mermaid diagrams; the guide has none",
    "https://unpkg.com/resize-observer-polyfill": "only in browsers with no ResizeObserver (none since 2020)",
    "http://www.d-project.com/": "licence comment in the vendored QR code library",
    "http://www.opensource.org/licenses/mit-license.php": "licence comment in the vendored QR code library",
    "http://www.denso-wave.com/qrcode/faqpatent-e.html": "licence comment in the vendored QR code library",
    "http://stackoverflow.com/questions/18729405/": "code comment in the vendored QR code library",
}


def test_no_third_party_resources_in_html(site):
    found = []
    for path in site.dir.rglob("*.html"):
        soup = site.html(path.relative_to(site.dir).as_posix())
        for el in soup.find_all(["script", "img", "iframe", "source", "video", "audio", "embed", "object"]):
            for attr in ("src", "srcset", "data"):
                if el.get(attr) and EXTERNAL.match(el[attr]):
                    found.append(f"{path}: <{el.name} {attr}={el[attr]}>")
        for el in soup.find_all("link", href=True):
            if RESOURCE_RELS & set(el.get("rel", [])) and EXTERNAL.match(el["href"]):
                found.append(f"{path}: <link rel={el['rel']} href={el['href']}>")
        for style in soup.find_all(style=True):
            if re.search(r"url\(\s*['\"]?(https?:)?//", style["style"]):
                found.append(f"{path}: inline style loads {style['style']}")
    assert found == []


def _scripts_pages_load(site) -> set[Path]:
    """Every script a page names, plus the search worker the theme starts."""
    scripts = set()
    for url in site.pages():
        soup = site.html(url)
        page = site.path(url).parent
        for el in soup.find_all("script", src=True):
            scripts.add((page / el["src"]).resolve())
        config = json.loads(soup.select_one("#__config").string)
        scripts.add((page / config["search"]).resolve())
    # The guide's own modules and vendored copies are imported or loaded by its scripts, only where needed.
    scripts |= set((site.dir / "assets" / "lbeg").glob("*.js")) | set((site.dir / "assets" / "vendor").glob("*.js"))
    scripts.add(site.dir / "sw.js")  # the service worker every page registers
    assert scripts and all(p.exists() for p in scripts)
    return scripts


def test_no_third_party_resources_in_css_and_js(site):
    found = []
    for path in site.dir.rglob("*.css"):
        text = path.read_text(encoding="utf-8")
        for match in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", text) + re.findall(
            r"@import\s+(?:url\()?['\"]?((?:https?:)?//[^'\")]+)", text
        ):
            found.append(f"{path.name}: {match}")
    for path in _scripts_pages_load(site):
        for url in re.findall(r"https?://[^\"`' )]*", path.read_text(encoding="utf-8")):
            if url in XML_NAMESPACES:
                continue
            own = path.parent.name == "lbeg"
            if own or not any(url.startswith(known) for known in THEME_JS_URLS):
                found.append(f"{path.relative_to(site.dir)}: {url}")
    assert found == []


def test_dormant_theme_urls_stay_dormant(site):
    config = (ROOT / "mkdocs.yml").read_text()
    assert "repo_url" not in config
    for url in site.pages():
        assert site.html(url).select(".mermaid") == []


# -----------------------------------------------------------------------------
# Text from data is shown as text, never as markup
# -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def injected_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("inject") / "project")
    path = project / "data" / "exercises" / "glute-bridge.yml"
    data = path.read_text(encoding="utf-8")
    data = data.replace(
        "  - Hold.\n",
        "  - 'Hold <script>alert(\"x\")</script> then <b>bold</b> **stars** {{ 7*7 }}'\n",
    )
    data = re.sub(
        r"^summary: (.*)$",
        lambda m: "summary: 'Quotes \" and <i>tags</i> & ampersands. " + m.group(1) + "'",
        data,
        count=1,
        flags=re.MULTILINE,
    )
    path.write_text(data, encoding="utf-8")
    return build_site(project, tmp_path_factory.mktemp("inject-site"))


def test_script_in_a_step_shows_as_text(injected_site):
    article = injected_site.html("exercises/glute-bridge/").select_one("article.md-content__inner")
    assert article.find("script") is None and article.find("b") is None
    steps = [li.get_text() for li in article.select("#steps li")]
    assert 'Hold <script>alert("x")</script> then <b>bold</b> **stars** {{ 7*7 }}' in steps


def test_markup_in_summary_is_escaped_in_meta(injected_site):
    soup = injected_site.html("exercises/glute-bridge/")
    wanted = 'Quotes " and <i>tags</i> & ampersands. ' + LIB.exercises["glute-bridge"].summary
    assert soup.find("meta", attrs={"name": "description"})["content"] == wanted
    summary = soup.select_one(".lbeg-ex__summary")
    assert summary.find("i") is None and summary.get_text() == wanted


# Jinja's openings: an expression, a statement and a comment.
TEMPLATE_SYNTAX = re.compile(r"\{[{%#]")
# Files with no text to read: PDFs, pictures, and the sitemap's gzip copy (sitemap.xml is read).
NOT_TEXT = {".pdf", ".png", ".gz"}


def template_syntax(site_dir: Path) -> list[str]:
    """Each place in the site's text files that opens a Jinja template, as "file: text
    around it". Files the theme ships are left to the theme only while they are byte
    for byte its own: one library it bundles has `x{{a,b}}y` in a comment."""
    import material

    theme = Path(material.__file__).parent / "templates"
    shipped = {hashlib.sha256(p.read_bytes()).digest() for p in theme.rglob("*") if p.is_file()}
    found = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file() and p.suffix not in NOT_TEXT):
        data = path.read_bytes()
        if hashlib.sha256(data).digest() in shipped:
            continue
        text = data.decode("utf-8")
        for match in TEMPLATE_SYNTAX.finditer(text):
            around = " ".join(text[max(0, match.start() - 30) : match.end() + 30].split())
            found.append(f"{path.relative_to(site_dir)}: {around}")
    return found


def test_no_file_in_the_site_holds_template_syntax(site):
    assert template_syntax(site.dir) == []


def test_template_syntax_shown_on_a_page_is_found(injected_site):
    """The check above can fail: a step whose text holds `{{ 7*7 }}` shows it on the
    exercise's page, its printed forms and its data file, and each is named."""
    found = {line.split(": ", 1)[0] for line in template_syntax(injected_site.dir)}
    assert {"exercises/glute-bridge/index.html", "data/v1/exercises/glute-bridge.json"} <= found, found


# -----------------------------------------------------------------------------
# Macros only where a page asks for them
# -----------------------------------------------------------------------------


def test_only_pages_with_markers_render_macros():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text().replace("!ENV", ""))
    macros = next(p["macros"] for p in config["plugins"] if isinstance(p, dict) and "macros" in p)
    assert macros["render_by_default"] is False
    assert macros["on_undefined"] == "strict" and macros["on_error_fail"] is True
    for path in (ROOT / "docs").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        has_marker = "{{" in text or "{%" in text
        opted_in = re.search(r"^render_macros: true$", text, re.MULTILINE) is not None
        assert has_marker == opted_in, path


def test_vendored_browser_packages_match_their_pins():
    import hashlib

    pins = json.loads((ROOT / "package.json").read_text())["devDependencies"]
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    vendor = ROOT / "docs" / "assets" / "vendor"
    lines = [
        line.split() for line in (vendor / "SOURCES.txt").read_text().splitlines() if line and not line.startswith("#")
    ]
    # Every vendored copy is pinned, and every script in the folder is listed; other pins are test tools.
    assert {name for name, *_ in lines} <= set(pins)
    assert {path.stem for path in vendor.glob("*.js")} == {name for name, *_ in lines}
    for name, version, _, licence, digest in lines:
        assert pins[name] == version == lock[f"node_modules/{name}"]["version"] and licence == "MIT"
        copy = vendor / f"{name}.js"
        assert "sha256:" + hashlib.sha256(copy.read_bytes()).hexdigest() == digest, (
            f"{copy} was changed by hand: run `make vendor`"
        )


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Two commands\n.*?```sh\n(.*?)```", readme, re.DOTALL).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines()]
    test_command = next(c for c in commands if "test" in c)
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines() if not line.startswith("#")]
    assert test_command in ci, f"`.ci/run` should run `{test_command}`, the README's test command"
    make = (ROOT / "Makefile").read_text()
    assert re.search(r"^test:.*\n\t\$\(BIN\)/python -m pytest\b", make, re.MULTILINE), "`make test` should run pytest"


# -----------------------------------------------------------------------------
# Each fact once: the forms take their limits and labels from the schema
# -----------------------------------------------------------------------------


def _bounds(model, field: str) -> tuple[int, int]:
    """A number field's lowest and highest values, as the schema declares them."""
    prop = model.model_json_schema()["properties"][field]
    number = next(kind for kind in prop.get("anyOf", [prop]) if kind.get("type") == "integer")
    return number["minimum"], number["maximum"]


def test_the_builder_and_the_timer_take_their_limits_from_the_schema(site):
    from lbeg.schema import LEVELS, Dosage, Frequency, Programme

    item = site.html("builder/").select_one("template[data-lbeg-item]")
    for field, (model, name) in {
        "hold": (Dosage, "hold_seconds"),
        "reps": (Dosage, "reps"),
        "sets": (Dosage, "sets"),
        "day": (Frequency, "times_a_day"),
        "week": (Frequency, "days_a_week"),
    }.items():
        assert int(item.select_one(f"[data-field={field}]")["max"]) == _bounds(model, name)[1], field
    text = Programme.model_json_schema()
    builder = site.html("builder/")
    assert int(builder.select_one("[data-lbeg-title]")["maxlength"]) == text["properties"]["title"]["maxLength"]
    assert int(builder.select_one("[data-lbeg-note]")["maxlength"]) == text["properties"]["note"]["maxLength"]
    levels = [o.get_text() for o in builder.select("[data-lbeg-level] option") if o["value"]]
    assert levels == [f"{n}: {label}" for n, label in LEVELS.items()]
    timer = site.html("exercises/bird-dog/").select_one("#timer")
    for field, name in {"hold": "hold_seconds", "reps": "reps", "sets": "sets"}.items():
        assert int(timer.select_one(f"[data-lbeg-set={field}]")["max"]) == _bounds(Dosage, name)[1], field


def test_the_catalogue_gives_the_scripts_the_schema_limits_and_the_pages_words(site):
    from lbeg.schema import Dosage, Frequency
    from lbeg.views import dose_words, often_text

    catalogue = json.loads(site.html("programme/").select_one("[data-lbeg-catalogue]")["data-lbeg-catalogue"])
    rules = catalogue["rules"]
    fields = {"hold": (Dosage, "hold_seconds"), "breaths": (Dosage, "hold_breaths"), "reps": (Dosage, "reps")}
    fields |= {"sets": (Dosage, "sets"), "minutes": (Dosage, "minutes")}
    fields |= {"day": (Frequency, "times_a_day"), "week": (Frequency, "days_a_week")}
    assert {part: rules["limits"][part][:2] for part in fields} == {
        part: list(_bounds(model, name)) for part, (model, name) in fields.items()
    }
    words = rules["dose"]["rows"]
    assert words["reps"]["8each"] == dose_words("reps", 8, "each") and words["hold"]["5"] == dose_words("hold", 5)
    assert words["often"]["day2"] == often_text(2, None) and "1" not in words["sets"]
