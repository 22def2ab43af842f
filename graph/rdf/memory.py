"""DocumentResult objects -> an RDF graph (docs/graph-model.md).

Two steps. `results_to_graph` writes what extraction found: entities, documents, the
sentences that support a fact, one evidence node per (fact, sentence) and a bare
assertion node per fact. `finalize` then derives everything else from the evidence
nodes present in the graph: each assertion's certainty, confidence, evidence count,
rules and sentences, the direct triples, the role classes of effects and the
contradictions. Merging graphs or removing a document is therefore only adding or
removing evidence, then `finalize`.

Import this module lazily: it imports rdflib.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from graph.domain import namespaces as ns
from graph.errors import OntologyError
from graph.model import Assertion, Certainty, DocumentResult, Entity, Evidence
from graph.paths import ontology_dir

KG = Namespace(ns.KG)
PROV = Namespace(ns.PROV)
NIF = Namespace(ns.NIF)
SKOS = Namespace(ns.SKOS)
DCTERMS = Namespace(ns.DCTERMS)
RDF = Namespace(ns.RDF)
RDFS = Namespace(ns.RDFS)
OWL = Namespace(ns.OWL)
XSD = Namespace(ns.XSD)

CERTAINTY_IRI: dict[Certainty, URIRef] = {
    Certainty.ASSERTED: KG.Asserted,
    Certainty.HEDGED: KG.Hedged,
    Certainty.NEGATED: KG.Negated,
}

# Role classes (docs/graph-model.md, "Entities"): the object of a relation (or of one of
# its sub-properties) also gets the role class, unless it already is one of the exempt ones.
ROLE_CLASSES: dict[URIRef, tuple[URIRef, tuple[URIRef, ...]]] = {
    KG.mayCause: (KG.AdverseEffect, ()),
    KG.alleviates: (KG.Symptom, (KG.Condition,)),
}
# Relations that contradict each other between the same subject and object; the ontology
# may add pairs with owl:propertyDisjointWith.
CONTRADICTING_RELATIONS: tuple[tuple[URIRef, URIRef], ...] = ((KG.alleviates, KG.mayCause),)

# Triples on an assertion node that finalize derives (and therefore first removes).
_DERIVED = (
    KG.certainty,
    KG.confidence,
    KG.evidenceCount,
    KG.rule,
    PROV.wasDerivedFrom,
    KG.contradicts,
)


# ---------------------------------------------------------------- IRIs and literals


def entity_iri(entity_id: str) -> URIRef:
    return URIRef(ns.ENT + entity_id)


def document_iri(doc_id: str) -> URIRef:
    return URIRef(ns.DOC + doc_id[:16])


def sentence_iri(doc_id: str, begin: int, end: int) -> URIRef:
    return URIRef(f"{ns.DOC}{doc_id[:16]}#char={begin},{end}")


def _hash16(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def assertion_local(a: Assertion) -> str:
    return _hash16(f"{a.subject}|{a.relation}|{a.object}|{1 if a.negated else 0}")


def evidence_local(assertion_name: str, e: Evidence) -> str:
    return _hash16(
        f"{assertion_name}|{e.doc_id}|{e.sentence_begin}|{e.subject_begin}|{e.object_begin}|{e.cue}"
    )


def decimal_literal(value: float) -> Literal:
    """An xsd:decimal with at most 4 decimals and a canonical lexical form ("0.91", "1.0")."""
    text = f"{value:.4f}".rstrip("0")
    if text.endswith("."):
        text += "0"
    if text == "-0.0":
        text = "0.0"
    return Literal(text, datatype=XSD.decimal)


def number(node: object) -> float:
    """The numeric value of a literal (0.0 when missing)."""
    return float(str(node)) if node is not None else 0.0


def _int(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def _nonneg(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.nonNegativeInteger)


def local_name(iri: object) -> str:
    """The part after the last # or / ("" for None)."""
    text = "" if iri is None else str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


