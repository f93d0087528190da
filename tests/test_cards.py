"""Print cards, PDFs, QR codes and link previews, as a clinic would use them."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
import subprocess
from multiprocessing import get_context

import pikepdf
import pytest
from bs4 import BeautifulSoup
from PIL import Image, ImageChops

from lbeg import render_cache, typeset
from lbeg.address import Address, short_url
from lbeg.data import load_library
from lbeg.downloads import _inputs
from lbeg.render_cache import Joined, Pdf, RenderError, make_files, place_files, reuse_files
from lbeg.templating import template_env
from lbeg.views import DRAWING_BAND, KEY_WORDS, PAPERS, Lines, card_view, exercise_view, pdf_file

from .helpers import (
    ROOT,
    SITE_URL,
    copy_project,
    pdf_drawing_sizes,
    pdf_pages,
    picture_count,
    qr_codes,
    run_build,
    tagged,
    too_small,
)

LIB = load_library(ROOT)
SLUGS = list(LIB.exercises)
SIZES = {"a4": (595, 842), "letter": (612, 792)}
"""Page width and height in points, rounded."""


def decode_svg(svg: str) -> list[str]:
    png = typeset.svg_png(svg, 400, 400)
    return qr_codes(Image.open(io.BytesIO(png)))


def qr_svgs(html: str) -> list[tuple[int, str]]:
    """The QR codes in a page, as written in the HTML, with where each starts."""
    return [(m.start(), m.group()) for m in re.finditer(r'<svg [^>]*class="lbeg-qr".*?</svg>', html, flags=re.DOTALL)]


def squeeze(text: str) -> str:
    """Text without its spaces and line breaks, which differ between a page and a PDF's layout."""
    return re.sub(r"\s+", "", text)


def printed_lines(form) -> list[str]:
    """Every line of text on a printed form in the page, as a reader sees it (not the drawings' alt text)."""
    blocks = ["h2", "h3", "p", "li", "dt", "dd", "figcaption"]
    return [
        " ".join(el.get_text(" ", strip=True).split())
        for el in form.find_all(blocks)
        if not el.find(blocks) and el.get_text(strip=True)
    ]


def structure(pdf) -> list[tuple[str, str | None, str | None]]:
    """A tagged PDF's structure elements in reading order: (type, title, alt text)."""
    with pikepdf.open(pdf) as doc:
        return [
            (str(e.S)[1:], str(e.T) if "/T" in e else None, str(e.Alt) if "/Alt" in e else None) for e in tagged(doc)
        ]


def pdf_facts(path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())}


def site_pdfs(site) -> list:
    return sorted(p for p in site.dir.rglob("*.pdf"))


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("slug", SLUGS)
def test_card_pdf_is_one_page_of_its_paper_size(site, slug, paper):
    path = site.dir / "exercises" / slug / pdf_file("card", paper)
    facts = pdf_facts(path)
    assert facts["Pages"] == "1"
    width, height = (round(float(n)) for n in facts["Page size"].split()[0:3:2])
    assert (width, height) == SIZES[paper]
    assert facts["Title"] == LIB.exercises[slug].name


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("slug", SLUGS)
def test_card_pdf_prints_each_drawing_large_enough_to_read(site, slug, paper):
    sizes = pdf_drawing_sizes(site.dir / "exercises" / slug / pdf_file("card", paper))
    assert len(sizes) == picture_count(LIB.exercises[slug])
    assert too_small(sizes) == [], f"{slug}: {paper} drawings under the least size"


