"""Shape validated data into plain values that templates can draw.

Nothing here writes markup: the templates under lbeg/templates/ do that.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from .address import short_url
from .data import Library, slugify, today
from .figure import Scene, scene
from .schema import (
    KINDS,
    LEVELS,
    Condition,
    Dosage,
    Emergency,
    Exercise,
    Frequency,
    Muscle,
    PainRule,
    Pose,
    Programme,
    Reference,
    Routine,
    Term,
)

_WORDS = {1: "Once", 2: "Twice"}
OFTEN = "How often"
SHEET_JOIN = (": ", " · ")
"""How a printed sheet puts a dose on one line: "Hold: 5 seconds · Repeat: 8 times"."""
PAPERS = {"a4": "A4", "letter": "US Letter"}
"""The paper sizes every printed form comes in as a PDF, and their names."""


def exercise_url(slug: str) -> str:
    return f"exercises/{slug}/"


def routine_url(slug: str) -> str:
    return f"routines/{slug}/"


def pdf_file(stem: str, paper: str) -> str:
    """The file name of a PDF in one paper size: A4 keeps the plain name."""
    return f"{stem}.pdf" if paper == "a4" else f"{stem}-{paper}.pdf"


@dataclass(frozen=True)
class Download:
    """A PDF offered on a page, in one paper size."""

    paper: str
    file: str
    """Relative to the page that offers it."""
    save_as: str


def downloads(stem: str, save_as: str) -> list[Download]:
    return [Download(label, pdf_file(stem, paper), pdf_file(save_as, paper)) for paper, label in PAPERS.items()]


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def review_text(reviewed: date, next_review: date) -> str:
    """When a page was last reviewed and is next due, as every page says it."""
    return f"Last reviewed {long_date(reviewed)}. Next review due {long_date(next_review)}."


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def sessions(times_a_day: int) -> str:
    """How many sessions a day, in words. "Times" is kept for counting repetitions."""
    return f"{_WORDS[times_a_day]} a day" if times_a_day in _WORDS else f"{times_a_day} sessions a day"


def days(days_a_week: int) -> str:
    return "every day" if days_a_week == 7 else f"{_plural(days_a_week, 'day')} a week"


def often_text(times_a_day: int | None, days_a_week: int | None, every: str | None = None) -> str:
    """How often, such as "Twice a day, every day" or "3 sessions a day, 5 days a week"."""
    parts = []
    if every is not None:
        parts.append(every)
    if times_a_day is not None:
        parts.append(sessions(times_a_day))
    if days_a_week is not None:
        parts.append(days(days_a_week))
    text = ", ".join(parts)
    return text[0].upper() + text[1:]


def frequency_text(freq: Frequency) -> str:
    return often_text(freq.times_a_day, freq.days_a_week, freq.every)


def count_text(reps: int, per_side: bool, alternate: bool) -> str:
    """A number of repetitions, saying both numbers where the sides take turns or each get their own."""
    if per_side:
        return f"{_times(reps)} on each side ({reps * 2} in all)"
    if alternate:
        return (
            f"{_times(reps // 2)} to each side ({reps} in all)"
            if reps % 2 == 0
            else _times(reps) + " in all" * (reps > 1)
        )
    return _times(reps)


def _times(n: int) -> str:
    return "Once" if n == 1 else f"{n} times"


# The parts of a dose, in the order the "How much" box gives them.
DOSE_PARTS = ("minutes", "hold", "breaths", "reps", "sets")
DOSE_LABELS = {"minutes": "Time", "hold": "Hold", "breaths": "Hold", "reps": "Repeat", "sets": "Sets", "often": OFTEN}


def dose_words(part: str, value: int, side: str = "") -> str | None:
    """One part of a dose in words, or None where the "How much" box says
    nothing of it. `side` is "each", "alternate" or "" for repeats: both numbers
    are given where the sides take turns or each get their own, and the order of sides."""
    if not value:
        return None
    if part == "minutes":
        return _plural(value, "minute")
    if part == "hold":
        return _plural(value, "second")
    if part == "breaths":
        return _plural(value, "slow breath")
    if part == "reps":
        words = count_text(value, side == "each", side == "alternate")
        return words + {"each": ". Do all of one side, then the other", "alternate": ", swapping sides each time"}.get(
            side, ""
        )
    if part == "sets":
        return f"{_plural(value, 'set')}, with a short rest between" if value > 1 else None
    raise KeyError(f"no part of a dose called {part!r}")


def dosage_rows(d: Dosage, often: bool = True, goals: bool = True) -> list[tuple[str, str]]:
    """The "How much" box as (label, value) rows, in reading order."""
    side = "each" if d.per_side else "alternate" if d.alternate_sides else ""
    given = {
        "minutes": d.minutes,
        "hold": d.hold_seconds,
        "breaths": None if d.hold_seconds is not None else d.hold_breaths,
        "reps": d.reps,
        "sets": d.sets,
    }
    rows = [(DOSE_LABELS[part], words) for part in DOSE_PARTS if (words := dose_words(part, given[part] or 0, side))]
    if d.rest_seconds:
        rows.append(("Rest", f"{_plural(d.rest_seconds, 'second')} between sets"))
    if often:
        rows.append((OFTEN, frequency_text(d.frequency)))
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


def dose_line(rows: list[tuple[str, str]]) -> str:
    """A dose on one line, as a printed sheet gives it."""
    pair, join = SHEET_JOIN
    return join.join(f"{label}{pair}{value}" for label, value in rows)


@lru_cache(maxsize=4096)
def _scene(pose_json: str, hold: bool, sides: bool, swap: bool) -> Scene:
    return scene(Pose.model_validate_json(pose_json), hold=hold, sides=sides, swap=swap)


KEY_WORDS = {
    "moves": "You move this",
    "arrow": "Move this way",
    "trace": "Dotted outline: where you started",
    "hold": "Hold this position",
    "sides": "Paler: further away",
    "towel": "Towel or band",
    "gap": "Gap under your lower back",
    "zoom": "Big circle: a close-up of the small circle",
    "tucked": "Dashed: your hands, under your body",
    "swap": "Do both sides",
    "pair": "Opposite arm and leg",
}
"""What each mark in the drawings means, in the order the key gives them; the key's
little pictures are drawn by lbeg.figure.key() under the same names."""


MARK_SENTENCES = {
    "pair": "One arm and the leg on the other side will move at the same time.",
    "swap": "Then do the same on the other side.",
}
"""What a picture's description says where the picture carries the pair or swap mark: the
key's few words (KEY_WORDS) as a whole sentence, for someone who hears the description."""


