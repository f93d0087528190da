"""Files made from content (the PDFs and the link-preview images), cached by content.

Each file is kept in .cache/lbeg/ under a digest of everything it is made from,
so a build makes only the files whose digest is not there yet. A file is written
under a temporary name and renamed into place, and goes into the site as a hard
link to its cached copy. The deck of every card is joined from the cards' own
PDFs rather than typeset again: that is quicker, and typst keeps what it lays
out in memory for as long as its process lives (about 1 MB a page of a long
document), while one-page documents leave nothing behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from . import typeset

IN_PROCESS = 1000
"""Up to this many files are made in the build's own process. More go to a separate
process, which keeps typst's memory (about 100 MB) out of a large build's."""


class RenderError(Exception):
    """A file could not be made. The message is one line that names what it is of."""


@dataclass(frozen=True)
class Pdf:
    """A PDF made of printed parts (card.typ's JSON for a card or a sheet), one page each."""

    target: str
    """Path under the site folder."""
    title: str
    paper: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class Joined:
    """A PDF joined from other PDFs made here, such as the deck from the cards."""

    target: str
    title: str
    sources: tuple[str, ...]
    """The targets of the PDFs it is made of, in order."""


@dataclass(frozen=True)
class Png:
    """A link-preview image (preview.typ's JSON)."""

    target: str
    title: str
    data: str


@dataclass(frozen=True)
class _Task:
    key: str
    what: str
    """The target and title, to name it in an error."""
    kind: str
    title: str = ""
    paper: str = ""
    parts: tuple[str, ...] = ()
    """A PDF's parts, a preview's data, or the runs a long PDF is joined from."""


def _digest(*parts: str) -> str:
    return hashlib.sha256("\n\x00".join(parts).encode()).hexdigest()[:32]


def _plan(
    pdfs: list[Pdf | Joined], pngs: list[Png], cache_dir: Path
) -> tuple[dict[str, str], list[_Task], list[_Task]]:
    """Each file's cache key, and the tasks that make the missing ones: first
    documents to typeset and images to draw, then PDFs to join from them."""
    version = typeset.fingerprint()
    keys: dict[str, str] = {}
    first: dict[str, _Task] = {}
    joins: dict[str, _Task] = {}

    def missing(key: str) -> bool:
        return not (cache_dir / key).exists()

    for pdf in pdfs:
        if isinstance(pdf, Pdf):
            key = keys[pdf.target] = _digest(version, "pdf", pdf.title, pdf.paper, *pdf.parts) + ".pdf"
            if missing(key):
                first.setdefault(key, _Task(key, f"{pdf.target} ({pdf.title})", "pdf", pdf.title, pdf.paper, pdf.parts))
    for pdf in pdfs:
        if isinstance(pdf, Joined):
            sources = tuple(keys[source] for source in pdf.sources)
            key = keys[pdf.target] = _digest(version, "join", pdf.title, *sources) + ".pdf"
            if missing(key):
                joins.setdefault(key, _Task(key, f"{pdf.target} ({pdf.title})", "join", pdf.title, parts=sources))
    for png in pngs:
        key = keys[png.target] = _digest(version, "png", png.data) + ".png"
        if missing(key):
            first.setdefault(key, _Task(key, f"{png.target} ({png.title})", "png", parts=(png.data,)))
    return keys, list(first.values()), list(joins.values())


def _make(task: _Task, cache_dir: Path) -> None:
    try:
        if task.kind == "pdf":
            data = typeset.pdf(typeset.document(task.title, task.paper, task.parts))
        elif task.kind == "png":
            data = typeset.png(task.parts[0])
        else:
            tmp = cache_dir / f"{task.key}.{os.getpid()}.tmp"
            with tmp.open("wb") as out:
                typeset.join([cache_dir / key for key in task.parts], task.title, out)
            tmp.replace(cache_dir / task.key)
            return
    except typeset.TypesetError as error:
        raise RenderError(f"{task.what}: {error}") from None
    store(cache_dir, task.key, data)


def _work(stages: list[list[_Task]], cache_dir: Path, parent: int | None = None) -> None:
    """Make each stage's files, one stage after another, on every core: typst
    lets go of Python's lock while it works, so threads run side by side. Run
    for a `parent` process, it stops if that process has gone."""

    def make(task: _Task) -> None:
        if parent is not None and os.getppid() != parent:
            os._exit(1)
        _make(task, cache_dir)

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for stage in stages:
            list(pool.map(make, stage))


def _failure(error: Exception) -> str:
    """What went wrong, in one line."""
    if isinstance(error, RenderError):
        return str(error)
    return f"{type(error).__name__}: " + " ".join(str(error).split())


def _in_child(stages: list[list[_Task]], cache_dir: Path, parent: int, answer: Connection) -> None:
    try:
        _work(stages, cache_dir, parent)
        answer.send(None)
    except Exception as error:  # noqa: BLE001 - the build reports it as one line
        answer.send(_failure(error))


class Making:
    """Files being made while the build goes on. `finish` waits for them and
    puts them in the site. If the build stops first, the work stops with it:
    it runs in a daemon thread, or a daemon process for a large site."""

    def __init__(self, keys: dict[str, str], stages: list[list[_Task]], cache_dir: Path, inputs: str) -> None:
        self.keys, self.cache_dir, self.inputs = keys, cache_dir, inputs
        self.made = len({task.key for stage in stages for task in stage})
        self._error: str | None = None
        self._answer: Connection | None = None
        if sum(map(len, stages)) <= IN_PROCESS:
            self._worker: threading.Thread | BaseProcess = threading.Thread(
                target=self._in_thread, args=(stages,), daemon=True
            )
        else:
            self._answer, answer = get_context("spawn").Pipe(duplex=False)
            self._worker = get_context("spawn").Process(
                target=_in_child, args=(stages, cache_dir, os.getpid(), answer), daemon=True
            )
        self._worker.start()

    def _in_thread(self, stages: list[list[_Task]]) -> None:
        try:
            _work(stages, self.cache_dir)
        except Exception as error:  # noqa: BLE001 - the build reports it as one line
            self._error = _failure(error)

    def finish(self, site_dir: Path) -> tuple[int, int]:
        """Wait for the files, put every one in the site, and return how many
        were made and how many reused. Raises RenderError if one could not be made."""
        if self._answer is not None:
            try:
                self._error = self._answer.recv()
            except EOFError:  # the process ended without a word: its exit code says why
                self._error = None
        self._worker.join()
        if self._answer is not None and getattr(self._worker, "exitcode", 0) and self._error is None:
            self._error = f"the process making PDFs and images stopped (exit code {self._worker.exitcode})"
        if self._error:
            raise RenderError(self._error)
        place_files(self.keys, site_dir, self.cache_dir)
        if self.inputs:
            store(self.cache_dir, _inputs_key(self.inputs), json.dumps(self.keys, sort_keys=True).encode())
        return self.made, len(set(self.keys.values())) - self.made


def store(cache_dir: Path, key: str, data: bytes) -> None:
    """Write a file into the cache under a temporary name, then rename it into place."""
    tmp = cache_dir / f"{key}.{os.getpid()}.tmp"
    tmp.write_bytes(data)
    tmp.replace(cache_dir / key)


def start_files(pdfs: list[Pdf | Joined], pngs: list[Png], cache_dir: Path, inputs: str = "") -> Making:
    """Start making the PDFs and images that are not in the cache. Given `inputs`
    (a digest of everything the files are made from), `finish` notes which files
    they made, for reuse_files."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    keys, first, joins = _plan(pdfs, pngs, cache_dir)
    return Making(keys, [first, joins], cache_dir, inputs)


def make_files(
    pdfs: list[Pdf | Joined], pngs: list[Png], site_dir: Path, cache_dir: Path, inputs: str = ""
) -> tuple[int, int]:
    """Put every PDF and image into the site, making those not in the cache.
    Returns how many files were made and how many were reused."""
    return start_files(pdfs, pngs, cache_dir, inputs).finish(site_dir)


def reuse_files(inputs: str, cache_dir: Path) -> dict[str, str] | None:
    """If the files for exactly these inputs were all made before, where each is
    in the cache (to put in the site with place_files); otherwise None. This
    spares typesetting every card again just to learn that none changed."""
    try:
        keys = json.loads((cache_dir / _inputs_key(inputs)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not all((cache_dir / key).is_file() for key in keys.values()):
        return None
    return keys


def _inputs_key(inputs: str) -> str:
    return f"inputs-{_digest(inputs)}.json"


def place_files(keys: dict[str, str], site_dir: Path, cache_dir: Path) -> None:
    """Put each file in the site as a hard link to its cached copy where the file
    system allows (the cache replaces a file rather than writing into it), else copy it."""
    for target, key in keys.items():
        path = site_dir / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        try:
            os.link(cache_dir / key, path)
        except OSError:
            shutil.copyfile(cache_dir / key, path)
