"""Shape validated data into plain values that templates can draw.

Nothing here writes markup: the templates under lbeg/templates/ do that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from .data import Library, slugify, today
from .figure import Scene, scene
from .schema import Condition, Dosage, Emergency, Exercise, Frequency, Muscle, PainRule, Pose, Reference, Routine, Term

KIND_LABELS = {"strengthen": "Strength", "stretch": "Stretch", "mobility": "Mobility", "aerobic": "Activity"}
LEVEL_LABELS = {1: "Gentle", 2: "Moderate", 3: "Harder"}
_WORDS = {1: "Once", 2: "Twice"}


def exercise_url(slug: str) -> str:
    return f"exercises/{slug}/"


def routine_url(slug: str) -> str:
    return f"routines/{slug}/"


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def sessions(times_a_day: int) -> str:
    """How many sessions a day, in words. "Times" is kept for counting repetitions."""
    return f"{_WORDS[times_a_day]} a day" if times_a_day in _WORDS else f"{times_a_day} sessions a day"


def days(days_a_week: int) -> str:
    return "every day" if days_a_week == 7 else f"{_plural(days_a_week, 'day')} a week"


def frequency_text(freq: Frequency) -> str:
    parts = []
    if freq.every is not None:
        parts.append(freq.every)
    if freq.times_a_day is not None:
        parts.append(sessions(freq.times_a_day))
    if freq.days_a_week is not None:
        parts.append(days(freq.days_a_week))
    text = ", ".join(parts)
    return text[0].upper() + text[1:]


def count_text(reps: int, per_side: bool, alternate: bool) -> str:
    """A number of repetitions, saying both numbers where the sides take turns or each get their own."""
    if per_side:
        return f"{_times(reps)} on each side ({reps * 2} in all)"
    if alternate:
        return f"{_times(reps // 2)} to each side ({reps} in all)"
    return _times(reps)


def _times(n: int) -> str:
    return "Once" if n == 1 else f"{n} times"


def dosage_rows(d: Dosage, often: bool = True, goals: bool = True) -> list[tuple[str, str]]:
    """The "How much" box as (label, value) rows, in reading order."""
    rows: list[tuple[str, str]] = []
    if d.minutes is not None:
        rows.append(("Time", _plural(d.minutes, "minute")))
    if d.hold_seconds is not None:
        rows.append(("Hold", _plural(d.hold_seconds, "second")))
    elif d.hold_breaths is not None:
        rows.append(("Hold", _plural(d.hold_breaths, "slow breath")))
    if d.reps is not None:
        reps = count_text(d.reps, d.per_side, d.alternate_sides)
        if d.per_side:
            reps += ". Do all of one side, then the other"
        elif d.alternate_sides:
            reps += ", swapping sides each time"
        rows.append(("Repeat", reps))
    if d.sets is not None and d.sets > 1:
        rows.append(("Sets", f"{_plural(d.sets, 'set')}, with a short rest between"))
    if d.rest_seconds:
        rows.append(("Rest", f"{_plural(d.rest_seconds, 'second')} between sets"))
    if often:
        rows.append(("How often", frequency_text(d.frequency)))
    if goals:
        goal = []
        if d.reps_goal is not None:
            goal.append(count_text(d.reps_goal, d.per_side, d.alternate_sides).lower().replace("once", "1 time"))
        if d.hold_goal is not None:
            goal.append(f"holds of {_plural(d.hold_goal, 'second')}")
        if d.minutes_goal is not None and d.minutes != d.minutes_goal:
            goal.append(
                _plural(d.minutes_goal, "minute")
                + (f", {days(d.frequency.days_a_week)}" if d.frequency.days_a_week else "")
            )
        if goal:
            text = " and ".join(goal)
            rows.append(("Build up to", text[0].upper() + text[1:]))
    return rows


def own_dose_blanks(d: Dosage) -> list[tuple[str, str]]:
    """The "your own dose" line on a card: (words before the blank, words after), only for what this dose has."""
    blanks: list[tuple[str, str]] = []
    if d.minutes is not None or d.minutes_goal is not None:
        blanks.append(("Time", "minutes"))
    if d.hold_seconds is not None:
        blanks.append(("Hold", "seconds"))
    elif d.hold_breaths is not None:
        blanks.append(("Hold", "slow breaths"))
    if d.reps is not None:
        blanks.append(("Repeat", "times" + (" on each side" if d.per_side else " in all" if d.alternate_sides else "")))
    if d.sets is not None and d.sets > 1:
        blanks.append(("", "sets"))
    if d.frequency.times_a_day is not None or d.frequency.every is None:
        blanks.append(("", "sessions a day"))
    blanks.append(("", "days a week"))
    return blanks


@lru_cache(maxsize=4096)
def _scene(pose_json: str) -> Scene:
    return scene(Pose.model_validate_json(pose_json))


@dataclass(frozen=True)
class Link:
    text: str
    url: str | None = None


@dataclass(frozen=True)
class Advice:
    """The safety advice every page, card and form shows, from data/safety.yml."""

    emergency: Emergency
    emergency_url: str
    """The page with the full list of warning signs."""
    pain: PainRule
    stop: list[str]
    """The pain rule's reasons to stop, shown after an exercise's own."""
    ok: list[str]
    """What is fine, and what to do when the back is sorer: do less, not stop."""
    pain_url: str


def advice(lib: Library) -> Advice:
    pain = lib.safety.pain
    return Advice(
        emergency=lib.safety.emergency,
        emergency_url="safety/#emergency",
        pain=pain,
        stop=[pain.during.text, pain.stop.text],
        ok=[pain.ok.text, pain.next_day.text, pain.flare_up.text, pain.leg_pain.text],
        pain_url="safety/#traffic-light",
    )


def terms_in(lib: Library, texts: list[str]) -> list[Term]:
    """The glossary terms that these texts use, in glossary order."""
    words = " ".join(texts).lower()
    return [t for t in lib.terms.values() if re.search(r"\b" + re.escape(t.term) + r"s?\b", words)]


@dataclass(frozen=True)
class ExerciseView:
    slug: str
    url: str
    ex: Exercise
    kind: str
    level: str
    position: str
    on_floor: bool
    equipment: list[str]
    primary: list[Muscle]
    secondary: list[Muscle]
    dosage: list[tuple[str, str]]
    advice: list[tuple[Reference, str]]
    easier: list[Link]
    harder: list[Link]
    references: list[Reference]
    dose_sources: list[Reference]
    often_source: Reference
    reviewed: str
    next_review: str
    overdue: bool
    scene: Scene
    alt: dict[str, str]
    numbers: dict
    conditions: list[Condition]
    stop: list[str]
    """The exercise's own reasons to stop, then the pain rule's."""
    safety: Advice
    blanks: list[tuple[str, str]]
    terms: list[Term]
    card_terms: list[Term]
    """The terms the printed card uses (it leaves out tips and other sources' advice)."""
    instead: Link | None
    """An exercise to do instead, without getting down to the floor."""


def exercise_view(lib: Library, slug: str) -> ExerciseView:
    ex = lib.exercises[slug]
    told = advice(lib)
    rows = dosage_rows(ex.dosage)
    instead = ex.bed_or_chair.exercise if ex.bed_or_chair else None

    def options(items) -> list[Link]:
        return [
            Link(lib.exercises[o.exercise].name, exercise_url(o.exercise)) if o.exercise else Link(o.tip) for o in items
        ]

    return ExerciseView(
        slug=slug,
        url=exercise_url(slug),
        ex=ex,
        kind=KIND_LABELS[ex.kind],
        level=f"Level {ex.level}: {LEVEL_LABELS[ex.level]}",
        position=lib.positions[ex.position].label,
        on_floor=lib.positions[ex.position].on_floor,
        equipment=[lib.equipment[e].name for e in ex.equipment],
        primary=[lib.muscles[m] for m in ex.targets.primary],
        secondary=[lib.muscles[m] for m in ex.targets.secondary],
        dosage=rows,
        advice=[(lib.references[n.source], n.says) for n in ex.dosage.other_advice],
        easier=options(ex.easier),
        harder=options(ex.harder),
        references=[lib.references[r] for r in ex.references],
        dose_sources=[lib.references[r] for r in ex.dosage.sources],
        often_source=lib.references[ex.dosage.frequency.source],
        reviewed=long_date(ex.reviewed),
        next_review=long_date(ex.next_review),
        overdue=ex.next_review < today(),
        scene=_scene(ex.pose.model_dump_json()),
        alt={
            "start": f"Start position. {ex.pose.start.caption}",
            "end": f"End position. {ex.pose.end.caption}",
            "moving": f"Moving picture of the {ex.name.lower()}, from the start position to the end position and back.",
        },
        numbers=dose_numbers(ex.dosage),
        conditions=[lib.conditions[c] for c in ex.conditions],
        stop=ex.stop_if + told.stop,
        safety=told,
        blanks=own_dose_blanks(ex.dosage),
        terms=terms_in(
            lib,
            ex.start
            + ex.steps
            + ex.tips
            + [value for _, value in rows]
            + [ex.dosage.build_up or ""]
            + [n.says for n in ex.dosage.other_advice],
        ),
        card_terms=terms_in(
            lib,
            ex.start
            + ex.steps
            + [value for _, value in rows]
            + ["sets" if ex.dosage.sets and ex.dosage.sets > 1 else ""],
        ),
        instead=Link(lib.exercises[instead].name, exercise_url(instead)) if instead else None,
    )


def print_context(**given: Any) -> dict[str, Any]:
    """What lbeg/print.html draws from: a card, a routine's sheet or a deck, the rest blank."""
    return {"card": None, "sheet": None, "deck": [], "rows": None, "note": None, "home": "", **given}


def reference_label(ref: Reference) -> str:
    """Short form for a citation, such as "NICE (2016)"."""
    return f"{ref.authors} ({ref.year})" if ref.year else ref.authors


@dataclass(frozen=True)
class FilterField:
    name: str
    label: str
    any: str
    options: list[tuple[str, str]]


def index_filters(lib: Library, views: list[ExerciseView]) -> list[FilterField]:
    """Filter menus for the exercise index, offering only values in use."""
    used = [v.ex for v in views]
    muscles = {m for ex in used for m in ex.targets.primary + ex.targets.secondary}
    equipment = {e for ex in used for e in ex.equipment}
    return [
        FilterField(
            "kind", "Type", "Any type", [(k, t) for k, t in KIND_LABELS.items() if any(e.kind == k for e in used)]
        ),
        FilterField(
            "level",
            "Level",
            "Any level",
            [(str(n), f"{n}: {t}") for n, t in LEVEL_LABELS.items() if any(e.level == n for e in used)],
        ),
        FilterField(
            "position",
            "Position",
            "Any position",
            [(p.id, p.label) for p in lib.positions.values() if any(e.position == p.id for e in used)],
        ),
        FilterField(
            "muscles", "Works", "Any muscles", [(m.id, m.name) for m in lib.muscles.values() if m.id in muscles]
        ),
        FilterField(
            "equipment",
            "Equipment",
            "Any equipment",
            [("none", "No equipment")] + [(q.id, q.name) for q in lib.equipment.values() if q.id in equipment],
        ),
    ]


@dataclass(frozen=True)
class RoutineStep:
    exercise: ExerciseView
    dosage: list[tuple[str, str]]
    note: str | None
    from_week: int | None
    easier: list[Link]
    """The easier exercises to start with, easiest first, if this one is too hard."""


@dataclass(frozen=True)
class RoutineView:
    slug: str
    url: str
    r: Routine
    often: str
    steps: list[RoutineStep]
    walking_extra: bool
    references: list[Reference]
    reviewed: str
    next_review: str
    stop: list[str]
    """The routine's own reasons to stop, then the pain rule's."""
    safety: Advice


def easier_chain(lib: Library, slug: str) -> list[Link]:
    """The exercises below this one on its ladder, easiest first."""
    chain: list[str] = []
    current = lib.exercises[slug]
    while True:
        below = [o.exercise for o in current.easier if o.exercise and o.exercise not in chain and o.exercise != slug]
        if not below:
            break
        chain.append(below[0])
        current = lib.exercises[below[0]]
    return [Link(lib.exercises[s].name, exercise_url(s)) for s in reversed(chain)]


def routine_view(lib: Library, slug: str) -> RoutineView:
    routine = lib.routines[slug]
    told = advice(lib)
    steps = []
    for item in routine.items:
        view = exercise_view(lib, item.exercise)
        dose = view.ex.dosage.model_copy(update=item.dose.model_dump(exclude_none=True))
        ladder = easier_chain(lib, item.exercise) if view.ex.level > 1 else []
        steps.append(RoutineStep(view, dosage_rows(dose, often=False, goals=False), item.note, item.from_week, ladder))
    return RoutineView(
        slug=slug,
        url=routine_url(slug),
        r=routine,
        often=frequency_text(routine.frequency),
        steps=steps,
        walking_extra=any(s.exercise.ex.kind == "aerobic" and not s.dosage for s in steps),
        references=[lib.references[r] for r in routine.references],
        reviewed=long_date(routine.reviewed),
        next_review=long_date(routine.next_review),
        stop=routine.get_help + told.stop,
        safety=told,
    )


@dataclass(frozen=True)
class MuscleView:
    muscle: Muscle
    mainly: list[Link]
    also: list[Link]


def muscle_views(lib: Library) -> list[MuscleView]:
    """Each muscle with the exercises that work it, easiest first."""
    order = sorted(lib.exercises, key=lambda s: (lib.exercises[s].level, lib.exercises[s].name))

    def links(muscle_id: str, field: str) -> list[Link]:
        return [
            Link(lib.exercises[s].name, exercise_url(s))
            for s in order
            if muscle_id in getattr(lib.exercises[s].targets, field)
        ]

    return [MuscleView(m, links(m.id, "primary"), links(m.id, "secondary")) for m in lib.muscles.values()]


def wrap_title(text: str, width: int = 14) -> list[str]:
    """Break a name into short lines for the preview image."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def dose_numbers(d: Dosage) -> dict[str, int | str]:
    """A dose as the plain numbers the builder and the timer work with."""
    return {
        "hold": d.hold_seconds or 0,
        "breaths": d.hold_breaths or 0,
        "reps": d.reps or 0,
        "sets": d.sets or 0,
        "side": "each" if d.per_side else "alternate" if d.alternate_sides else "",
        "rest": d.rest_seconds or 0,
        "minutes": d.minutes or d.minutes_goal or 0,
        "day": d.frequency.times_a_day or 0,
        "week": d.frequency.days_a_week or 0,
    }


def catalogue(lib: Library) -> dict:
    """What the programme builder and the patient view need to know, as JSON."""
    exercises = {}
    for slug, ex in lib.exercises.items():
        exercises[slug] = {
            "name": ex.name,
            "url": exercise_url(slug),
            "level": ex.level,
            "kind": KIND_LABELS[ex.kind],
            "position": lib.positions[ex.position].label,
            "dose": dose_numbers(ex.dosage),
            "words": " ".join([ex.name] + ex.aliases).lower(),
            "oneTime": ex.dosage.one_time or "",
            "care": [{"name": lib.conditions[c].name, "advice": lib.conditions[c].card} for c in ex.conditions],
        }
    return {"exercises": exercises, "aliases": redirects(lib)}


def redirects(lib: Library) -> dict[str, str]:
    """Other names an exercise answers to, as URL slugs, and the exercise each leads to."""
    out: dict[str, str] = {}
    for slug, ex in lib.exercises.items():
        for name in [ex.name, *ex.aliases]:
            alias = slugify(name)
            if alias != slug and alias not in lib.exercises:
                out.setdefault(alias, slug)
    return out
