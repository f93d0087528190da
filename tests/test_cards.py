"""Print cards, PDFs, QR codes and link previews, as a clinic would use them."""

from __future__ import annotations

import io
import re

import cairosvg
import pytest
import zxingcpp
from PIL import Image

from lbeg.cards import Pdf, make_files, reuse_files, short_url
from lbeg.data import load_library
from lbeg.macros import template_env
from lbeg.views import exercise_view

from .conftest import ROOT, pdf_pages

LIB = load_library(ROOT)
PDF_DOCUMENT = template_env(ROOT).get_template("pdf.html")
SLUGS = list(LIB.exercises)
SITE_URL = "https://lowerbackguide.org/"


def decode_svg(svg: str) -> list[str]:
    png = cairosvg.svg2png(bytestring=svg.encode(), output_width=400, output_height=400, background_color="white")
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def qr_svgs(html: str) -> list[tuple[int, str]]:
    """The QR codes in a page, as written in the HTML, with where each starts."""
    return [(m.start(), m.group()) for m in re.finditer(r'<svg [^>]*class="lbeg-qr".*?</svg>', html, flags=re.DOTALL)]


@pytest.mark.parametrize("slug", SLUGS)
def test_card_pdf_is_one_page_with_the_name_and_steps(site, slug):
    ex = LIB.exercises[slug]
    pages = pdf_pages(site.dir / "exercises" / slug / "card.pdf")
    assert len(pages) == 1
    text = pages[0]
    assert ex.name in text
    for step in ex.steps:
        assert " ".join(step.split()) in text, f"{slug}: step missing from the PDF: {step}"
    assert "Your own dose:" in text and "days a week" in text


def test_deck_pdf_has_one_page_per_exercise_in_order(site):
    pages = pdf_pages(site.dir / "print" / "cards.pdf")
    assert len(pages) == len(SLUGS)
    for page, slug in zip(pages, SLUGS):
        assert LIB.exercises[slug].name in page


@pytest.mark.parametrize("slug", list(LIB.routines))
def test_routine_pdf_is_its_sheet_then_a_card_per_exercise(site, slug):
    routine = LIB.routines[slug]
    pages = pdf_pages(site.dir / "routines" / slug / "routine.pdf")
    assert len(pages) == 1 + len(routine.items)
    assert routine.name in pages[0]
    for page, item in zip(pages[1:], routine.items):
        assert LIB.exercises[item.exercise].name in page and f"In the routine: {routine.name}" in page


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


def test_printed_card_qr_code_scans_from_the_pdf(site, tmp_path):
    import subprocess

    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", str(site.dir / "exercises/bird-dog/card.pdf"), str(tmp_path / "card")],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("card*.png")))
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [f"{SITE_URL}exercises/bird-dog/"]


@pytest.mark.parametrize("slug", SLUGS)
def test_card_shows_everything_a_clinician_needs(site, slug):
    ex = LIB.exercises[slug]
    card = site.html(f"exercises/{slug}/").select_one(".lbeg-print .lbeg-card")
    assert card.select_one(".lbeg-card__name").get_text(strip=True) == ex.name
    assert len(card.select(".lbeg-pics__frame svg[role=img]")) == 2
    assert LIB.muscles[ex.targets.primary[0]].name.lower() in card.select_one(".lbeg-card__works").get_text()
    assert [li.get_text(" ", strip=True) for li in card.select("ol li")] == ex.steps
    assert card.select_one(".lbeg-dose dl") and card.select_one(".lbeg-dose__rx")
    assert [li.get_text(" ", strip=True) for li in card.select(".lbeg-stop li")] == exercise_view(LIB, slug).stop
    assert card.select_one("svg.lbeg-qr") and f"lowerbackguide.org/exercises/{slug}" in card.get_text()
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


