"""The open data: JSON files at /data/v1/, each valid against the published
schema, which is made from the same models that check data/."""

from __future__ import annotations

import fnmatch
import json
from datetime import date
from typing import Literal

import pytest
import yaml
from jsonschema import Draft202012Validator

from lbeg import opendata
from lbeg.data import load_library
from lbeg.schema import VOCABULARIES, Record, Slug

from .helpers import ROOT, SITE_URL

LIB = load_library(ROOT)
CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text().replace("!ENV", ""))
LICENCE = CONFIG["extra"]["licence"]


@pytest.fixture(scope="module")
def data(site):
    folder = site.dir / "data" / "v1"
    return {p.relative_to(folder).as_posix(): json.loads(p.read_text(encoding="utf-8")) for p in folder.rglob("*.json")}


@pytest.fixture(scope="module")
def schema(data):
    return data["schema.json"]


def validator(schema: dict, path: str) -> Draft202012Validator:
    """The part of the schema that the file at `path` follows, as its `files` list says."""
    pattern = next(p for p in schema["files"] if fnmatch.fnmatch(path, p.replace("<id>", "*")))
    return Draft202012Validator(
        {"$ref": schema["files"][pattern], "$defs": schema["$defs"]}, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def test_the_published_schema_is_the_one_made_from_the_models(schema):
    Draft202012Validator.check_schema(schema)
    assert schema == json.loads(json.dumps(opendata.json_schema(SITE_URL)))
    assert schema["$id"] == SITE_URL + "data/v1/schema.json"


def test_every_file_is_valid_against_the_schema(data, schema):
    problems = []
    for path, content in data.items():
        if path != "schema.json":
            problems += [f"{path}: {e.json_path}: {e.message}" for e in validator(schema, path).iter_errors(content)]
    assert problems == []


def test_the_schema_rejects_what_the_data_would_reject(data, schema):
    """Not a schema that takes anything: the limits and the closed field lists hold."""
    slug = next(iter(LIB.exercises))
    record = data[f"exercises/{slug}.json"]
    check = validator(schema, f"exercises/{slug}.json")
    assert check.is_valid(record)
    for broken in (
        {**record, "dosage": {**record["dosage"], "reps": 500}},
        {**record, "hold_secs": 5},
        {**record, "reviewed": "last spring"},
        {k: v for k, v in record.items() if k != "license"},
        {**record, "kind": "juggling"},
    ):
        assert not check.is_valid(broken)


def test_every_exercise_routine_and_vocabulary_is_published(data):
    assert {r["id"] for r in data["exercises.json"]["items"]} == set(LIB.exercises)
    assert {r["id"] for r in data["routines.json"]["items"]} == set(LIB.routines)
    for slug in LIB.exercises:
        assert data[f"exercises/{slug}.json"] == next(r for r in data["exercises.json"]["items"] if r["id"] == slug)
    for slug in LIB.routines:
        assert data[f"routines/{slug}.json"]["id"] == slug
    for name in VOCABULARIES:
        assert [item["id"] for item in data[f"{name}.json"]["items"]] == list(getattr(LIB, name)), name


@pytest.mark.parametrize("slug", list(LIB.exercises))
def test_an_exercise_record_carries_its_page_review_dates_and_licence(site, data, slug):
    record, ex = data[f"exercises/{slug}.json"], LIB.exercises[slug]
    assert record["url"] == f"{SITE_URL}exercises/{slug}/"
    assert (record["reviewed"], record["next_review"]) == (ex.reviewed.isoformat(), ex.next_review.isoformat())
    assert record["license"] == {"name": LICENCE["name"], "url": LICENCE["url"]}
    assert record["name"] == ex.name and record["steps"] == ex.steps
    assert record["dosage"]["reps"] == ex.dosage.reps and record["dosage"]["hold_seconds"] == ex.dosage.hold_seconds
    page = site.html(f"exercises/{slug}/").select_one("#sources").get_text(" ", strip=True)
    assert f"Last reviewed {ex.reviewed.day} {ex.reviewed:%B %Y}" in page


def test_a_routine_record_carries_its_page_review_dates_and_licence(data):
    for slug, routine in LIB.routines.items():
        record = data[f"routines/{slug}.json"]
        assert record["url"] == f"{SITE_URL}routines/{slug}/"
        assert record["reviewed"] == routine.reviewed.isoformat()
        assert record["license"]["url"] == LICENCE["url"]
        assert [i["exercise"] for i in record["items"]] == [i.exercise for i in routine.items]


def test_every_list_file_states_the_licence_and_the_site(data):
    for path, content in data.items():
        if "/" not in path and path != "schema.json":
            assert content["license"]["url"] == LICENCE["url"] and content["source"] == SITE_URL, path


def test_every_address_in_the_data_is_a_file_of_the_site(site, data):
    missing = []
    for path, content in data.items():
        if path == "schema.json":
            continue
        for record in content.get("items", [content]):
            for key in ("url", "card", "preview", "pdf"):
                address = record.get(key)
                inside = isinstance(address, str) and address.startswith(SITE_URL)
                if inside and not site.path(address[len(SITE_URL) :]).is_file():
                    missing.append(f"{path}: {key} {address}")
    assert missing == []


def test_every_field_the_reuse_page_explains_has_a_note(schema):
    """Each field of an exercise, a routine and their dose has a note in the schema
    (from its docstring in lbeg/schema.py), which the reuse page shows."""
    unexplained = [
        f"{name}.{key}"
        for name in opendata.DOCUMENTED
        for key, prop in schema["$defs"][name]["properties"].items()
        if not prop.get("description")
    ]
    assert unexplained == []


def test_a_vocabulary_added_to_the_schema_is_published_with_no_other_change(monkeypatch, tmp_path):
    class Colour(Record):
        id: Slug
        shade: Literal["light", "dark"]

    monkeypatch.setitem(VOCABULARIES, "colours", Colour)
    lib = type("Lib", (), {**vars(LIB), "colours": {"teal": Colour(id="teal", shade="dark")}})()
    licence = opendata.Licence(name=LICENCE["name"], url=LICENCE["url"])
    opendata.write_open_data(lib, tmp_path, SITE_URL, licence)
    written = json.loads((tmp_path / "data" / "v1" / "colours.json").read_text())
    assert written["items"] == [{"id": "teal", "shade": "dark"}]
    schema = json.loads((tmp_path / "data" / "v1" / "schema.json").read_text())
    assert validator(schema, "colours.json").is_valid(written)
    assert not validator(schema, "colours.json").is_valid({**written, "items": [{"id": "teal", "shade": "pink"}]})


# -----------------------------------------------------------------------------
# The reuse page
# -----------------------------------------------------------------------------


def test_reuse_page_states_the_licence_and_links_every_kind_of_file(site, schema):
    soup = site.html("reuse/")
    article = soup.select_one("article")
    assert article.find("h1").get_text(strip=True) == "Reuse the data"
    assert article.find("a", href=LICENCE["url"]) is not None
    linked = {a.get_text(strip=True) for a in article.select(".lbeg-data-files a")}
    assert linked == {"schema.json", *schema["files"]}
    home_nav = site.html("").select_one(".md-nav")
    assert home_nav.find("a", href="reuse/").get_text(strip=True) == "Reuse the data"


def test_reuse_page_explains_every_field_of_an_exercise_and_a_routine(site, schema):
    tables = site.html("reuse/").select(".lbeg-data-fields table")
    shown = {td.get_text(strip=True) for table in tables for td in table.select("tbody td:first-child")}
    for name in opendata.DOCUMENTED:
        assert set(schema["$defs"][name]["properties"]) <= shown, name
    notes = {td.get_text(strip=True) for table in tables for td in table.select("tbody td:nth-child(3)")}
    assert schema["$defs"]["Dosage"]["properties"]["reps_goal"]["description"] in notes


def test_reuse_page_maps_our_fields_to_free_exercise_db_and_wger(site):
    table = site.html("reuse/").select_one(".lbeg-data-mapping table")
    head = [th.get_text(strip=True) for th in table.select("thead th")]
    assert head[1] == "free-exercise-db" and head[2].startswith("wger")
    rows = {tr.select_one("td").get_text(" ", strip=True): tr for tr in table.select("tbody tr")}
    assert rows["name"].select("td")[1].get_text(strip=True) == "name"
    assert "instructions[]" in rows["start and steps"].get_text()
    assert "primaryMuscles[]" in rows["targets.primary"].get_text()


def test_review_dates_in_the_data_are_real_dates(data):
    for record in data["exercises.json"]["items"] + data["routines.json"]["items"]:
        assert date.fromisoformat(record["reviewed"]) < date.fromisoformat(record["next_review"])
