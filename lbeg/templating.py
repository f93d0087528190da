"""The one Jinja environment for the guide's own templates (lbeg/templates/).

It autoescapes, so text from data is never markup, and a name that is not
defined stops the render. The page markers (lbeg.macros), the pages for other
names and the PDFs (lbeg.downloads) all draw through it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

FOLDER = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=8)
def template_env(root: Path) -> jinja2.Environment:
    """The environment for the project at `root`. It is kept between the rebuilds
    of `mkdocs serve`, and reloads a template that changes."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(root) / "lbeg" / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=True,
    )
