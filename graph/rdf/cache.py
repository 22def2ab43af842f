"""The persistent Oxigraph store kept next to a graph file, so that reading a big graph
does not mean parsing its Turtle again.

`out/graph.ttl` gets `out/.graph.ttl.oxigraph/`: a dot-folder (a build reading `out/`
never takes it for a document) holding store generations as `graph.rdf.store` writes
them (`gen-*`, a `live` link switched in one rename), each with a `gen-*.json` beside
it recording the size, modification time and SHA-256 of the graph file it was loaded
from. A store is reused while the file's size and mtime are those recorded (or, if
only the mtime changed, its SHA-256 is); otherwise it is rebuilt into a new generation
and swapped in, so a concurrent reader sees the old graph or the new one. Where the
folder cannot be written (a read-only place), the file is loaded into memory as before.

Graph files smaller than CACHE_MIN_BYTES are simply loaded into memory: that takes
milliseconds, and it leaves no folder beside small files (fixtures, examples).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from graph.errors import StoreLockedError
from graph.rdf.files import check_graph_file, parser_for

CACHE_MIN_BYTES = 2_000_000
SUFFIX = ".oxigraph"


def cache_dir(graph_file: str | Path) -> Path:
    """Where the store of `graph_file` lives: `.NAME.oxigraph` in the same folder."""
    p = Path(graph_file)
    return p.with_name(f".{p.name}{SUFFIX}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fingerprint(path: Path, with_hash: bool) -> dict[str, Any]:
    st = path.stat()
    out: dict[str, Any] = {"size": st.st_size, "mtime_ns": st.st_mtime_ns}
    if with_hash:
        out["sha256"] = _sha256(path)
    return out


def _recorded(d: Path) -> tuple[Path, dict[str, Any]] | None:
    """The live generation of `d` and the fingerprint recorded for it, if any."""
    live = d / "live"
    if not live.is_symlink():
        return None
    target = Path(os.path.realpath(live))
    try:
        meta = json.loads(target.with_name(target.name + ".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not target.is_dir() or not isinstance(meta, dict):
        return None
    return target, meta


def _is_fresh(graph_file: Path, d: Path) -> Path | None:
    """The live generation of `d` if it holds the current contents of `graph_file`."""
    found = _recorded(d)
    if found is None:
        return None
    target, meta = found
    now = _fingerprint(graph_file, with_hash=False)
    if now["size"] != meta.get("size"):
        return None
    if now["mtime_ns"] == meta.get("mtime_ns"):
        return target
    return target if _sha256(graph_file) == meta.get("sha256") else None


def is_cached(graph_file: str | Path) -> bool:
    """Whether `graph_file` has an up-to-date store beside it."""
    p = Path(graph_file)
    return p.is_file() and _is_fresh(p, cache_dir(p)) is not None


def ensure_store(graph_file: str | Path) -> Path:
    """The folder of an up-to-date store of `graph_file`, (re)built if needed.

    Raises GraphFileError for a missing or unreadable graph file, OSError when the
    folder beside it cannot be written.
    """
    from graph.filesafety import writer_lock
    from graph.rdf.store import save_locked

    p = Path(graph_file)
    check_graph_file(p)
    parser_for(p)  # an unknown extension fails here, before a folder is made
    d = cache_dir(p)
    fresh = _is_fresh(p, d)
    if fresh is not None:
        return fresh
    with writer_lock(d):
        fresh = _is_fresh(p, d)  # another process may have rebuilt it meanwhile
        if fresh is not None:
            return fresh
        before = _fingerprint(p, with_hash=True)
        save_locked(p, d, meta=json.dumps(before, sort_keys=True))
        found = _recorded(d)
        assert found is not None
        return found[0]


def cached_store(graph_file: str | Path) -> Any:
    """A read-only pyoxigraph store holding `graph_file`: the persistent one beside it
    (built on first use), or an in-memory one for a small file or an unwritable folder."""
    from graph.rdf.store import open_store, store_from_file

    p = Path(graph_file)
    check_graph_file(p)
    if p.stat().st_size < CACHE_MIN_BYTES:
        return store_from_file(p)
    try:
        location = ensure_store(p)
    except (OSError, StoreLockedError):  # a folder we may not write: as before
        return store_from_file(p)
    return open_store(location, write=False)


def as_store(source: Any) -> Any:
    """A store for a graph file, a store directory, an rdflib graph or a store itself.

    A graph file is read through the persistent store kept beside it (graph.rdf.cache).
    """
    import pyoxigraph as ox

    from graph.rdf.store import open_store, store_from_graph

    if isinstance(source, ox.Store):
        return source
    if isinstance(source, (str, Path)):
        p = Path(source)
        if p.is_dir():
            return open_store(p, write=False)
        return cached_store(p)
    from rdflib import Graph

    if isinstance(source, Graph):
        return store_from_graph(source)
    raise TypeError(f"cannot query a {type(source).__name__}")


def adopt(staged_graph: Path, final_graph: Path) -> None:
    """Move the store made beside a staged graph file (in a build's temporary folder)
    into the store folder of the final graph file, as its new live generation. Call it
    right after the staged file was renamed to `final_graph` (a rename keeps the size
    and mtime the store recorded)."""
    from graph.filesafety import writer_lock
    from graph.rdf.store import LIVE, store_location, switch_generation

    src = cache_dir(staged_graph)
    live = src / LIVE
    if not live.is_symlink():
        return
    gen = Path(os.path.realpath(live))
    dest = cache_dir(final_graph)
    with writer_lock(dest):
        old = store_location(dest) if (dest / LIVE).is_symlink() else None
        os.replace(gen.with_name(gen.name + ".json"), dest / (gen.name + ".json"))
        os.replace(gen, dest / gen.name)
        switch_generation(dest, gen.name, old)
