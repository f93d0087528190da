"""Reading level of the built pages' main text.

    python -m lbeg.readability SITE_DIR          print a table for every page
    python -m lbeg.readability FILE.yml [...]     score the text in data files

Each block (paragraph, list item, heading, table cell) counts as at least one
sentence, as a reader meets it. Source lists and citations are left out.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import textstat
from bs4 import BeautifulSoup, SoupStrainer

from . import theme

FK_MAX = 6.0
SMOG_MAX = 8.0
SENTENCE_MAX = 20
"""The NHS style guide's longest sentence, in words."""
BLOCKS = ["h1", "h2", "h3", "h4", "p", "li", "dt", "dd", "summary", "td", "th", "figcaption", "label", "option"]
# Only articles are built into a tree, not the menus and printed cards around them.
ARTICLE = SoupStrainer("article")
SKIP = [
    ".lbeg-sources",
    ".lbeg-cite",
    ".lbeg-technical",
    theme.PERMALINK,
    "script",
    "style",
    "form",
    "[data-lbeg-count]",
]


@dataclass(frozen=True)
class Score:
    page: str
    words: int
    sentences: int
    fk: float
    smog: float

    @property
    def ok(self) -> bool:
        return self.fk <= FK_MAX and self.smog <= SMOG_MAX


def main_text(html: str) -> str:
    """The article's prose, one sentence or more per block."""
    article = BeautifulSoup(html, "lxml", parse_only=ARTICLE).select_one(theme.ARTICLE)
    for el in article.select(", ".join(SKIP)):
        el.decompose()
    for el in article.find_all(BLOCKS):
        el.append("\n")
    chunks = [" ".join(c.split()) for c in article.get_text().split("\n")]
    return " ".join(c if c[-1] in ".!?:" else c + "." for c in chunks if c)


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+")
_WORD = re.compile(r"[A-Za-z0-9]")


def sentences(html: str) -> list[str]:
    """Every sentence a reader meets on a page: the article and its printed card or sheet.
    Each block is split at full stops, question and exclamation marks."""
    soup = BeautifulSoup(html, "lxml")
    out: list[str] = []
    for region in soup.select(f"{theme.ARTICLE}, .lbeg-print"):
        for el in region.select(", ".join(SKIP)):
            el.decompose()
        for el in region.find_all(BLOCKS + ["title", "desc"]):
            el.append("\n")
        for block in region.get_text().split("\n"):
            block = " ".join(block.split())
            out += [part for part in _SENTENCE_END.split(block) if _WORD.search(part)]
    return out


def words(sentence: str) -> int:
    return sum(1 for token in sentence.split() if _WORD.search(token))


def long_sentences(html: str, limit: int = SENTENCE_MAX) -> list[str]:
    return [s for s in sentences(html) if words(s) > limit]


def score(page: str, html: str) -> Score:
    textstat.set_lang("en_US")
    text = main_text(html)
    return Score(
        page=page,
        words=textstat.lexicon_count(text),
        sentences=textstat.sentence_count(text),
        fk=textstat.flesch_kincaid_grade(text),
        smog=textstat.smog_index(text),
    )


def table(scores: list[Score]) -> str:
    lines = [f"{'page':44} {'words':>6} {'sent.':>6} {'FK':>5} {'SMOG':>5}"]
    for s in scores:
        flag = "" if s.ok else "  <- too hard"
        lines.append(f"{s.page or '/':44} {s.words:6} {s.sentences:6} {s.fk:5.1f} {s.smog:5.1f}{flag}")
    return "\n".join(lines)


def site_scores(site: Path, skip: tuple[str, ...] = ()) -> list[Score]:
    scores = []
    for path in sorted(site.rglob("index.html")):
        page = path.parent.relative_to(site).as_posix()
        page = "" if page == "." else page + "/"
        html = path.read_text(encoding="utf-8")
        if page in skip or re.match(r"search/", page) or not theme.has_article(html):
            continue
        scores.append(score(page, html))
    return scores


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [
            s
            for key, v in value.items()
            if key not in ("source", "sources", "exercise", "references")
            for s in _strings(v)
        ]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def yaml_score(path: Path) -> Score:
    """Score the reader-facing text in one data file, one sentence or more per value."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    chunks = [" ".join(c.split()) for c in _strings(data)]
    text = " ".join(c if c[-1] in ".!?:" else c + "." for c in chunks if c)
    return Score(
        path.as_posix(),
        textstat.lexicon_count(text),
        textstat.sentence_count(text),
        textstat.flesch_kincaid_grade(text),
        textstat.smog_index(text),
    )


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]] or [Path("site")]
    if args[0].is_dir():
        print(table(site_scores(args[0])))
    else:
        print(table([yaml_score(a) for a in args]))
