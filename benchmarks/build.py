"""Build time, memory and size as the library grows.

    python benchmarks/build.py [--runs R] [N ...]

For each N (default: the real library, 50, 200, 500 and 2000 exercises) it
copies the project, adds copies of the real exercises under new names until
there are N, makes their pages, and builds the site twice: cold (no cache, every
drawing, PDF in both paper sizes and preview made) and warm (nothing changed).
With --runs it does that R times and prints the median of each figure (cold
over warm is the median of each run's own ratio). It prints wall time, time per
page, cold over warm, processor time (of all processes, so more than the wall
time when cores work together), peak memory (of the largest single process: the
build, or the one it starts to make PDFs), the size of the site, how many PDFs and previews the cold build made, and the
machine's load average (1 minute) before the cold build and after the warm one:
on a shared machine, wall times mean little unless the load was low.
"""

from __future__ import annotations

import argparse
import os
import re
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


def add_copies(project: Path, total: int) -> int:
    """Copy real exercises under new slugs and names until there are `total`."""
    folder = project / "data" / "exercises"
    real = sorted(folder.glob("*.yml"))
    for n in range(total - len(real)):
        source = real[n % len(real)]
        text = source.read_text(encoding="utf-8")
        text = re.sub(r"^name: (.*)$", lambda m, n=n: f"name: {m.group(1)} {n + 1}", text, count=1, flags=re.MULTILINE)
        text = re.sub(r"^aliases:\n(  - .*\n)*", "aliases: []\n", text, count=1, flags=re.MULTILINE)
        text = re.sub(r"^  - exercise: .*$", "  - tip: Ask your physio about the next step.", text, flags=re.MULTILINE)
        (folder / f"{source.stem}-copy-{n + 1}.yml").write_text(text, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "lbeg.stubs"], cwd=project, check=True, stdout=subprocess.DEVNULL)
    return max(total, len(real))


def build(project: Path) -> tuple[float, int, float]:
    """Wall seconds, peak memory (MB) and processor seconds (all processes) of one `mkdocs build`."""
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
    return seconds, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime


def measure(total: int | None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        shutil.copytree(ROOT, project, ignore=IGNORE)
        count = add_copies(project, total or 0)
        load_before = os.getloadavg()[0]
        cold, cold_mb, cold_cpu = build(project)
        files = [p for p in (project / "site").rglob("*") if p.suffix in (".pdf", ".png") and "assets" not in p.parts]
        warm, warm_mb, warm_cpu = build(project)
        load_after = os.getloadavg()[0]
        pages = sum(1 for _ in (project / "site").rglob("index.html"))
        size = sum(p.stat().st_size for p in (project / "site").rglob("*") if p.is_file())
    return {
        "n": count,
        "pages": pages,
        "cold": cold,
        "warm": warm,
        "ratio": cold / warm,
        "cold_mb": cold_mb,
        "cold_cpu": cold_cpu,
        "warm_cpu": warm_cpu,
        "warm_mb": warm_mb,
        "size": size,
        "pdfs": sum(1 for p in files if p.suffix == ".pdf"),
        "pngs": sum(1 for p in files if p.suffix == ".png"),
        "load_before": load_before,
        "load_after": load_after,
    }


def main(sizes: list[int | None], runs: int) -> None:
    print(
        f"{'exercises':>9} {'pages':>6} {'cold s':>8} {'warm s':>8} {'cold/warm':>9} {'cold ms/page':>13} "
        f"{'warm ms/page':>13} {'cold CPU s':>10} {'warm CPU s':>10} {'cold MB':>8} {'warm MB':>8} {'site MB':>8} {'PDFs':>6} {'PNGs':>6} {'load':>9}"
    )
    for total in sizes:
        results = [measure(total) for _ in range(runs)]
        r = {key: statistics.median(result[key] for result in results) for key in results[0]}
        print(
            f"{r['n']:9.0f} {r['pages']:6.0f} {r['cold']:8.1f} {r['warm']:8.1f} {r['ratio']:9.2f} "
            f"{1000 * r['cold'] / r['pages']:13.1f} {1000 * r['warm'] / r['pages']:13.1f} "
            f"{r['cold_cpu']:10.1f} {r['warm_cpu']:10.1f} {r['cold_mb']:8.0f} "
            f"{r['warm_mb']:8.0f} {r['size'] / 1e6:8.1f} {r['pdfs']:6.0f} {r['pngs']:6.0f} "
            f"{r['load_before']:4.1f}-{r['load_after']:<4.1f}",
            flush=True,
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="runs of each size; the median is printed")
    parser.add_argument(
        "sizes", type=int, nargs="*", help="exercises in the library (default: real, 50, 200, 500, 2000)"
    )
    options = parser.parse_args()
    main(options.sizes or [None, 50, 200, 500, 2000], options.runs)
