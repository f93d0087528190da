"""List every page whose review is due: exercises, routines and articles.

    python -m lbeg.review_due     (or: make review-due)

Exits with 1, after one line per page, when a review has lapsed; with 0 when
none has. Dates are checked against today, or LBEG_TODAY (such as 2028-01-01).
The tests do not run this: a test that fails as the calendar passes a date,
with no change to the code, would say nothing about the code. A scheduled job
in the GitHub workflow runs it instead.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

from .data import load_library, today

ROOT = Path(__file__).resolve().parent.parent
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


def due(root: Path) -> list[str]:
    now = today()
    lib = load_library(root)
    lines = [
        f"data/exercises/{slug}.yml: review was due {ex.next_review}"
        for slug, ex in lib.exercises.items()
        if ex.next_review < now
    ]
    lines += [
        f"data/routines/{slug}.yml: review was due {r.next_review}"
        for slug, r in lib.routines.items()
        if r.next_review < now
    ]
    for path in sorted((root / "docs").rglob("*.md")):
        found = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
        when = re.search(r"^next_review: (\d{4}-\d\d-\d\d)$", found.group(1), re.MULTILINE) if found else None
        if when and date.fromisoformat(when.group(1)) < now:
            lines.append(f"{path.relative_to(root).as_posix()}: review was due {when.group(1)}")
    return lines


def main() -> int:
    lines = due(ROOT)
    for line in lines:
        print(line)
    print(f"{len(lines)} review(s) due on {today()}." if lines else f"No review is due on {today()}.")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
