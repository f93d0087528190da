"""Files made from content (the PDFs and the link-preview images), cached by content.

Each file is kept in .cache/lbeg/ under a digest of everything it is made from,
so a build makes only the files whose digest is not there yet. A file is written
under a temporary name and renamed into place, and goes into the site as a hard
link to its cached copy. The deck of every card is joined from the cards' own
PDFs rather than typeset again: that is quicker, and typst keeps what it lays
out in memory for as long as its process lives (about 1 MB a page of a long
document), while one-page documents leave nothing behind. After a build, the
cache keeps only the files that build used.
"""

from __future__ import annotations

import fcntl
import hashlib
import itertools
import json
import os
import queue
import re
import shutil
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import IO

from . import typeset

IN_PROCESS = 100
"""Up to this many files (as after an edit under `make serve`) are made on threads
of the build's own process, which start at once. More go to a separate process:
there they do not wait for Python's lock while the build writes its pages, and
typst's memory (about 100 MB) stays out of the build's."""


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


class _Plan:
    """Each file's cache key, and the tasks that make the missing ones, worked out
    file by file as the files are offered (a joined PDF after its sources)."""

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir, self.version = cache_dir, typeset.fingerprint()
        self.keys: dict[str, str] = {}
        self.joins: list[_Task] = []
        self._seen: set[str] = set()

    def _missing(self, key: str) -> bool:
        if key in self._seen:
            return False
        self._seen.add(key)
        return not (self.cache_dir / key).exists()

    def tasks(self, files: Iterable[Pdf | Joined | Png]) -> Iterator[_Task]:
        """The documents to typeset and images to draw, in the order given. The
        PDFs to join from them are kept in `joins`."""
        for file in files:
            what = f"{file.target} ({file.title})"
            if isinstance(file, Pdf):
                key = _digest(self.version, "pdf", file.title, file.paper, *file.parts) + ".pdf"
                task = _Task(key, what, "pdf", file.title, file.paper, file.parts)
            elif isinstance(file, Png):
                key = _digest(self.version, "png", file.data) + ".png"
                task = _Task(key, what, "png", parts=(file.data,))
            else:
                sources = tuple(self.keys[source] for source in file.sources)
                key = _digest(self.version, "join", file.title, *sources) + ".pdf"
                task = _Task(key, what, "join", file.title, parts=sources)
            self.keys[file.target] = key
            if not self._missing(key):
                continue
            if task.kind == "join":
                self.joins.append(task)
            else:
                yield task


def _make(task: _Task, cache_dir: Path) -> None:
    try:
        if task.kind == "pdf":
            data = typeset.pdf(typeset.document(task.title, task.paper, task.parts))
        else:
            data = typeset.png(task.parts[0])
    except typeset.TypesetError as error:
        raise RenderError(f"{task.what}: {error}") from None
    store(cache_dir, task.key, data)


def _failure(error: Exception) -> str:
    """What went wrong, in one line."""
    if isinstance(error, RenderError):
        return str(error)
    return f"{type(error).__name__}: " + " ".join(str(error).split())


