"""The link contract: every address the site publishes, which must keep working.

    python -m lbeg.contract SITE_DIR > tests/published-urls.txt   (or: make contract)

Lists every page (old and other names of exercises included), every PDF,
preview image and open data file, and the section anchors of every exercise page. A test fails
when one of them disappears from a build.
"""

from __future__ import annotations

import re
import sys
from dataclasses import astuple, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Sections:
    """The sections of every exercise page that a link can point to, by anchor.
    The templates take each section's id from here (as `sections`), the
    contract promises them all, and the tests look for them."""

    targets: str = "targets"
    start: str = "start"
    steps: str = "steps"
    breathing: str = "breathing"
    how_much: str = "how-much"
    stop_if: str = "stop-if"
    timer: str = "timer"
    tips: str = "tips"
    mistakes: str = "mistakes"
    easier: str = "easier"
    harder: str = "harder"
    share: str = "share"
    sources: str = "sources"


SECTIONS = Sections()
ANCHORS = list(astuple(SECTIONS))
FILES = (".pdf", ".png")
# Installed copies of the guide look for these at the same address for ever.
APP = ("manifest.webmanifest", "sw.js")


def published(site: Path) -> list[str]:
    urls = []
    for path in site.rglob("*"):
        rel = path.relative_to(site).as_posix()
        if path.name == "index.html" and not rel.startswith("search/"):
            page = rel[: -len("index.html")]
            urls.append(page)
            if re.fullmatch(r"exercises/[a-z0-9-]+/", page) and 'class="lbeg-ex"' in path.read_text(encoding="utf-8"):
                urls += [f"{page}#{anchor}" for anchor in ANCHORS]
        elif path.is_file() and (
            (path.suffix in FILES and not rel.startswith("assets/")) or rel.startswith("data/v") or rel in APP
        ):
            urls.append(rel)
    return sorted("/" + url for url in urls)


if __name__ == "__main__":
    print("\n".join(published(Path(sys.argv[1] if len(sys.argv) > 1 else "site"))))
