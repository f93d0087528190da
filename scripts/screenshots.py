"""Take PNG screenshots of built pages, to look at them.

    python scripts/screenshots.py BASE_URL OUT_DIR PATH [PATH ...]

Each PATH is shot at phone width (390 px) and desktop width (1280 px), in light
and dark mode, and printed to A4 PDF.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright


def main(base: str, out: Path, paths: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for scheme in ("light", "dark"):
            for name, width in (("phone", 390), ("desktop", 1280)):
                page = browser.new_page(viewport={"width": width, "height": 844}, color_scheme=scheme)
                for path in paths:
                    page.goto(base.rstrip("/") + "/" + path.lstrip("/"))
                    slug = path.strip("/").replace("/", "_") or "home"
                    page.screenshot(path=str(out / f"{slug}-{name}-{scheme}.png"), full_page=True)
                    if scheme == "light" and name == "desktop":
                        page.pdf(path=str(out / f"{slug}-a4.pdf"), format="A4", print_background=True)
                page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), sys.argv[3:])
