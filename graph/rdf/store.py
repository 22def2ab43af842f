"""pyoxigraph stores: in memory from a graph file or an rdflib graph, or persistent on disk.

SPARQL runs on pyoxigraph (graph.outputs.query); rdflib's own engine is far too slow on graphs
of 100k triples. Import this module lazily: it imports pyoxigraph when a store is made.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.errors import GraphFileError, StoreLockedError
from graph.rdf.files import check_graph_file, one_line, parser_for
from graph.rdf.turtle import ntriples_lines

if TYPE_CHECKING:
    from rdflib import Graph


def _ox() -> Any:
    import pyoxigraph

    return pyoxigraph


def store_from_file(path: str | Path) -> Any:
    """An in-memory store loaded straight from a graph file (no rdflib parse)."""
    ox = _ox()
    p = Path(path)
    check_graph_file(p)
    store = ox.Store()
    load_file(store, p)
    return store


def load_file(store: Any, path: Path) -> None:
    """Load a graph file into `store` (named graphs of TriG/N-Quads are kept)."""
    ox = _ox()
    rdflib_format, ox_format = parser_for(path)
    fmt = getattr(ox.RdfFormat, ox_format) if ox_format else None
    if fmt is None:  # JSON-LD, RDF/XML: go through rdflib
        from graph.rdf.files import load_graph

        load_graph_into(store, load_graph(path))
        return
    try:
        store.bulk_load(path=str(path), format=fmt)
    except SyntaxError as exc:
        raise GraphFileError(f"{path}: {one_line(exc)}") from None
    except (OSError, ValueError) as exc:
        raise GraphFileError(f"{path}: cannot read as {rdflib_format}: {one_line(exc)}") from None


def load_graph_into(store: Any, g: Graph) -> None:
    ox = _ox()
    data = "".join(line + "\n" for line in ntriples_lines(g)).encode("utf-8")
    store.load(input=data, format=ox.RdfFormat.N_TRIPLES)


def store_from_graph(g: Graph) -> Any:
    """An in-memory store holding the triples of an rdflib graph."""
    store = _ox().Store()
    load_graph_into(store, g)
    return store


# A store folder written by save_to_store holds generations (gen-*) and a link, `live`,
# to the current one; readers open what `live` points to, so a rebuild never shows
# them an empty or half-loaded store. A plain Oxigraph folder works as well.
LIVE = "live"
PREVIOUS = "previous"


def store_location(directory: str | Path) -> Path:
    """The folder of the store's data: the target of DIR/live, or DIR itself."""
    d = Path(directory)
    live = d / LIVE
    return Path(os.path.realpath(live)) if live.is_symlink() else d


def open_store(directory: str | Path, write: bool = True) -> Any:
    """A persistent store in `directory`; only one process may open it for writing.

    A second writer gets StoreLockedError. A reader (write=False) needs an existing store.
    """
    ox = _ox()
    d = Path(directory)
    try:
        if write:
            return ox.Store(str(store_location(d)))
        if not d.is_dir():
            raise GraphFileError(f"store not found: {d}")
        return ox.Store.read_only(str(store_location(d)))
    except (OSError, RuntimeError) as exc:
        message = one_line(exc)
        if "lock" in message.lower():
            raise StoreLockedError(
                f"store {d} is open for writing by another process; close it and retry"
            ) from None
        raise GraphFileError(f"cannot open store {d}: {message}") from None


def save_to_store(graph_file: str | Path, directory: str | Path) -> int:
    """Replace the contents of the persistent store in `directory` with `graph_file`.

    The graph is loaded into a new generation folder, then `live` is switched to it in
    one rename: a reader sees the old graph or the new one, never an empty store. The
    previous generation is kept for readers that opened it just before the switch;
    older ones are removed. Writers take turns (a lock on the folder), and a store held
    open for writing elsewhere gives StoreLockedError. Returns the number of triples.
    """
    from graph.filesafety import writer_lock

    d = Path(directory)
    with writer_lock(d):
        return save_locked(graph_file, d)


def switch_generation(d: Path, name: str, old: Path | None) -> None:
    """Point `live` at generation `name` (and `previous` at `old`, for readers that have
    just opened it) in one rename each; remove every other generation."""
    _point(d / LIVE, name)
    keep = {name}
    if old is not None:
        _point(d / PREVIOUS, old.name)
        keep.add(old.name)
    for stale in d.glob("gen-*"):
        if stale.name.removesuffix(".json") not in keep:
            if stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
            else:
                stale.unlink(missing_ok=True)


def save_locked(graph_file: str | Path, d: Path, meta: str | None = None) -> int:
    """save_to_store for a caller that holds the writer lock of `d`.

    `meta` (text) is written as `gen-*.json` beside the new generation before `live`
    points to it, so that a reader of `live` always finds the matching one.
    """
    legacy = not (d / LIVE).is_symlink() and (d / "CURRENT").is_file()
    old = store_location(d) if (d / LIVE).is_symlink() or legacy else None
    if old is not None:
        del_probe = open_store(old, write=True)  # StoreLockedError if held elsewhere
        del del_probe
    gen = d / f"gen-{time.time_ns()}-{os.getpid()}"
    store = open_store(gen, write=True)
    try:
        load_file(store, Path(graph_file))
        store.flush()
        count = len(store)
    except BaseException:
        del store
        shutil.rmtree(gen, ignore_errors=True)
        raise
    del store
    if meta is not None:
        tmp = gen.with_name(f".{gen.name}.json.tmp")
        tmp.write_text(meta, encoding="utf-8")
        os.replace(tmp, gen.with_name(gen.name + ".json"))
    switch_generation(d, gen.name, None if legacy else old)
    if legacy:  # the files of a store written in place by an earlier version
        for path in d.iterdir():
            if path.is_file() and not path.is_symlink():
                path.unlink(missing_ok=True)
    return count


def _point(link: Path, target: str) -> None:
    """Make `link` a symbolic link to `target` in one rename."""
    tmp = link.with_name(f".{link.name}.{os.getpid()}-{time.time_ns()}.tmp")
    os.symlink(target, tmp)
    os.replace(tmp, link)
