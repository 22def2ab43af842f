"""What reading the cue and name patterns found, kept in the cache folder across runs.

The analyses of graph.domain.cue_anchors (required literals, first characters) parse
each pattern with Python's pure-Python regex parser: about a tenth of a second for the
few hundred patterns of the ontology, at every start. Their results depend on the
pattern text only, so they are kept by a digest of it in one JSON file
($PHYTOKG_CACHE/regex-analyses-<VERSION>.json), read once per process and written back
(atomically) by `save()` when something new was found. A missing or unreadable file only
costs the parse.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from graph.paths import cache_dir

VERSION = "2"  # bump when an analysis changes what it returns
MISSING: Any = object()

_table: dict[str, Any] | None = None
_dirty = False


def _path() -> Path:
    return cache_dir() / f"regex-analyses-{VERSION}.json"


def _key(kind: str, pattern: str) -> str:
    return kind + ":" + hashlib.sha256(pattern.encode("utf-8")).hexdigest()[:32]


def _load() -> dict[str, Any]:
    global _table
    if _table is None:
        try:
            data = json.loads(_path().read_text(encoding="utf-8"))
            _table = data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            _table = {}
    return _table


def get(kind: str, pattern: str) -> Any:
    """The remembered result (a list of strings or None), or MISSING."""
    return _load().get(_key(kind, pattern), MISSING)


def put(kind: str, pattern: str, value: list[str] | None) -> None:
    global _dirty
    _load()[_key(kind, pattern)] = value
    if not _dirty:
        atexit.register(save)  # patterns first read after load_context's save, too
    _dirty = True


def save() -> None:
    """Write the table back if it grew; never fails (the cache is only a shortcut)."""
    global _dirty
    if not _dirty:
        return
    path = _path()
    tmp = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".regex-analyses-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(_load(), handle, sort_keys=True)
        os.replace(tmp, path)
        _dirty = False
    except OSError:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