def test_browser_print_sizes_the_drawings_as_the_pdf_does(site):
    """The printed page's card gives its drawing band the sizes the PDFs take from DrawingBand."""
    band = DRAWING_BAND
    sizes = {
        "tallest": band.tallest,
        "gap": band.gap,
        "least-width": band.least_width,
        "least-height": band.least_height,
    }
    for slug in ("bird-dog", "pelvic-tilt"):
        style = site.html(f"exercises/{slug}/").select_one(".lbeg-print .lbeg-card__pics")["style"]
        found = {name: float(mm) for name, mm in re.findall(r"--lbeg-pics-([a-z-]+): ([\d.]+)mm", style)}
        assert found == sizes, slug
    css = (ROOT / "docs" / "assets" / "lbeg-card.css").read_text(encoding="utf-8")
    assert not re.search(r"--lbeg-pics-(tallest|gap|least-width|least-height):", css), "written once, in DrawingBand"


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("slug", SLUGS)
def test_card_pdf_says_everything_the_printed_page_says(site, slug, paper):
    """Each line of the card the exercise page prints (name, facts, drawings'
    captions, steps, dose, blanks, stop-if lines, and whatever else the card
    gains) is in the PDF, as is the address."""
    card = site.html(f"exercises/{slug}/").select_one(".lbeg-print .lbeg-card")
    lines = printed_lines(card)
    assert len(lines) > 15
    ex = LIB.exercises[slug]
    for line in [ex.name, *ex.steps, *ex.stop_if, f"{SITE_URL.split('//')[1]}exercises/{slug}"]:
        assert any(squeeze(line) in squeeze(printed) for printed in lines), line
    text = squeeze(pdf_pages(site.dir / "exercises" / slug / pdf_file("card", paper))[0])
    missing = [line for line in lines if squeeze(line) not in text]
    assert missing == [], f"{slug}: on the printed page but not in the PDF"


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("slug", list(LIB.routines))
def test_routine_pdf_is_its_printed_sheet_then_a_card_per_exercise(site, slug, paper):
    routine = LIB.routines[slug]
    pages = pdf_pages(site.dir / "routines" / slug / pdf_file("routine", paper))
    assert len(pages) == 1 + len(routine.items)
    sheet = site.html(f"routines/{slug}/").select_one(".lbeg-print .lbeg-sheet")
    missing = [line for line in printed_lines(sheet) if squeeze(line) not in squeeze(pages[0])]
    assert missing == [], f"{slug}: on the printed sheet but not in the PDF"
    for page, item in zip(pages[1:], routine.items):
        ex = LIB.exercises[item.exercise]
        assert squeeze(ex.name) in squeeze(page) and squeeze(f"In the routine: {routine.name}") in squeeze(page)
        assert all(squeeze(step) in squeeze(page) for step in ex.steps + ex.stop_if)


@pytest.mark.parametrize("paper", PAPERS)
def test_deck_pdf_is_every_card_in_order(site, paper):
    pages = pdf_pages(site.dir / "print" / pdf_file("cards", paper))
    assert len(pages) == len(SLUGS)
    for page, slug in zip(pages, SLUGS):
        assert page == pdf_pages(site.dir / "exercises" / slug / pdf_file("card", paper))[0]


@pytest.mark.parametrize("slug", ["pelvic-tilt", "cat-camel"])
def test_the_card_gives_the_key_to_its_drawings_as_the_page_does(site, slug):
    """Each mark its drawings use, with the same words and little pictures as under the page's drawings."""
    page = site.html(f"exercises/{slug}/")
    on_page = [li.get_text(" ", strip=True) for li in page.select("#pictures .lbeg-key li")]
    on_card = [li.get_text(" ", strip=True) for li in page.select(".lbeg-card .lbeg-card__key li")]
    assert on_card == on_page and "You move this" in on_card
    assert (KEY_WORDS["hold"] in on_card) == (slug == "pelvic-tilt"), "the stopwatch only where held"
    assert all(li.select("svg polyline, svg circle") for li in page.select(".lbeg-card__key li"))
    text = squeeze(pdf_pages(site.dir / "exercises" / slug / pdf_file("card", "a4"))[0])
    assert all(squeeze(words) in text for words in on_card), "the PDF card gives the same key"


def test_every_kind_of_block_a_card_can_hold_prints_the_same_on_paper_and_in_the_pdf():
    """What a card gains later goes in as blocks of these kinds, so both layouts must draw each."""
    view = exercise_view(LIB, "bird-dog")
    card = card_view(view, Address.at(SITE_URL, view.url))
    extra = [
        Lines("Said in sentences", ["A first sentence.", ("In bold.", "Then plain words.")], style="plain"),
        Lines("Words explained", [("Set", "A group of repeats done one after another.")], style="terms", tone="care"),
        Lines(None, [("Too hard?", "Try an easier one."), "A line with no heading above it."], tone="stop"),
    ]
    card = dataclasses.replace(card, side=card.side + extra)
    templates = template_env(ROOT)
    html = templates.get_template("card.html").module.card(card)
    lines = printed_lines(BeautifulSoup(str(html), "html.parser"))
    for expected in ["Said in sentences", "In bold. Then plain words.", "Set", "Too hard? Try an easier one."]:
        assert expected in lines
    module = templates.get_template("card.html").module
    part = typeset.card_part(card, lambda p, i: str(module.drawing(p, i)), lambda m: str(module.key_picture(m)))
    pdf = typeset.pdf(typeset.document("Card", "a4", (part,)))
    text = squeeze(pdf_pages(pdf)[0])
    assert [line for line in lines if squeeze(line) not in text] == []
    assert len(pdf_pages(pdf)) == 1


