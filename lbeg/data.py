"""Load everything under data/ once, check it, and report every problem.

A problem is one line: the file, the line where the YAML has one, the field,
and what is wrong. `load_library` raises `DataError` holding all of them.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import pickle
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .figure import frame_problems, frames
from .schema import (
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

MAX_FILE_BYTES = 64_000
NEXT_DAY = re.compile(r"next (day|morning)|later (that|the same) day|the day after", re.IGNORECASE)
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
BLOCK_HINT = "must be a block of fields such as 'name:' and 'steps:'"


@dataclass(frozen=True)
class Problem:
    path: str
    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class DataError(Exception):
    """The data under data/ has problems; `problems` lists each one."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


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


# -----------------------------------------------------------------------------
# Reading YAML with line numbers
# -----------------------------------------------------------------------------


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader (libyaml where available) that rejects duplicate keys and keeps lines."""

    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:
                raise _FileProblem("", "a key must be plain text", _line(key_node.start_mark)) from None
            if duplicate:
                raise _FileProblem(_show(key), "appears twice in the same block", _line(key_node.start_mark))
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_object(self, node, deep=False):  # type: ignore[override]
        try:
            return super().construct_object(node, deep=deep)
        except (_FileProblem, yaml.YAMLError):
            raise
        except (ValueError, TypeError, OverflowError) as error:
            raise _FileProblem("", f"cannot read the value {node.value!r}: {error}", _line(node.start_mark)) from None


def _no_aliases(node: yaml.Node) -> None:
    """Anchors and aliases make one node appear twice; the data never needs them."""
    seen: set[int] = set()
    todo = [node]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            raise _FileProblem("", "anchors and aliases (& and *) are not used in this data", _line(current.start_mark))
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            todo.extend(part for pair in current.value for part in pair)
        elif isinstance(current, yaml.SequenceNode):
            todo.extend(current.value)


class _FileProblem(Exception):
    def __init__(self, field: str, message: str, line: int | None = None):
        super().__init__(message)
        self.field, self.message, self.line = field, message, line


def _line(mark: yaml.Mark | None) -> int | None:
    return mark.line + 1 if mark is not None else None


def _parse_yaml(raw: bytes) -> tuple[Any, yaml.Node]:
    """Parse one file's bytes; raise _FileProblem on anything a person must fix."""
    if len(raw) > MAX_FILE_BYTES:
        raise _FileProblem("", f"file is larger than {MAX_FILE_BYTES // 1000} KB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise _FileProblem("", f"file is not UTF-8 text (byte 0x{raw[error.start]:02x} cannot be read)", line) from None
    if "\x00" in text:
        raise _FileProblem("", "file contains a NUL character, so it is not a text file")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise _FileProblem("", "file is empty")
        _no_aliases(node)
        return loader.construct_document(node), node
    except yaml.MarkedYAMLError as error:
        mark = error.context_mark or error.problem_mark
        what = ", ".join(part for part in (error.problem, error.context) if part) or "cannot be read"
        raise _FileProblem("", f"not valid YAML: {what}", _line(mark)) from None
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        raise _FileProblem(
            "", f"not valid YAML: character {error.character!r} is not allowed in a text file", line
        ) from None
    except yaml.YAMLError as error:
        raise _FileProblem("", "not valid YAML: " + " ".join(str(error).split())) from None
    except RecursionError:
        raise _FileProblem("", "not valid YAML: nested too deeply") from None
    finally:
        loader.dispose()


class _LazyNode:
    """A file's YAML nodes, parsed again only if a problem needs a line number."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self.node: yaml.Node | None = None

    def get(self) -> yaml.Node:
        if self.node is None:
            self.node = _parse_yaml(self.raw)[1]
        return self.node


def cache_dir(root: Path) -> Path:
    """Where builds keep what they can reuse: parsed data, QR codes, PDFs and images."""
    return root / ".cache" / "lbeg"


class _ParseCache:
    """Parsed YAML kept by the digest of the file's bytes, so that an unchanged
    file is not parsed again on the next build. Only clean parses are kept, and
    every record is still validated on every load."""

    VERSION = "1"

    def __init__(self, root: Path) -> None:
        self.path = cache_dir(root) / f"yaml-{self.VERSION}-{yaml.__version__}.pickle"
        self.old: dict[str, Any] = {}
        self.new: dict[str, Any] = {}
        try:
            with self.path.open("rb") as f:
                self.old = pickle.load(f)
        except Exception:  # no cache yet, or one that cannot be read: parse everything
            self.old = {}

    def read(self, path: Path) -> tuple[Any, yaml.Node | _LazyNode]:
        raw = path.read_bytes()
        key = hashlib.sha256(raw).hexdigest()
        if key in self.old:
            self.new[key] = self.old[key]
            return pickle.loads(self.old[key]), _LazyNode(raw)
        data, _ = _parse_yaml(raw)
        self.new[key] = pickle.dumps(data)
        # The nodes of every file would be held until the load ends; keep the bytes.
        return data, _LazyNode(raw)

    def save(self) -> None:
        if self.new.keys() == self.old.keys():
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(pickle.dumps(self.new))
            tmp.replace(self.path)
        except OSError:  # a read-only checkout still builds, just without the cache
            pass


def _node_line(node: yaml.Node | _LazyNode | None, loc: tuple[Any, ...]) -> int | None:
    """The line of the deepest YAML node that `loc` reaches."""
    if isinstance(node, _LazyNode):
        node = node.get()
    line = _line(node.start_mark) if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if getattr(k, "value", None) == part), None)
            if match is None:
                return line
            line, node = _line(match[0].start_mark), match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = _line(node.start_mark)
        else:
            return line
    return line


# -----------------------------------------------------------------------------
# Turning pydantic errors into plain messages
# -----------------------------------------------------------------------------

_PATTERN_HELP = {
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$": "must be lowercase words joined by hyphens, like glute-bridge",
    r"^https?://[^\s<>\"']+$": "must be a full https:// link",
}


def _field(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p + 1) if isinstance(p, int) else _show(p) for p in loc)


def _show(key: Any) -> str:
    """A key as text on one line: as it is if it is plain, else quoted."""
    text = str(key)
    return text if text.isprintable() and text.strip() == text and text else repr(text)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _message(error: dict[str, Any], model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "missing":
        return "is missing"
    if kind == "extra_forbidden":
        known = _known_fields(model, loc[:-1])
        guess = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = f" (did you mean {guess[0]}?)" if guess else f" (known fields: {', '.join(known)})"
        return "is not a known field" + hint
    got = f" (got {_short(value)})"
    simple = {
        "int_type": "must be a whole number",
        "string_type": "must be text",
        "bool_type": "must be true or false",
        "list_type": "must be a list",
        "date_type": "must be a date written like 2026-01-31",
        "model_type": "must be a block of fields",
        "dict_type": "must be a block of fields",
    }
    if kind in simple:
        return simple[kind] + got
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}" + got
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}" + got
    if kind == "string_pattern_mismatch":
        return _PATTERN_HELP.get(ctx.get("pattern"), "uses characters that are not allowed here") + got
    if kind == "string_too_short":
        return "is empty or too short" + got
    if kind == "string_too_long":
        return f"is too long: keep it under {ctx.get('max_length')} characters"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s)"
    if kind == "too_long":
        return f"has too many items (at most {ctx.get('max_length')})"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected')}" + got
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return error["msg"][:1].lower() + error["msg"][1:]


def _known_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the model found by walking `loc` through `model`."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if isinstance(current, type) else None
        if field is None:
            return []
        current = _inner_model(field.annotation)
    return list(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _validate(model: type[Record], data: Any, rel: str, node: yaml.Node, base: tuple = ()) -> tuple[Any, list[Problem]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            loc = base + tuple(error["loc"])
            problems.append(
                Problem(rel, _field(loc), _message(error, model, tuple(error["loc"])), _node_line(node, loc))
            )
        return None, problems


# -----------------------------------------------------------------------------
# Loading the library
# -----------------------------------------------------------------------------


def slugify(text: str) -> str:
    """An address for a name: "Child's pose" becomes childs-pose."""
    return re.sub(r"[^a-z0-9]+", "-", re.sub(r"['’]", "", text.lower())).strip("-")


def load_library(root: Path) -> Library:
    """Load and check data/ under `root`; raise DataError listing every problem."""
    root = Path(root)
    data_dir = root / "data"
    problems: list[Problem] = []
    nodes: dict[str, yaml.Node | _LazyNode] = {}
    cache = _ParseCache(root)

    def rel(path: Path) -> str:
        return path.relative_to(root).as_posix()

    def read(path: Path) -> Any:
        try:
            data, node = cache.read(path)
        except _FileProblem as fp:
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
            continue
        data = read_as(path, list, "must be a list of entries, each starting with '- id:'")
        if data is None:
            continue
        for index, item in enumerate(data):
            record, found = _validate(model, item, rel(path), nodes[rel(path)], (index,))
            problems.extend(found)
            if record is None:
                continue
            if record.id in vocab[name]:
                line = _node_line(nodes[rel(path)], (index, "id"))
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
            if data is None:
                continue
            record, found = _validate(model, data, rel(path), nodes[rel(path)])
            problems.extend(found)
            if record is not None:
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
        record, found = _validate(model, data, rel(path), nodes[rel(path)])
        problems.extend(found)
        return record

    floor = block("floor", FloorGuide)
    floor_path = data_dir / "floor.yml"
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
    problems.extend(_cross_check(library, files, nodes))
    problems.extend(_routine_problems(library, routine_files, nodes))
    if floor is not None:
        problems.extend(_floor_problems(floor, library, rel(floor_path), nodes[rel(floor_path)]))
    problems.extend(_source_problems(library, data_dir, rel, nodes))
    cache.save()
    if problems:
        raise DataError(problems)
    return library


def today() -> date:
    """The date review dates are checked against: today, unless LBEG_TODAY (a
    date like 2027-12-01) says otherwise, to see what the site will do then."""
    given = os.environ.get("LBEG_TODAY")
    return date.fromisoformat(given) if given else date.today()


def _cross_check(lib: Library, files: dict[str, str], nodes: dict[str, yaml.Node | _LazyNode]) -> list[Problem]:
    """Every id an exercise names must exist, and names must be unique."""
    problems: list[Problem] = []
    names: dict[str, str] = {}
    now = today()

    for slug, ex in lib.exercises.items():
        path, node = files[slug], nodes[files[slug]]

        def bad(loc: tuple, message: str) -> None:
            problems.append(Problem(path, _field(loc), message, _node_line(node, loc)))

        def known(ids: list[str], table: dict, loc: tuple, what: str) -> None:
            for i, key in enumerate(ids):
                if key not in table:
                    guess = difflib.get_close_matches(key, list(table), n=1)
                    hint = f" (did you mean {guess[0]}?)" if guess else ""
                    bad(loc + (i,), f"unknown {what} '{key}'{hint}")
                elif key in ids[:i]:
                    bad(loc + (i,), f"'{key}' is listed twice")

        known(ex.targets.primary, lib.muscles, ("targets", "primary"), "muscle")
        known(ex.targets.secondary, lib.muscles, ("targets", "secondary"), "muscle")
        for i, key in enumerate(ex.targets.secondary):
            if key in ex.targets.primary:
                bad(("targets", "secondary", i), f"'{key}' is already a primary target")
        if ex.position not in lib.positions:
            bad(("position",), f"unknown position '{ex.position}' (known: {', '.join(lib.positions)})")
        known(ex.equipment, lib.equipment, ("equipment",), "equipment")
        known(ex.references, lib.references, ("references",), "reference")
        for i, key in enumerate(ex.dosage.sources):
            if key not in ex.references:
                bad(("dosage", "sources", i), f"'{key}' must also be listed under references")
        if ex.dosage.frequency.source not in ex.references:
            bad(
                ("dosage", "frequency", "source"),
                f"'{ex.dosage.frequency.source}' must also be listed under references",
            )
        for i, note in enumerate(ex.dosage.other_advice):
            if note.source not in ex.references:
                bad(("dosage", "other_advice", i, "source"), f"'{note.source}' must also be listed under references")
        for side in ("easier", "harder"):
            for i, option in enumerate(getattr(ex, side)):
                if option.exercise is None:
                    continue
                if option.exercise == slug:
                    bad((side, i, "exercise"), "an exercise cannot point to itself")
                elif option.exercise not in lib.exercises:
                    guess = difflib.get_close_matches(option.exercise, list(files), n=1)
                    hint = f" (did you mean {guess[0]}?)" if guess else ""
                    bad((side, i, "exercise"), f"unknown exercise '{option.exercise}'{hint}")
        if ex.bed_or_chair is not None:
            if not lib.positions.get(ex.position, None) or not lib.positions[ex.position].on_floor:
                bad(("bed_or_chair",), "only floor exercises need a bed or chair version; use null")
            elif ex.bed_or_chair.source not in ex.references:
                bad(("bed_or_chair", "source"), f"'{ex.bed_or_chair.source}' must also be listed under references")
            instead = ex.bed_or_chair.exercise
            if instead is not None:
                other = lib.exercises.get(instead)
                if other is None:
                    bad(("bed_or_chair", "exercise"), f"unknown exercise '{instead}'")
                elif lib.positions.get(other.position) is None or lib.positions[other.position].on_floor:
                    bad(("bed_or_chair", "exercise"), f"'{instead}' starts on the floor, so it cannot stand in for it")
        known(ex.conditions, lib.conditions, ("conditions",), "condition")
        for i, old in enumerate(ex.renamed_from):
            if old in lib.exercises or old == slug:
                bad(("renamed_from", i), f"'{old}' is an exercise's own address now, so it cannot lead here")
        for i, line in enumerate(ex.stop_if):
            if NEXT_DAY.search(line):
                bad(
                    ("stop_if", i),
                    "being sorer the next day is a reason to do less, not to stop; "
                    "the pain rule in data/safety.yml says so (put advice for this exercise under step_back)",
                )
        for name, frame in frames(ex.pose):
            for problem in frame_problems(frame, ex.pose.view):
                bad(("pose", name), problem)
        if ex.reviewed > now:
            bad(("reviewed",), f"date {ex.reviewed} is in the future")

        for loc, name in [(("name",), ex.name)] + [(("aliases", i), a) for i, a in enumerate(ex.aliases)]:
            key = slugify(name)
            other = names.get(key)
            if other is not None and other != path:
                bad(loc, f"name '{name}' is already used by {other}")
            elif key in files and files[key] != path:
                bad(loc, f"name '{name}' is already used by {files[key]}")
            names[key] = path
    problems.extend(_ladder_problems(lib, files, nodes))
    return problems


def _ladder_problems(lib: Library, files: dict[str, str], nodes: dict[str, yaml.Node | _LazyNode]) -> list[Problem]:
    """Easier and harder links must agree both ways, never loop, and never get easier going up."""
    problems: list[Problem] = []
    opposite = {"easier": "harder", "harder": "easier"}
    for slug, ex in lib.exercises.items():
        path, node = files[slug], nodes[files[slug]]
        for side in ("easier", "harder"):
            for i, option in enumerate(getattr(ex, side)):
                other = lib.exercises.get(option.exercise) if option.exercise else None
                if other is None:
                    continue
                at = (side, i, "exercise")
                if slug not in [o.exercise for o in getattr(other, opposite[side])]:
                    problems.append(
                        Problem(
                            path,
                            _field(at),
                            f"{option.exercise} must list {slug} under {opposite[side]}",
                            _node_line(node, at),
                        )
                    )
                easy, hard = (other, ex) if side == "easier" else (ex, other)
                if easy.level > hard.level:
                    problems.append(
                        Problem(
                            path,
                            _field(at),
                            f"the harder exercise is a lower level ({hard.level}) than the easier one ({easy.level})",
                            _node_line(node, at),
                        )
                    )

    harder = {
        slug: [o.exercise for o in ex.harder if o.exercise in lib.exercises] for slug, ex in lib.exercises.items()
    }
    done: set[str] = set()

    def walk(slug: str, trail: list[str]) -> None:
        for nxt in harder[slug]:
            if nxt in trail:
                loop = " -> ".join(trail[trail.index(nxt) :] + [nxt])
                problems.append(
                    Problem(
                        files[slug],
                        "harder",
                        f"the ladder goes round in a loop: {loop}",
                        _node_line(nodes[files[slug]], ("harder",)),
                    )
                )
            elif nxt not in done:
                walk(nxt, trail + [nxt])
        done.add(slug)

    for slug in harder:
        if slug not in done:
            walk(slug, [slug])
    return problems


def _routine_problems(lib: Library, files: dict[str, str], nodes: dict[str, yaml.Node | _LazyNode]) -> list[Problem]:
    """A routine names real exercises, once each, and sources it lists."""
    problems: list[Problem] = []
    for slug, routine in lib.routines.items():
        path, node = files[slug], nodes[files[slug]]

        def bad(loc: tuple, message: str) -> None:
            problems.append(Problem(path, _field(loc), message, _node_line(node, loc)))

        seen: list[str] = []
        for i, item in enumerate(routine.items):
            if item.exercise not in lib.exercises:
                guess = difflib.get_close_matches(item.exercise, list(lib.exercises), n=1)
                hint = f" (did you mean {guess[0]}?)" if guess else ""
                bad(("items", i, "exercise"), f"unknown exercise '{item.exercise}'{hint}")
            elif item.exercise in seen:
                bad(("items", i, "exercise"), f"'{item.exercise}' is already in this routine")
            seen.append(item.exercise)
        for i, item in enumerate(routine.items):
            ex = lib.exercises.get(item.exercise)
            if ex is not None:
                short = _fewer_a_day(ex, item, routine)
                if short:
                    bad(("items", i, "dose"), short)
        for i, key in enumerate(routine.references):
            if key not in lib.references:
                bad(("references", i), f"unknown reference '{key}'")
        if routine.frequency.source not in routine.references:
            bad(("frequency", "source"), f"'{routine.frequency.source}' must also be listed under references")
    return problems


def _times_a_day(freq) -> int:
    """Sessions a day; something done through the day counts as at least once."""
    return freq.times_a_day or 1


def _fewer_a_day(ex: Exercise, item, routine: Routine) -> str | None:
    """Why a routine's dose asks for fewer repetitions a day than the exercise's starting dose, if it does."""
    own = ex.dosage
    if own.reps is None:
        return None
    reps = item.dose.reps if item.dose.reps is not None else own.reps
    sets = item.dose.sets if item.dose.sets is not None else own.sets or 1
    start = own.reps * (own.sets or 1) * _times_a_day(own.frequency)
    given = reps * (sets or 1) * _times_a_day(routine.frequency)
    if given >= start:
        return None
    return (
        f"asks for {given} a day of {item.exercise}, fewer than its starting dose of {start} a day "
        f"({own.reps} x {_times_a_day(own.frequency)} a day); raise reps or times_a_day"
    )


def _source_problems(lib: Library, data_dir: Path, rel, nodes) -> list[Problem]:
    """Conditions and the safety advice cite sources that exist."""
    problems: list[Problem] = []

    def check(path: Path, keys: list[str], loc: tuple) -> None:
        where = rel(path)
        for j, key in enumerate(keys):
            if key not in lib.references:
                guess = difflib.get_close_matches(key, list(lib.references), n=1)
                hint = f" (did you mean {guess[0]}?)" if guess else ""
                problems.append(
                    Problem(
                        where,
                        _field(loc + (j,)),
                        f"unknown reference '{key}'{hint}",
                        _node_line(nodes.get(where), loc + (j,)),
                    )
                )

    for i, condition in enumerate(lib.conditions.values()):
        check(data_dir / "conditions.yml", condition.sources, (i, "sources"))
    for i, term in enumerate(lib.terms.values()):
        check(data_dir / "terms.yml", term.sources, (i, "sources"))
    safety = lib.safety
    if safety is not None:
        path = data_dir / "safety.yml"
        check(path, safety.emergency.sources, ("emergency", "sources"))
        for part in ("ok", "during", "next_day", "flare_up", "stop", "leg_pain"):
            check(path, getattr(safety.pain, part).sources, ("pain", part, "sources"))
        check(path, safety.pain.lights_sources, ("pain", "lights_sources"))
    return problems


def _floor_problems(floor: FloorGuide, lib: Library, path: str, node: yaml.Node | _LazyNode) -> list[Problem]:
    problems: list[Problem] = []
    for part in ("down", "up"):
        for i, step in enumerate(getattr(floor, part)):
            for j, key in enumerate(step.sources):
                if key not in lib.references:
                    problems.append(
                        Problem(
                            path,
                            _field((part, i, "sources", j)),
                            f"unknown reference '{key}'",
                            _node_line(node, (part, i, "sources", j)),
                        )
                    )
            for problem in frame_problems(step.frame):
                problems.append(
                    Problem(path, _field((part, i, "frame")), problem, _node_line(node, (part, i, "frame")))
                )
    return problems