def test_pdfs_are_cached_by_content(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    one, two = ("One", "<p>first card</p>"), ("Two", "<p>second card</p>")
    pdfs = [Pdf("a/card.pdf", "A", (one,)), Pdf("b/card.pdf", "B", (two,)), Pdf("deck.pdf", "Deck", (one, two))]
    assert make_files(pdfs, [], "", PDF_DOCUMENT, site, cache, str(site)) == (3, 0)
    first = (site / "a/card.pdf").read_bytes()
    assert [len(pdf_pages(site / t)) for t in ("a/card.pdf", "b/card.pdf", "deck.pdf")] == [1, 1, 2]
    assert make_files(pdfs, [], "", PDF_DOCUMENT, site, cache, str(site)) == (0, 3)
    assert (site / "a/card.pdf").read_bytes() == first
    pdfs[1] = Pdf("b/card.pdf", "B", (("Two", "<p>changed card</p>"),))
    assert make_files(pdfs, [], "", PDF_DOCUMENT, site, cache, str(site)) == (1, 2)
    assert "changed card" in pdf_pages(site / "b/card.pdf")[0]


def test_an_unchanged_rebuild_copies_the_files_without_laying_out_any(tmp_path):
    cache = tmp_path / "cache"
    pdfs = [
        Pdf("a/card.pdf", "A", (("One", "<p>first card</p>"),)),
        Pdf("deck.pdf", "Deck", (("Two", "<p>second</p>"),)),
    ]
    assert reuse_files("inputs 1", tmp_path / "site", cache) is None
    make_files(pdfs, [], "", PDF_DOCUMENT, tmp_path / "site", cache, "/", inputs="inputs 1")
    assert reuse_files("inputs 2", tmp_path / "other", cache) is None
    assert reuse_files("inputs 1", tmp_path / "again", cache) == 2
    for target in ("a/card.pdf", "deck.pdf"):
        assert (tmp_path / "again" / target).read_bytes() == (tmp_path / "site" / target).read_bytes()
    for run in cache.glob("*.pdf"):
        run.unlink()
    assert reuse_files("inputs 1", tmp_path / "gone", cache) is None


def test_any_change_to_what_cards_are_made_from_makes_them_again(tmp_path):
    import shutil

    from lbeg.downloads import _inputs

    for folder in ("data", "lbeg"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "docs/assets").mkdir(parents=True)
    shutil.copy(ROOT / "docs/assets/lbeg-card.css", tmp_path / "docs/assets")
    before = _inputs(tmp_path, SITE_URL)
    assert _inputs(tmp_path, SITE_URL) == before
    assert _inputs(tmp_path, "https://example.org/") != before
    for path in ("data/exercises/bird-dog.yml", "lbeg/templates/card.html", "docs/assets/lbeg-card.css"):
        original = (tmp_path / path).read_text()
        (tmp_path / path).write_text(original + "\n")
        assert _inputs(tmp_path, SITE_URL) != before, path
        (tmp_path / path).write_text(original)
    assert _inputs(tmp_path, SITE_URL) == before


def test_a_pdf_does_not_depend_on_what_the_cache_held(tmp_path):
    # A part sits lower on the page when it starts a document than after a page
    # break, so each part must be laid out in the same company on every build.
    one, two = ("One", "<div>first card</div>"), ("Two", "<div>second card</div>")
    pdfs = [Pdf("deck.pdf", "Deck", (two, one)), Pdf("a/card.pdf", "A", (one,)), Pdf("b/card.pdf", "B", (two,))]
    make_files(pdfs, [], "", PDF_DOCUMENT, tmp_path / "cold", tmp_path / "cold-cache", "/")
    make_files(pdfs[1:2], [], "", PDF_DOCUMENT, tmp_path / "warm", tmp_path / "warm-cache", "/")
    make_files(pdfs, [], "", PDF_DOCUMENT, tmp_path / "warm", tmp_path / "warm-cache", "/")
    for target in ("a/card.pdf", "b/card.pdf", "deck.pdf"):
        assert (tmp_path / "warm" / target).read_bytes() == (tmp_path / "cold" / target).read_bytes(), target
