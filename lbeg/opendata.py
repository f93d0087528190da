"""The library as open data: JSON files at a versioned address, and the JSON
Schema they follow, made from the models in lbeg.schema.

    python -m lbeg.opendata SITE_DIR

mkdocs-macros runs this after every build (see lbeg.macros.on_post_build).
Every vocabulary that lbeg.schema declares is published, so a new one needs
no code here. Each exercise and routine carries its page address, its review
dates and the licence.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field, create_model
from pydantic.json_schema import models_json_schema

from .address import absolute_url
from .data import Library
from .schema import VOCABULARIES, Exercise, Line, Record, Routine, Slug, Url
from .views import exercise_url, renamed, routine_url

VERSION = "v1"
FOLDER = f"data/{VERSION}"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


# -----------------------------------------------------------------------------
# What the published files hold, declared on top of lbeg.schema
# -----------------------------------------------------------------------------


class Licence(Record):
    """The licence a record is published under."""

    name: Line
    """Its short name, such as "CC BY 4.0"."""
    url: Url
    """Where its terms are."""


class ExerciseRecord(Exercise):
    """One exercise, as in data/exercises/<id>.yml, with where to find it."""

    id: Slug
    """The exercise's id: the last part of its page address and of its file name."""
    url: Url
    """The exercise's page."""
    card: Url
    """The exercise's one-page printable card (PDF)."""
    preview: Url
    """A picture of the exercise (PNG, 1200 by 630), as shown when a link to the page is shared."""
    license: Licence
    """The licence the exercise is published under."""


class RoutineRecord(Routine):
    """One routine, as in data/routines/<id>.yml, with where to find it."""

    id: Slug
    """The routine's id: the last part of its page address."""
    url: Url
    """The routine's page."""
    pdf: Url
    """The routine's sheet and its exercises' cards (PDF)."""
    license: Licence
    """The licence the routine is published under."""


def _list_model(name: str, item: type[Record]) -> type[Record]:
    """A file holding every record of one kind."""
    return create_model(
        name.title().replace("_", "") + "File",
        __base__=Record,
        __doc__=f"Every entry of {name}, with the licence and the site they come from.",
        license=(Licence, Field(description="The licence every entry is published under.")),
        source=(Url, Field(description="The guide's address.")),
        items=(list[item], Field(description="The entries, in the guide's order.")),
    )


@dataclass(frozen=True)
class Kind:
    """One kind of published file: its address under data/v1/ and its model."""

    name: str
    path: str
    model: type[Record]
    what: str


def kinds() -> list[Kind]:
    """Every kind of file the data folder holds, in the order the reuse page lists them."""
    return _kinds(tuple(VOCABULARIES.items()))


@lru_cache(maxsize=4)
def _kinds(vocabularies: tuple[tuple[str, type[Record]], ...]) -> list[Kind]:
    found = [
        Kind("exercises", "exercises.json", _list_model("exercises", ExerciseRecord), "every exercise"),
        Kind("exercise", "exercises/<id>.json", ExerciseRecord, "one exercise"),
        Kind("routines", "routines.json", _list_model("routines", RoutineRecord), "every routine"),
        Kind("routine", "routines/<id>.json", RoutineRecord, "one routine"),
    ]
    for name, model in vocabularies:
        found.append(Kind(name, f"{name}.json", _list_model(name, model), f"every entry of the {name} list"))
    return found


def json_schema(site_url: str) -> dict[str, Any]:
    """One JSON Schema document; each kind of file is one of its definitions."""
    listed = kinds()
    _, top = models_json_schema([(k.model, "validation") for k in listed], ref_template="#/$defs/{model}")
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": absolute_url(site_url, f"{FOLDER}/schema.json"),
        "title": "Lower Back Exercise Guide: open data",
        "description": "Each file under this folder follows one of the definitions below, named in 'files'.",
        "files": {k.path: f"#/$defs/{k.model.__name__}" for k in listed},
        "$defs": top["$defs"],
    }


# -----------------------------------------------------------------------------
# The records
# -----------------------------------------------------------------------------


def _first(**fields: Any) -> dict[str, Any]:
    """Where the record is and who may use it come first, then the data itself."""
    order = ["id", "url", "license"]
    return {**{k: fields[k] for k in order if k in fields}, **{k: v for k, v in fields.items() if k not in order}}


def exercise_record(lib: Library, slug: str, site_url: str, licence: Licence) -> dict[str, Any]:
    page = absolute_url(site_url, exercise_url(slug))
    record = ExerciseRecord(
        **dict(lib.exercises[slug]),
        id=slug,
        url=page,
        card=page + "card.pdf",
        preview=page + "preview.png",
        license=licence,
    )
    return _first(**record.model_dump(mode="json"))


