"""`make serve` shows an edit to an exercise's YAML without a restart. How fast
is measured by benchmarks/live_edit.py, not here."""

from __future__ import annotations

import importlib.util

from .helpers import ROOT, copy_project

spec = importlib.util.spec_from_file_location("live_edit", ROOT / "benchmarks" / "live_edit.py")
live_edit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(live_edit)


def test_an_edit_to_the_data_shows_up_under_serve(tmp_path):
    project = copy_project(tmp_path / "project")
    port = live_edit.free_port()
    base = f"http://127.0.0.1:{port}/"
    server = live_edit.serve(project, port)
    try:
        live_edit.wait_for(base + "exercises/glute-bridge/", "Glute bridge", 60)
        data = project / "data" / "exercises" / "glute-bridge.yml"
        data.write_text(data.read_text().replace("  - Hold.\n", "  - Hold it there, nice and still.\n", 1))
        live_edit.wait_for(base + "exercises/glute-bridge/", "Hold it there, nice and still.", 20)
        live_edit.wait_for(base + "exercises/glute-bridge/card.pdf", "%PDF", 60)
    finally:
        server.terminate()
        server.wait()