PICTURES = {
    "start": ("Start", "start", "Start position."),
    "end": ("End", "end", "End position."),
    "other_way": ("Other way", "the other way", "End position the other way."),
    "other_side": ("Other side", "the other side", "The same end position, done on the other side of the body."),
}
"""Each still picture an exercise can show, in order: its caption, the words its title adds to
the exercise's name, and how its description starts. The end on the other side is drawn as
the mirror image of the end, so the end's caption describes it too (end captions name no side)."""
PICTURE_IDS = {"other_way": "other", "other_side": "side"}
"""The end of a picture's ids on a page, where it is not the frame's name."""
MOVING = {"other_way": ", then the other way", "other_side": ", then on the other side"}
"""What the moving picture adds after "start to end and back" where it also shows a third picture."""


def drawing_key(s: Scene) -> list[tuple[str, str]]:
    """The key to a set of drawings, as (mark, words): the moving colour and the arrow
    always, each other mark only where the drawings show it."""
    shown = {
        "trace": s.traces(),
        "hold": bool(s.hold),
        "sides": s.paler(),
        "towel": s.shows("towel"),
        "gap": s.shows("gap"),
        "zoom": s.close_up is not None,
        "tucked": s.tucks(),
        "swap": bool(s.swap),
        "pair": bool(s.pair),
    }
    return [(mark, words) for mark, words in KEY_WORDS.items() if shown.get(mark, True)]


def held(d: Dosage) -> bool:
    """Whether the dose holds the end position, for some seconds or some breaths."""
    return d.hold_seconds is not None or d.hold_breaths is not None


