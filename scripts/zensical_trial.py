"""Build the guide with Zensical and compare it with the MkDocs build.

    .venv/bin/python scripts/zensical_trial.py [VENV]

Zensical 0.0.73 is the last release that installs from the registry (0.1.x
needs `zensical-ui`, which is not there). This makes a throwaway virtual
environment outside the project (or uses VENV) with Zensical and the guide's
own runtime packages but not MkDocs, builds a copy of the project with
`zensical build`, then runs `python -m lbeg.downloads site`,
`python -m lbeg.opendata site` and `python -m lbeg.offline site` for what
MkDocs' post-build step makes. It builds the same copy with MkDocs, and prints, for
every page, whether its main text, its printed form, its title and its
description are the same, and whether both sites publish the same addresses.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from lbeg import theme

ZENSICAL = "zensical==0.0.73"
IGNORE = shutil.ignore_patterns(".venv", ".git", "site", "site.*", ".cache", "__pycache__", "node_modules")
PARTS = {"main text": theme.ARTICLE, "printed form": ".lbeg-print"}


def runtime_requirements() -> list[str]:
    """requirements.in up to its test tools, less MkDocs and its plugins."""
    wanted = []
    for line in (ROOT / "requirements.in").read_text().splitlines():
        if line.startswith("# Tests"):
            break
        if line and not line.startswith("#") and not line.startswith("mkdocs"):
            wanted.append(line)
    return wanted


def venv(path: Path) -> Path:
    python = path / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", ZENSICAL, *runtime_requirements()], check=True)
    return python


def page_facts(path: Path) -> dict[str, str | None]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    facts = {
        name: (" ".join(el.get_text(" ").split()) if (el := soup.select_one(css)) else None)
        for name, css in PARTS.items()
    }
    facts["title"] = soup.title.get_text() if soup.title else None
    description = soup.find("meta", attrs={"name": "description"})
    facts["description"] = description["content"] if description else None
    return facts


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    from lbeg.contract import published

    work = Path(tempfile.mkdtemp(prefix="lbeg-zensical-"))
    python = venv(Path(argv[0]) if argv else work / "venv")
    project = work / "project"
    shutil.copytree(ROOT, project, ignore=IGNORE)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="0")
    zensical = timed([str(python.parent / "zensical"), "build"], project, env)
    for command in ("lbeg.downloads", "lbeg.opendata", "lbeg.offline"):
        timed([str(python), "-m", command, "site"], project, env)
    mkdocs = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(work / "mkdocs-site")], project, env)

    z_site, m_site = project / "site", work / "mkdocs-site"
    differ = []
    pages = [p for p in sorted(m_site.rglob("index.html")) if 'http-equiv="refresh"' not in p.read_text()[:800]]
    for path in pages:
        rel = path.relative_to(m_site)
        other = z_site / rel
        if not other.exists():
            differ.append(f"{rel}: not built")
            continue
        theirs, ours = page_facts(other), page_facts(path)
        differ += [f"{rel}: {name} differs" for name in ours if ours[name] != theirs[name]]
    m_urls, z_urls = set(published(m_site)), set(published(z_site))
    print(f"pages compared: {len(pages)}; differences in main text, printed form, title or description: {len(differ)}")
    for line in differ:
        print("  " + line)
    print(f"published addresses: MkDocs {len(m_urls)}, Zensical {len(z_urls)}, only in one: {len(m_urls ^ z_urls)}")
    for url in sorted(m_urls ^ z_urls):
        print("  " + url)
    print(f"build wall time: zensical build {zensical:.1f} s, mkdocs build {mkdocs:.1f} s (PDFs from the cache)")
    print(f"(sites left in {work})")
    return 1 if differ or m_urls ^ z_urls else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
