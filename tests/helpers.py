"""Helpers shared by the tests (pytest's fixtures stay in conftest.py)."""

from __future__ import annotations

# True once every part of a page that needs its scripts is working.
SCRIPTS_READY = (
    "() => !document.querySelector('[data-lbeg-scripted]:not([data-lbeg-ready]),"
    " [data-lbeg-programme]:not([data-lbeg-ready])')"
)


def open_page(page, url: str):
    """Go to `url` and wait until the page's scripts have set it up."""
    page.goto(url)
    page.wait_for_function(SCRIPTS_READY)
    return page


def qr_codes(image) -> list[str]:
    """The text of each QR code in a PIL image. Only QR codes are looked for: a
    small screenshot can also pass for a one-dimensional barcode."""
    import zxingcpp

    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]