def test_every_pdf_is_tagged_with_title_and_language(site):
    pdfs = site_pdfs(site)
    renamed = sum(len(ex.renamed_from) for ex in LIB.exercises.values())
    assert len(pdfs) == 2 * (len(SLUGS) + renamed + 1 + len(LIB.routines))
    for path in pdfs:
        facts = pdf_facts(path)
        assert facts["Tagged"] == "yes", path
        assert facts["Title"], path
        with pikepdf.open(path) as doc:
            assert str(doc.Root.Lang) == "en-GB"
            assert doc.Root.MarkInfo.Marked
            assert doc.Root.ViewerPreferences.DisplayDocTitle
            assert b"<pdfuaid:part>1</pdfuaid:part>" in doc.Root.Metadata.read_bytes(), "claims PDF/UA-1"


def test_every_pdf_uses_only_the_shipped_font_embedded(site):
    """A character the font lacks would bring in a fallback font, which this shows."""
    for path in site_pdfs(site):
        out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        fonts = [line.split() for line in out.splitlines()[2:]]
        assert fonts and all(font[0].split("+")[-1].startswith("AtkinsonHyperlegible-") for font in fonts), path
        assert all(font[-5] == "yes" for font in fonts), f"{path}: every font embedded"


@pytest.mark.parametrize("slug", SLUGS)
def test_card_pdf_structure_has_headings_lists_and_figures_with_alt_text(site, slug):
    view = exercise_view(LIB, slug)
    for paper in PAPERS:
        tags = structure(site.dir / "exercises" / slug / pdf_file("card", paper))
        kinds = [kind for kind, _, _ in tags]
        assert [title for kind, title, _ in tags if kind == "H1"] == [view.ex.name]
        card = card_view(view, Address.at(SITE_URL, view.url))
        blocks = [*card.how, *card.side, card.band.pain]
        headings = [s.heading for s in card.how if s.heading] + [card.dose.heading]
        headings += [s.heading for s in card.side] + [card.band.pain.heading, card.band.emergency.call]
        assert [title for kind, title, _ in tags if kind == "H2"] == headings
        listed = sum(len(s.lines) for s in blocks if s.style in ("bullets", "numbers")) + len(card.band.emergency.signs)
        assert kinds.count("L") >= 3 and kinds.count("LI") == listed
        figures = [alt for kind, _, alt in tags if kind == "Figure"]
        # The QR code sits beside the name, and the drawings in a band under them.
        pictures = [view.alt[n] for n in ("start", "end", "other_way", "other_side") if n in view.scene.frames]
        assert figures == [f"QR code: {SITE_URL}exercises/{slug}/", *pictures]


def test_deck_and_routine_pdfs_keep_every_figure_and_heading(site):
    for paper in PAPERS:
        tags = structure(site.dir / "print" / pdf_file("cards", paper))
        assert [title for kind, title, _ in tags if kind == "H1"] == [LIB.exercises[s].name for s in SLUGS]
        pictures = sum(picture_count(LIB.exercises[s]) for s in SLUGS)
        assert sum(1 for kind, _, alt in tags if kind == "Figure" and alt) == len(SLUGS) + pictures
        for slug, routine in LIB.routines.items():
            tags = structure(site.dir / "routines" / slug / pdf_file("routine", paper))
            names = [routine.name] + [LIB.exercises[item.exercise].name for item in routine.items]
            assert [title for kind, title, _ in tags if kind == "H1"] == names
            figures = [alt for kind, _, alt in tags if kind == "Figure"]
            pictures = sum(picture_count(LIB.exercises[item.exercise]) for item in routine.items)
            assert len(figures) == 1 + len(routine.items) + len(routine.items) + pictures and all(figures)


