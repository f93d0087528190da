"""The guide on a patient's phone: the web app manifest, the offline page and
the service worker, written into a built site.

    python -m lbeg.offline SITE_DIR

mkdocs-macros runs this after every build (see lbeg.macros.on_post_build). It
also runs on its own, for a site built by a tool that does not call it. The
worker's code is lbeg/worker.js; this module puts in front of it what this
build holds: a version made from the files the worker serves, so that any
change to them is a new version, and the list of the theme's files.
LBEG_OFFLINE=fresh (set by `make serve`) makes the worker ask the network first.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from . import theme

log = logging.getLogger("mkdocs.plugins.lbeg")

WORKER = Path(__file__).with_name("worker.js")
MANIFEST = "manifest.webmanifest"
OFFLINE_PAGE = "offline.html"

# Pages kept once a programme is opened, with how the offline page names them.
CORE_PAGES = {
    "programme/": "Your programme",
    "": "Home",
    "safety/": "When to stop and get help",
    "why-movement-helps/": "Why movement helps",
    "strengthen-your-lower-back/": "How to strengthen your back",
}
# Folders whose pages are kept when opened: each exercise's page.
KEPT_FOLDERS = ("exercises/",)
# The most pages kept at once, oldest out first. A programme has at most 20 exercises.
PAGE_LIMIT = 60
# The theme's and the guide's files that pages load, saved with the first programme.
SHELL = (
    *theme.SHELL,
    "assets/*.css",
    "assets/*.svg",
    "assets/lbeg/*.js",
    "assets/vendor/*.js",
    MANIFEST,
)


@dataclass(frozen=True)
class App:
    """What the manifest says about the guide as an installed app."""

    name: str
    short_name: str
    description: str
    theme_color: str
    background_color: str
    icon: str


def app_of(config: Any) -> App:
    app = config["extra"]["app"]
    return App(
        name=config["site_name"],
        short_name=app["short_name"],
        description=" ".join(str(config["site_description"]).split()),
        theme_color=app["theme_color"],
        background_color=app["background_color"],
        icon=config["theme"]["favicon"],
    )


# A PNG copy of the SVG icon for iPhones, which do not take the manifest's SVG: (file, size in pixels).
# The manifest names only the SVG: a browser that checks the guide can be installed fetches the
# manifest's icon on a first visit, and the SVG is already there as the page's icon.
ICONS = (("assets/apple-touch-icon.png", 180),)
ICON_TEMPLATE = Path(__file__).with_name("templates") / "icon.typ"


def write_icons(site_dir: Path, app: App) -> None:
    import typst

    for file, size in ICONS:
        png = typst.compile(
            str(ICON_TEMPLATE),
            root="/",
            format="png",
            ppi=72,
            sys_inputs={"size": str(size), "icon": str((site_dir / app.icon).resolve())},
        )
        (site_dir / file).write_bytes(png)


def manifest(app: App) -> dict[str, Any]:
    """The web app manifest. Its addresses are relative to it, at the site's root."""
    return {
        "id": "./",
        "name": app.name,
        "short_name": app.short_name,
        "description": app.description,
        "lang": "en-GB",
        "dir": "ltr",
        "start_url": "./programme/",
        "scope": "./",
        "display": "standalone",
        "theme_color": app.theme_color,
        "background_color": app.background_color,
        "icons": [{"src": app.icon, "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
    }


def shell_files(site_dir: Path) -> list[str]:
    return sorted({p.relative_to(site_dir).as_posix() for pattern in SHELL for p in site_dir.glob(pattern)})


def kept_pages(site_dir: Path) -> list[Path]:
    pages = [site_dir / page / "index.html" for page in CORE_PAGES]
    for folder in KEPT_FOLDERS:
        pages += sorted((site_dir / folder).glob("*/index.html"))
    return [p for p in pages if p.is_file()]


def version_of(site_dir: Path, files: list[str], code: str) -> str:
    """A digest of everything the worker serves from its cache, and of its own code."""
    digest = hashlib.sha256(code.encode())
    for path in [site_dir / f for f in files] + kept_pages(site_dir):
        digest.update(path.relative_to(site_dir).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def write_offline(site_dir: Path, templates: jinja2.Environment, app: App) -> str:
    """Write the icons, the manifest, the offline page and the worker; return the version."""
    write_icons(site_dir, app)
    (site_dir / MANIFEST).write_text(json.dumps(manifest(app), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    page = templates.get_template("offline.html").render(app=app, pages=CORE_PAGES.items())
    (site_dir / OFFLINE_PAGE).write_text(page, encoding="utf-8")
    code = WORKER.read_text(encoding="utf-8")
    files = shell_files(site_dir)
    fresh = os.environ.get("LBEG_OFFLINE") == "fresh"
    settings = {
        "version": version_of(site_dir, files + [OFFLINE_PAGE], code + ("fresh" if fresh else "")),
        "shell": files,
        "pages": list(CORE_PAGES),
        "folders": list(KEPT_FOLDERS),
        "limit": PAGE_LIMIT,
        "fresh": fresh,
    }
    (site_dir / "sw.js").write_text(f"const OFFLINE = {json.dumps(settings)};\n{code}", encoding="utf-8")
    log.info("offline: worker version %s, %d theme files", settings["version"], len(files))
    return settings["version"]


def main(argv: list[str]) -> int:
    from .templating import template_env

    root = Path(__file__).resolve().parent.parent
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    write_offline(Path(argv[0]), template_env(root), app_of(theme.site_config(root).config))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
