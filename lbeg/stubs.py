"""Write or check the one-line pages under docs/exercises/, one per exercise file.

    python -m lbeg.stubs          write missing or stale pages, remove orphans
    python -m lbeg.stubs --check  list what is out of date; exit 1 if anything is
"""

from __future__ import annotations

import sys
from pathlib import Path

from .data import SLUG_RE

ROOT = Path(__file__).resolve().parent.parent
COMMAND = "make stubs"


def stub_text(slug: str) -> str:
    return f'---\nrender_macros: true\n---\n\n{{{{ exercise_page("{slug}") }}}}\n'


def expected(root: Path) -> dict[Path, str]:
    folder = root / "data" / "exercises"
    slugs = sorted(p.stem for p in folder.glob("*.y*ml") if SLUG_RE.match(p.stem))
    return {root / "docs" / "exercises" / f"{slug}.md": stub_text(slug) for slug in slugs}


def stale(root: Path) -> list[str]:
    """Human-readable lines, one per stub that is missing, stale or orphaned."""
    want = expected(root)
    have = {p for p in (root / "docs" / "exercises").glob("*.md") if p.name != "index.md"}
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
            path.write_text(text, encoding="utf-8")
    for path in (root / "docs" / "exercises").glob("*.md"):
        if path.name != "index.md" and path not in want:
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
