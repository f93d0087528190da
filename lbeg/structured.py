"""Structured data (schema.org, as JSON-LD) for each page, shaped as plain values.

lbeg/templates/jsonld.html writes it into the page's head. Exercise pages are
a MedicalWebPage whose main entity is the exercise, as an ExercisePlan with its
dose and as a HowTo with its steps. Routines and articles are a MedicalWebPage
with the date they were last reviewed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .views import ExerciseView, RoutineView, dosage_rows, frequency_text

CONTEXT = "https://schema.org"

# What every page of the guide is about.
LOW_BACK_PAIN = {
    "@type": "MedicalCondition",
    "name": "Low back pain",
    "code": {"@type": "MedicalCode", "codeValue": "279039007", "codingSystem": "SNOMED CT"},
}

PATIENTS = {"@type": "MedicalAudience", "audienceType": "Patient"}


def web_page(
    *,
    name: str,
    description: str,
    url: str,
    reviewed: date | None,
    site: dict[str, str],
    licence: str,
) -> dict[str, Any]:
    """A MedicalWebPage: any page of the guide."""
    page: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": name,
        "description": description,
        "inLanguage": "en-GB",
        "isAccessibleForFree": True,
        "license": licence,
        "medicalAudience": PATIENTS,
        "about": LOW_BACK_PAIN,
        "isPartOf": {"@type": "WebSite", "name": site["name"], "url": site["url"]},
    }
    if reviewed is not None:
        page["lastReviewed"] = reviewed.isoformat()
    return page


def _per_side(count: int, per_side: bool) -> dict[str, Any]:
    return {"@type": "QuantitativeValue", "value": count, "unitText": "on each side" if per_side else "times"}


def exercise_plan(view: ExerciseView, url: str) -> dict[str, Any]:
    """The exercise: its dose as an ExercisePlan, its steps as a HowTo."""
    ex, dose = view.ex, view.ex.dosage
    plan: dict[str, Any] = {
        "@type": ["ExercisePlan", "HowTo"],
        "@id": url + "#exercise",
        "name": ex.name,
        "alternateName": ex.aliases,
        "description": ex.summary,
        "exerciseType": view.kind,
        "activityFrequency": frequency_text(dose.frequency),
        "step": [{"@type": "HowToStep", "position": i, "text": text} for i, text in enumerate(ex.steps, 1)],
    }
    if dose.reps is not None:
        plan["repetitions"] = _per_side(dose.reps, dose.per_side)
    if dose.rest_seconds:
        plan["restPeriods"] = {"@type": "QuantitativeValue", "value": dose.rest_seconds, "unitCode": "SEC"}
    if dose.minutes is not None:
        plan["activityDuration"] = f"PT{dose.minutes}M"
    held = [f"{label}: {value}" for label, value in dosage_rows(dose, often=False, goals=False) if label == "Hold"]
    if held:
        plan["additionalVariable"] = held[0]
    if view.equipment:
        plan["tool"] = [{"@type": "HowToTool", "name": name} for name in view.equipment]
    return plan


def exercise_page(view: ExerciseView, url: str, site: dict[str, str], licence: str) -> dict[str, Any]:
    page = web_page(
        name=view.ex.name, description=view.ex.summary, url=url, reviewed=view.ex.reviewed, site=site, licence=licence
    )
    page["mainEntity"] = exercise_plan(view, url)
    return page


def routine_page(view: RoutineView, url: str, site: dict[str, str], licence: str) -> dict[str, Any]:
    routine = view.r
    page = web_page(
        name=routine.name, description=routine.summary, url=url, reviewed=routine.reviewed, site=site, licence=licence
    )
    page["mainEntity"] = {
        "@type": "ExercisePlan",
        "@id": url + "#routine",
        "name": routine.name,
        "description": routine.summary,
        "activityFrequency": view.often,
        "activityDuration": f"PT{routine.minutes}M",
        "hasPart": [
            {"@type": "ExercisePlan", "name": step.exercise.ex.name, "url": site["url"] + step.exercise.url}
            for step in view.steps
        ],
    }
    return page