# ---------------------------------------------------------------- the ontology


@lru_cache(maxsize=4)
def _parse_ontology(path: str, mtime: float) -> Graph:
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many types; report one line
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise OntologyError(f"{path}: does not parse as Turtle: {first}") from None
    return g


def ontology_graph() -> Graph:
    """ontology/phytokg.ttl, parsed once per process. Do not modify the returned graph."""
    path = ontology_dir() / "phytokg.ttl"
    return _parse_ontology(str(path), Path(path).stat().st_mtime)


@dataclass(frozen=True)
class Schema:
    """What finalize needs from the ontology: closures of the property and class hierarchies."""

    super_properties: dict[URIRef, frozenset[URIRef]]  # transitive, kg: namespace only
    super_classes: dict[URIRef, frozenset[URIRef]]  # transitive
    disjoint_relations: frozenset[tuple[URIRef, URIRef]]

    def supers(self, prop: URIRef) -> frozenset[URIRef]:
        return self.super_properties.get(prop, frozenset())

    def is_a(self, cls: URIRef, ancestor: URIRef) -> bool:
        return cls == ancestor or ancestor in self.super_classes.get(cls, frozenset())


def _closure(pairs: Iterable[tuple[URIRef, URIRef]]) -> dict[URIRef, frozenset[URIRef]]:
    direct: dict[URIRef, set[URIRef]] = defaultdict(set)
    for child, parent in pairs:
        if child != parent:
            direct[child].add(parent)
    result: dict[URIRef, frozenset[URIRef]] = {}
    for start in direct:
        seen: set[URIRef] = set()
        stack = list(direct[start])
        while stack:
            node = stack.pop()
            if node not in seen and node != start:
                seen.add(node)
                stack.extend(direct.get(node, ()))
        result[start] = frozenset(seen)
    return result


def schema_of(g: Graph) -> Schema:
    """The hierarchies declared in `g` and in ontology/phytokg.ttl (if it can be found)."""
    sources = [g]
    try:
        sources.append(ontology_graph())
    except OntologyError:
        if (None, RDFS.subPropertyOf, None) not in g:
            raise
    sub_props: list[tuple[URIRef, URIRef]] = []
    sub_classes: list[tuple[URIRef, URIRef]] = []
    disjoint: set[tuple[URIRef, URIRef]] = set(CONTRADICTING_RELATIONS)
    for src in sources:
        for s, o in src.subject_objects(RDFS.subPropertyOf):
            if isinstance(s, URIRef) and isinstance(o, URIRef) and str(o).startswith(ns.KG):
                sub_props.append((s, o))
        for s, o in src.subject_objects(RDFS.subClassOf):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                sub_classes.append((s, o))
        for s, o in src.subject_objects(OWL.propertyDisjointWith):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                disjoint.add((s, o))
    return Schema(_closure(sub_props), _closure(sub_classes), frozenset(disjoint))


# ---------------------------------------------------------------- building


def results_to_graph(results: Iterable[DocumentResult], *, ontology: bool = True) -> Graph:
    """The graph of a corpus: the ontology (if asked), then every document, then finalize."""
    g = Graph()
    if ontology:
        g += ontology_graph()
    add_results(g, results)
    finalize(g)
    return g


def add_results(g: Graph, results: Iterable[DocumentResult]) -> None:
    """Add what extraction found, without the derived triples (call `finalize` after)."""
    for result in results:
        _add_document(g, result)


def _add_document(g: Graph, result: DocumentResult) -> None:
    d = result.document
    node = document_iri(d.id)
    g.add((node, RDF.type, KG.Document))
    g.add((node, RDF.type, PROV.Entity))
    if d.title:
        g.add((node, DCTERMS["title"], Literal(d.title)))
    g.add((node, KG.sourcePath, Literal(d.source)))
    g.add((node, KG.sha256, Literal(d.id)))
    g.add((node, KG.size, _int(d.size)))
    g.add((node, DCTERMS["format"], Literal(d.media_type)))
    for entity in result.entities:
        add_entity(g, entity)
        g.add((node, KG.mentions, entity_iri(entity.id)))
    for assertion in result.assertions:
        _add_assertion(g, assertion)