@pytest.mark.parametrize("slug", SLUGS)
def test_qr_codes_decode_to_the_page_address(site, slug):
    html = site.path(f"exercises/{slug}/").read_text(encoding="utf-8")
    url = f"{SITE_URL}exercises/{slug}/"
    codes = qr_svgs(html)
    assert len(codes) == 2, "one to show on screen, one on the card"
    assert html.index('id="share"') < codes[0][0] < html.index('class="lbeg-print"') < codes[1][0]
    for _, svg in codes:
        assert decode_svg(svg) == [url]
    assert short_url(url) in html


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("slug", SLUGS)
def test_printed_card_qr_code_scans_from_the_pdf_and_it_is_black_and_white(site, tmp_path, slug, paper):
    pdf = site.dir / "exercises" / slug / pdf_file("card", paper)
    subprocess.run(["pdftoppm", "-r", "100", str(pdf), str(tmp_path / "card")], check=True)
    image = Image.open(next(tmp_path.glob("card*.ppm"))).convert("RGB")
    assert qr_codes(image) == [f"{SITE_URL}exercises/{slug}/"]
    # Each pixel's brightest and darkest channel: how coloured it is, and how dark.
    red, green, blue = image.split()
    brightest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    colour = ImageChops.subtract(brightest, ImageChops.darker(ImageChops.darker(red, green), blue)).getextrema()[1]
    assert colour <= 8, "the card is all black, white and grey, so a black and white printer loses nothing"
    dark = sum(brightest.histogram()[:80])
    assert dark > 0.02 * image.width * image.height, "text and drawings print dark"


def test_every_page_with_a_pdf_offers_it_in_both_paper_sizes(site):
    pages = {"exercises/bird-dog/": "#share", "print/": ".lbeg-deck__pdfs"}
    pages |= {f"routines/{slug}/": ".lbeg-routine__pdf" for slug in LIB.routines}
    for url, where in pages.items():
        links = site.html(url).select(f"{where} a[href$='.pdf']")
        labels = [a.get_text(" ", strip=True) for a in links]
        assert any(label.endswith("(PDF, A4)") for label in labels), url
        assert any(label.endswith("(PDF, US Letter)") for label in labels), url
        for a in links:
            assert (site.path(url).parent / a["href"]).resolve().is_file(), a["href"]
    exercise = site.html("exercises/bird-dog/")
    assert [a["href"] for a in exercise.select("#share a[href$='.pdf']")] == ["card.pdf", "card-letter.pdf"]


@pytest.mark.parametrize("slug", SLUGS)
def test_card_shows_everything_a_clinician_needs(site, slug):
    ex = LIB.exercises[slug]
    card = site.html(f"exercises/{slug}/").select_one(".lbeg-print .lbeg-card")
    assert card.select_one(".lbeg-card__name").get_text(strip=True) == ex.name
    assert len(card.select(".lbeg-pics__frame svg[role=img]")) == picture_count(ex)
    assert LIB.muscles[ex.targets.primary[0]].name.lower() in card.select_one(".lbeg-card__works").get_text()
    assert [li.get_text(" ", strip=True) for li in card.select("ol li")] == ex.steps
    assert card.select_one(".lbeg-dose dl") and card.select_one(".lbeg-dose__rx")
    assert [li.get_text(" ", strip=True) for li in card.select(".lbeg-stop li")] == exercise_view(LIB, slug).stop
    assert card.select_one("svg.lbeg-qr") and f"{SITE_URL.split('//')[1]}exercises/{slug}" in card.get_text()
    assert f"Reviewed {ex.reviewed.day} {ex.reviewed:%B %Y}" in card.get_text()


def test_prescription_blanks_read_as_a_form(site):
    rx = site.html("exercises/glute-bridge/").select_one(".lbeg-print .lbeg-dose__rx")
    # The bridge holds for slow breaths, has no sets, and is done once a day, every day.
    assert (
        " ".join(rx.get_text().split())
        == "Your own dose: Hold slow breaths · Repeat times · sessions a day · days a week"
    )
    assert len(rx.select(".lbeg-blank")) == 4


