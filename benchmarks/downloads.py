"""What the PDFs and preview images add to a build.

    python benchmarks/downloads.py [RUNS]

Builds a copy of the project RUNS times (default 5) in three ways and prints
the median wall time of each: with no downloads made (LBEG_DOWNLOADS=off),
cold (empty cache, every PDF and image made) and warm (nothing changed, so
every file comes from the cache).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns(
    ".venv", ".git", "site", "site.*", ".cache", "__pycache__", ".pytest_cache", "node_modules"
)


def build(project: Path, **env: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(project / "site")],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        check=True,
    )
    return time.perf_counter() - start


def main(runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        shutil.copytree(ROOT, project, ignore=IGNORE)
        build(project, LBEG_DOWNLOADS="off")  # warm up Python's caches
        off = [build(project, LBEG_DOWNLOADS="off") for _ in range(runs)]
        cold, warm = [], []
        for _ in range(runs):
            shutil.rmtree(project / ".cache", ignore_errors=True)
            cold.append(build(project))
            warm.append(build(project))
        files = sorted(
            p for p in (project / "site").rglob("*") if p.suffix in (".pdf", ".png") and p.parent.name != "images"
        )
    base = statistics.median(off)
    print(f"{'build':34} {'median s':>9} {'vs no downloads':>16}")
    for name, times in (
        ("no PDFs or previews", off),
        ("cold: every file made", cold),
        ("warm: every file from the cache", warm),
    ):
        median = statistics.median(times)
        print(f"{name:34} {median:9.2f} {100 * (median / base - 1):+15.0f}%")
    print(
        f"{len(files)} files: {sum(1 for f in files if f.suffix == '.pdf')} PDFs, {sum(1 for f in files if f.suffix == '.png')} preview images"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
