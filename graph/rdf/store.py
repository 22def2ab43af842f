"""pyoxigraph stores: in memory from a graph file or an rdflib graph, or persistent on disk.

SPARQL runs on pyoxigraph (graph.outputs.query); rdflib's own engine is far too slow on graphs
of 100k triples. Import this module lazily: it imports pyoxigraph when a store is made.
"""

from __future__ import annotations

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


def open_store(directory: str | Path, write: bool = True) -> Any:
    """A persistent store in `directory`; only one process may open it for writing.

    A second writer gets StoreLockedError. A reader (write=False) needs an existing store.
    """
    ox = _ox()
    d = Path(directory)
    try:
        if write:
            return ox.Store(str(d))
        if not d.is_dir():
            raise GraphFileError(f"store not found: {d}")
        return ox.Store.read_only(str(d))
    except OSError as exc:
        message = one_line(exc)
        if "lock" in message.lower():
            raise StoreLockedError(
                f"store {d} is open for writing by another process; close it and retry"
            ) from None
        raise GraphFileError(f"cannot open store {d}: {message}") from None


def as_store(source: Any) -> Any:
    """A store for a graph file, a store directory, an rdflib graph or a store itself."""
    ox = _ox()
    if isinstance(source, ox.Store):
        return source
    if isinstance(source, (str, Path)):
        p = Path(source)
        return open_store(p, write=False) if p.is_dir() else store_from_file(p)
    from rdflib import Graph

    if isinstance(source, Graph):
        return store_from_graph(source)
    raise TypeError(f"cannot query a {type(source).__name__}")


def save_to_store(graph_file: str | Path, directory: str | Path) -> int:
    """Replace the contents of the persistent store in `directory` with `graph_file`.

    The store is opened for writing, so a second writer gets StoreLockedError instead
    of corrupting it. Returns the number of triples in the store.
    """
    store = open_store(directory, write=True)
    try:
        store.clear()
        load_file(store, Path(graph_file))
        store.flush()
        return len(store)
    finally:
        del store
