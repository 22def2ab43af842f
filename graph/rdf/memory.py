"""The in-memory sink: the graph model (`graph.rdf.triples`) in an rdflib Graph.

`results_to_graph` adds each document's triples and the triples the corpus aggregates
derive; it holds what `graph.rdf.stream` writes to graph.ttl. A graph read back from a
file is kept consistent by `finalize`: it pools the evidence nodes and entities present
in the graph into the same aggregates and writes the derived triples again. Adding or
removing a document (`graph.rdf.incremental`) is therefore only adding or removing
evidence, then `finalize`.

Import this module lazily: it imports rdflib.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from graph.domain import namespaces as ns
from graph.domain.schema import Schema, ontology_graph, schema_of
from graph.domain.vocabulary import ClosedVocabulary, kg
from graph.model import Assertion, DocumentResult
from graph.rdf import triples as model
from graph.rdf.terms import Term, Triple

__all__ = ["ontology_graph", "schema_of"]


class _ClosedNamespace:
    """kg: terms as rdflib IRIs, checked against ontology/phytokg.ttl (see
    graph.domain.vocabulary)."""

    def __init__(self, vocabulary: ClosedVocabulary) -> None:
        self._vocabulary = vocabulary

    def __getattr__(self, local: str) -> URIRef:
        if local.startswith("__"):
            raise AttributeError(local)
        return URIRef(self._vocabulary[local])

    def __getitem__(self, local: str) -> URIRef:
        return URIRef(self._vocabulary[local])


KG: Any = _ClosedNamespace(kg)
PROV = Namespace(ns.PROV)
NIF = Namespace(ns.NIF)
SKOS = Namespace(ns.SKOS)
DCTERMS = Namespace(ns.DCTERMS)
RDF = Namespace(ns.RDF)
RDFS = Namespace(ns.RDFS)
OWL = Namespace(ns.OWL)
XSD = Namespace(ns.XSD)


def entity_iri(entity_id: str) -> URIRef:
    return URIRef(model.entity_iri(entity_id))


def document_iri(doc_id: str) -> URIRef:
    return URIRef(model.document_iri(doc_id))


def assertion_local(a: Assertion) -> str:
    return model.assertion_local(a.key)


def number(node: object) -> float:
    """The numeric value of a literal (0.0 when missing)."""
    return float(str(node)) if node is not None else 0.0


def local_name(iri: object) -> str:
    """The part after the last # or / ("" for None)."""
    text = "" if iri is None else str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def to_node(t: Term) -> Node:
    if isinstance(t, str):
        return URIRef(t)
    lex, datatype = t
    return Literal(lex, datatype=URIRef(datatype)) if datatype else Literal(lex)


def add_triples(g: Graph, triples: Iterable[Triple]) -> None:
    g.addN((URIRef(s), URIRef(p), to_node(o), g) for s, p, o in triples)


# ---------------------------------------------------------------- building


def results_to_graph(results: Iterable[DocumentResult], *, ontology: bool = True) -> Graph:
    """The graph of a corpus: the ontology (if asked), every document, the derived triples."""
    return parts_to_graph((model.document_part(r) for r in results), ontology=ontology)


def parts_to_graph(
    parts: Iterable[model.DocPart],
    *,
    ontology: bool = True,
    on_part: Callable[[model.DocPart], None] | None = None,
) -> Graph:
    """The graph of the parts of a corpus (`graph.rdf.triples.document_part`)."""
    g = Graph()
    if ontology:
        g += ontology_graph()
    aggregates = model.Aggregates()
    for part in parts:
        if on_part is not None:
            on_part(part)
        aggregates.add(part)
        add_triples(g, part.triples)
    add_triples(g, aggregates.derive(schema_of(g)).triples())
    return g


def add_results(g: Graph, results: Iterable[DocumentResult]) -> None:
    """Add documents to a graph and derive its aggregates again."""
    aggregates = aggregates_of(g)
    for result in results:
        part = model.document_part(result)
        aggregates.add(part)
        add_triples(g, part.triples)
    _rederive(g, aggregates, schema_of(g))


# ---------------------------------------------------------------- finalize


