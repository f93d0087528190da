"""Print cards, QR codes, PDFs and link-preview images.

The card itself is drawn by overrides/lbeg/card.html. This module gives it a
QR code and a short address, and after the build writes the PDFs (WeasyPrint)
and the preview images (cairosvg). Both are cached by content in .cache/, so a
rebuild where nothing changed only copies files.
"""

from __future__ import annotations

import hashlib
import io
import logging
import shutil
from functools import lru_cache
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import segno

log = logging.getLogger("mkdocs.plugins.lbeg")

CACHE_VERSION = "1"


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
class Job:
    """One file to make after the build: its content decides its cache key."""

    target: str
    """Path under the site folder."""
    kind: str
    """"pdf" or "png"."""
    source: str
    """The HTML (for a PDF) or the SVG (for a PNG) to render."""

    @property
    def key(self) -> str:
        digest = hashlib.sha256(f"{CACHE_VERSION}\n{self.kind}\n{self.source}".encode()).hexdigest()
        return f"{digest[:32]}.{self.kind}"


def _render(job: Job, base_url: str) -> bytes:
    if job.kind == "pdf":
        from weasyprint import HTML

        return HTML(string=job.source, base_url=base_url).write_pdf()
    import cairosvg

    return cairosvg.svg2png(bytestring=job.source.encode(), output_width=1200, output_height=630)


def make_files(jobs: list[Job], site_dir: Path, cache_dir: Path, base_url: str) -> tuple[int, int]:
    """Write each job's file into the site, from the cache where the content is
    unchanged. Returns how many were made and how many came from the cache."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    fresh = [job for job in jobs if not (cache_dir / job.key).exists()]

    for job in fresh:
        tmp = cache_dir / (job.key + ".tmp")
        tmp.write_bytes(_render(job, base_url))
        tmp.replace(cache_dir / job.key)
    for job in jobs:
        target = site_dir / job.target
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cache_dir / job.key, target)
    return len(fresh), len(jobs) - len(fresh)