def exercise_scene(ex: Exercise) -> Scene:
    """An exercise's drawings; the end carries the hold mark where its dose holds the end position,
    and the swap mark where the dose does one side and then the other (`per_side`); an exercise
    done on alternate sides also shows the end on the other side."""
    return _scene(ex.pose.model_dump_json(), held(ex.dosage), ex.dosage.alternate_sides, ex.dosage.per_side)


def hold_words(d: Dosage) -> str:
    """How long the end is held, as the dose says it, for a drawing's description; "" if it is not held."""
    part = "hold" if d.hold_seconds is not None else "breaths"
    words = dose_words(part, d.hold_seconds or d.hold_breaths or 0)
    return f" {dose_line([(DOSE_LABELS[part], words)])}." if words else ""


def picture_alt(ex: Exercise, scene: Scene, frame: str) -> str:
    """A still picture's description: what it shows, that an arm and the opposite leg move
    where it carries the pair mark, how long to stay there where it carries the hold mark,
    and to do both sides where the end carries the swap mark."""
    caption = getattr(ex.pose, "end" if frame == "other_side" else frame).caption
    # The other side's picture says so as it starts (PICTURES), so only the end's adds it.
    swap = f" {MARK_SENTENCES['swap']}" if frame == "end" and scene.shows("swap-l", "end") else ""
    pair = f" {MARK_SENTENCES['pair']}" if frame == "start" and scene.pair else ""
    return f"{PICTURES[frame][2]} {caption}{pair}" + (hold_words(ex.dosage) if frame in scene.held_ends else "") + swap


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
    review: str
    """When it was last reviewed and is next due, as one sentence."""
    overdue: bool
    scene: Scene
    key: list[tuple[str, str]]
    """What the marks in its drawings mean (drawing_key)."""
    alt: dict[str, str]
    """Each still picture's description, by frame (picture_alt)."""
    pictures: list[Picture]
    """The still pictures on its page and card: the start, the end, and a third where there is one (PICTURES)."""
    moving: str
    """The moving picture's caption."""
    numbers: dict
    pdfs: list[Download]
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

    scene = exercise_scene(ex)
    alt = {name: picture_alt(ex, scene, name) for name in PICTURES if name in scene.frames}
    pictures = [
        Picture(
            scene,
            name,
            caption,
            f"{ex.name}: {title}",
            alt[name],
            arrows=name == "start",
            id=PICTURE_IDS.get(name, name),
        )
        for name, (caption, title, _) in PICTURES.items()
        if name in scene.frames
    ]
    moving = "Start to end and back" + "".join(MOVING.get(p.frame, "") for p in pictures) + "."
    alt["moving"] = f"Moving picture of the {ex.name.lower()}, from {moving[0].lower()}{moving[1:]}"
    return ExerciseView(
        slug=slug,
        url=exercise_url(slug),
        ex=ex,
        kind=KINDS[ex.kind],
        level=f"Level {ex.level}: {LEVELS[ex.level]}",
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
        review=review_text(ex.reviewed, ex.next_review),
        overdue=ex.next_review < today(),
        scene=scene,
        key=drawing_key(scene),
        alt=alt,
        pictures=pictures,
        moving=moving,
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
        pdfs=downloads("card", slug),
    )


@dataclass(frozen=True)
class Lines:
    """A block of a printed form: a heading over short lines, such as the steps or
    the reasons to stop. Anything new a card says goes in as one of these, and the
    browser's card and the PDF both draw it."""

    heading: str | None
    lines: list[str | tuple[str, str]]
    """Each line is words, or (words in bold, words after them)."""
    style: str = "bullets"
    """"bullets", "numbers", "plain" (one paragraph a line) or "terms" (word, then what it means)."""
    tone: str = ""
    """"stop" or "care": set apart by a rule beside it."""


@dataclass(frozen=True)
class Picture:
    """One drawing on a printed form, with the words that go with it."""

    scene: Scene
    frame: str
    caption: str
    title: str
    alt: str
    arrows: bool = False
    id: str = ""
    """The end of its ids on an exercise's page."""


@dataclass(frozen=True)
class DoseBox:
    heading: str
    rows: list[tuple[str, str]]
    build_up: str | None
    own: list[str]
    """The clinician's own dose: words with a blank to write in between each pair."""
    one_time: str | None = None
    """What counts as one time, for a movement that goes back and forth."""
    own_note: str = ""
    """Says that the clinician's written dose replaces the printed one."""


