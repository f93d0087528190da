"""Whatever is in data/, the loader either loads it or says clearly what is
wrong; a failed build leaves the last good site alone; and two builds of the
same commit give the same bytes."""

from __future__ import annotations

import filecmp
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lbeg.data import DataError, load_library

from .helpers import ROOT, copy_project, run_build

REAL = sorted((ROOT / "data" / "exercises").glob("*.yml"))


@pytest.fixture(scope="module")
def data_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(ROOT / "data", root / "data")
    return root


def load_with(root: Path, name: str, content: bytes) -> None:
    """Put `content` in data/exercises/`name`, load everything, then put back what was there."""
    target = root / "data" / "exercises" / name
    before = target.read_bytes() if target.exists() else None
    target.write_bytes(content)
    try:
        load_library(root)
    except DataError as error:
        assert error.problems and all(str(p).startswith("data/") for p in error.problems)
        assert all("\n" not in str(p) for p in error.problems), "each problem is one line"
    finally:
        if before is None:
            target.unlink()
        else:
            target.write_bytes(before)


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.floats(allow_nan=True), st.text(max_size=30), st.dates()
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=12), inner, max_size=6)),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents)
def test_random_yaml_loads_or_gives_a_clear_error(data_root, document):
    load_with(data_root, "fuzz.yml", yaml.safe_dump(document, allow_unicode=True).encode())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(REAL),
    st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 40), st.binary(max_size=12)), min_size=1, max_size=4),
)
def test_damaged_exercise_files_load_or_give_a_clear_error(data_root, source, edits):
    content = source.read_bytes()
    for start, length, insert in edits:
        start = min(start, len(content))
        content = content[:start] + insert + content[start + length :]
    load_with(data_root, source.name, content)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(REAL),
    st.sampled_from(["name", "dosage", "pose", "steps", "targets", "references", "easier", "reviewed"]),
    documents,
)
def test_a_field_replaced_by_anything_loads_or_gives_a_clear_error(data_root, source, field, value):
    data = yaml.safe_load(source.read_text())
    data[field] = value
    load_with(data_root, source.name, yaml.safe_dump(data, allow_unicode=True).encode())


def test_a_failure_in_the_middle_of_a_build_keeps_the_old_site(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("previous build")
    about = project / "docs" / "about.md"
    about.write_text(about.read_text() + "\n{{ no_such_macro() }}\n")
    line = about.read_text().splitlines().index("{{ no_such_macro() }}") + 1
    result = run_build(project)
    assert result.returncode != 0 and "Traceback" not in result.stdout + result.stderr
    assert f"docs/about.md:{line}: UndefinedError: 'no_such_macro' is undefined" in result.stderr
    assert (project / "site" / "index.html").read_text() == "previous build"
    assert [p.name for p in project.iterdir() if p.name.startswith("site")] == ["site"]


def test_a_failure_in_a_body_the_theme_draws_is_one_line_and_keeps_the_old_site(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("previous build")
    page = project / "lbeg" / "templates" / "exercise_page.html"
    page.write_text(page.read_text().replace("{{ c.pictures(v) }}", "{{ v.no_such_field }}"))
    result = run_build(project)
    assert result.returncode != 0 and "Traceback" not in result.stdout + result.stderr
    assert re.search(
        r"^ERROR +- +docs/exercises/[a-z0-9-]+\.md: UndefinedError: .*'no_such_field'$", result.stderr, re.MULTILINE
    )
    assert (project / "site" / "index.html").read_text() == "previous build"


def test_two_builds_of_the_same_commit_are_identical(published_copy):
    """The first build started from the cache of PDFs the project's own build made;
    the second starts from none, so it typesets every PDF again in a new process."""
    project, first = published_copy
    assert first.returncode == 0, first.stderr
    cold = project.parent / "cold"
    shutil.copytree(project, cold, ignore=shutil.ignore_patterns(".cache", "site"), symlinks=True)
    result = run_build(cold, dated_by_commit=True)
    assert result.returncode == 0, result.stderr
    assert re.search(r"downloads: made \d+ files, reused 0 ", result.stderr), "the second build starts cold"
    sites = [project / "site", cold / "site"]

    def differences(cmp: filecmp.dircmp) -> list[str]:
        out = [f"{cmp.left}/{name}" for name in cmp.diff_files + cmp.left_only + cmp.right_only]
        for sub in cmp.subdirs.values():
            out += differences(sub)
        return out

    assert differences(filecmp.dircmp(*sites, ignore=[])) == []
    assert any(sites[0].rglob("*.pdf")) and (sites[0] / "sitemap.xml").exists()


def test_loader_errors_are_one_line_each_from_the_command_line(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "data" / "exercises" / "bad.yml").write_bytes(b"\xff\xfe not text")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "out")],
        check=False,
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "data/exercises/bad.yml:1: file is not UTF-8 text" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