class _Threads:
    """Makes the files on threads of this process, one for each core: typst lets
    go of Python's lock while it works, so they run side by side."""

    def __init__(self, tasks: list[_Task], cache_dir: Path) -> None:
        self._pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 1)
        self._made = {task.key: self._pool.submit(_make, task, cache_dir) for task in tasks}

    def ready(self, key: str) -> None:
        """Wait until the file is made; raise RenderError if it could not be."""
        try:
            self._made[key].result()
        except Exception as error:  # noqa: BLE001 - the build reports it as one line
            self.stop()
            raise RenderError(_failure(error)) from None

    def wait(self) -> None:
        """Wait until every file is made."""
        for key in self._made:
            self.ready(key)
        self._pool.shutdown()

    def stop(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _in_child(cache_dir: Path, parent: int, tasks: Connection, answer: Connection) -> None:
    """Make the files as their tasks come, a list at a time until None, and tell
    the parent of each file as it is made, then that all are made, or what went
    wrong. The answers go out from a thread of their own, so that making files
    never waits for the parent to read them. Stop if the parent has gone."""
    outbox: queue.SimpleQueue[tuple[str, str]] = queue.SimpleQueue()

    def make(task: _Task) -> str:
        if os.getppid() != parent:
            os._exit(1)
        _make(task, cache_dir)
        return task.key

    def made(future: Future) -> None:
        try:
            outbox.put(("made", future.result()))
        except Exception as error:  # noqa: BLE001 - the build reports it as one line
            outbox.put(("failed", _failure(error)))

    def send() -> None:
        while True:
            message = outbox.get()
            try:
                answer.send(message)
            except OSError:  # the build has stopped
                os._exit(1)
            if message[0] == "failed":
                os._exit(1)
            if message[0] == "done":
                return

    sender = threading.Thread(target=send)
    sender.start()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        try:
            while (batch := tasks.recv()) is not None:
                for task in batch:
                    pool.submit(make, task).add_done_callback(made)
        except EOFError:  # the build has stopped
            os._exit(1)
    outbox.put(("done", ""))
    sender.join()


class _Child:
    """Makes the files in a separate process, with threads as _Threads does, as
    their tasks come. It keeps typst's memory (about 100 MB) out of the build's
    own process, and its work off the build's lock. If the build stops, the
    process stops with it."""

    def __init__(self, cache_dir: Path) -> None:
        spawn = get_context("spawn")
        self._answer, answer = spawn.Pipe(duplex=False)
        tasks, self._tasks = spawn.Pipe(duplex=False)
        self.process: BaseProcess = spawn.Process(
            target=_in_child, args=(cache_dir, os.getpid(), tasks, answer), daemon=True
        )
        self.process.start()
        answer.close()
        tasks.close()
        self._made: set[str] = set()
        self._done = False
        self._outbox: queue.SimpleQueue[list[_Task] | None] = queue.SimpleQueue()
        threading.Thread(target=self._send, daemon=True).start()

    def add(self, tasks: list[_Task] | None) -> None:
        """Tasks to do, or None once there are no more. They are sent from a thread
        of their own, so the build goes on while the process starts."""
        self._outbox.put(tasks)

    def _send(self) -> None:
        while True:
            tasks = self._outbox.get()
            try:
                self._tasks.send(tasks)
            except OSError:  # the process has stopped, and its answer says why
                return
            if tasks is None:
                return

    def _next(self) -> None:
        try:
            what, value = self._answer.recv()
        except EOFError:  # the process ended without a word: its exit code says why
            self.process.join()
            raise RenderError(
                f"the process making PDFs and images stopped (exit code {self.process.exitcode})"
            ) from None
        if what == "failed":
            self.process.join()
            raise RenderError(value)
        if what == "made":
            self._made.add(value)
        else:
            self._done = True

    def ready(self, key: str) -> None:
        """Wait until the file is made; raise RenderError if it could not be."""
        while key not in self._made and not self._done:
            self._next()

    def wait(self) -> None:
        """Wait until every file is made."""
        while not self._done:
            self._next()
        self.process.join()

    def stop(self) -> None:
        self.process.kill()


class Making:
    """Files being made while the build goes on. The documents and images are made
    in the order given (the deck's cards first), starting as soon as the first are
    planned; `finish` joins the long PDFs from them as they come, then puts every
    file in the site."""

    BATCH = 50
    """Tasks sent to the separate process at a time."""

    def __init__(self, files: Iterable[Pdf | Joined | Png], cache: Cache) -> None:
        self.cache = cache
        plan = _Plan(cache.path)
        tasks = plan.tasks(files)
        first = list(itertools.islice(tasks, IN_PROCESS + 1))
        self._making = {task.key for task in first}
        if not first:
            self._worker: _Threads | _Child | None = None
        elif len(first) <= IN_PROCESS:
            self._worker = _Threads(first, cache.path)
        else:
            child = self._worker = _Child(cache.path)
            child.add(first)
            while batch := list(itertools.islice(tasks, self.BATCH)):
                self._making.update(task.key for task in batch)
                child.add(batch)
            child.add(None)
        self.keys, self.joins = plan.keys, plan.joins
        self.made = len(self._making) + len(self.joins)

    def _source(self, key: str) -> Path:
        if self._worker is not None and key in self._making:
            self._worker.ready(key)
        return self.cache.path / key

    def _join(self, task: _Task) -> None:
        tmp = self.cache.path / f"{task.key}.{os.getpid()}.tmp"
        try:
            with tmp.open("wb") as out:
                typeset.join((self._source(key) for key in task.parts), task.title, out)
        except Exception as error:  # the build reports it as one line
            tmp.unlink(missing_ok=True)
            if isinstance(error, RenderError):
                raise
            raise RenderError(f"{task.what}: {_failure(error)}") from None
        tmp.replace(self.cache.path / task.key)

    def finish(self, site_dir: Path) -> tuple[int, int]:
        """Wait for the files, put every one in the site, and return how many
        were made and how many reused. Raises RenderError if one could not be made."""
        try:
            for task in self.joins:
                self._join(task)
            if self._worker is not None:
                self._worker.wait()
        except BaseException:
            if self._worker is not None:
                self._worker.stop()
            self.cache.release()
            raise
        self.cache.place(self.keys, site_dir)
        return self.made, len(set(self.keys.values())) - self.made


def store(cache_dir: Path, key: str, data: bytes) -> None:
    """Write a file into the cache under a temporary name, then rename it into place."""
    tmp = cache_dir / f"{key}.{os.getpid()}.tmp"
    tmp.write_bytes(data)
    tmp.replace(cache_dir / key)


_OWN = re.compile(r"[0-9a-f]{32}\.(pdf|png)|inputs-[0-9a-f]{32}\.json|qr-[0-9a-f]{32}\.svg|.+\.tmp")
"""The names of the files this module keeps in the cache folder (and of QR codes
that older builds kept there), which pruning may remove."""


class Cache:
    """The cache folder, as one build uses it. The build holds a shared lock on it
    from the moment it looks for files there until they are in the site. Then, if
    no other build holds it, it removes the files that it did not use, so the
    cache keeps one build's files rather than every file ever made."""

    def __init__(self, path: Path, inputs: str = "") -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.path, self.inputs = path, inputs
        self._lock: IO[bytes] | None = (path / "in-use.lock").open("ab")
        fcntl.flock(self._lock, fcntl.LOCK_SH)

    def reuse(self) -> dict[str, str] | None:
        """If the files for exactly these inputs were all made before, where each
        is in the cache; otherwise None. This spares typesetting every card again
        just to learn that none changed."""
        try:
            keys = json.loads((self.path / _inputs_key(self.inputs)).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not all((self.path / key).is_file() for key in keys.values()):
            return None
        return keys

    def place(self, keys: dict[str, str], site_dir: Path) -> int:
        """Put the files in the site, note which files these inputs made (for
        `reuse`), prune the cache, and let go of it. Returns how many files were pruned."""
        try:
            place_files(keys, site_dir, self.path)
            keep = set(keys.values())
            if self.inputs:
                keep.add(_inputs_key(self.inputs))
                store(self.path, _inputs_key(self.inputs), json.dumps(keys, sort_keys=True).encode())
            return self._prune(keep)
        finally:
            self.release()

    def _prune(self, keep: set[str]) -> int:
        if self._lock is None:
            return 0
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # another build is using the cache: leave it for a later build
            return 0
        old = [entry for entry in os.scandir(self.path) if entry.name not in keep and _OWN.fullmatch(entry.name)]
        for entry in old:
            Path(entry.path).unlink(missing_ok=True)
        return len(old)

    def release(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None


def start_files(files: Iterable[Pdf | Joined | Png], cache: Cache) -> Making:
    """Start making the PDFs and images that are not in the cache. A joined PDF
    comes after the files it is joined from."""
    return Making(files, cache)


def make_files(
    pdfs: list[Pdf | Joined], pngs: list[Png], site_dir: Path, cache_dir: Path, inputs: str = ""
) -> tuple[int, int]:
    """Put every PDF and image into the site, making those not in the cache.
    Given `inputs` (a digest of everything the files are made from), note which
    files they made, for reuse_files. Returns how many files were made and how many were reused."""
    return start_files([*pdfs, *pngs], Cache(cache_dir, inputs)).finish(site_dir)


def reuse_files(inputs: str, cache_dir: Path) -> dict[str, str] | None:
    """Where each file for exactly these inputs is in the cache, if all were made before."""
    cache = Cache(cache_dir, inputs)
    try:
        return cache.reuse()
    finally:
        cache.release()


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