@dataclass(frozen=True)
class EmergencyLine:
    """The short emergency line on every printed form, from data/safety.yml."""

    call: str
    signs: list[str]
    more: str
    address: str
    """Where the full list of warning signs is, as printed: the safety page's short address."""


@dataclass(frozen=True)
class SafetyBand:
    """The foot of every printed form: the pain rule, and the emergency line."""

    pain: Lines
    emergency: EmergencyLine


@dataclass(frozen=True)
class DrawingBand:
    """How a card's drawings share the band across its page, in mm: the PDF (card.typ) and the
    browser's print (card.html, for lbeg-card.css) take these with each card (`CardView.room`)."""

    tallest: float = 70
    gap: float = 5
    """Between two drawings."""
    least_width: float = 46
    least_height: float = 18
    """The smallest a drawing prints, on any paper and in both outputs: the band never
    shrinks below it (a card too full for that runs onto a second page, which tests catch)."""

    def least(self, shape: float) -> float:
        """The band's least height for drawings of this shape (height over width)."""
        return max(self.least_height, self.least_width * shape)


DRAWING_BAND = DrawingBand()


@dataclass(frozen=True)
class CardView:
    """Everything an exercise's printed card says. The browser's print (card.html)
    and the PDF (card.typ) both draw from this, so they say the same things."""

    slug: str
    name: str
    facts: str
    works: tuple[str, str]
    note: str | None
    qr: Any
    """The Address the card's QR code and footer point to."""
    pictures: list[Picture]
    key: list[tuple[str, str]]
    """What the marks in the pictures mean, as on the exercise's page."""
    how: list[Lines]
    """How to do it: start, steps, words explained, other exercises, and who should take care."""
    dose: DoseBox
    side: list[Lines]
    """When to stop: the exercise's own reasons, then the pain rule's."""
    band: SafetyBand
    foot: list[str]

    @property
    def picture_count(self) -> int:
        """How many drawings share the band across the page."""
        return len(self.pictures)

    @property
    def picture_shape(self) -> float:
        """The drawings' height over their width."""
        scene = self.pictures[0].scene
        return round(scene.height / scene.width, 4)

    @property
    def room(self) -> dict[str, float]:
        """The band's sizes, in mm (DrawingBand): the tallest its drawings may be, the gap
        between two, the least width and height of a drawing, and the least height its
        drawings' shape allows. The PDF and the browser's print both take them from here."""
        return {
            "tallest": DRAWING_BAND.tallest,
            "gap": DRAWING_BAND.gap,
            "least_width": DRAWING_BAND.least_width,
            "least_height": DRAWING_BAND.least_height,
            "least": DRAWING_BAND.least(self.picture_shape),
        }


@dataclass(frozen=True)
class SheetStep:
    name: str
    picture: Picture
    dose: str
    note: str | None
    extra: list[str] = field(default_factory=list)
    """When to add it, and the easier exercises to start with."""


@dataclass(frozen=True)
class SheetView:
    """Everything a routine's printed sheet says, for card.html and card.typ alike."""

    slug: str
    name: str
    facts: str
    summary: str
    qr: Any
    steps: list[SheetStep]
    sections: list[Lines]
    band: SafetyBand
    foot: list[str]


DISCLAIMER = "Not a substitute for your own physio's advice"
CONDITIONS = "If you have one of these"
"""The heading over the conditions that change how an exercise is done."""


def from_week_text(week: int) -> str:
    """When a routine's harder exercise joins it."""
    return f"Add this in week {week}"


WORDS = {"disclaimer": DISCLAIMER, "conditions": CONDITIONS}
"""Patient wording that templates share with the printed forms drawn here."""
OWN_NOTE = "This card does not replace your physio's advice. A dose they write here replaces the printed one."


def _foot(link: Any, reviewed: str) -> list[str]:
    return [link.short, f"Reviewed {reviewed}"]


def _home(link: Any, path: str) -> str:
    """The site's short address, from a page's address and its path."""
    return short_url(link.url[: len(link.url) - len(path)] if link.url.endswith(path) else link.url)


