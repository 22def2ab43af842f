"""The graph a reading command works on: parsed from a small graph file, copied from the
persistent store beside a big one (graph.rdf.cache), without what the command never reads.

`stats` and the exports that are not RDF (graphml, csv, kgx) read entities, facts
(assertion nodes), the sentences and documents the facts cite, and the schema; never the
evidence nodes, which are most of a big graph's triples (80,000 of them, 800,000 triples,
in a graph of 1.4 million). `graph_for(path, FACTS)` copies the rest from the store, the
store filtering the triples, and the command's output is the same as from the whole
graph. A graph file under CACHE_MIN_BYTES is parsed whole, as before (milliseconds).

The RDF exports still parse the file: the store holds typed literals by value
("1.0"^^xsd:decimal comes back as "1"), and an export copies them as written. What
stats, graphml, csv and kgx print of a literal is its value (or a plain string).

Import this module lazily: it imports rdflib.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.domain.namespaces import KG, NIF, PROV, RDF

if TYPE_CHECKING:
    from rdflib import Graph

    from graph.outputs.stats import GraphStats


@dataclass(frozen=True)
class Omit:
    """What a reader never looks at: the triples of the subjects typed with one of
    `classes`, and the triples of `predicates`."""

    classes: tuple[str, ...] = ()
    predicates: tuple[str, ...] = ()


# graphml, csv, kgx: entities, facts with their sentences and documents
FACTS = Omit(classes=(KG + "Evidence",), predicates=(KG + "hasEvidence", KG + "mentions"))
# stats: entities and facts; the sentences are counted in the store
COUNTS = Omit(
    classes=(KG + "Evidence", NIF + "Sentence"),
    predicates=(KG + "hasEvidence", KG + "mentions", PROV + "wasDerivedFrom"),
)


def is_big(path: Path) -> bool:
    """Whether `path` is read through its store (the threshold of graph.rdf.cache)."""
    from graph.rdf import cache
    from graph.rdf.files import check_graph_file

    check_graph_file(path)
    return path.stat().st_size >= cache.CACHE_MIN_BYTES


def graph_for(path: str | Path, omit: Omit) -> Graph:
    """The graph in `path` for a reader that skips `omit`. GraphFileError if it is
    missing or does not parse."""
    from graph.rdf.cache import as_store
    from graph.rdf.files import load_graph

    p = Path(path)
    if not is_big(p):
        return load_graph(p)
    return copy_from_store(as_store(p), omit)


def copy_from_store(store: Any, omit: Omit) -> Graph:
    """The triples of `store` (its named graphs merged) but those `omit` leaves out, as an
    rdflib SimpleMemory graph (a reader needs no named-graph bookkeeping)."""
    from rdflib import Graph

    from graph.rdf.files import memo_converter

    where = "?s ?p ?o"
    if omit.predicates:
        where += f" FILTER (?p NOT IN ({', '.join(f'<{p}>' for p in omit.predicates)}))"
    if omit.classes:
        listed = " ".join(f"<{c}>" for c in omit.classes)
        where = f"{{ {where} }} MINUS {{ VALUES ?_c {{ {listed} }} ?s <{RDF}type> ?_c }}"
    g = Graph(store="SimpleMemory")
    term = memo_converter(literals=True)
    rows = store.query(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}", use_default_graph_as_union=True
    )
    g.addN((term(t.subject), term(t.predicate), term(t.object), g) for t in rows)
    return g


def _count(store: Any, query: str) -> int:
    rows = list(store.query(query, use_default_graph_as_union=True))
    return int(rows[0][0].value)


def stats_for(path: str | Path) -> GraphStats:
    """graph.outputs.stats.graph_stats of the graph in `path`; for a big one, computed
    on its entities and facts read from the store, the triples and sentences counted
    there."""
    from graph.outputs.stats import graph_stats
    from graph.rdf.cache import as_store
    from graph.rdf.files import load_graph

    p = Path(path)
    if not is_big(p):
        return graph_stats(load_graph(p))
    store = as_store(p)
    if next(iter(store.named_graphs()), None) is None:
        triples = len(store)
    else:  # a triple in two named graphs is one triple of the merged graph
        triples = _count(
            store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"
        )
    sentences = _count(
        store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s <{RDF}type> <{NIF}Sentence> }}"
    )
    return graph_stats(copy_from_store(store, COUNTS), triples=triples, sentences=sentences)
