"""How long an edit to an exercise's YAML takes to show up under `make serve`.

    python benchmarks/live_edit.py [EDITS]

Starts the serve command on a copy of the project, changes one step of an
exercise EDITS times (default 5), and prints how long each change took to
appear on the served page, with the median.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns(".venv", ".git", "site", "site.*", "__pycache__", ".pytest_cache", "node_modules")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8", errors="replace")


def serve(project: Path, port: int) -> subprocess.Popen:
    """The command `make serve` runs."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", LBEG_DOWNLOADS="background")
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(url: str, text: str, limit: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        try:
            if text in fetch(url):
                return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.02)
    raise TimeoutError(f"{text!r} did not appear at {url} within {limit} s")


def edits(project: Path, count: int) -> list[float]:
    port = free_port()
    url = f"http://127.0.0.1:{port}/exercises/glute-bridge/"
    server = serve(project, port)
    try:
        wait_for(url, "Glute bridge", 60)
        data = project / "data" / "exercises" / "glute-bridge.yml"
        original = data.read_text(encoding="utf-8")
        times = []
        for n in range(count):
            marker = f"Hold still, count {n}."
            time.sleep(1)
            data.write_text(original.replace("  - Hold.\n", f"  - {marker}\n", 1), encoding="utf-8")
            times.append(wait_for(url, marker, 30))
        return times
    finally:
        server.terminate()
        server.wait()


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        shutil.copytree(ROOT, project, ignore=IGNORE)
        times = edits(project, count)
    print("edit to glute-bridge.yml until the served page shows it:")
    for n, seconds in enumerate(times, 1):
        print(f"  edit {n}: {seconds:.2f} s")
    print(f"  median {statistics.median(times):.2f} s, slowest {max(times):.2f} s (target: within 2 s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
