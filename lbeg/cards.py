"""Print cards, QR codes, PDFs and link-preview images.

The card itself is drawn by overrides/lbeg/card.html. This module gives it a
QR code and a short address, and after the build writes the PDFs (WeasyPrint)
and the preview images (cairosvg). Files are cached by content in .cache/, so
a rebuild where nothing changed only copies them. All the pages that are not
cached are laid out in one WeasyPrint document, which is much quicker than one
document per file, and each PDF is then cut from it.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from multiprocessing import get_context
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin

import segno
from markupsafe import Markup, escape

log = logging.getLogger("mkdocs.plugins.lbeg")

CACHE_VERSION = "3"
CHUNK = 40
"""Parts laid out in one document: enough to share the set-up, few enough to bound memory."""


def absolute_url(site_url: str, path: str) -> str:
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", path)


def short_url(url: str) -> str:
    """The address as a person would type it: no scheme, no trailing slash."""
    return url.split("://", 1)[-1].rstrip("/")


@lru_cache(maxsize=8192)
def qr_svg(url: str) -> str:
    """A QR code for `url`, as an SVG that scales to its box."""
    out = io.BytesIO()
    segno.make(url, error="m").save(
        out, kind="svg", xmldecl=False, svgns=True, nl=False, omitsize=True, border=2, svgclass="lbeg-qr", title="QR code: " + url
    )
    return out.getvalue().decode()


@dataclass(frozen=True)
class Address:
    """Where a page lives online, for links, QR codes and cards."""

    url: str
    short: str
    qr: Markup

    @classmethod
    def at(cls, site_url: str, path: str) -> Address:
        url = absolute_url(site_url, path)
        return cls(url, short_url(url), Markup(qr_svg(url)))


def _digest(*parts: str) -> str:
    return hashlib.sha256("\n\x00".join((CACHE_VERSION,) + parts).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Pdf:
    """A PDF made of printed parts (a card or a routine sheet each), in order."""

    target: str
    """Path under the site folder."""
    title: str
    parts: tuple[tuple[str, str], ...]
    """(label, HTML) for each part; the label names it in the PDF's outline."""

    def key(self, css: str) -> str:
        return _digest(css, self.title, *(label + html for label, html in self.parts)) + ".pdf"


@dataclass(frozen=True)
class Png:
    """A preview image, drawn from an SVG."""

    target: str
    svg: str

    @property
    def key(self) -> str:
        return _digest(self.svg) + ".png"


def _document(css: str, parts: list[tuple[str, str]]) -> str:
    """One HTML document holding every part, each starting on a new page."""
    body = "".join(
        f'<section class="lbeg-part" data-label="{escape(label)}">{html}</section>' for label, html in parts
    )
    style = ".lbeg-part{break-before:page;bookmark-level:1;bookmark-label:attr(data-label)}" + css
    return f'<!doctype html><html lang="en"><head><meta charset="utf-8"><style>{Markup(style)}</style></head><body>{body}</body></html>'


def _render_chunk(args: tuple[str, list[tuple[str, str]], str, str]) -> list[tuple[str, bytes]]:
    """Lay out some parts in one document, and cut a PDF for each: (part key, PDF)."""
    from weasyprint import HTML

    css, parts, base_url, created = args
    document = HTML(string=_document(css, parts), base_url=base_url).render()
    document.metadata.created = document.metadata.modified = created
    starts = [target[0] for _, target, _, _ in document.make_bookmark_tree()]
    ends = starts[1:] + [len(document.pages)]
    out = []
    for part, start, end in zip(parts, starts, ends):
        copy = document.copy(document.pages[start:end])
        copy.metadata.title = part[0]
        out.append((_part_key(css, part), copy.write_pdf(identifier=_part_key(css, part).encode())))
    return out


def _part_key(css: str, part: tuple[str, str]) -> str:
    return _digest(css, *part) + ".part.pdf"


def _write_pdfs(pdfs: list[Pdf], css: str, cache_dir: Path, base_url: str) -> None:
    """Make each part once (in chunks, on every core when there are many), then
    join parts into the PDFs that need them."""
    from pypdf import PdfWriter

    unique = [part for part in dict.fromkeys(p for pdf in pdfs for p in pdf.parts) if not (cache_dir / _part_key(css, part)).exists()]
    created = os.environ.get("SOURCE_DATE_EPOCH")
    stamp = datetime.fromtimestamp(int(created), tz=timezone.utc).isoformat() if created else "2000-01-01T00:00:00+00:00"
    chunks = [(css, unique[i : i + CHUNK], base_url, stamp) for i in range(0, len(unique), CHUNK)]
    if len(chunks) > 1 and (os.cpu_count() or 1) > 1:
        with ProcessPoolExecutor(max_workers=os.cpu_count(), mp_context=get_context("fork")) as pool:
            results = list(pool.map(_render_chunk, chunks))
    else:
        results = [_render_chunk(chunk) for chunk in chunks]
    for made in results:
        for key, data in made:
            _store(cache_dir, key, data)
    for pdf in pdfs:
        if len(pdf.parts) == 1:
            data = (cache_dir / _part_key(css, pdf.parts[0])).read_bytes()
        else:
            writer = PdfWriter()
            for part in pdf.parts:
                writer.append(str(cache_dir / _part_key(css, part)), import_outline=True)
            writer.add_metadata({"/Title": pdf.title})
            out = io.BytesIO()
            writer.write(out)
            data = out.getvalue()
        _store(cache_dir, pdf.key(css), data)


def _store(cache_dir: Path, key: str, data: bytes) -> None:
    tmp = cache_dir / (key + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(cache_dir / key)


def make_files(pdfs: list[Pdf], pngs: list[Png], css: str, site_dir: Path, cache_dir: Path, base_url: str) -> tuple[int, int]:
    """Write every PDF and image into the site, from the cache where its content
    is unchanged. Returns how many files were made and how many were reused."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    keys = {pdf.target: pdf.key(css) for pdf in pdfs} | {png.target: png.key for png in pngs}
    fresh_pdfs = [pdf for pdf in pdfs if not (cache_dir / keys[pdf.target]).exists()]
    fresh_pngs = [png for png in pngs if not (cache_dir / keys[png.target]).exists()]
    if fresh_pdfs:
        _write_pdfs(fresh_pdfs, css, cache_dir, base_url)
    if fresh_pngs:
        import cairosvg

        for png in fresh_pngs:
            _store(cache_dir, png.key, cairosvg.svg2png(bytestring=png.svg.encode(), output_width=1200, output_height=630))
    for target, key in keys.items():
        path = site_dir / target
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cache_dir / key, path)
    made = len(fresh_pdfs) + len(fresh_pngs)
    return made, len(keys) - made