def band(told: Advice, home: str) -> SafetyBand:
    """The pain rule and the emergency line, with the address of the full list on this site."""
    e = told.emergency
    page = told.emergency_url.split("#")[0].rstrip("/")
    return SafetyBand(
        Lines(told.pain.title, told.ok, tone="pain"), EmergencyLine(e.call + ":", e.signs, e.more, f"{home}/{page}")
    )


def safety_band(lib: Library, home: str) -> SafetyBand:
    return band(advice(lib), home)


def own_dose_words(blanks: list[tuple[str, str]]) -> list[str]:
    """The "your own dose" line as words between blanks, from (before, after) pairs."""
    words = ["Your own dose:"]
    for before, after in blanks:
        words[-1] = f"{words[-1]} {before}".rstrip() if before else words[-1]
        words.append(after)
        words[-1] += " ·"
    words[-1] = words[-1].removesuffix(" ·")
    return words


def card_view(
    v: ExerciseView, link: Any, rows: list[tuple[str, str]] | None = None, note: str | None = None
) -> CardView:
    """An exercise's card; `rows` and `note` give a routine's own dose and name instead of the usual dose."""
    needs = ("You need: " + ", ".join(v.equipment)) if v.equipment else "No equipment"
    works = ", ".join(m.name for m in v.primary).lower()
    home = _home(link, v.url)
    how = [Lines("Starting position", v.ex.start), Lines("Steps", v.ex.steps, style="numbers")]
    if v.card_terms:
        how.append(Lines(None, [(t.term[0].upper() + t.term[1:] + ":", t.means) for t in v.card_terms], style="plain"))
    other = [("Too hard?", f"Try the {e.text.lower()}: {home}/{e.url.rstrip('/')}") for e in v.easier if e.url]
    if v.instead and v.instead.url not in [e.url for e in v.easier]:
        other.append(("No floor?", f"Try the {v.instead.text.lower()}: {home}/{v.instead.url.rstrip('/')}"))
    if other:
        how.append(Lines(None, other, style="plain"))
    if v.conditions:
        how.append(Lines(CONDITIONS, [(c.name + ".", c.card) for c in v.conditions], tone="care"))
    if v.ex.cautions:
        how.append(Lines("Take care", v.ex.cautions, tone="care"))
    goals = any(label == "Build up to" for label, _ in v.dosage)
    return CardView(
        slug=v.slug,
        name=v.ex.name,
        facts=f"{v.kind} · {v.level} · {v.position} · {needs}",
        works=("Works:", works),
        note=note,
        qr=link,
        pictures=v.pictures,
        key=v.key,
        how=how,
        dose=DoseBox(
            "How much",
            rows or v.dosage,
            None if rows or goals else v.ex.dosage.build_up,
            own_dose_words(v.blanks),
            v.ex.dosage.one_time,
            OWN_NOTE,
        ),
        side=[Lines("Stop if", v.stop, tone="stop")],
        band=band(v.safety, home),
        foot=_foot(link, v.reviewed),
    )


def routine_card(rv: RoutineView, step: RoutineStep, link: Any) -> CardView:
    """An exercise's card in a routine's PDF: with the routine's dose, and its name."""
    return card_view(step.exercise, link, rows=step.dosage + [(OFTEN, rv.often)], note=f"In the routine: {rv.r.name}")


def sheet_view(rv: RoutineView, link: Any) -> SheetView:
    facts = [rv.r.when, rv.often, f"About {rv.r.minutes} minutes" + (", plus your walk" if rv.walking_extra else "")]
    home = _home(link, rv.url)
    steps = []
    for n, step in enumerate(rv.steps, 1):
        extra = []
        if step.from_week:
            extra.append(from_week_text(step.from_week) + ".")
        if step.easier:
            extra.append("Too hard? Start with the " + ", then the ".join(e.text.lower() for e in step.easier) + ".")
        steps.append(
            SheetStep(
                f"{n}. {step.exercise.ex.name}",
                Picture(step.exercise.scene, "end", "", step.exercise.ex.name, step.exercise.alt["end"]),
                dose_line(step.dosage),
                step.note,
                extra,
            )
        )
    return SheetView(
        slug=rv.slug,
        name=rv.r.name,
        facts=" · ".join(facts),
        summary=rv.r.summary,
        qr=link,
        steps=steps,
        sections=[
            Lines("How to progress", rv.r.progress),
            Lines("When to stop and get help", rv.stop, tone="stop"),
        ],
        band=band(rv.safety, home),
        foot=_foot(link, rv.reviewed) + [DISCLAIMER],
    )


