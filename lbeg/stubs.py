"""Write or check the one-line pages for each exercise and routine file.

docs/exercises/<slug>.md holds {{ exercise_page("<slug>") }}, and
docs/routines/<slug>.md holds {{ routine_page("<slug>") }}.

    python -m lbeg.stubs          write missing or stale pages, remove orphans
    python -m lbeg.stubs --check  list what is out of date; exit 1 if anything is
"""

from __future__ import annotations

import sys
from pathlib import Path

from .data import SLUG_RE

ROOT = Path(__file__).resolve().parent.parent
COMMAND = "make stubs"


# data folder -> the marker each of its pages holds
KINDS = {"exercises": "exercise_page", "routines": "routine_page"}


def stub_text(macro: str, slug: str) -> str:
    return f'---\nrender_macros: true\n---\n\n{{{{ {macro}("{slug}") }}}}\n'


def expected(root: Path) -> dict[Path, str]:
    want = {}
    for kind, macro in KINDS.items():
        folder = root / "data" / kind
        for slug in sorted(p.stem for p in folder.glob("*.y*ml") if SLUG_RE.match(p.stem)):
            want[root / "docs" / kind / f"{slug}.md"] = stub_text(macro, slug)
    return want


def existing(root: Path) -> set[Path]:
    return {p for kind in KINDS for p in (root / "docs" / kind).glob("*.md") if p.name != "index.md"}


def stale(root: Path) -> list[str]:
    """Human-readable lines, one per stub that is missing, stale or orphaned."""
    want = expected(root)
    have = existing(root)
    lines = []
    for path, text in want.items():
        rel = path.relative_to(root).as_posix()
        if not path.exists():
            lines.append(f"{rel} is missing")
        elif path.read_text(encoding="utf-8") != text:
            lines.append(f"{rel} is out of date")
    for path in sorted(have - set(want)):
        lines.append(f"{path.relative_to(root).as_posix()} has no matching data file")
    return lines


def write(root: Path) -> list[str]:
    changes = stale(root)
    want = expected(root)
    for path, text in want.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for path in existing(root) - set(want):
        path.unlink()
    return changes


def main(argv: list[str]) -> int:
    if "--check" in argv:
        problems = stale(ROOT)
        for line in problems:
            print(f"{line}: run `{COMMAND}`")
        return 1 if problems else 0
    for line in write(ROOT):
        print(f"fixed: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
