"""Where a page lives online: its full address, the short form printed on paper,
and a QR code that leads to it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin

import zxingcpp
from markupsafe import Markup

ROOT = Path(__file__).resolve().parent.parent


def absolute_url(site_url: str, path: str) -> str:
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", path)


def short_url(url: str) -> str:
    """The address as a person would type it: no scheme, no trailing slash."""
    return url.split("://", 1)[-1].rstrip("/")


def qr_alt(url: str) -> str:
    """What the QR code says to someone who cannot see it."""
    return "QR code: " + url


QR_BORDER = 2
"""Light modules around the code, inside its box."""
_DARK = re.compile(b"\\x00+")
"""A run of dark modules in a row of the code's image."""


def _qr_path(url: str) -> tuple[int, str]:
    """A QR code for `url` (error correction M, the best mask chosen by the
    encoder): the width of its box in modules, and a path that draws each run
    of dark modules in a row as one line."""
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = code.to_image(scale=1, add_quiet_zones=False)
    size = image.shape[1]
    modules = bytes(memoryview(image))
    runs, x, y = [f"M{QR_BORDER} {QR_BORDER}.5"], QR_BORDER, QR_BORDER
    for row in range(image.shape[0]):
        for run in _DARK.finditer(modules[row * size : (row + 1) * size]):
            start = run.start() + QR_BORDER
            runs.append(f"m{start - x} {row + QR_BORDER - y}h{run.end() - run.start()}")
            x, y = start + run.end() - run.start(), row + QR_BORDER
    return size + 2 * QR_BORDER, "".join(runs)


@lru_cache(maxsize=8192)
def qr_svg(url: str) -> Markup:
    """A QR code that leads to `url`, as an SVG that scales to its box."""
    from .templating import template_env

    size, path = _qr_path(url)
    return Markup(template_env(ROOT).get_template("qr.svg").render(size=size, path=path, alt=qr_alt(url)))


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
    def at(cls, site_url: str, path: str) -> Address:
        url = absolute_url(site_url, path)
        return cls(url, short_url(url), qr_svg(url))