def add_entity(g: Graph, e: Entity) -> None:
    """An entity; labels merge order-independently (smallest label preferred, others alt)."""
    node = entity_iri(e.id)
    cls = KG[e.cls]
    g.add((node, RDF.type, cls))
    g.add((node, KG.primaryClass, cls))
    labels = {str(lit) for lit in g.objects(node, RDFS.label)} | {e.label}
    alts = {str(lit) for lit in g.objects(node, SKOS.altLabel)} | set(e.alt_labels)
    best = min(labels)
    alts |= labels - {best}
    alts.discard(best)
    g.remove((node, RDFS.label, None))
    g.add((node, RDFS.label, Literal(best)))
    g.remove((node, SKOS.altLabel, None))
    for alt in alts:
        g.add((node, SKOS.altLabel, Literal(alt)))
    for identifier in e.identifiers:
        g.add((node, SKOS.exactMatch, URIRef(identifier)))
    if e.discovered:
        g.add((node, KG.discovered, Literal(True)))
    if e.generic:
        g.add((node, KG.generic, Literal(True)))


def _add_assertion(g: Graph, a: Assertion) -> None:
    name = assertion_local(a)
    node = URIRef(ns.ASSERTION + name)
    g.add((node, RDF.type, KG.Assertion))
    g.add((node, RDF.subject, entity_iri(a.subject)))
    g.add((node, RDF.predicate, KG[a.relation]))
    g.add((node, RDF.object, entity_iri(a.object)))
    for e in a.evidence:
        sentence = sentence_iri(e.doc_id, e.sentence_begin, e.sentence_end)
        g.add((sentence, RDF.type, NIF.Sentence))
        g.add((sentence, RDF.type, NIF.OffsetBasedString))
        g.add((sentence, NIF.anchorOf, Literal(e.sentence_text)))
        g.add((sentence, NIF.beginIndex, _nonneg(e.sentence_begin)))
        g.add((sentence, NIF.endIndex, _nonneg(e.sentence_end)))
        g.add((sentence, NIF.referenceContext, document_iri(e.doc_id)))
        ev = URIRef(ns.EVIDENCE + evidence_local(name, e))
        # A denied fact's evidence is negated whatever hedging the sentence also has.
        certainty = Certainty.NEGATED if a.negated else e.certainty
        g.add((ev, RDF.type, KG.Evidence))
        g.add((ev, KG.certainty, CERTAINTY_IRI[certainty]))
        g.add((ev, KG.confidence, decimal_literal(e.confidence)))
        g.add((ev, KG.rule, Literal(e.rule)))
        g.add((ev, KG.cue, Literal(e.cue)))
        g.add((ev, KG.subjectBegin, _int(e.subject_begin)))
        g.add((ev, KG.subjectEnd, _int(e.subject_end)))
        g.add((ev, KG.objectBegin, _int(e.object_begin)))
        g.add((ev, KG.objectEnd, _int(e.object_end)))
        g.add((ev, PROV.wasDerivedFrom, sentence))
        g.add((node, KG.hasEvidence, ev))


# ---------------------------------------------------------------- finalize


@dataclass(frozen=True)
class _Fact:
    node: URIRef
    subject: URIRef
    relation: URIRef
    object: URIRef
    certainty: URIRef


def finalize(g: Graph) -> None:
    """Recompute every derived triple from the evidence nodes in `g` (idempotent)."""
    schema = schema_of(g)
    relations = {p for p in g.objects(None, RDF.predicate) if isinstance(p, URIRef)}
    _drop_orphans(g)
    _clear_derived(g, relations, schema)
    facts = [f for f in (_aggregate(g, node) for node in _assertions(g)) if f is not None]
    for fact in facts:
        if fact.certainty == KG.Negated:
            continue
        g.add((fact.subject, fact.relation, fact.object))
        for parent in schema.supers(fact.relation):
            g.add((fact.subject, parent, fact.object))
        _add_role_classes(g, fact, schema)
    _add_contradictions(g, facts, schema)


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