@pytest.mark.parametrize("slug", SLUGS)
def test_link_preview_meta_is_present_and_absolute(site, slug):
    soup = site.html(f"exercises/{slug}/")

    def meta(key):
        tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
        return tag["content"] if tag else None

    url = f"{SITE_URL}exercises/{slug}/"
    assert meta("og:url") == url and soup.find("link", rel="canonical")["href"] == url
    assert meta("og:title") == LIB.exercises[slug].name and meta("twitter:title") == LIB.exercises[slug].name
    assert meta("og:description") == LIB.exercises[slug].summary
    assert meta("og:image") == url + "preview.png" == meta("twitter:image")
    assert meta("twitter:card") == "summary_large_image" and meta("og:image:alt")
    image = Image.open(site.dir / "exercises" / slug / "preview.png")
    assert image.size == (1200, 630)
    assert len(set(image.convert("L").getdata())) > 10, "the preview is a picture, not a blank"


def parts(*names: str) -> tuple[str, ...]:
    """Cards as card.typ draws them, from real exercises under other names."""
    module = template_env(ROOT).get_template("card.html").module
    out = []
    for name, slug in zip(names, SLUGS):
        view = exercise_view(LIB, slug)
        card = card_view(view, Address.at(SITE_URL, view.url))
        out.append(
            typeset.card_part(
                card.__class__(**{**card.__dict__, "name": name}),
                lambda p, i: str(module.drawing(p, i)),
                lambda m: str(module.key_picture(m)),
            )
        )
    return tuple(out)


