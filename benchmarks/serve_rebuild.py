"""What a `make serve` rebuild costs, and what sharing the theme's compiled
templates between rebuilds saves (lbeg.theme.reuse_compiled_theme).

    python benchmarks/serve_rebuild.py [REBUILDS]

`mkdocs serve` loads the configuration again and builds into the same folder
after every edit; MkDocs makes a new Jinja environment for the theme each time,
so Material's templates are compiled again. This runs the same rebuilds in one
process (the PDFs left out: under serve they are made by a separate process),
as MkDocs does them and with the guide's in-memory bytecode cache given to every
theme environment, taking turns, and prints the median wall and CPU time of each.
CPU time is the steadier figure on a busy machine.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update(LBEG_DOWNLOADS="off", NO_MKDOCS_2_WARNING="1")


def main(count: int) -> None:
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from lbeg import theme

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    shared = theme.reuse_compiled_theme

    def compile_again(env) -> None:
        pass

    times: dict[str, list[float]] = {"theme compiled again (MkDocs)": [], "theme bytecode shared": []}
    cpu: dict[str, list[float]] = {name: [] for name in times}
    with tempfile.TemporaryDirectory() as site:
        first = load_config(str(ROOT / "mkdocs.yml"), site_dir=site)
        first.plugins.on_startup(command="serve", dirty=False)
        build(first, serve_url="http://127.0.0.1:8000/")
        # The two kinds of rebuild take turns, so a busy machine slows both alike.
        for _ in range(count):
            for name, reuse in zip(times, (compile_again, shared)):
                theme.reuse_compiled_theme = reuse
                start, start_cpu = time.perf_counter(), time.process_time()
                build(load_config(str(ROOT / "mkdocs.yml"), site_dir=site), serve_url="http://127.0.0.1:8000/")
                times[name].append(time.perf_counter() - start)
                cpu[name].append(time.process_time() - start_cpu)
        theme.reuse_compiled_theme = shared
        first.plugins.on_shutdown()
    print(f"{'rebuild (no PDFs), median':32} {'wall s':>7} {'CPU s':>7}")
    for (name, wall), used in zip(times.items(), cpu.values()):
        print(f"{name:32} {statistics.median(wall):7.2f} {statistics.median(used):7.2f}")
    for label, got in (("wall", times), ("CPU", cpu)):
        plain, cached = (statistics.median(values) for values in got.values())
        print(f"saving ({label}): {plain - cached:.2f} s, {100 * (plain - cached) / plain:.1f} % of a rebuild")
    print(f"({count} rebuilds of each kind, taking turns)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