def _clear_derived(g: Graph, relations: set[URIRef], schema: Schema) -> None:
    for node in _assertions(g):
        for prop in _DERIVED:
            g.remove((node, prop, None))
    every = set(relations)
    for rel in relations:
        every |= schema.supers(rel)
    for rel in every:
        for s, o in list(g.subject_objects(rel)):
            if str(s).startswith(ns.ENT) and str(o).startswith(ns.ENT):
                g.remove((s, rel, o))
    roles: set[Node] = {role for role, _ in ROLE_CLASSES.values()}
    for entity in set(g.subjects(KG.primaryClass, None)):
        primaries = set(g.objects(entity, KG.primaryClass))
        for role in roles - primaries:
            g.remove((entity, RDF.type, role))


def _aggregate(g: Graph, node: URIRef) -> _Fact | None:
    subject = g.value(node, RDF.subject)
    relation = g.value(node, RDF.predicate)
    obj = g.value(node, RDF.object)
    if not (
        isinstance(subject, URIRef) and isinstance(relation, URIRef) and isinstance(obj, URIRef)
    ):
        return None
    evidence = sorted(ev for ev in g.objects(node, KG.hasEvidence) if isinstance(ev, URIRef))
    certainties = {g.value(ev, KG.certainty) for ev in evidence}
    certainty: URIRef
    if KG.Negated in certainties:
        certainty = KG.Negated
    elif KG.Asserted in certainties:
        certainty = KG.Asserted
    else:
        certainty = KG.Hedged
    remaining = 1.0
    for c in sorted(number(g.value(ev, KG.confidence)) for ev in evidence):
        remaining *= 1.0 - c
    g.add((node, KG.certainty, certainty))
    g.add((node, KG.confidence, decimal_literal(round(1.0 - remaining, 4))))
    g.add((node, KG.evidenceCount, _int(len(evidence))))
    for ev in evidence:
        for rule in g.objects(ev, KG.rule):
            g.add((node, KG.rule, rule))
        for sentence in g.objects(ev, PROV.wasDerivedFrom):
            g.add((node, PROV.wasDerivedFrom, sentence))
    return _Fact(node, subject, relation, obj, certainty)


def _add_role_classes(g: Graph, fact: _Fact, schema: Schema) -> None:
    relations = {fact.relation} | schema.supers(fact.relation)
    classes = set(g.objects(fact.object, RDF.type))
    for relation, (role, exempt) in ROLE_CLASSES.items():
        if relation not in relations:
            continue
        if any(schema.is_a(c, x) for c in classes if isinstance(c, URIRef) for x in exempt):
            continue
        g.add((fact.object, RDF.type, role))


def _add_contradictions(g: Graph, facts: list[_Fact], schema: Schema) -> None:
    by_key: dict[tuple[URIRef, URIRef, URIRef], list[_Fact]] = defaultdict(list)
    for fact in facts:
        by_key[(fact.subject, fact.relation, fact.object)].append(fact)
    pairs: list[tuple[_Fact, _Fact]] = []
    for group in by_key.values():
        negated = [f for f in group if f.certainty == KG.Negated]
        positive = [f for f in group if f.certainty != KG.Negated]
        pairs += [(p, n) for p in positive for n in negated]
    for left, right in schema.disjoint_relations:
        for fact in facts:
            if fact.relation != left or fact.certainty == KG.Negated:
                continue
            for other in by_key.get((fact.subject, right, fact.object), []):
                if other.certainty != KG.Negated:
                    pairs.append((fact, other))
    for a, b in pairs:
        g.add((a.node, KG.contradicts, b.node))
        g.add((b.node, KG.contradicts, a.node))
