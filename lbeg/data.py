"""Load everything under data/ once, check it, and report every problem.

A problem is one line: the file, the line where the YAML has one, the field,
and what is wrong. `load_library` raises `DataError` holding all of them. The
work is shared out:

- lbeg/yaml_source.py reads a file's YAML, keeping the line of every value;
- lbeg/parse_cache.py keeps parsed YAML between builds, by each file's digest;
- lbeg/messages.py words each problem, and pydantic's errors, in one line;
- lbeg/checks.py checks across files once everything is read.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .checks import NEXT_DAY, Unloaded, check_library, slugify, today
from .messages import DataError, Problem, validate
from .parse_cache import ParseCache, cache_dir
from .schema import (
    SLUG_PATTERN,
    VOCABULARIES,
    Condition,
    Equipment,
    Exercise,
    FloorGuide,
    Muscle,
    Position,
    Record,
    Reference,
    Routine,
    Safety,
    Term,
)
from .yaml_source import FileProblem, Node, node_line

__all__ = ["NEXT_DAY", "DataError", "Library", "Problem", "cache_dir", "load_library", "slugify", "today"]

SLUG_RE = re.compile(SLUG_PATTERN)
BLOCK_HINT = "must be a block of fields such as 'name:' and 'steps:'"


@dataclass(frozen=True)
class Library:
    """All validated data. Exercises are keyed by slug, in file-name order."""

    exercises: dict[str, Exercise]
    routines: dict[str, Routine]
    floor: FloorGuide | None
    muscles: dict[str, Muscle]
    positions: dict[str, Position]
    equipment: dict[str, Equipment]
    references: dict[str, Reference]
    conditions: dict[str, Condition]
    terms: dict[str, Term]
    safety: Safety | None


def load_library(root: Path) -> Library:
    """Load and check data/ under `root`; raise DataError listing every problem."""
    root = Path(root)
    data_dir = root / "data"
    problems: list[Problem] = []
    nodes: dict[str, Node] = {}
    unloaded = Unloaded()
    cache = ParseCache(root)

    @functools.cache
    def rel(path: Path) -> str:
        return path.relative_to(root).as_posix()

    def read(path: Path) -> Any:
        try:
            data, node = cache.read(path)
        except FileProblem as fp:
            problems.append(Problem(rel(path), fp.field, fp.message, fp.line))
            return None
        except OSError as error:
            problems.append(Problem(rel(path), "", f"cannot be read: {error.strerror or error}"))
            return None
        nodes[rel(path)] = node
        return data

    def read_as(path: Path, kind: type, hint: str) -> Any:
        """Read a file that must hold a list or a block of fields."""
        data = read(path)
        if data is not None and not isinstance(data, kind):
            problems.append(Problem(rel(path), "", hint, 1))
            return None
        return data

    vocab: dict[str, dict[str, Any]] = {}
    for name, model in VOCABULARIES.items():
        path = data_dir / f"{name}.yml"
        vocab[name] = {}
        if not path.is_file():
            problems.append(Problem(rel(path), "", "file is missing"))
            unloaded.add_kind(name, rel(path))
            continue
        data = read_as(path, list, "must be a list of entries, each starting with '- id:'")
        if data is None:
            unloaded.add_kind(name, rel(path))
            continue
        for index, item in enumerate(data):
            record, found = validate(model, item, rel(path), nodes[rel(path)], (index,))
            problems.extend(found)
            if record is None:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    unloaded.add(name, item["id"], rel(path), entry=True)
                continue
            if record.id in vocab[name]:
                line = node_line(nodes[rel(path)], (index, "id"))
                problems.append(Problem(rel(path), f"{index + 1}.id", f"duplicate id '{record.id}'", line))
            vocab[name][record.id] = record

    def folder(name: str, model: type[Record], what: str) -> tuple[dict[str, Any], dict[str, str]]:
        """Load one record per file from data/<name>/, keyed by slug (the file name)."""
        records: dict[str, Any] = {}
        files: dict[str, str] = {}
        where = data_dir / name
        paths = sorted(p for p in where.iterdir() if not p.name.startswith(".")) if where.is_dir() else []
        if not paths:
            problems.append(Problem(rel(where), "", f"no {what} files found"))
        for path in paths:
            if path.suffix not in (".yml", ".yaml") or not path.is_file():
                problems.append(Problem(rel(path), "", f"only .yml {what} files belong in this folder"))
                continue
            slug = path.stem
            if not SLUG_RE.match(slug):
                problems.append(
                    Problem(rel(path), "", "file name must be lowercase words joined by hyphens, like glute-bridge.yml")
                )
                continue
            if slug in files:
                problems.append(Problem(rel(path), "", f"duplicate slug '{slug}': {files[slug]} already uses it"))
                continue
            files[slug] = rel(path)
            data = read_as(path, dict, BLOCK_HINT)
            record, found = (None, []) if data is None else validate(model, data, rel(path), nodes[rel(path)])
            problems.extend(found)
            if record is None:
                unloaded.add(name, slug, rel(path))
            else:
                records[slug] = record
        return records, files

    exercises, files = folder("exercises", Exercise, "exercise")
    routines, routine_files = folder("routines", Routine, "routine")

    def block(name: str, model: type[Record]) -> Any:
        """One record held in data/<name>.yml."""
        path = data_dir / f"{name}.yml"
        if not path.is_file():
            problems.append(Problem(rel(path), "", "file is missing"))
            return None
        data = read_as(path, dict, BLOCK_HINT)
        if data is None:
            return None
        record, found = validate(model, data, rel(path), nodes[rel(path)])
        problems.extend(found)
        return record

    floor_path = data_dir / "floor.yml"
    floor = block("floor", FloorGuide)
    safety = block("safety", Safety)

    library = Library(
        exercises=exercises,
        routines=routines,
        floor=floor,
        muscles=vocab["muscles"],
        positions=vocab["positions"],
        equipment=vocab["equipment"],
        references=vocab["references"],
        conditions=vocab["conditions"],
        terms=vocab["terms"],
        safety=safety,
    )
    problems.extend(check_library(library, files, routine_files, rel(floor_path), nodes, unloaded))
    cache.save()
    if problems:
        raise DataError(problems)
    return library
