"""The one Jinja environment for the guide's own templates (lbeg/templates/).

It autoescapes, so text from data is never markup, and a name that is not
defined stops the render. The page markers (lbeg.macros), the pages for other
names and the PDFs (lbeg.downloads) all draw through it. Every template can use
these facts kept once elsewhere: `sections`, the anchors of an exercise page
(lbeg.contract); `rules`, what a programme link may hold, with the dose words
(lbeg.views.link_rules); `levels`, the exercise levels as a menu offers them; and
`words` and `from_week_text`, patient wording the printed forms also draw (lbeg.views);
and `key_pictures`, the little pictures of the key to the drawings (lbeg.figure.key).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from .contract import SECTIONS
from .figure import KEY_BOX, key
from .views import WORDS, from_week_text, level_options, link_rules


@lru_cache(maxsize=8)
def template_env(root: Path) -> jinja2.Environment:
    """The environment for the project at `root`. It is kept between the rebuilds
    of `mkdocs serve`, and reloads a template that changes."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(root) / "lbeg" / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=True,
    )
    env.globals.update(
        sections=SECTIONS,
        rules=link_rules(),
        levels=level_options(),
        words=WORDS,
        from_week_text=from_week_text,
        key_pictures=key(),
        key_box=KEY_BOX,
    )
    return env