def routine_record(lib: Library, slug: str, site_url: str, licence: Licence) -> dict[str, Any]:
    page = absolute_url(site_url, routine_url(slug))
    record = RoutineRecord(**dict(lib.routines[slug]), id=slug, url=page, pdf=page + "routine.pdf", license=licence)
    return _first(**record.model_dump(mode="json"))


def files(lib: Library, site_url: str, licence: Licence) -> dict[str, Any]:
    """Every published file, by its path under data/v1/."""
    envelope = {"license": licence.model_dump(mode="json"), "source": absolute_url(site_url, "")}
    exercises = {slug: exercise_record(lib, slug, site_url, licence) for slug in lib.exercises}
    routines = {slug: routine_record(lib, slug, site_url, licence) for slug in lib.routines}
    out: dict[str, Any] = {"schema.json": json_schema(site_url)}
    out["exercises.json"] = {**envelope, "items": list(exercises.values())}
    out.update({f"exercises/{slug}.json": record for slug, record in exercises.items()})
    # A renamed exercise's old file keeps working, with the record under its new id.
    out.update({f"exercises/{old}.json": exercises[slug] for old, slug in renamed(lib).items()})
    out["routines.json"] = {**envelope, "items": list(routines.values())}
    out.update({f"routines/{slug}.json": record for slug, record in routines.items()})
    for name in VOCABULARIES:
        table = getattr(lib, name)
        out[f"{name}.json"] = {**envelope, "items": [item.model_dump(mode="json") for item in table.values()]}
    return out


# -----------------------------------------------------------------------------
# The reuse page: what each file holds and what each field means, read from the schema
# -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FileRow:
    path: str
    url: str
    what: str


@dataclass(frozen=True)
class FieldRow:
    name: str
    kind: str
    note: str


@dataclass(frozen=True)
class FieldTable:
    id: str
    title: str
    rows: list[FieldRow]


# The records the reuse page explains field by field, with a heading for each.
DOCUMENTED = {
    "ExerciseRecord": "An exercise",
    "Dosage": "An exercise's dose (dosage)",
    "Frequency": "How often (frequency)",
    "RoutineRecord": "A routine",
    "RoutineItem": "One exercise in a routine (items)",
    "Licence": "The licence (license)",
}


def _kind(prop: dict[str, Any]) -> str:
    """A JSON Schema property in a few plain words."""
    if "$ref" in prop:
        return prop["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in prop:
        kinds = [_kind(p) for p in prop["anyOf"] if p.get("type") != "null"]
        nullable = any(p.get("type") == "null" for p in prop["anyOf"])
        return " or ".join(kinds + (["null"] if nullable else []))
    if "enum" in prop or "const" in prop:
        return "one of: " + ", ".join(str(v) for v in prop.get("enum", [prop.get("const")]))
    kind = prop.get("type")
    if kind == "array":
        return "list of " + _kind(prop.get("items", {}))
    if kind == "integer":
        low, high = prop.get("minimum"), prop.get("maximum")
        return f"whole number, {low} to {high}" if low is not None and high is not None else "whole number"
    if kind == "string":
        return {"date": "date (YYYY-MM-DD)"}.get(prop.get("format"), "text")
    return {"boolean": "true or false", "object": "object"}.get(kind, str(kind))


def field_tables(site_url: str) -> list[FieldTable]:
    defs = json_schema(site_url)["$defs"]
    return [
        FieldTable(
            name.lower(),
            title,
            [
                FieldRow(key, _kind(prop), prop.get("description", ""))
                for key, prop in _first(**defs[name]["properties"]).items()
            ],
        )
        for name, title in DOCUMENTED.items()
    ]


def file_rows(lib: Library) -> list[FileRow]:
    """Each kind of file, linked; a file per record is linked by its first example."""
    examples = {"exercise": next(iter(lib.exercises)), "routine": next(iter(lib.routines))}
    listed = [FileRow("schema.json", f"{FOLDER}/schema.json", "the JSON Schema that every file follows")]
    for kind in kinds():
        listed.append(
            FileRow(kind.path, f"{FOLDER}/{kind.path}".replace("<id>", examples.get(kind.name, "")), kind.what)
        )
    return listed


def licence_of(extra: dict[str, Any]) -> Licence:
    """The content licence, as mkdocs.yml's extra.licence declares it."""
    given = extra.get("licence") or {}
    return Licence(name=given.get("name", ""), url=given.get("url", ""))


def write_open_data(lib: Library, site_dir: Path, site_url: str, licence: Licence) -> int:
    """Write every file under SITE_DIR/data/v1/; returns how many."""
    folder = site_dir / FOLDER
    written = files(lib, site_url, licence)
    for path, content in written.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(content, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return len(written)


def main(argv: list[str]) -> int:
    from .data import load_library
    from .theme import site_config

    root = Path(__file__).resolve().parent.parent
    site = site_config(root)
    count = write_open_data(load_library(root), Path(argv[0]), site.url, licence_of(site.extra))
    print(f"Wrote {count} files under {Path(argv[0]) / FOLDER}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
