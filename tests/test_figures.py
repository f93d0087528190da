"""The drawings: made from plausible poses, well-formed, small, labelled, and shown
on every exercise page, in the index and in print."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest

from lbeg.data import load_library
from lbeg.figure import FLOOR, FLOOR_TOLERANCE, LENGTH, contact_points, frame_problems, frames

from .conftest import ROOT, problems_after_edit

LIB = load_library(ROOT)
SLUGS = list(LIB.exercises)
SVG = "{http://www.w3.org/2000/svg}"

# The parts a starting position must rest on.
POSITION_CONTACTS = {
    "hands-and-knees": {"near.hand", "far.hand", "near.knee", "far.knee"},
    "on-your-back": {"hip", "shoulder"},
    "on-your-front": {"hip"},
    "on-your-side": {"hip"},
    "standing": {"near.ankle", "far.ankle"},
    "sitting": {"near.ankle", "far.ankle"},
}
"""Sitting is on a chair: the feet rest on the floor and the hips on the seat (the `seat` prop)."""


@pytest.mark.parametrize("slug", SLUGS)
def test_every_exercise_has_a_start_and_end_pose(slug):
    pose = LIB.exercises[slug].pose
    assert pose.start.caption and pose.end.caption
    assert pose.start != pose.end


@pytest.mark.parametrize("slug", SLUGS)
def test_poses_are_physically_plausible(slug):
    pose = LIB.exercises[slug].pose
    for name, frame in frames(pose):
        assert frame_problems(frame, pose.view) == [], f"{slug} {name}"


@pytest.mark.parametrize("slug", SLUGS)
def test_start_frame_rests_on_what_the_position_says(slug):
    ex = LIB.exercises[slug]
    rests_on = set(contact_points(ex.pose.start.contacts))
    assert POSITION_CONTACTS[ex.position] <= rests_on, f"{slug} starts {ex.position} but rests on {sorted(rests_on)}"
    if ex.position == "sitting":
        assert "seat" in ex.pose.props, f"{slug} starts sitting, so its drawing needs a chair under the hips"


def _svgs(soup, selector="svg.lbeg-fig"):
    return soup.select(selector)


def _polylines(svg_el) -> dict[str, list[list[tuple[float, float]]]]:
    """Points of each limb line, by its class, in drawing order."""
    out: dict[str, list] = {}
    for line in svg_el.find_all("polyline"):
        pts = [tuple(map(float, p.split(","))) for p in line["points"].split()]
        out.setdefault(" ".join(line.get("class", [])), []).append(pts)
    return out


def _lengths(points) -> list[float]:
    return [math.dist(a, b) for a, b in zip(points, points[1:])]


@pytest.mark.parametrize("slug", SLUGS)
def test_limbs_keep_their_length_in_every_frame_and_animation_step(site, slug):
    article = site.html(f"exercises/{slug}/").select_one("article.md-content__inner")
    start, end = _svgs(article, ".lbeg-pics__frame svg")
    arm = [LENGTH["upper_arm"], LENGTH["forearm"]]
    leg = [LENGTH["thigh"], LENGTH["shin"], LENGTH["foot"]]
    shapes = []
    for svg_el in (start, end):
        lines = _polylines(svg_el)
        shapes += lines["lbeg-fig-far"] + lines["lbeg-fig-near"]
    moving = article.select_one("svg[data-lbeg-moving]")
    for line in moving.find_all("polyline", class_=["lbeg-fig-near", "lbeg-fig-far"]):
        for step in line.find("animate")["values"].split(";"):
            shapes.append([tuple(map(float, p.split(","))) for p in step.split()])
    for points in shapes:
        want = arm if len(points) == 3 else leg
        for got, expected in zip(_lengths(points), want):
            assert abs(got - expected) <= 1.5, f"{slug}: a limb segment is {got:.1f} long, not {expected}"


@pytest.mark.parametrize("slug", SLUGS)
def test_nothing_is_drawn_below_the_floor(site, slug):
    article = site.html(f"exercises/{slug}/").select_one("article.md-content__inner")
    for svg_el in _svgs(article, ".lbeg-pics__frame svg"):
        for cls, lines in _polylines(svg_el).items():
            if "fig-near" in cls or "fig-far" in cls:
                for points in lines:
                    assert max(y for _, y in points) <= FLOOR + FLOOR_TOLERANCE, slug


@pytest.mark.parametrize("slug", SLUGS)
def test_drawings_are_small_well_formed_and_labelled(site, slug):
    html = site.path(f"exercises/{slug}/").read_text(encoding="utf-8")
    raw = re.findall(r"<svg .*?</svg>", html, flags=re.DOTALL)
    stills = [s for s in raw if 'class="lbeg-fig"' in s]
    assert len(stills) == 4, "start and end, on the page and on its printed card"
    assert any("data-lbeg-moving" in s for s in raw)
    for text in raw:
        if "lbeg-fig" not in text:
            continue
        root = ET.fromstring(text)
        assert root.tag == f"{SVG}svg" and root.get("role") == "img"
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and title.text and desc is not None and desc.text
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    for text in stills:
        assert len(text.encode()) <= 8 * 1024, f"{slug}: a frame is {len(text.encode())} bytes"
    ex = LIB.exercises[slug]
    assert f"Start position. {ex.pose.start.caption}" in html and f"End position. {ex.pose.end.caption}" in html


def test_index_shows_a_thumbnail_for_each_exercise(site):
    tiles = site.html("exercises/").select("li.lbeg-tile")
    assert tiles and all(t.select_one(".lbeg-tile__pic svg[role=img] title") for t in tiles)


def test_svg_ids_are_unique_on_every_page(site):
    for url in site.pages():
        ids = re.findall(r'\sid="([^"]+)"', site.path(url).read_text(encoding="utf-8"))
        assert len(ids) == len(set(ids)), url


def test_a_knee_bent_backwards_stops_the_build(tmp_path):
    problems = problems_after_edit(
        tmp_path,
        "exercises/glute-bridge.yml",
        "near: {arm: [0, 0], leg: [50, 295, 0]}",
        "near: {arm: [0, 0], leg: [50, 100, 0]}",
    )
    assert any("pose.start" in p and "knee bends" in p for p in problems), problems


def test_a_foot_in_the_air_that_should_rest_on_the_floor_stops_the_build(tmp_path):
    problems = problems_after_edit(
        tmp_path,
        "exercises/glute-bridge.yml",
        "near: {arm: [0, 0], leg: [50, 295, 0]}",
        "near: {arm: [0, 0], leg: [80, 330, 0]}",
    )
    assert any("pose.start" in p and "should rest on the floor" in p for p in problems), problems
