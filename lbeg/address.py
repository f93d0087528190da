"""Where a page lives online: its full address, the short form printed on paper,
and a QR code that leads to it."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin

import segno
from markupsafe import Markup

from .render_cache import store


def absolute_url(site_url: str, path: str) -> str:
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", path)


def short_url(url: str) -> str:
    """The address as a person would type it: no scheme, no trailing slash."""
    return url.split("://", 1)[-1].rstrip("/")


def qr_alt(url: str) -> str:
    """What the QR code says to someone who cannot see it."""
    return "QR code: " + url


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
        title=qr_alt(url),
    )
    return out.getvalue().decode()


@lru_cache(maxsize=8192)
def qr_svg(url: str, cache_dir: Path | None = None) -> str:
    """A QR code for `url`, as an SVG that scales to its box. Choosing the best
    mask is slow, so codes are kept in `cache_dir` when one is given."""
    if cache_dir is None:
        return _draw_qr(url)
    name = "qr-" + hashlib.sha256(f"{segno.__version__}\n{url}".encode()).hexdigest()[:32] + ".svg"
    path = cache_dir / name
    if path.exists():
        return path.read_text(encoding="utf-8")
    svg = _draw_qr(url)
    cache_dir.mkdir(parents=True, exist_ok=True)
    store(cache_dir, name, svg.encode())
    return svg


@dataclass(frozen=True)
class Address:
    """Where a page lives online, for links, QR codes and printed forms."""

    url: str
    short: str
    qr: Markup

    @property
    def alt(self) -> str:
        return qr_alt(self.url)

    @classmethod
    def at(cls, site_url: str, path: str, cache_dir: Path | None = None) -> Address:
        url = absolute_url(site_url, path)
        return cls(url, short_url(url), Markup(qr_svg(url, cache_dir)))
