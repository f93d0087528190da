"""The one declared schema for everything under data/.

Each model forbids unknown keys and is strict about types, so a typo such as
`hold_secs` or a quoted number stops the build instead of being ignored.
Cross-references between files are checked in `lbeg.data`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator, model_validator

# -----------------------------------------------------------------------------
# Field types
# -----------------------------------------------------------------------------

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
URL_PATTERN = r"^https?://[^\s<>\"']+$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=60)]
"""Lowercase words joined by hyphens: an id, and the last part of a URL."""

Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=2, max_length=60, pattern=r"^[A-Za-z0-9 ,'()\-–]+$"),
]
"""A short display name: letters, digits, spaces and simple punctuation."""

Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=240)]
"""One plain sentence or phrase shown to readers."""

Lines = Annotated[list[Line], Field(min_length=1, max_length=12)]

Url = Annotated[str, StringConstraints(pattern=URL_PATTERN, max_length=300)]

# How the guide names each kind and level of exercise; the schema allows just these.
KINDS = {"strengthen": "Strength", "stretch": "Stretch", "mobility": "Mobility", "aerobic": "Activity"}
LEVELS = {1: "Gentle", 2: "Moderate", 3: "Harder"}

# Dose limits, shared by exercises, routines and programme links.
HoldSeconds = Annotated[int, Field(ge=1, le=120)]
HoldBreaths = Annotated[int, Field(ge=1, le=10)]
Reps = Annotated[int, Field(ge=1, le=30)]
Sets = Annotated[int, Field(ge=1, le=5)]
RestSeconds = Annotated[int, Field(ge=0, le=180)]
Minutes = Annotated[int, Field(ge=1, le=60)]
TimesADay = Annotated[int, Field(ge=1, le=5)]
DaysAWeek = Annotated[int, Field(ge=1, le=7)]


def add_years(day: date, years: int) -> date:
    """The same date `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _review_window(cls: type, value: date, info: ValidationInfo) -> date:
    """The next review is after the last one, and at most 3 years later."""
    reviewed = info.data.get("reviewed")
    if reviewed is None:
        return value
    if value <= reviewed:
        raise ValueError("must be after the reviewed date")
    if value > add_years(reviewed, 3):
        raise ValueError("must be at most 3 years after the reviewed date")
    return value


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, use_attribute_docstrings=True)


# -----------------------------------------------------------------------------
# Vocabularies (data/*.yml)
# -----------------------------------------------------------------------------


class Muscle(Record):
    id: Slug
    name: Name
    """Plain name, as a patient would say it."""
    technical: Line
    """Anatomical name, for clinicians."""
    does: Line
    """What the muscle does, in one plain sentence."""


class Position(Record):
    id: Slug
    label: Name
    """How the guide says it, for example "on your back"."""
    on_floor: bool
    """True when the exercise starts on the floor or a mat."""


class Equipment(Record):
    id: Slug
    name: Name


class Reference(Record):
    id: Slug
    authors: Line
    """Authors or the organisation that wrote it."""
    short: Line | None = None
    """The name to use in a sentence such as "Mayo Clinic suggests ...", where `authors` is long."""
    title: Line
    year: Annotated[int, Field(ge=1950, le=2100)] | None
    """Year published; null for an undated web page."""
    url: Url | None
    """Link to the source; null only where none exists."""
    publisher: Line | None = None
    """Journal or website, where it adds something."""
    read: Literal["direct", "via copy"] = "direct"
    """Whether the source itself was read, or a copy of it on another site (check the original before relying on it)."""


class Condition(Record):
    """A health condition that changes how some exercises should be done."""

    id: Slug
    name: Name
    """The plain term first, then the medical one, for example "Weak bones (osteoporosis)"."""
    advice: Lines
    """What to do, in plain words, as short sentences."""
    card: Line
    """The advice in one short line, for printed cards and the patient's programme."""
    sources: Annotated[list[Slug], Field(min_length=1, max_length=4)]


class Term(Record):
    """A word or cue that needs explaining wherever it is used."""

    id: Slug
    term: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=40)]
    """The words as they appear in the text, in lower case, for example "tighten your tummy"."""
    means: Line
    """What it means, in one or two short sentences."""
    sources: Annotated[list[Slug], Field(max_length=3)] = []


# -----------------------------------------------------------------------------
# Exercises (data/exercises/<slug>.yml)
# -----------------------------------------------------------------------------


class Targets(Record):
    primary: Annotated[list[Slug], Field(min_length=1, max_length=6)]
    secondary: Annotated[list[Slug], Field(max_length=6)] = []


class Frequency(Record):
    times_a_day: TimesADay | None = None
    """How many times a day."""
    days_a_week: DaysAWeek | None = None
    """How many days a week."""
    every: Line | None = None
    """For something done through the day, for example "Every 30 to 60 minutes that you sit"."""
    source: Slug
    """Where this advice on how often comes from."""

    @model_validator(mode="after")
    def _one_given(self) -> Frequency:
        if self.every is not None and self.times_a_day is not None:
            raise ValueError("give times_a_day or every, not both")
        if self.every is None and self.days_a_week is None:
            raise ValueError("give days_a_week, so that readers know how many days a week")
        return self


class SourceNote(Record):
    source: Slug
    says: Line
    """What that source advises instead, in plain words."""


class Dosage(Record):
    hold_seconds: HoldSeconds | None
    """Seconds to hold each repetition; null when there is no hold."""
    hold_breaths: HoldBreaths | None = None
    """Some sources time a hold in slow breaths instead of seconds."""
    reps: Reps | None
    """How many times to do it; null for a timed activity."""
    reps_goal: Annotated[int, Field(ge=2, le=30)] | None = None
    """The number of repetitions to build up to, where a source gives one."""
    hold_goal: Annotated[int, Field(ge=2, le=120)] | None = None
    """The seconds to build each hold up to, where a source gives one."""
    one_time: Line | None = None
    """What counts as one time, for a movement that goes back and forth."""
    sets: Sets | None
    """How many rounds of the repetitions, with a rest between."""
    per_side: bool
    """`reps` is the number on each side: all of one side, then all of the other."""
    alternate_sides: bool = False
    """Swap sides on every repetition; `reps` (and `reps_goal`) then count both sides together."""
    rest_seconds: RestSeconds | None
    """Seconds to rest between sets."""
    minutes: Minutes | None = None
    """For timed activities such as walking."""
    minutes_goal: Annotated[int, Field(ge=5, le=90)] | None = None
    """The time to build up to, where a source gives one."""
    frequency: Frequency
    """How often to do it."""
    sources: Annotated[list[Slug], Field(min_length=1)]
    """Where the hold, repetitions and sets come from (how often has its own source)."""
    build_up: Line | None = None
    """How to build up, in the source's terms."""
    other_advice: list[SourceNote] = []
    """Where other sources advise a different dose."""

    @model_validator(mode="after")
    def _consistent(self) -> Dosage:
        if self.reps is None and self.minutes is None and self.minutes_goal is None:
            raise ValueError("give reps, or minutes or minutes_goal for a timed activity")
        if self.hold_seconds is not None and self.hold_breaths is not None:
            raise ValueError("give hold_seconds or hold_breaths, not both")
        if self.reps_goal is not None and (self.reps is None or self.reps_goal <= self.reps):
            raise ValueError("reps_goal must be more than reps")
        if self.alternate_sides and self.per_side:
            raise ValueError("per_side and alternate_sides cannot both be true")
        if self.alternate_sides and any(n is not None and n % 2 for n in (self.reps, self.reps_goal)):
            raise ValueError("with alternate_sides, reps and reps_goal count both sides, so they must be even")
        if self.hold_goal is not None and (self.hold_seconds is None or self.hold_goal <= self.hold_seconds):
            raise ValueError("hold_goal must be more than hold_seconds")
        return self


class Option(Record):
    """An easier or harder option: another exercise, or a short tip."""

    exercise: Slug | None = None
    tip: Line | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Option:
        if (self.exercise is None) == (self.tip is None):
            raise ValueError("give either exercise or tip")
        return self


class BedOrChair(Record):
    """A safe way to do a floor exercise without getting down to the floor."""

    surface: Literal["bed", "chair", "standing"]
    how: Line
    source: Slug
    exercise: Slug | None = None
    """The exercise to do instead, where it has its own page."""


# -----------------------------------------------------------------------------
# Poses: the drawings are made from these (see lbeg/figure.py)
# -----------------------------------------------------------------------------

Angle = Annotated[int, Field(ge=-360, le=360)]
"""A direction in degrees, as the body is seen from the side before it rolls: 0 points
forward (the way the figure faces when it stands), 90 up, 180 back, 270 down."""

Out = Annotated[int, Field(ge=-90, le=90)]
"""How far a part swings out of the side view, in degrees: 90 points straight out to its
own side, less than 0 points across, towards the other side."""

BodyPoint = Literal[
    "hip",
    "shoulder",
    "head",
    "back",
    "near.hand",
    "far.hand",
    "near.elbow",
    "far.elbow",
    "near.forearm",
    "far.forearm",
    "near.knee",
    "far.knee",
    "near.shin",
    "far.shin",
    "near.foot",
    "far.foot",
    "near.toes",
    "far.toes",
    "near.heel",
    "far.heel",
    "hand",
    "elbow",
    "forearm",
    "knee",
    "shin",
    "foot",
    "toes",
    "heel",
]
"""A part of the body. Without near. or far., it means both sides."""


class Limbs(Record):
    arm: Annotated[list[Angle], Field(min_length=2, max_length=2)]
    """Directions of the upper arm and the forearm."""
    leg: Annotated[list[Angle], Field(min_length=3, max_length=3)]
    """Directions of the thigh, the shin and the foot (heel to toes)."""
    arm_out: Annotated[list[Out], Field(min_length=2, max_length=2)] = [0, 0]
    """How far the upper arm and the forearm swing out to the side."""
    leg_out: Annotated[list[Out], Field(min_length=3, max_length=3)] = [0, 0, 0]
    """How far the thigh, the shin and the foot swing out to the side."""


class Frame(Record):
    caption: Line
    """What the figure shows, for the picture's alt text, e.g. "back flat, one arm and leg out"."""
    contacts: Annotated[list[BodyPoint], Field(min_length=1)]
    """The parts that rest on the floor and carry weight."""
    trunk: Angle
    """Direction from the hips to the shoulders."""
    head: Angle
    """Direction from the shoulders to the head."""
    bend: Annotated[int, Field(ge=-20, le=20)] = 0
    """How far the back curves: more than 0 rounds it, less than 0 hollows it."""
    curl: Annotated[int, Field(ge=-10, le=45)] = 0
    """Bends the trunk at the waist: more than 0 curls the chest, shoulders, arms and head
    forwards about the waist while the hips and lower back stay where they are (a curl-up
    lifts the head and shoulders off the floor while the lower back stays on it); less than 0
    bends them back a little."""
    roll: Annotated[int, Field(ge=-180, le=180)] = 0
    """Turns the whole body about its length: 90 turns its front towards you, so that it
    lies on its near side; -90 turns its back towards you."""
    twist: Annotated[int, Field(ge=-90, le=90)] = 0
    """Turns the hips and legs against the shoulders, the same way as roll."""
    side_bend: Annotated[int, Field(ge=-90, le=90)] = 0
    """Bends the trunk sideways: more than 0 swings the hips and legs towards the far side."""
    head_turn: Annotated[int, Field(ge=-90, le=90)] = 0
    """Turns the face towards you (more than 0) or away (less than 0)."""
    near: Limbs
    """The arm and leg on the side nearer to you in the side view."""
    far: Limbs | None = None
    """The arm and leg on the other side; the same as near if left out."""


Prop = Literal["mat", "towel", "wall", "chair", "pillow", "seat"]
"""`seat` is a chair under the hips, for exercises done sitting."""
Cue = Literal[
    "hip",
    "shoulder",
    "head",
    "back",
    "knees",
    "near.hand",
    "far.hand",
    "near.elbow",
    "far.elbow",
    "near.knee",
    "far.knee",
    "near.foot",
    "far.foot",
    "pelvis",
]

Part = Literal["near.arm", "far.arm", "near.leg", "far.leg", "arms", "legs", "head", "chest", "pelvis"]
"""A part that can be drawn in the colour of a moving part."""

View = Literal["side", "front", "above", "three-quarter"]


class Pose(Record):
    view: View = "side"
    """Where the drawing is seen from: side on (from the near side), from the front (the way the
    figure faces when it stands), from above, or three-quarter (front, side and a little above)."""
    turn: Annotated[int, Field(ge=-180, le=180)] | None = None
    """Moves the view round the figure, in degrees from the side view towards its front."""
    tilt: Annotated[int, Field(ge=0, le=90)] | None = None
    """Raises the view, in degrees above the floor; 90 looks straight down."""
    props: Annotated[list[Prop], Field(max_length=4)] = []
    start: Frame
    middle: Frame | None = None
    end: Frame
    other_way: Frame | None = None
    """For movements that go both ways, the end position the other way."""
    cues: Annotated[list[Cue], Field(max_length=3)] = []
    """Parts whose movement from the start is shown with an arrow; "pelvis" draws a rocking arrow."""
    arrows: Literal["path", "straight"] = "path"
    """How each arrow runs: along the path the part takes, or straight from where it starts to
    where it ends, for a limb that reaches out (a sweeping arrow reads as a swing or a kick)."""
    moving: Annotated[list[Part], Field(max_length=4)] | None = None
    """Parts drawn in the moving colour; left out, the limbs that the arrows start from."""
    held: Annotated[list[Literal["end", "other_way"]], Field(min_length=1, max_length=2)] = ["end"]
    """Where a dose with a hold is held: the end, and also the other way for a movement held at
    each end (knee rolls). The hold mark is drawn on each."""
    dark: Annotated[list[Literal["near.arm", "far.arm", "near.leg", "far.leg"]], Field(max_length=2)] = []
    """Limbs drawn dark though they are on the far side, where the far shade would read as
    faded: a leg crossed over the other, which the other hides in part (figure-4 stretch), or
    the leg that carries the weight (single-leg bridge)."""
    trace: bool = False
    """Draws where the moving parts started, faintly inside a dotted rim, behind each later
    picture: for a movement whose size is hard to see without the start beside it (the small
    curl-up, the clamshell)."""
    tucked: Annotated[list[Literal["near.arm", "far.arm"]], Field(max_length=2)] = []
    """Arms whose hands lie under the body (under the lower back in the curl-up). The body hides
    them, so each forearm is drawn again as a dashed outline over the body."""
    close_up: bool = False
    """Draws a round close-up of the lower back and the floor under it above the figure, in
    each still picture: for a movement seen mostly in the gap under the back (pelvic tilt)."""

    @model_validator(mode="after")
    def _held_ends_exist(self) -> Pose:
        if "other_way" in self.held and self.other_way is None:
            raise ValueError("held names other_way, but the pose has no other_way frame")
        return self

    @model_validator(mode="after")
    def _close_up_on_the_back(self) -> Pose:
        if self.close_up and "back" not in self.start.contacts:
            raise ValueError("close_up shows the lower back on the floor, but the start does not lie on the back")
        return self


class Exercise(Record):
    name: Name
    """The name the guide uses, in plain words."""
    aliases: Annotated[list[Name], Field(max_length=8)]
    """Other names people use for this exercise."""
    renamed_from: Annotated[list[Slug], Field(max_length=4)] = []
    """Its file names before it was renamed: each old address keeps its page (leading here), card PDFs and preview."""
    summary: Line
    """One plain sentence on why it helps."""
    kind: Literal[tuple(KINDS)]
    """What the exercise mainly does."""
    level: Annotated[int, Field(ge=min(LEVELS), le=max(LEVELS))]
    """How hard it is: 1 gentle, 2 moderate, 3 harder."""
    position: Slug
    """The position it starts in: an id from the positions list."""
    equipment: Annotated[list[Slug], Field(max_length=5)]
    """What is needed, as ids from the equipment list; empty when nothing is."""
    targets: Targets
    """The muscles it works, as ids from the muscles list."""
    start: Annotated[list[Line], Field(min_length=1, max_length=5)]
    """The starting position, one point per line."""
    steps: Annotated[list[Line], Field(min_length=2, max_length=8)]
    """How to do it, one step per line, in order."""
    dosage: Dosage
    """How much to do and how often, with where that advice comes from."""
    breathing: Line
    """How to breathe while doing it."""
    tips: Lines
    """Points that help to do it well."""
    mistakes: Lines
    """Common mistakes to avoid."""
    easier: Annotated[list[Option], Field(max_length=5)]
    """Easier options: other exercises, or short tips."""
    harder: Annotated[list[Option], Field(max_length=5)]
    """Harder options: other exercises, or short tips."""
    stop_if: Annotated[list[Line], Field(max_length=4)] = []
    """Reasons to stop that belong to this exercise. The guide's pain rule (data/safety.yml) is always shown too."""
    cautions: Annotated[list[Line], Field(max_length=3)] = []
    """Who should take care, for example "bending backwards does not suit everyone"."""
    conditions: Annotated[list[Slug], Field(max_length=5)] = []
    """Conditions in data/conditions.yml whose advice applies to this exercise."""
    move_up: Line
    """When to move on to the harder option."""
    step_back: Line
    """When to go back to the easier option."""
    bed_or_chair: BedOrChair | None
    """For floor exercises, a safe bed or chair version; null if there is none."""
    pose: Pose
    """Start and end positions, from which the drawings are made."""
    references: Annotated[list[Slug], Field(min_length=1, max_length=10)]
    """The sources it draws on, as ids from the references list."""
    reviewed: date
    """When it was last checked against its sources."""
    next_review: date
    """When the next check is due: at most 3 years after the last."""

    _check_review = field_validator("next_review")(_review_window)


# The vocabulary files and the record each holds.
VOCABULARIES: dict[str, type[Record]] = {
    "muscles": Muscle,
    "positions": Position,
    "equipment": Equipment,
    "references": Reference,
    "conditions": Condition,
    "terms": Term,
}


# -----------------------------------------------------------------------------
# Routines (data/routines/<slug>.yml)
# -----------------------------------------------------------------------------


class DoseChange(Record):
    """A routine's own dose for one exercise; anything left out keeps the exercise's default."""

    hold_seconds: HoldSeconds | None = None
    hold_breaths: HoldBreaths | None = None
    reps: Reps | None = None
    sets: Sets | None = None
    rest_seconds: RestSeconds | None = None
    minutes: Minutes | None = None


class RoutineItem(Record):
    exercise: Slug
    """The exercise: its id."""
    dose: DoseChange = DoseChange()
    """The routine's own dose, where it differs from the exercise's."""
    note: Line | None = None
    """A short word on this exercise in this routine."""
    from_week: Annotated[int, Field(ge=2, le=12)] | None = None
    """The week of the routine in which to add this exercise; left out, it is there from the start."""


class Routine(Record):
    name: Name
    """The name the guide uses."""
    summary: Line
    """Who it is for and what it does, in one plain sentence."""
    when: Line
    """When to use it, for example "Your first two weeks"."""
    frequency: Frequency
    """How often to do the whole routine."""
    minutes: Annotated[int, Field(ge=1, le=60)]
    """About how long one session takes."""
    items: Annotated[list[RoutineItem], Field(min_length=2, max_length=8)]
    """The exercises, in the order to do them."""
    progress: Lines
    """How to move on."""
    get_help: Annotated[list[Line], Field(max_length=6)] = []
    """Reasons to stop that belong to this routine. The guide's pain rule is always shown too."""
    references: Annotated[list[Slug], Field(min_length=1, max_length=10)]
    """The sources it draws on, as ids from the references list."""
    reviewed: date
    """When it was last checked against its sources."""
    next_review: date
    """When the next check is due: at most 3 years after the last."""

    _check_review = field_validator("next_review")(_review_window)


# -----------------------------------------------------------------------------
# Safety advice shown everywhere (data/safety.yml)
# -----------------------------------------------------------------------------


class Cited(Record):
    text: Line
    sources: Annotated[list[Slug], Field(min_length=1, max_length=4)]


class Emergency(Record):
    """The short emergency line on every printed form."""

    call: Line
    """What to do, for example "Call 999 or go to A&E now if you have back pain and"."""
    signs: Annotated[list[Line], Field(min_length=2, max_length=4)]
    """The signs, each short enough for one printed line."""
    more: Line
    """Where the full list is; the page's address follows it."""
    sources: Annotated[list[Slug], Field(min_length=1, max_length=4)]


class Light(Record):
    colour: Literal["green", "amber", "red"]
    """Which light."""
    up_to: Annotated[int, Field(ge=0, le=10)] | None
    """The highest rise above usual pain this light covers; null for the last light."""
    rise: Line
    """How far above your usual pain, for example "Up to 3 points above your usual pain"."""
    means: Line
    """What to do."""


class PainRule(Record):
    """How much pain is OK, and what to do when it is not: written once, shown everywhere."""

    title: Line
    ok: Cited
    """Mild discomfort that settles."""
    during: Cited
    """Pain that gets much worse while exercising."""
    next_day: Cited
    """Worse the next morning: do less, do not stop."""
    flare_up: Cited
    stop: Cited
    """When to stop and get advice: leg symptoms that spread further or are new, or a weak leg."""
    leg_pain: Cited
    """For people who already have leg pain."""
    lights_intro: Lines
    lights: Annotated[list[Light], Field(min_length=3, max_length=3)]
    lights_sources: Annotated[list[Slug], Field(min_length=1, max_length=4)]


class Safety(Record):
    emergency: Emergency
    pain: PainRule


# -----------------------------------------------------------------------------
# Getting down to the floor and back up (data/floor.yml)
# -----------------------------------------------------------------------------


class FloorStep(Record):
    text: Line
    """The instruction, as the page shows it."""
    sources: Annotated[list[Slug], Field(max_length=3)]
    """Where the step comes from; empty only for a step explained on the page."""
    chair: Annotated[int, Field(ge=-150, le=150)] | None = None
    """Where the chair stands: the front of its seat, in drawing units ahead of the hips."""
    frame: Frame


class FloorGuide(Record):
    down: Annotated[list[FloorStep], Field(min_length=2, max_length=10)]
    up: Annotated[list[FloorStep], Field(min_length=2, max_length=10)]


# -----------------------------------------------------------------------------
# Programmes: not data, but what a programme link carries (docs/assets/lbeg/codec.js)
# -----------------------------------------------------------------------------


class ProgrammeDose(Record):
    """One exercise's dose in a programme link. Each field's title is how the
    link's messages name it, as in "the number of repeats must be from 1 to 30"."""

    hold: HoldSeconds | None = Field(None, title="hold")
    breaths: HoldBreaths | None = Field(None, title="number of breaths")
    reps: Reps | None = Field(None, title="number of repeats")
    sets: Sets | None = Field(None, title="number of sets")
    minutes: Minutes | None = Field(None, title="number of minutes")
    day: TimesADay | None = Field(None, title="sessions a day")
    week: DaysAWeek | None = Field(None, title="days a week")
    side: Literal["", "each", "alternate"] = ""


class ProgrammeItem(Record):
    exercise: Slug
    dose: ProgrammeDose
    note: Annotated[str, StringConstraints(max_length=120)] = ""


class Programme(Record):
    """A home exercise programme, as a link carries it: nothing is stored elsewhere."""

    title: Annotated[str, StringConstraints(max_length=80)] = ""
    note: Annotated[str, StringConstraints(max_length=500)] = ""
    items: Annotated[list[ProgrammeItem], Field(min_length=1, max_length=20)]
