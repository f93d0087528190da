"""Build time, memory and size as the library grows.

    python benchmarks/build.py [N ...]

For each N (default: the real library, 50, 500 and 2000 exercises) it copies
the project, adds copies of the real exercises under new names until there are
N, makes their pages, and builds the site twice: cold (no cache, every drawing,
PDF and preview made) and warm (nothing changed). It prints wall time, time per
page, peak memory (of the largest single process: the build, or one of the
processes it starts for PDFs) and the size of the site.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns(
    ".venv", ".git", "site", "site.*", ".cache", "__pycache__", ".pytest_cache", "node_modules"
)


def add_copies(project: Path, total: int) -> int:
    """Copy real exercises under new slugs and names until there are `total`."""
    folder = project / "data" / "exercises"
    real = sorted(folder.glob("*.yml"))
    for n in range(total - len(real)):
        source = real[n % len(real)]
        text = source.read_text(encoding="utf-8")
        text = re.sub(r"^name: (.*)$", lambda m: f"name: {m.group(1)} {n + 1}", text, count=1, flags=re.MULTILINE)
        text = re.sub(r"^aliases:\n(  - .*\n)*", "aliases: []\n", text, count=1, flags=re.MULTILINE)
        text = re.sub(r"^  - exercise: .*$", "  - tip: Ask your physio about the next step.", text, flags=re.MULTILINE)
        (folder / f"{source.stem}-copy-{n + 1}.yml").write_text(text, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "lbeg.stubs"], cwd=project, check=True, stdout=subprocess.DEVNULL)
    return max(total, len(real))


def build(project: Path) -> tuple[float, int]:
    """Wall seconds and peak memory (MB) of one `mkdocs build`."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(project / "site")],
        cwd=project,
        env=env,
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"the build failed with status {status}")
    return seconds, usage.ru_maxrss // 1024


def measure(total: int | None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        shutil.copytree(ROOT, project, ignore=IGNORE)
        count = add_copies(project, total or 0)
        cold, cold_mb = build(project)
        warm, warm_mb = build(project)
        pages = sum(1 for _ in (project / "site").rglob("index.html"))
        size = sum(p.stat().st_size for p in (project / "site").rglob("*") if p.is_file())
    return {
        "n": count,
        "pages": pages,
        "cold": cold,
        "warm": warm,
        "cold_mb": cold_mb,
        "warm_mb": warm_mb,
        "size": size,
    }


def main(sizes: list[int | None]) -> None:
    print(
        f"{'exercises':>9} {'pages':>6} {'cold s':>8} {'warm s':>8} {'cold ms/page':>13} {'warm ms/page':>13} {'cold MB':>8} {'warm MB':>8} {'site MB':>8}"
    )
    for total in sizes:
        r = measure(total)
        print(
            f"{r['n']:9} {r['pages']:6} {r['cold']:8.1f} {r['warm']:8.1f} {1000 * r['cold'] / r['pages']:13.1f} "
            f"{1000 * r['warm'] / r['pages']:13.1f} {r['cold_mb']:8} {r['warm_mb']:8} {r['size'] / 1e6:8.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [None, 50, 500, 2000])
