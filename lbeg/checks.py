"""Checks across files, once every file is read: each id a record names exists,
names are unique, ladders agree both ways and never loop, poses are possible,
and no review date is in the future.

A file, or a vocabulary entry, that did not load cannot be checked against.
References to it are not reported one by one as unknown: its own file says
once that they were not checked.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from .figure import frame_problems, one_sided, pose_problems
from .messages import Problem, field_name
from .yaml_source import Node, node_line

if TYPE_CHECKING:
    from .data import Library
    from .schema import Exercise, FloorGuide, Pose, Routine, RoutineItem


NEXT_DAY = re.compile(r"next (day|morning)|later (that|the same) day|the day after", re.IGNORECASE)
"""Words that say a reason to stop is being sorer later, which the pain rule answers with "do less"."""


def slugify(text: str) -> str:
    """An address for a name: "Child's pose" becomes childs-pose."""
    return re.sub(r"[^a-z0-9]+", "-", re.sub(r"['’]", "", text.lower())).strip("-")


def today() -> date:
    """The date review dates are checked against: today, unless LBEG_TODAY (a
    date like 2027-12-01) says otherwise, to see what the site will do then."""
    given = os.environ.get("LBEG_TODAY")
    return date.fromisoformat(given) if given else date.today()


@dataclass
class Unloaded:
    """What the files and entries that did not load would have defined: ids by
    kind ("exercises", "muscles", ...), or a whole vocabulary whose file did not load."""

    ids: dict[tuple[str, str], str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    entries: set[str] = field(default_factory=set)
    """Files where only some entries did not load."""
    wanted: dict[str, set[str]] = field(default_factory=dict)

    def add(self, kind: str, key: str, path: str, entry: bool = False) -> None:
        self.ids.setdefault((kind, key), path)
        if entry:
            self.entries.add(path)

    def add_kind(self, kind: str, path: str) -> None:
        self.kinds[kind] = path

    def explains(self, kind: str, key: str) -> bool:
        """True if `key` is unknown because what defines it did not load; it is then noted, to say once."""
        path = self.kinds.get(kind) or self.ids.get((kind, key))
        if path is not None:
            self.wanted.setdefault(path, set()).add(key)
        return path is not None

    def problems(self) -> list[Problem]:
        found = []
        for path, keys in self.wanted.items():
            names = ", ".join(sorted(keys))
            what = "this file" if path not in self.entries else "its entry" if len(keys) == 1 else "their entries"
            found.append(
                Problem(path, "", f"references to {names} in other files were not checked, as {what} did not load")
            )
        return found


@dataclass
class _File:
    """Problems found in one file, each with the line of the field it is about."""

    path: str
    node: Node
    problems: list[Problem]

    def bad(self, loc: tuple, message: str) -> None:
        self.problems.append(Problem(self.path, field_name(loc), message, node_line(self.node, loc)))


_POSES: dict[str, list[tuple[str, str]]] = {}


def _pose_problems(pose: Pose, sides: bool) -> list[tuple[str, str]]:
    """A pose's problems, worked out once for each pose: loading the data again
    (as `make serve` does after every edit) checks only the poses that changed."""
    key = f"{sides}{pose.model_dump_json()}"
    if key not in _POSES:
        if len(_POSES) >= 4096:
            _POSES.clear()
        _POSES[key] = pose_problems(pose, sides)
    return _POSES[key]


def _sides_problems(pose: Pose) -> list[tuple[str, str]]:
    """Why the other side of an exercise done on alternate sides cannot be drawn as the
    mirror image of its end, reached from the same start."""
    found = []
    if asymmetric := one_sided(pose.start):
        why = "with alternate_sides, the other side moves from this same start, so it must look the same on both sides"
        found.append(("start", f"{why} (it has {', '.join(asymmetric)})"))
    if pose.middle is not None:
        found.append(("middle", "with alternate_sides, the pose cannot have a middle: the other side skips it"))
    if pose.tucked:
        found.append(("tucked", "with alternate_sides, no arm can be tucked: the other side would tuck the other arm"))
    return found


def _unknown(what: str, key: str, known: list[str]) -> str:
    guess = difflib.get_close_matches(key, known, n=1)
    return f"unknown {what} '{key}'" + (f" (did you mean {guess[0]}?)" if guess else "")


def check_library(
    lib: Library,
    files: dict[str, str],
    routine_files: dict[str, str],
    floor_path: str,
    nodes: dict[str, Node],
    unloaded: Unloaded,
) -> list[Problem]:
    """Every check across files. `files` and `routine_files` map a slug to its file,
    for every file found, loaded or not."""
    problems: list[Problem] = []
    problems += _exercise_problems(lib, files, nodes, unloaded)
    problems += _ladder_problems(lib, files, nodes)
    problems += _routine_problems(lib, routine_files, nodes, unloaded)
    if lib.floor is not None:
        problems += _floor_problems(lib.floor, lib, _File(floor_path, nodes[floor_path], []), unloaded)
    problems += _source_problems(lib, nodes, unloaded)
    return problems + unloaded.problems()


def _exercise_problems(lib: Library, files: dict[str, str], nodes: dict[str, Node], unloaded: Unloaded) -> list:
    problems: list[Problem] = []
    names: dict[str, str] = {}
    now = today()
    for slug, ex in lib.exercises.items():
        here = _File(files[slug], nodes[files[slug]], problems)

        def known(ids: list[str], table: dict, loc: tuple, what: str, kind: str, here: _File = here) -> None:
            for i, key in enumerate(ids):
                if key not in table:
                    if not unloaded.explains(kind, key):
                        here.bad(loc + (i,), _unknown(what, key, list(table)))
                elif key in ids[:i]:
                    here.bad(loc + (i,), f"'{key}' is listed twice")

        known(ex.targets.primary, lib.muscles, ("targets", "primary"), "muscle", "muscles")
        known(ex.targets.secondary, lib.muscles, ("targets", "secondary"), "muscle", "muscles")
        for i, key in enumerate(ex.targets.secondary):
            if key in ex.targets.primary:
                here.bad(("targets", "secondary", i), f"'{key}' is already a primary target")
        position = lib.positions.get(ex.position)
        position_unchecked = position is None and unloaded.explains("positions", ex.position)
        if position is None and not position_unchecked:
            here.bad(("position",), f"unknown position '{ex.position}' (known: {', '.join(lib.positions)})")
        known(ex.equipment, lib.equipment, ("equipment",), "equipment", "equipment")
        known(ex.references, lib.references, ("references",), "reference", "references")
        for i, key in enumerate(ex.dosage.sources):
            if key not in ex.references:
                here.bad(("dosage", "sources", i), f"'{key}' must also be listed under references")
        if ex.dosage.frequency.source not in ex.references:
            here.bad(
                ("dosage", "frequency", "source"),
                f"'{ex.dosage.frequency.source}' must also be listed under references",
            )
        for i, note in enumerate(ex.dosage.other_advice):
            if note.source not in ex.references:
                here.bad(
                    ("dosage", "other_advice", i, "source"), f"'{note.source}' must also be listed under references"
                )
        for side in ("easier", "harder"):
            for i, option in enumerate(getattr(ex, side)):
                if option.exercise is None:
                    continue
                if option.exercise == slug:
                    here.bad((side, i, "exercise"), "an exercise cannot point to itself")
                elif option.exercise not in lib.exercises and not unloaded.explains("exercises", option.exercise):
                    here.bad((side, i, "exercise"), _unknown("exercise", option.exercise, list(files)))
        if ex.bed_or_chair is not None and not position_unchecked:
            if position is None or not position.on_floor:
                here.bad(("bed_or_chair",), "only floor exercises need a bed or chair version; use null")
            elif ex.bed_or_chair.source not in ex.references:
                here.bad(("bed_or_chair", "source"), f"'{ex.bed_or_chair.source}' must also be listed under references")
            instead = ex.bed_or_chair.exercise
            other = lib.exercises.get(instead) if instead else None
            if instead and other is None and not unloaded.explains("exercises", instead):
                here.bad(("bed_or_chair", "exercise"), _unknown("exercise", instead, list(files)))
            elif other is not None and (
                lib.positions.get(other.position) is None or lib.positions[other.position].on_floor
            ):
                here.bad(("bed_or_chair", "exercise"), f"'{instead}' starts on the floor, so it cannot stand in for it")
        known(ex.conditions, lib.conditions, ("conditions",), "condition", "conditions")
        for i, line in enumerate(ex.stop_if):
            if NEXT_DAY.search(line):
                here.bad(
                    ("stop_if", i),
                    "being sorer the next day is a reason to do less, not to stop; "
                    "the pain rule in data/safety.yml says so (put advice for this exercise under step_back)",
                )
        for i, old in enumerate(ex.renamed_from):
            if old in files:
                here.bad(("renamed_from", i), f"'{old}' is an exercise's own address now, so it cannot lead here")
        sides = ex.dosage.alternate_sides and ex.pose.other_way is None
        asymmetric = _sides_problems(ex.pose) if sides else []
        for name, problem in asymmetric or _pose_problems(ex.pose, sides):
            name = "end" if name == "other_side" else name
            here.bad(("pose", name), problem)
        if ex.reviewed > now:
            here.bad(("reviewed",), f"date {ex.reviewed} is in the future")

        for loc, name in [(("name",), ex.name)] + [(("aliases", i), a) for i, a in enumerate(ex.aliases)]:
            key = slugify(name)
            other = names.get(key)
            if other is not None and other != here.path:
                here.bad(loc, f"name '{name}' is already used by {other}")
            elif key in files and files[key] != here.path:
                here.bad(loc, f"name '{name}' is already used by {files[key]}")
            names[key] = here.path
    return problems


def _ladder_problems(lib: Library, files: dict[str, str], nodes: dict[str, Node]) -> list[Problem]:
    """Easier and harder links must agree both ways, never loop, and never get easier going up."""
    problems: list[Problem] = []
    opposite = {"easier": "harder", "harder": "easier"}
    for slug, ex in lib.exercises.items():
        here = _File(files[slug], nodes[files[slug]], problems)
        for side in ("easier", "harder"):
            for i, option in enumerate(getattr(ex, side)):
                other = lib.exercises.get(option.exercise) if option.exercise else None
                if other is None:
                    continue
                at = (side, i, "exercise")
                if slug not in [o.exercise for o in getattr(other, opposite[side])]:
                    here.bad(at, f"{option.exercise} must list {slug} under {opposite[side]}")
                easy, hard = (other, ex) if side == "easier" else (ex, other)
                if easy.level > hard.level:
                    here.bad(
                        at, f"the harder exercise is a lower level ({hard.level}) than the easier one ({easy.level})"
                    )

    harder = {
        slug: [o.exercise for o in ex.harder if o.exercise in lib.exercises] for slug, ex in lib.exercises.items()
    }
    done: set[str] = set()

    def walk(slug: str, trail: list[str]) -> None:
        for nxt in harder[slug]:
            if nxt in trail:
                loop = " -> ".join(trail[trail.index(nxt) :] + [nxt])
                _File(files[slug], nodes[files[slug]], problems).bad(
                    ("harder",), f"the ladder goes round in a loop: {loop}"
                )
            elif nxt not in done:
                walk(nxt, trail + [nxt])
        done.add(slug)

    for slug in harder:
        if slug not in done:
            walk(slug, [slug])
    return problems


def _routine_problems(lib: Library, files: dict[str, str], nodes: dict[str, Node], unloaded: Unloaded) -> list:
    """A routine names real exercises, once each, and sources it lists."""
    problems: list[Problem] = []
    for slug, routine in lib.routines.items():
        here = _File(files[slug], nodes[files[slug]], problems)
        seen: list[str] = []
        for i, item in enumerate(routine.items):
            if item.exercise not in lib.exercises:
                if not unloaded.explains("exercises", item.exercise):
                    here.bad(("items", i, "exercise"), _unknown("exercise", item.exercise, list(lib.exercises)))
            elif item.exercise in seen:
                here.bad(("items", i, "exercise"), f"'{item.exercise}' is already in this routine")
            seen.append(item.exercise)
        for i, item in enumerate(routine.items):
            ex = lib.exercises.get(item.exercise)
            short = ex is not None and _fewer_a_day(ex, item, routine)
            if short:
                here.bad(("items", i, "dose"), short)
        for i, key in enumerate(routine.references):
            if key not in lib.references and not unloaded.explains("references", key):
                here.bad(("references", i), f"unknown reference '{key}'")
        if routine.frequency.source not in routine.references:
            here.bad(("frequency", "source"), f"'{routine.frequency.source}' must also be listed under references")
    return problems


def _floor_problems(floor: FloorGuide, lib: Library, here: _File, unloaded: Unloaded) -> list[Problem]:
    for part in ("down", "up"):
        for i, step in enumerate(getattr(floor, part)):
            for j, key in enumerate(step.sources):
                if key not in lib.references and not unloaded.explains("references", key):
                    here.bad((part, i, "sources", j), f"unknown reference '{key}'")
            for problem in frame_problems(step.frame):
                here.bad((part, i, "frame"), problem)
    return here.problems


def _times_a_day(freq) -> int:
    """Sessions a day; something done through the day counts as at least once."""
    return freq.times_a_day or 1


def _fewer_a_day(ex: Exercise, item: RoutineItem, routine: Routine) -> str | None:
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
    sum_of = [
        str(own.reps),
        *([f"{own.sets} sets"] if (own.sets or 1) > 1 else []),
        f"{_times_a_day(own.frequency)} a day",
    ]
    return (
        f"asks for {given} a day of {item.exercise}, fewer than its starting dose of {start} a day "
        f"({' x '.join(sum_of)}); raise reps or times_a_day"
    )


def _source_problems(lib: Library, nodes: dict[str, Node], unloaded: Unloaded) -> list[Problem]:
    """Conditions, terms and the safety advice cite sources that exist."""
    problems: list[Problem] = []

    def check(path: str, keys: list[str], loc: tuple) -> None:
        here = _File(path, nodes.get(path), problems)
        for j, key in enumerate(keys):
            if key not in lib.references and not unloaded.explains("references", key):
                here.bad(loc + (j,), _unknown("reference", key, list(lib.references)))

    for i, condition in enumerate(lib.conditions.values()):
        check("data/conditions.yml", condition.sources, (i, "sources"))
    for i, term in enumerate(lib.terms.values()):
        check("data/terms.yml", term.sources, (i, "sources"))
    if lib.safety is not None:
        pain = lib.safety.pain
        check("data/safety.yml", lib.safety.emergency.sources, ("emergency", "sources"))
        for part in ("ok", "during", "next_day", "flare_up", "stop", "leg_pain"):
            check("data/safety.yml", getattr(pain, part).sources, ("pain", part, "sources"))
        check("data/safety.yml", pain.lights_sources, ("pain", "lights_sources"))
    return problems
