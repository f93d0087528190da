"""Each exercise file has its page under docs/exercises/, and nothing else does."""

from __future__ import annotations

import subprocess
import sys

from lbeg import stubs

from .helpers import ROOT, copy_project


def test_every_exercise_has_an_up_to_date_page():
    problems = stubs.stale(ROOT)
    assert problems == [], "\n".join(f"{p}: run `{stubs.COMMAND}`" for p in problems)


def test_check_names_the_command_to_run(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs/exercises/bird-dog.md").unlink()
    (project / "docs/exercises/pelvic-tilt.md").write_text("old text\n")
    (project / "docs/exercises/retired.md").write_text("orphan\n")
    result = subprocess.run(
        [sys.executable, "-m", "lbeg.stubs", "--check"], check=False, cwd=project, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "docs/exercises/bird-dog.md is missing: run `make stubs`",
        "docs/exercises/pelvic-tilt.md is out of date: run `make stubs`",
        "docs/exercises/retired.md has no matching data file: run `make stubs`",
    ]
    fixed = subprocess.run(
        [sys.executable, "-m", "lbeg.stubs"], check=False, cwd=project, capture_output=True, text=True
    )
    assert fixed.returncode == 0
    again = subprocess.run(
        [sys.executable, "-m", "lbeg.stubs", "--check"], check=False, cwd=project, capture_output=True, text=True
    )
    assert again.returncode == 0 and again.stdout == ""
