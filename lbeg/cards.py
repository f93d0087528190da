"""Print cards, QR codes, PDFs and link-preview images.

The card itself is drawn by lbeg/templates/card.html. This module gives it a
QR code and a short address, and after the build writes the PDFs (WeasyPrint)
and the preview images (cairosvg). Files are cached by content in .cache/, so
a rebuild where nothing changed only puts them in the site. Cards are laid out in runs
of about forty per WeasyPrint document, which is much quicker than one document
per card; each card's PDF is cut from its run, and the deck is joined from the
runs, which keeps its fonts shared and its memory low.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path
from urllib.parse import urljoin

import jinja2
import segno
from markupsafe import Markup

log = logging.getLogger("mkdocs.plugins.lbeg")

CACHE_VERSION = "4"
CHUNK = 40
"""Parts laid out in one document: enough to share the set-up, few enough to bound memory."""
PNG_BATCH = 20


def absolute_url(site_url: str, path: str) -> str:
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", path)


def short_url(url: str) -> str:
    """The address as a person would type it: no scheme, no trailing slash."""
    return url.split("://", 1)[-1].rstrip("/")


def _draw_qr(url: str) -> str:
    out = io.BytesIO()
    segno.make(url, error="m").save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        nl=False,
        omitsize=True,
        border=2,
        svgclass="lbeg-qr",
        title="QR code: " + url,
    )
    return out.getvalue().decode()


@lru_cache(maxsize=8192)
def qr_svg(url: str, cache_dir: Path | None = None) -> str:
    """A QR code for `url`, as an SVG that scales to its box. Choosing the best
    mask is slow, so codes are kept in `cache_dir` when one is given."""
    if cache_dir is None:
        return _draw_qr(url)
    path = cache_dir / ("qr-" + _digest(segno.__version__, url) + ".svg")
    if path.exists():
        return path.read_text(encoding="utf-8")
    svg = _draw_qr(url)
    cache_dir.mkdir(parents=True, exist_ok=True)
    _store(cache_dir, path.name, svg.encode())
    return svg


@dataclass(frozen=True)
class Address:
    """Where a page lives online, for links, QR codes and cards."""

    url: str
    short: str
    qr: Markup

    @classmethod
    def at(cls, site_url: str, path: str, cache_dir: Path | None = None) -> Address:
        url = absolute_url(site_url, path)
        return cls(url, short_url(url), Markup(qr_svg(url, cache_dir)))


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


Part = tuple[str, str]
Chunk = tuple[Part, ...]


def _chunks(parts: tuple[Part, ...]) -> list[Chunk]:
    """Split parts into runs of about CHUNK. A run ends after a part picked by
    its own content, so adding or editing a part changes only the runs near it."""
    runs, run = [], []
    for part in parts:
        run.append(part)
        if int(_digest(*part), 16) % CHUNK == 0 or len(run) == 2 * CHUNK:
            runs.append(tuple(run))
            run = []
    return runs + [tuple(run)] if run else runs


def _chunk_key(css: str, chunk: Chunk) -> str:
    return _digest(css, *(label + html for label, html in chunk))


@dataclass
class _Job:
    """A run of parts laid out as one document. The whole run is kept when a
    longer PDF is joined from it; some parts are also cut out on their own."""

    chunk: Chunk
    whole: bool = False
    cuts: set[int] = field(default_factory=set)

    def outputs(self, css: str) -> list[str]:
        key = _chunk_key(css, self.chunk)
        return ([key + ".run.pdf"] if self.whole else []) + [f"{key}.{i}.pdf" for i in sorted(self.cuts)]


def _plan(pdfs: list[Pdf], css: str) -> tuple[dict[str, _Job], dict[str, list[str]]]:
    """The documents to lay out, and the cached files each PDF is made from.
    A part is always laid out in the same company, so its bytes never depend
    on what happened to be in the cache."""
    jobs: dict[str, _Job] = {}
    home: dict[Part, tuple[_Job, int]] = {}
    sources: dict[str, list[str]] = {}

    def job(chunk: Chunk) -> _Job:
        return jobs.setdefault(_chunk_key(css, chunk), _Job(chunk))

    for pdf in pdfs:
        if len(pdf.parts) > 1:
            runs = [job(chunk) for chunk in _chunks(pdf.parts)]
            sources[pdf.target] = [_chunk_key(css, run.chunk) + ".run.pdf" for run in runs]
            for run in runs:
                run.whole = True
                for i, part in enumerate(run.chunk):
                    home.setdefault(part, (run, i))
    for pdf in pdfs:
        if len(pdf.parts) == 1:
            run, i = home.get(pdf.parts[0]) or (job(pdf.parts), 0)
            run.cuts.add(i)
            sources[pdf.target] = [f"{_chunk_key(css, run.chunk)}.{i}.pdf"]
    return jobs, sources


def _render(args: tuple[str, str, _Job, str, str, Path]) -> None:
    """Lay out one run of parts and write its PDFs into the cache."""
    from weasyprint import HTML

    html, css, job, base_url, created, cache_dir = args
    document = HTML(string=html, base_url=base_url).render()
    document.metadata.created = document.metadata.modified = created
    outputs = iter(job.outputs(css))
    if job.whole:
        key = next(outputs)
        _store(cache_dir, key, document.write_pdf(identifier=key.encode()))
    starts = [target[0] for _, target, _, _ in document.make_bookmark_tree()]
    ends = starts[1:] + [len(document.pages)]
    for i, key in zip(sorted(job.cuts), outputs):
        copy = document.copy(document.pages[starts[i] : ends[i]])
        copy.metadata.title = job.chunk[i][0]
        _store(cache_dir, key, copy.write_pdf(identifier=key.encode()))


def _join(args: tuple[list[Path], str, Path]) -> None:
    """Join the runs of a longer PDF into one file, keeping their outlines."""
    from pypdf import PdfWriter

    runs, title, target = args
    writer = PdfWriter()
    for run in runs:
        writer.append(str(run), import_outline=True)
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    _store(target.parent, target.name, out.getvalue())


def _pdf_tasks(
    pdfs: list[Pdf], css: str, document: jinja2.Template, cache_dir: Path, base_url: str
) -> tuple[dict[str, str], int, list, list]:
    """Each PDF's file in the cache, how many are missing, and the work that
    makes them: runs of parts to lay out, then runs to join into longer PDFs."""
    jobs, sources = _plan(pdfs, css)
    keys = {pdf.target: sources[pdf.target][0] if len(pdf.parts) == 1 else pdf.key(css) for pdf in pdfs}
    fresh = [pdf for pdf in pdfs if not (cache_dir / keys[pdf.target]).exists()]
    needed = {key for pdf in fresh for key in sources[pdf.target]}
    todo = [job for job in jobs.values() if any(k in needed and not (cache_dir / k).exists() for k in job.outputs(css))]
    created = os.environ.get("SOURCE_DATE_EPOCH")
    stamp = datetime.fromtimestamp(int(created), tz=UTC).isoformat() if created else "2000-01-01T00:00:00+00:00"
    renders = [
        (
            _render,
            (
                document.render(css=Markup(css), parts=[(label, Markup(html)) for label, html in job.chunk]),
                css,
                job,
                base_url,
                stamp,
                cache_dir,
            ),
        )
        for job in todo
    ]
    joins = [
        (_join, ([cache_dir / key for key in sources[pdf.target]], pdf.title, cache_dir / keys[pdf.target]))
        for pdf in fresh
        if len(pdf.parts) > 1
    ]
    return keys, len(fresh), renders, joins


def _png_tasks(pngs: list[Png], cache_dir: Path) -> tuple[int, list]:
    fresh = [(png.key, png.svg) for png in pngs if not (cache_dir / png.key).exists()]
    batches = [fresh[i : i + PNG_BATCH] for i in range(0, len(fresh), PNG_BATCH)]
    return len(fresh), [(_draw_pngs, (batch, cache_dir)) for batch in batches]


def _draw_pngs(args: tuple[list[tuple[str, str]], Path]) -> None:
    import cairosvg

    batch, cache_dir = args
    for key, svg in batch:
        _store(cache_dir, key, cairosvg.svg2png(bytestring=svg.encode(), output_width=1200, output_height=630))


def _call(task: tuple) -> None:
    function, args = task
    function(args)


def _run(*stages: list) -> None:
    """Run each stage's tasks, one stage after another. With more than one task,
    they run in fresh processes on every core, which also keeps their memory
    out of the build's."""
    if sum(map(len, stages)) > 1 and (os.cpu_count() or 1) > 1:
        with ProcessPoolExecutor(max_workers=os.cpu_count(), mp_context=get_context("spawn")) as pool:
            for stage in stages:
                list(pool.map(_call, stage))
    else:
        for stage in stages:
            for task in stage:
                _call(task)