def test_pdfs_are_cached_by_content(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    one, two = parts("First card", "Second card")
    pdfs = [
        Pdf("a/card.pdf", "A", "a4", (one,)),
        Pdf("b/card.pdf", "B", "letter", (two,)),
        Pdf("deck.pdf", "Deck", "a4", (one, two)),
    ]
    assert make_files(pdfs, [], site, cache) == (3, 0)
    first = (site / "a/card.pdf").read_bytes()
    assert [len(pdf_pages(site / t)) for t in ("a/card.pdf", "b/card.pdf", "deck.pdf")] == [1, 1, 2]
    assert make_files(pdfs, [], site, cache) == (0, 3)
    assert (site / "a/card.pdf").read_bytes() == first
    pdfs[1] = Pdf("b/card.pdf", "B", "letter", parts("Changed card"))
    assert make_files(pdfs, [], site, cache) == (1, 2)
    assert "Changed card" in pdf_pages(site / "b/card.pdf")[0]
    assert not list(cache.glob("*.tmp")), "files are written whole, then renamed into place"


def test_files_made_in_a_separate_process_are_the_same_and_a_failure_is_one_line(tmp_path, monkeypatch):
    one, two = parts("First card", "Second card")
    pdfs = [
        Pdf("a/card.pdf", "A", "a4", (one,)),
        Pdf("b/card.pdf", "B", "a4", (two,)),
        Joined("deck.pdf", "Deck", ("a/card.pdf", "b/card.pdf")),
    ]
    make_files(pdfs, [], tmp_path / "here", tmp_path / "here-cache")
    monkeypatch.setattr(render_cache, "IN_PROCESS", 0)
    monkeypatch.setattr(render_cache.Making, "BATCH", 1)
    assert make_files(pdfs, [], tmp_path / "apart", tmp_path / "apart-cache") == (3, 0)
    for target in ("a/card.pdf", "b/card.pdf", "deck.pdf"):
        assert (tmp_path / "apart" / target).read_bytes() == (tmp_path / "here" / target).read_bytes()
    broken = Pdf("b/card.pdf", "Broken card", "a4", ('{"kind": "card"}',))
    with pytest.raises(RenderError) as caught:
        make_files([broken, pdfs[0]], [], tmp_path / "apart", tmp_path / "apart-cache")
    assert str(caught.value).startswith("b/card.pdf (Broken card): ") and "\n" not in str(caught.value)


def test_a_deck_that_cannot_be_joined_stops_the_build_in_one_line(tmp_path):
    """A card spoilt in the cache (a full disk, say) cannot be joined into the deck."""
    one, two = parts("First card", "Second card")
    pdfs = [
        Pdf("a/card.pdf", "A", "a4", (one,)),
        Pdf("b/card.pdf", "B", "a4", (two,)),
        Joined("deck.pdf", "Deck", ("a/card.pdf", "b/card.pdf")),
    ]
    site, cache = tmp_path / "site", tmp_path / "cache"
    make_files(pdfs, [], site, cache)
    deck = (site / "deck.pdf").read_bytes()
    for made in cache.glob("*.pdf"):
        if made.read_bytes() == deck:
            made.unlink()
        else:
            made.write_bytes(b"%PDF-1.7 cut short")
    with pytest.raises(RenderError) as caught:
        make_files(pdfs, [], tmp_path / "again", cache)
    assert str(caught.value).startswith("deck.pdf (Deck): ") and "\n" not in str(caught.value)
    assert not list(cache.glob("*.tmp")), "no half-joined deck is left behind"


def test_a_process_that_dies_without_a_word_stops_the_build_in_one_line(tmp_path):
    """The process making the files can be killed (out of memory, say) before it answers."""
    spawn = get_context("spawn")
    answer, never_sent = spawn.Pipe(duplex=False)
    worker = render_cache._Child.__new__(render_cache._Child)
    worker.process = spawn.Process(target=os._exit, args=(3,), daemon=True)
    worker.process.start()
    never_sent.close()
    worker._answer, worker._made, worker._done = answer, set(), False
    with pytest.raises(RenderError, match=r"^the process making PDFs and images stopped \(exit code 3\)$"):
        worker.wait()


def test_an_unchanged_rebuild_places_the_files_without_typesetting_any(tmp_path):
    cache = tmp_path / "cache"
    one, two = parts("First card", "Second card")
    pdfs = [Pdf("a/card.pdf", "A", "a4", (one,)), Pdf("deck.pdf", "Deck", "a4", (two,))]
    assert reuse_files("inputs 1", cache) is None
    make_files(pdfs, [], tmp_path / "site", cache, inputs="inputs 1")
    assert reuse_files("inputs 2", cache) is None
    keys = reuse_files("inputs 1", cache)
    assert sorted(keys) == ["a/card.pdf", "deck.pdf"]
    place_files(keys, tmp_path / "again", cache)
    for target in ("a/card.pdf", "deck.pdf"):
        assert (tmp_path / "again" / target).read_bytes() == (tmp_path / "site" / target).read_bytes()
    for made in cache.glob("*.pdf"):
        made.unlink()
    assert reuse_files("inputs 1", cache) is None


def test_the_cache_keeps_only_what_the_last_build_used_unless_another_build_is_using_it(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "yaml-1-6.0.pickle").write_bytes(b"the data's own cache")
    old = [Pdf("a/card.pdf", "A", "a4", parts("First card"))]
    make_files(old, [], tmp_path / "site", cache, inputs="inputs 1")
    made_before = set(cache.iterdir())
    new = [Pdf("a/card.pdf", "A", "a4", parts("Changed card"))]
    other_build = render_cache.Cache(cache, "inputs 0")
    make_files(new, [], tmp_path / "site", cache, inputs="inputs 2")
    assert made_before < set(cache.iterdir()), "nothing goes while another build uses the cache"
    other_build.release()
    make_files(new, [], tmp_path / "site", cache, inputs="inputs 2")
    assert reuse_files("inputs 1", cache) is None
    keys = reuse_files("inputs 2", cache)
    left = sorted(path.name for path in cache.iterdir() if path.name != "in-use.lock")
    assert left == sorted([*keys.values(), render_cache._inputs_key("inputs 2"), "yaml-1-6.0.pickle"])
    assert "Changed card" in pdf_pages(tmp_path / "site" / "a/card.pdf")[0]


def test_any_change_to_what_cards_are_made_from_makes_them_again(tmp_path):
    for folder in ("data", "lbeg"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    before = _inputs(tmp_path, SITE_URL, "Guide")
    assert _inputs(tmp_path, SITE_URL, "Guide") == before
    assert _inputs(tmp_path, "https://example.org/", "Guide") != before
    assert _inputs(tmp_path, SITE_URL, "Other guide") != before
    for path in ("data/exercises/bird-dog.yml", "lbeg/templates/card.html", "lbeg/views.py"):
        original = (tmp_path / path).read_text()
        (tmp_path / path).write_text(original + "\n")
        assert _inputs(tmp_path, SITE_URL, "Guide") != before, path
        (tmp_path / path).write_text(original)
    assert _inputs(tmp_path, SITE_URL, "Guide") == before


def test_a_change_to_the_pdf_layout_makes_every_pdf_again(tmp_path, monkeypatch):
    monkeypatch.setattr(typeset, "fingerprint", lambda: "layout 1")
    pdfs = [Pdf("a/card.pdf", "A", "a4", parts("First card"))]
    assert make_files(pdfs, [], tmp_path / "site", tmp_path / "cache") == (1, 0)
    monkeypatch.setattr(typeset, "fingerprint", lambda: "layout 2")
    assert make_files(pdfs, [], tmp_path / "site", tmp_path / "cache") == (1, 0)


def test_the_deck_is_joined_from_the_cards_pdfs_and_keeps_their_tags(tmp_path):
    names = [f"Card {n}" for n in range(1, 11)]
    deck = parts(*names)
    cards = [Pdf(f"{n}/card.pdf", name, "letter", (part,)) for n, (name, part) in enumerate(zip(names, deck))]
    pdfs = [*cards, Joined("deck.pdf", "Deck", tuple(card.target for card in cards))]
    assert make_files(pdfs, [], tmp_path / "cold", tmp_path / "cold-cache") == (len(names) + 1, 0)
    joined = tmp_path / "cold" / "deck.pdf"
    pages = pdf_pages(joined)
    assert len(pages) == len(names) and all(page.startswith(name + " ") for page, name in zip(pages, names))
    assert pdf_facts(joined)["Tagged"] == "yes" and pdf_facts(joined)["Title"] == "Deck"
    tags = structure(joined)
    assert [title for kind, title, _ in tags if kind == "H1"] == names
    pictures = sum(picture_count(LIB.exercises[slug]) for _, slug in zip(names, SLUGS))
    assert sum(1 for kind, _, alt in tags if kind == "Figure" and alt) == len(names) + pictures
    with pikepdf.open(joined) as doc:
        assert [item.title for item in doc.open_outline().root] == names
        assert str(doc.Root.Lang) == "en-GB" and b"<pdfuaid:part>1</pdfuaid:part>" in doc.Root.Metadata.read_bytes()
        assert b"Deck" in doc.Root.Metadata.read_bytes()
        assert sorted(int(page.StructParents) for page in doc.pages) == list(range(len(names)))
        assert doc.check_pdf_syntax() == []
    # The same tags as typst writes for one document of the same cards
    one = typeset.pdf(typeset.document("Deck", "letter", deck))
    assert structure(io.BytesIO(one)) == tags
    # Editing one card makes that card and the deck again, and nothing else
    cards[3] = Pdf("3/card.pdf", "Changed", "letter", parts("Changed"))
    assert make_files([*cards, pdfs[-1]], [], tmp_path / "cold", tmp_path / "cold-cache") == (2, len(names) - 1)
    assert pdf_pages(joined)[3].startswith("Changed ")


def test_a_pdf_is_dated_from_the_commit_not_from_the_day_it_was_made(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    pdf = typeset.pdf(typeset.document("Deck", "a4", parts("First card")))
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert str(doc.docinfo.CreationDate).startswith("D:20260101000000")
    dated = typeset.fingerprint()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225601")
    assert typeset.fingerprint() != dated, "another commit's date makes the PDFs again"


def test_a_card_that_cannot_be_typeset_stops_the_build_with_one_line_naming_it(tmp_path):
    project = copy_project(tmp_path / "project")
    layout = project / "lbeg" / "templates" / "card.typ"
    layout.write_text(
        layout.read_text().replace(
            "#let card(k) = {", '#let card(k) = {\n  if k.name == "Bird dog" { panic("no room") }'
        )
    )
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("previous build")
    result = run_build(project)
    assert result.returncode != 0 and "Traceback" not in result.stdout + result.stderr
    assert re.search(
        r"^ERROR +- +exercises/bird-dog/card(-letter)?\.pdf \(Bird dog\): .*no room", result.stderr, re.MULTILINE
    )
    assert (project / "site" / "index.html").read_text() == "previous build"
