"""Lighthouse (npm lighthouse 12.2.3, mobile) on the main kinds of page:
accessibility, best practices and SEO must score 100; performance is printed in the test log."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from .helpers import CHROMIUM, ROOT

PAGES = {
    "home": "",
    "exercise": "exercises/bird-dog/",
    "index": "exercises/",
    "builder": "builder/",
    "programme": "programme/#1~Back+plan~~pelvic-tilt.h2r5d3~bird-dog.h5r8ed1~walking.m20w5",
}
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"


@pytest.fixture(scope="module")
def scores(gzip_server, tmp_path_factory, request):
    if not LIGHTHOUSE.exists():
        pytest.fail("Lighthouse is not installed: run `make test`, which runs `npm ci`.")
    out = tmp_path_factory.mktemp("lighthouse")
    results = {}
    for name, path in PAGES.items():
        report = out / f"{name}.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                gzip_server + path,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                "--only-categories=performance,accessibility,best-practices,seo",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run",
            ],
            env=dict(os.environ, CHROME_PATH=CHROMIUM),
            check=True,
            timeout=240,
        )
        data = json.loads(report.read_text())
        results[name] = {key: round(cat["score"] * 100) for key, cat in data["categories"].items()}
        results[name]["failing"] = [
            audit_id
            for cat in data["categories"].values()
            if cat["id"] != "performance"
            for ref in cat["auditRefs"]
            if (audit_id := ref["id"]) and ref["weight"] and (data["audits"][audit_id]["score"] or 0) < 1
        ]
    # Performance is a figure to record, not a gate: it goes to the test log.
    with request.config.pluginmanager.get_plugin("capturemanager").global_and_fixture_disabled():
        print(f"\n{'page':10} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5}")
        for name, s in results.items():
            print(f"{name:10} {s['performance']:5} {s['accessibility']:5} {s['best-practices']:5} {s['seo']:5}")
    return results


@pytest.mark.parametrize("page", PAGES)
def test_accessibility_best_practices_and_seo_score_100(scores, page):
    s = scores[page]
    assert (s["accessibility"], s["best-practices"], s["seo"]) == (100, 100, 100), s["failing"]