def _store(cache_dir: Path, key: str, data: bytes) -> None:
    tmp = cache_dir / (key + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(cache_dir / key)


def make_files(
    pdfs: list[Pdf],
    pngs: list[Png],
    css: str,
    document: jinja2.Template,
    site_dir: Path,
    cache_dir: Path,
    base_url: str,
    inputs: str = "",
) -> tuple[int, int]:
    """Write every PDF and image into the site, from the cache where its content
    is unchanged; `document` (lbeg/pdf.html) holds a run of parts for layout.
    Returns how many files were made and how many were reused. Given `inputs`
    (a digest of everything the files are made from), it notes which files they
    made, for reuse_files."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    keys, made_pdfs, renders, joins = _pdf_tasks(pdfs, css, document, cache_dir, base_url)
    made_pngs, draws = _png_tasks(pngs, cache_dir)
    _run(renders + draws, joins)
    made = made_pdfs + made_pngs
    keys |= {png.target: png.key for png in pngs}
    _place(keys, site_dir, cache_dir)
    if inputs:
        _store(cache_dir, _inputs_key(inputs), json.dumps(keys, sort_keys=True).encode())
    return made, len(keys) - made


def reuse_files(inputs: str, site_dir: Path, cache_dir: Path) -> int | None:
    """If the files for exactly these inputs were all made before, put them in
    the site and return how many; otherwise None. This spares drawing every card
    again just to learn that none changed."""
    try:
        keys = json.loads((cache_dir / _inputs_key(inputs)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not all((cache_dir / key).is_file() for key in keys.values()):
        return None
    _place(keys, site_dir, cache_dir)
    return len(keys)


def _inputs_key(inputs: str) -> str:
    return f"inputs-{_digest(inputs)}.json"


def _place(keys: dict[str, str], site_dir: Path, cache_dir: Path) -> None:
    """Put each file in the site as a hard link to its cached copy where the file
    system allows (the cache replaces a file rather than writing into it), else copy it."""
    for target, key in keys.items():
        path = site_dir / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        try:
            os.link(cache_dir / key, path)
        except OSError:
            shutil.copyfile(cache_dir / key, path)