def print_context(
    card: ExerciseView | None = None,
    sheet: RoutineView | None = None,
    deck: list[ExerciseView] = (),
    link: Any = None,
    links: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """What lbeg/print.html draws: an exercise's card, a routine's sheet, or a deck of cards."""
    cards = [card_view(card, link)] if card else [card_view(v, links[v.slug]) for v in deck]
    return {"cards": cards, "sheet": sheet_view(sheet, link) if sheet else None}


def reference_label(ref: Reference) -> str:
    """Short form for a citation, such as "NICE (2016)"."""
    return f"{ref.authors} ({ref.year})" if ref.year else ref.authors


@dataclass(frozen=True)
class FilterField:
    name: str
    label: str
    any: str
    options: list[tuple[str, str]]


def level_options(used: set[int] | None = None) -> list[tuple[str, str]]:
    """Levels as a menu offers them, such as ("1", "1: Gentle"); only those in `used`, if given."""
    return [(str(n), f"{n}: {label}") for n, label in LEVELS.items() if used is None or n in used]


def index_filters(lib: Library, views: list[ExerciseView]) -> list[FilterField]:
    """Filter menus for the exercise index, offering only values in use."""
    used = [v.ex for v in views]
    muscles = {m for ex in used for m in ex.targets.primary + ex.targets.secondary}
    equipment = {e for ex in used for e in ex.equipment}
    return [
        FilterField("kind", "Type", "Any type", [(k, t) for k, t in KINDS.items() if any(e.kind == k for e in used)]),
        FilterField("level", "Level", "Any level", level_options({e.level for e in used})),
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
    review: str
    """When it was last reviewed and is next due, as one sentence."""
    pdfs: list[Download]
    stop: list[str]
    """The routine's own reasons to stop, then the pain rule's."""
    safety: Advice
    cautions: list[Condition]
    """Each condition that changes how one of the routine's exercises is done."""
    applies: dict[str, list[Link]]
    """The routine's exercises each of those conditions applies to, by condition id."""


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


def exercise_views(lib: Library) -> dict[str, ExerciseView]:
    """Every exercise's view, by slug: made once a build, for every page and form that shows one."""
    return {slug: exercise_view(lib, slug) for slug in lib.exercises}


def routine_view(lib: Library, slug: str, views: Mapping[str, ExerciseView]) -> RoutineView:
    """A routine, drawn from the exercise views the build already has (exercise_views)."""
    routine = lib.routines[slug]
    told = advice(lib)
    steps = []
    for item in routine.items:
        view = views[item.exercise]
        dose = view.ex.dosage.model_copy(update=item.dose.model_dump(exclude_none=True))
        ladder = easier_chain(lib, item.exercise) if view.ex.level > 1 else []
        steps.append(RoutineStep(view, dosage_rows(dose, often=False, goals=False), item.note, item.from_week, ladder))
    applies = {}
    for cid in lib.conditions:
        if used := [Link(s.exercise.ex.name, s.exercise.url) for s in steps if cid in s.exercise.ex.conditions]:
            applies[cid] = used
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
        review=review_text(routine.reviewed, routine.next_review),
        pdfs=downloads("routine", slug),
        stop=routine.get_help + told.stop,
        safety=told,
        cautions=[lib.conditions[cid] for cid in applies],
        applies=applies,
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
            "kind": KINDS[ex.kind],
            "position": lib.positions[ex.position].label,
            "dose": dose_numbers(ex.dosage),
            "words": " ".join([ex.name] + ex.aliases).lower(),
            "oneTime": ex.dosage.one_time or "",
            "care": [{"name": lib.conditions[c].name, "advice": lib.conditions[c].card} for c in ex.conditions],
        }
    return {"exercises": exercises, "aliases": redirects(lib), "rules": link_rules()}


EFFORTS = {"easy": "Easy", "right": "About right", "hard": "Too hard"}
"""How hard a day's exercises felt: what the patient's record stores, and the words for it."""
REMINDER_TIMES = {
    1: ["09:00"],
    2: ["09:00", "18:00"],
    3: ["09:00", "13:00", "18:00"],
    4: ["08:00", "12:00", "16:00", "20:00"],
    5: ["08:00", "11:00", "14:00", "17:00", "20:00"],
}
"""The times a reminder first offers, by sessions a day; a lone weekly session comes mid-morning."""
REMINDER_DAYS = {
    1: ["MO"],
    2: ["MO", "TH"],
    3: ["MO", "WE", "FR"],
    4: ["MO", "TU", "TH", "FR"],
    5: ["MO", "TU", "WE", "TH", "FR"],
    6: ["MO", "TU", "WE", "TH", "FR", "SA"],
}
"""The days a weekly reminder first offers, spread out, by days a week (7 is every day)."""


@lru_cache(maxsize=1)
def link_rules() -> dict[str, Any]:
    """What the builder, the patient's view and the link codec must know, from
    the schema's declarations (lbeg.schema.Programme) and the dose wording above,
    written once here into the catalogue they read:

    - limits: each part of a dose, as [lowest, highest, what a message calls it];
    - text: the longest title, note and exercise note; items: the most exercises;
    - slug: the pattern an exercise's id follows;
    - dose: every phrase the "How much" box can give a dose in a link, by part
      and value ("reps" by value and side, such as "8each"; "often" by "day2",
      "week7" or both, "day2week7"), the labels, the order, and how a sheet joins
      them on one line;
    - efforts: how hard a day felt, as the patient's record stores and words it;
    - reminders: the times and days a calendar reminder first offers, for every
      number of sessions a day and days a week a link may hold.
    """
    schema = Programme.model_json_schema()
    defs = schema["$defs"]
    limits = {}
    for part, spec in defs["ProgrammeDose"]["properties"].items():
        number = next((kind for kind in spec.get("anyOf", [spec]) if kind.get("type") == "integer"), None)
        if number is not None:
            limits[part] = [number["minimum"], number["maximum"], spec["title"]]

    def values(part: str) -> range:
        return range(limits[part][0], limits[part][1] + 1)

    rows: dict[str, dict[str, str]] = {part: {} for part in DOSE_PARTS}
    for part in DOSE_PARTS:
        for value in values(part):
            for side in ("", "each", "alternate") if part == "reps" else ("",):
                if words := dose_words(part, value, side):
                    rows[part][f"{value}{side}"] = words
    rows["often"] = {f"day{n}": often_text(n, None) for n in values("day")}
    rows["often"] |= {f"week{n}": often_text(None, n) for n in values("week")}
    rows["often"] |= {f"day{d}week{w}": often_text(d, w) for d in values("day") for w in values("week")}
    return {
        "limits": limits,
        "text": {
            "title": schema["properties"]["title"]["maxLength"],
            "note": schema["properties"]["note"]["maxLength"],
            "item": defs["ProgrammeItem"]["properties"]["note"]["maxLength"],
        },
        "items": schema["properties"]["items"]["maxItems"],
        "slug": defs["ProgrammeItem"]["properties"]["exercise"]["pattern"],
        "dose": {"order": [*DOSE_PARTS, "often"], "labels": DOSE_LABELS, "rows": rows, "join": SHEET_JOIN},
        "efforts": EFFORTS,
        "reminders": {
            "times": {n: REMINDER_TIMES[n] for n in values("day")},
            "days": {n: REMINDER_DAYS[n] for n in values("week") if n < 7},
            "weekly": "10:00",
        },
    }


def renamed(lib: Library) -> dict[str, str]:
    """Each old address (slug) of a renamed exercise, and the exercise it is now."""
    return {old: slug for slug, ex in lib.exercises.items() for old in ex.renamed_from}


def redirects(lib: Library) -> dict[str, str]:
    """Other names an exercise answers to, as URL slugs, and the exercise each leads to."""
    out = renamed(lib)
    for slug, ex in lib.exercises.items():
        for name in [ex.name, *ex.aliases]:
            alias = slugify(name)
            if alias != slug and alias not in lib.exercises:
                out.setdefault(alias, slug)
    return out
