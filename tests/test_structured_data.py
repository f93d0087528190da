"""Structured data (schema.org JSON-LD): what a page is, who it is for, and
when it was last reviewed, matching what the page itself says."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest

from lbeg.data import load_library
from lbeg.views import frequency_text

from .helpers import ROOT, SITE_URL

LIB = load_library(ROOT)


def structured(site, url: str) -> dict:
    scripts = site.html(url).select('head script[type="application/ld+json"]')
    assert len(scripts) == 1, f"{url or '/'} has {len(scripts)} blocks of structured data"
    return json.loads(scripts[0].string)


def shown_review_date(site, url: str) -> str:
    """The "Last reviewed" date the page shows, as YYYY-MM-DD."""
    text = site.html(url).select_one("article").get_text(" ", strip=True)
    day = re.search(r"Last reviewed (\d{1,2} \w+ \d{4})", text).group(1)
    return datetime.strptime(day, "%d %B %Y").date().isoformat()


def check_page(data: dict, site, url: str) -> None:
    assert data["@context"] == "https://schema.org" and data["@type"] == "MedicalWebPage"
    assert data["url"] == SITE_URL + url
    assert data["medicalAudience"]["audienceType"] == "Patient"
    assert data["about"]["name"] == "Low back pain"
    assert data["lastReviewed"] == shown_review_date(site, url)
    assert data["name"] == site.html(url).select_one("article h1").get_text(strip=True)


@pytest.mark.parametrize("slug", list(LIB.exercises))
def test_exercise_page_is_a_medical_web_page_about_an_exercise_plan(site, slug):
    ex, url = LIB.exercises[slug], f"exercises/{slug}/"
    data = structured(site, url)
    check_page(data, site, url)
    assert data["lastReviewed"] == ex.reviewed.isoformat()
    plan = data["mainEntity"]
    assert set(plan["@type"]) == {"ExercisePlan", "HowTo"} and plan["name"] == ex.name
    assert [s["text"] for s in plan["step"]] == ex.steps
    assert [s["position"] for s in plan["step"]] == list(range(1, len(ex.steps) + 1))
    assert plan["activityFrequency"] == frequency_text(ex.dosage.frequency)
    if ex.dosage.reps is not None:
        assert plan["repetitions"]["value"] == ex.dosage.reps
    else:
        assert "repetitions" not in plan
    if ex.dosage.rest_seconds:
        assert plan["restPeriods"] == {"@type": "QuantitativeValue", "value": ex.dosage.rest_seconds, "unitCode": "SEC"}
    else:
        assert "restPeriods" not in plan


def test_a_dose_on_the_page_is_the_dose_in_the_structured_data(site):
    """What the page's "How much" box says and what machines read agree."""
    for slug, ex in LIB.exercises.items():
        box = {
            dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True)
            for dt in site.html(f"exercises/{slug}/").select("#how-much dt")
        }
        plan = structured(site, f"exercises/{slug}/")["mainEntity"]
        if "Hold" in box:
            assert plan["additionalVariable"] == "Hold: " + box["Hold"], slug
        assert plan["activityFrequency"] == box["How often"], slug
        if ex.dosage.reps is not None:
            # Both numbers are on the page where sides swap ("4 times to each side (8 in all)").
            value = str(plan["repetitions"]["value"])
            assert (
                box["Repeat"].startswith(value + " ") or f"({value} in all)" in box["Repeat"] or ex.dosage.reps == 1
            ), slug


@pytest.mark.parametrize("slug", list(LIB.routines))
def test_routine_page_is_a_medical_web_page_with_its_review_date(site, slug):
    url = f"routines/{slug}/"
    data = structured(site, url)
    check_page(data, site, url)
    assert data["lastReviewed"] == LIB.routines[slug].reviewed.isoformat()
    parts = [p["url"] for p in data["mainEntity"]["hasPart"]]
    assert parts == [f"{SITE_URL}exercises/{item.exercise}/" for item in LIB.routines[slug].items]


def test_every_article_is_a_medical_web_page_with_its_review_date(site):
    articles = [
        url
        for url in site.pages()
        if not re.match(r"(exercises|routines)/[a-z0-9-]+/$", url) and site.html(url).select_one(".lbeg-page-review")
    ]
    assert len(articles) >= 10
    for url in articles:
        check_page(structured(site, url), site, url)


def test_structured_data_cannot_be_broken_out_of():
    """Text from data that looks like markup stays inside the JSON."""
    from lbeg.templating import template_env

    step = 'Hold </script><script>alert("x")</script> & <!-- then'
    html = template_env(ROOT).get_template("jsonld.html").render(data={"step": [{"text": step}]})
    block = re.fullmatch(r'<script type="application/ld\+json">(.*)</script>\s*', html, re.DOTALL).group(1)
    assert "<" not in block and "&" not in block
    assert json.loads(block)["step"][0]["text"] == step