def finalize(g: Graph) -> None:
    """Derive every aggregate of `g` again from its evidence nodes and entities (idempotent)."""
    _drop_orphans(g)
    _rederive(g, aggregates_of(g), schema_of(g))


def aggregates_of(g: Graph) -> model.Aggregates:
    """The corpus aggregates of a graph: its entities and its assertions' evidence nodes."""
    agg = model.Aggregates()
    for doc in g.subjects(RDF.type, KG.Document):
        agg.documents.add(str(g.value(doc, KG.sha256) or doc))
    for entity in set(g.subjects(KG.primaryClass, None)):
        e = agg.entity(str(entity)[len(ns.ENT) :])
        e.classes.update(str(c) for c in g.objects(entity, KG.primaryClass))
        e.labels.update(str(x) for x in g.objects(entity, RDFS.label))
        e.alts.update(str(x) for x in g.objects(entity, SKOS.altLabel))
        e.identifiers.update(str(x) for x in g.objects(entity, SKOS.exactMatch))
        e.discovered = (entity, KG.discovered, Literal(True)) in g
        e.generic = (entity, KG.generic, Literal(True)) in g
    for node in _assertions(g):
        key = _fact_key(g, node)
        if key is None:
            continue
        evidence = [ev for ev in g.objects(node, KG.hasEvidence) if isinstance(ev, URIRef)]
        agg.fact(key).add(
            {str(g.value(ev, KG.certainty)) for ev in evidence},
            [number(g.value(ev, KG.confidence)) for ev in evidence],
            {str(r) for ev in evidence for r in g.objects(ev, KG.rule)},
        )
    return agg


def _fact_key(g: Graph, node: URIRef) -> model.FactKey | None:
    s, rel, o = (g.value(node, p) for p in (RDF.subject, RDF.predicate, RDF.object))
    if not (isinstance(s, URIRef) and isinstance(rel, URIRef) and isinstance(o, URIRef)):
        return None
    k = (local_name(s), local_name(rel), local_name(o), True)
    return k if model.assertion_iri(k) == str(node) else (k[0], k[1], k[2], False)


def _assertions(g: Graph) -> list[URIRef]:
    return sorted(n for n in g.subjects(RDF.type, KG.Assertion) if isinstance(n, URIRef))


def _drop_orphans(g: Graph) -> None:
    """Links to evidence that is gone, then assertions left without evidence."""
    for node, ev in list(g.subject_objects(KG.hasEvidence)):
        if (ev, RDF.type, KG.Evidence) not in g:
            g.remove((node, KG.hasEvidence, ev))
    for node in _assertions(g):
        if (node, KG.hasEvidence, None) not in g:
            g.remove((node, None, None))
            g.remove((None, None, node))


def _rederive(g: Graph, aggregates: model.Aggregates, schema: Schema) -> None:
    _clear_derived(g, schema)
    add_triples(g, aggregates.derive(schema).triples())


def _clear_derived(g: Graph, schema: Schema) -> None:
    """Remove what `Aggregates.derive` writes, so that it can be written again."""
    derived = (KG.certainty, KG.confidence, KG.evidenceCount, KG.rule, KG.contradicts)
    for node in _assertions(g):
        for prop in derived:
            g.remove((node, prop, None))
        # an assertion's sentences are those of its evidence nodes
        g.remove((node, PROV.wasDerivedFrom, None))
        for ev in list(g.objects(node, KG.hasEvidence)):
            for sentence in g.objects(ev, PROV.wasDerivedFrom):
                g.add((node, PROV.wasDerivedFrom, sentence))
    relations = {str(p) for p in g.objects(None, RDF.predicate)}
    every = set(relations)
    for rel in relations:
        every |= schema.supers(rel)
    for rel in every:
        for s, o in list(g.subject_objects(URIRef(rel))):
            if str(s).startswith(ns.ENT) and str(o).startswith(ns.ENT):
                g.remove((s, URIRef(rel), o))
    for entity in set(g.subjects(KG.primaryClass, None)):
        primaries = {str(c) for c in g.objects(entity, KG.primaryClass)}
        for role in schema.role_classes - primaries:
            g.remove((entity, RDF.type, URIRef(role)))
        g.remove((entity, RDFS.label, None))
        g.remove((entity, SKOS.altLabel, None))
