"""SHACL validation of a graph against ontology/shapes.ttl (pyshacl).

Import this module lazily: it imports rdflib (and pyshacl when validating).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, Namespace
from rdflib.term import Node

from graph.domain import namespaces as ns
from graph.errors import OntologyError
from graph.outputs.query_format import qname
from graph.paths import ontology_dir
from graph.rdf.memory import ontology_graph

SH = Namespace(ns.SH)


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[str, ...]  # one readable line each, sorted

    def render(self) -> str:
        if self.conforms:
            return "conforms: the graph satisfies every shape\n"
        lines = [f"{len(self.violations)} violation(s):", *self.violations]
        return "\n".join(lines) + "\n"


def load_shapes(path: Path | None = None) -> Graph:
    p = path if path is not None else ontology_dir() / "shapes.ttl"
    if not p.is_file():
        raise OntologyError(f"SHACL shapes not found: {p}")
    shapes = Graph()
    try:
        shapes.parse(p, format="turtle")
    except Exception as exc:  # rdflib raises many kinds of errors
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise OntologyError(f"{p}: does not parse as Turtle: {first}") from None
    return shapes


def _name(node: Node | None) -> str:
    if node is None:
        return "-"
    return qname(str(node)) if not str(node).startswith("_:") else str(node)


def validate(source: Any, shapes: Graph | None = None, *, full: bool = False) -> ValidationReport:
    """Validate a graph (an rdflib graph, a graph file or a pyoxigraph store), with the
    ontology, against the SHACL shapes.

    The shapes run as SPARQL on a store first (graph.outputs.validate_sparql), which finds
    the focus nodes that may violate them; pyshacl then checks those nodes alone, on the
    triples around them, so the verdict and the messages are pyshacl's. A graph file is
    read through the persistent store beside it (graph.rdf.cache). Shapes the SPARQL
    translation does not cover, and `full=True`, run pyshacl on the whole graph.
    """
    from graph.outputs.validate_sparql import Unsupported, candidates
    from graph.rdf.cache import as_store

    shapes = shapes if shapes is not None else load_shapes()
    if full:
        return _pyshacl(_as_graph(source), shapes)
    store = as_store(source)
    try:
        focus = candidates(store, shapes, ontology_graph())
    except Unsupported:
        return _pyshacl(_as_graph(source), shapes)
    if not focus:
        return ValidationReport(True, ())
    import pyoxigraph as ox

    if any(not isinstance(t, ox.NamedNode) for t in focus):
        return _pyshacl(_as_graph(source), shapes)
    names = {t.value for t in focus}
    return _pyshacl(_surroundings(store, focus), shapes, only=names)


def _as_graph(source: Any) -> Graph:
    if isinstance(source, Graph):
        return source
    if isinstance(source, (str, Path)) and Path(source).is_file():
        from graph.rdf.files import load_graph

        return load_graph(source)
    from graph.rdf.cache import as_store
    from graph.rdf.files import from_oxigraph

    g = Graph()
    for quad in as_store(source).quads_for_pattern(None, None, None):
        g.add(
            (from_oxigraph(quad.subject), from_oxigraph(quad.predicate), from_oxigraph(quad.object))
        )
    return g


# The triples pyshacl needs to judge a focus node: its own, those of the nodes it points
# to (their types, labels, documents), every class and property hierarchy triple, and
# the other assertions of the same subject and object (a negated assertion's check).
_SURROUNDINGS = """
CONSTRUCT { ?x ?p ?o } WHERE {
  VALUES ?f { %s }
  { ?f ?p ?o BIND (?f AS ?x) }
  UNION { ?f ?p1 ?x . ?x ?p ?o }
  UNION { ?f ?p1 ?m . ?m ?p2 ?x . FILTER (?p2 = rdf:type) ?x ?p ?o }
  UNION { ?f rdf:subject ?s ; rdf:object ?ob . ?x rdf:subject ?s ; rdf:object ?ob . ?x ?p ?o }
}
"""
_HIERARCHY = """
CONSTRUCT { ?x ?p ?o } WHERE {
  VALUES ?p { rdfs:subClassOf rdfs:subPropertyOf }
  ?x ?p ?o
}
"""


def _surroundings(store: Any, focus: list[Any]) -> Graph:
    from graph.rdf.files import from_oxigraph

    prefix = f"PREFIX rdf: <{ns.RDF}>\nPREFIX rdfs: <{ns.RDFS}>\n"
    g = Graph()
    queries = [_HIERARCHY]
    for i in range(0, len(focus), 500):
        chunk = " ".join(f"<{t.value}>" for t in focus[i : i + 500])
        queries.append(_SURROUNDINGS % chunk)
    for query in queries:
        for t in store.query(prefix + query, use_default_graph_as_union=True):
            g.add((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)))
    return g


def _pyshacl(g: Graph, shapes: Graph, only: set[str] | None = None) -> ValidationReport:
    from pyshacl import validate as shacl_validate

    conforms, results, _text = shacl_validate(
        g,
        shacl_graph=shapes,
        ont_graph=ontology_graph(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
    )
    violations = set()
    assert isinstance(results, Graph)
    for result in results.subjects(SH.resultSeverity, None):
        severity = results.value(result, SH.resultSeverity)
        focus = results.value(result, SH.focusNode)
        if only is not None and str(focus) not in only:
            continue
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage) or results.value(
            result, SH.sourceConstraintComponent
        )
        level = str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation"
        text = " ".join(str(message).split())
        violations.add(f"{level}: {_name(focus)} {_name(path)}: {text}")
    if only is not None:
        conforms = not any(v.startswith("Violation:") for v in violations)
    return ValidationReport(bool(conforms), tuple(sorted(violations)))
