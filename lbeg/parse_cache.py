"""Parsed YAML kept between builds, by the digest of each file's bytes."""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

import yaml

from . import yaml_source
from .yaml_source import LazyNode, Node


def cache_dir(root: Path) -> Path:
    """Where builds keep what they can reuse: parsed data, QR codes, PDFs and images."""
    return root / ".cache" / "lbeg"


class ParseCache:
    """Parsed YAML kept by the digest of the file's bytes, so that an unchanged
    file is not parsed again on the next build. Only clean parses are kept, and
    every record is still validated on every load."""

    VERSION = "1"

    def __init__(self, root: Path) -> None:
        self.path = cache_dir(root) / f"yaml-{self.VERSION}-{yaml.__version__}.pickle"
        self.old: dict[str, Any] = {}
        self.new: dict[str, Any] = {}
        try:
            with self.path.open("rb") as f:
                self.old = pickle.load(f)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError, ValueError):
            # no cache yet, or one that cannot be read: parse everything
            self.old = {}

    def read(self, path: Path) -> tuple[Any, Node]:
        raw = path.read_bytes()
        key = hashlib.sha256(raw).hexdigest()
        if key in self.old:
            self.new[key] = self.old[key]
            return pickle.loads(self.old[key]), LazyNode(raw)
        data, _ = yaml_source.parse_yaml(raw)
        self.new[key] = pickle.dumps(data)
        # The nodes of every file would be held until the load ends; keep the bytes.
        return data, LazyNode(raw)

    def save(self) -> None:
        if self.new.keys() == self.old.keys():
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(pickle.dumps(self.new))
            tmp.replace(self.path)
        except OSError:  # a read-only checkout still builds, just without the cache
            pass
