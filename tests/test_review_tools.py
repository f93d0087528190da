"""The scripts that make material to look at and to hand to reviewers: the sheet of
drawings (scripts/figure_sheet.py) and the blind review's pictures
(scripts/blind_review.py), which draws them with the sheet's code."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest
from PIL import Image

from lbeg.data import load_library

from .helpers import ROOT, picture_count

LIB = load_library(ROOT)


def run(*args: str) -> str:
    done = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.browser
def test_the_blind_review_hands_over_one_unnamed_picture_an_exercise_and_keeps_the_key_apart(tmp_path):
    folder = tmp_path / "round"
    run("scripts/blind_review.py", str(folder), "--seed", "4")
    pictures = sorted(folder.glob("picture-*.png"))
    assert len(pictures) == len(LIB.exercises)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [p.name for p in pictures] + ["instructions.md", "key.png", "names.txt"]
    )
    assert Image.open(folder / "key.png").width > 600, "every entry of the pages' key"
    assert (folder / "names.txt").read_text().splitlines() == sorted(ex.name for ex in LIB.exercises.values())
    with open(tmp_path / "round-key.csv", newline="") as f:
        key = list(csv.DictReader(f))
    assert sorted(row["slug"] for row in key) == sorted(LIB.exercises)
    assert [row["picture"] for row in key] == [p.name for p in pictures]
    for row in key:
        image = Image.open(folder / row["picture"])
        frames = picture_count(LIB.exercises[row["slug"]])
        assert image.width > frames * 400, (row["slug"], image.size)


@pytest.mark.browser
def test_the_sheet_draws_a_row_an_exercise(tmp_path):
    one, two = tmp_path / "one.png", tmp_path / "two.png"
    run("scripts/figure_sheet.py", str(one), "bird-dog")
    run("scripts/figure_sheet.py", str(two), "bird-dog", "side-plank", "clamshell", "dead-bug", "--scheme", "print")
    assert Image.open(two).height > Image.open(one).height
