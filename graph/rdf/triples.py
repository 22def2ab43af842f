"""The graph model (docs/graph-model.md), encoded once.

`document_part` turns one document's results into its own triples (the document, its
sentences, its evidence nodes, the links of its assertions to that evidence) plus what the
aggregates need. `Aggregates` pools those parts over a corpus and derives the rest:
entities (labels merged), each assertion node (certainty, confidence by noisy-OR, evidence
count, rules, contradictions), the direct triples and the role classes.

Every sink consumes these triples and nothing else knows how a node is shaped: the
streaming Turtle writer (`graph.rdf.stream`), the in-memory rdflib graph
(`graph.rdf.memory`) and the benchmark's synthetic store. Terms are plain values
(`graph.rdf.terms`); no rdflib here.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from sys import intern

from graph.domain import namespaces as ns
from graph.domain.schema import Schema
from graph.domain.vocabulary import kg
from graph.model import Certainty, DocumentResult, Entity, combine_certainty, noisy_or
from graph.rdf.nodes import Nodes, evidence_shape, sentence_shape
from graph.rdf.publication import publication_triples
from graph.rdf.terms import (
    DECIMAL,
    INTEGER,
    NONNEG,
    RDF_TYPE,
    TRUE,
    Subjects,
    Term,
    Triple,
    decimal_text,
    hash16,
)

FactKey = tuple[str, str, str, bool]  # subject id, relation local name, object id, negated

_PROV = ns.PROV
_NIF = ns.NIF


# ---------------------------------------------------------------- IRIs


def entity_iri(entity_id: str) -> str:
    return ns.ENT + entity_id


def document_iri(doc_id: str) -> str:
    return ns.DOC + doc_id[:16]


def sentence_iri(doc_id: str, begin: int, end: int) -> str:
    return f"{ns.DOC}{doc_id[:16]}#char={begin},{end}"


def assertion_local(k: FactKey) -> str:
    return hash16(f"{k[0]}|{k[1]}|{k[2]}|{1 if k[3] else 0}")


def assertion_iri(k: FactKey) -> str:
    return ns.ASSERTION + assertion_local(k)


@cache
def _certainty_iris() -> dict[Certainty, str]:
    return {
        Certainty.ASSERTED: kg.Asserted,
        Certainty.HEDGED: kg.Hedged,
        Certainty.NEGATED: kg.Negated,
    }


@cache
def _certainties() -> dict[str, Certainty]:
    return {iri: c for c, iri in _certainty_iris().items()}


def certainty_iri(c: Certainty) -> str:
    return _certainty_iris()[c]


def certainty_of_iri(iri: str) -> Certainty:
    return _certainties()[iri]


# ---------------------------------------------------------------- one document


@dataclass(frozen=True)
class FactPart:
    """What one document says about one fact: its distinct evidence nodes' values."""

    key: FactKey
    certainties: frozenset[str]  # certainty IRIs of its evidence nodes
    confidences: tuple[float, ...]  # one per distinct evidence node
    rules: frozenset[str]
    raw_certainty: Certainty  # Assertion.certainty (the build summary counts it)


@dataclass(frozen=True)
class DocPart:
    """A document's own triples plus what the aggregates need."""

    doc_id: str
    sentences: int
    entities: tuple[Entity, ...]
    facts: tuple[FactPart, ...]
    triples: tuple[Triple, ...]
    nodes: tuple[Nodes, ...] = ()  # with `rows`: its sentences and evidence nodes


def document_part(result: DocumentResult, *, rows: bool = False) -> DocPart:
    """The triples and aggregate inputs of one document (pure; runs in workers too).
    With `rows`, its sentences and evidence nodes are `nodes` (graph.rdf.nodes), not
    triples."""
    d = result.document
    doc = document_iri(d.id)
    triples: list[Triple] = [
        (doc, RDF_TYPE, kg.Document),
        (doc, RDF_TYPE, _PROV + "Entity"),
    ]
    if d.title:
        triples.append((doc, ns.DCTERMS + "title", (d.title, "")))
    triples += [
        (doc, kg.sourcePath, (d.source, "")),
        (doc, kg.sha256, (d.id, "")),
        (doc, kg.size, (str(d.size), INTEGER)),
        (doc, ns.DCTERMS + "format", (d.media_type, "")),
    ]
    triples += publication_triples(doc, d.meta)
    triples += [(doc, kg.mentions, entity_iri(e.id)) for e in result.entities]
    facts: dict[FactKey, dict[str, tuple[str, float, str]]] = {}
    raw: dict[FactKey, Certainty] = {}
    sentences, evidences = Nodes(sentence_shape()), Nodes(evidence_shape())
    for a in result.assertions:
        local = assertion_local(a.key)
        asr = ns.ASSERTION + local
        evidence = facts.setdefault(a.key, {})
        if raw.get(a.key) is not Certainty.ASSERTED:
            raw[a.key] = a.certainty
        for e in a.evidence:
            sentence = sentence_iri(e.doc_id, e.sentence_begin, e.sentence_end)
            sentence_row = (
                _NIF + "Sentence",
                _NIF + "OffsetBasedString",
                (e.sentence_text, ""),
                (str(e.sentence_begin), NONNEG),
                (str(e.sentence_end), NONNEG),
                document_iri(e.doc_id),
            )
            ev = ns.EVIDENCE + hash16(
                f"{local}|{e.doc_id}|{e.sentence_begin}|{e.subject_begin}|{e.object_begin}|{e.cue}"
            )
            # A denied fact's evidence is negated whatever hedging the sentence also has.
            certainty = certainty_iri(Certainty.NEGATED if a.negated else e.certainty)
            confidence = decimal_text(e.confidence)
            evidence_row = (
                kg.Evidence,
                certainty,
                (confidence, DECIMAL),
                (e.rule, ""),
                (e.cue, ""),
                (str(e.subject_begin), INTEGER),
                (str(e.subject_end), INTEGER),
                (str(e.object_begin), INTEGER),
                (str(e.object_end), INTEGER),
                sentence,
            )
            if rows:
                sentences.add(sentence, sentence_row)
                evidences.add(ev, evidence_row)
            else:
                triples += zip(itertools.repeat(sentence), sentences.shape, sentence_row)
                triples += zip(itertools.repeat(ev), evidences.shape, evidence_row)
            triples += [(asr, kg.hasEvidence, ev), (asr, _PROV + "wasDerivedFrom", sentence)]
            # An evidence node stated twice keeps its first values.
            evidence.setdefault(ev, (certainty, float(confidence), e.rule))
    parts = tuple(
        FactPart(
            k,
            frozenset(c for c, _, _ in evs.values()),
            tuple(x for _, x, _ in evs.values()),
            frozenset(r for _, _, r in evs.values()),
            raw[k],
        )
        for k, evs in facts.items()
    )
    nodes = (sentences, evidences) if rows else ()
    return DocPart(d.id, len(result.sentences), result.entities, parts, tuple(triples), nodes)


# ---------------------------------------------------------------- the corpus


@dataclass(slots=True)
class FactAgg:
    """One fact's evidence over the corpus."""

    certainties: set[str] = field(default_factory=set)
    confidences: dict[float, int] = field(default_factory=dict)  # value -> how many nodes
    rules: set[str] = field(default_factory=set)
    count: int = 0

    def add(self, certainties: Iterable[str], confidences: Iterable[float], rules: Iterable[str]):
        self.certainties.update(certainties)
        self.rules.update(rules)
        for c in confidences:
            self.confidences[c] = self.confidences.get(c, 0) + 1
            self.count += 1

    def certainty(self) -> str:
        return certainty_iri(combine_certainty(certainty_of_iri(c) for c in self.certainties))

    def confidence(self) -> float:
        return noisy_or(c for c, n in self.confidences.items() for _ in range(n))


@dataclass(slots=True)
class EntityAgg:
    """One entity's classes, labels and identifiers over the corpus."""

    classes: set[str] = field(default_factory=set)
    labels: set[str] = field(default_factory=set)
    alts: set[str] = field(default_factory=set)
    identifiers: set[str] = field(default_factory=set)
    discovered: bool = False
    generic: bool = False


@dataclass
class Derived:
    """What `Aggregates.derive` yields."""

    entities: Subjects  # entity subjects: their own triples, direct triples, role classes
    assertions: list[tuple[str, dict[str, set[Term]]]]  # assertion nodes' derived triples
    direct: list[tuple[str, str, str]] | None  # the direct triples (None past max_facts)

    def triples(self) -> Iterator[Triple]:
        for subjects in (self.entities.items(), self.assertions):
            for s, props in subjects:
                for p, objs in props.items():
                    for o in objs:
                        yield (s, p, o)


class Aggregates:
    """Per-fact and per-entity state of a corpus; `derive` computes what it implies."""

    def __init__(self) -> None:
        self.facts: dict[FactKey, FactAgg] = {}
        self.entities: dict[str, EntityAgg] = {}
        self.documents: set[str] = set()

    def add(self, part: DocPart) -> None:
        repeated = part.doc_id in self.documents  # same text again: its evidence is known
        self.documents.add(part.doc_id)
        for e in part.entities:
            self.add_entity(e)
        for f in part.facts:
            fact = self.fact(f.key)
            if not repeated:
                fact.add(f.certainties, f.confidences, f.rules)

    def add_entity(self, e: Entity) -> None:
        agg = self.entity(e.id)
        agg.classes.add(ns.KG + e.cls)
        agg.labels.add(e.label)
        agg.alts.update(e.alt_labels)
        agg.identifiers.update(e.identifiers)
        agg.discovered |= e.discovered
        agg.generic |= e.generic

    def fact(self, k: FactKey) -> FactAgg:
        fact = self.facts.get(k)
        if fact is None:
            s, rel, o, neg = k
            fact = self.facts[(intern(s), intern(rel), intern(o), neg)] = FactAgg()
        return fact

    def entity(self, eid: str) -> EntityAgg:
        agg = self.entities.get(eid)
        if agg is None:
            agg = self.entities[eid] = EntityAgg()
        return agg

    def derive(self, schema: Schema, max_facts: int | None = None) -> Derived:
        """Entities, assertion nodes, direct triples and role classes; the direct triples
        are also listed unless there are more than `max_facts`."""
        out: Subjects = defaultdict(lambda: defaultdict(set))
        types: dict[str, set[str]] = {}
        for eid, e in self.entities.items():
            types[entity_iri(eid)] = _entity_triples(out[entity_iri(eid)], e)
        certainty = {k: f.certainty() for k, f in self.facts.items() if f.count}
        negated = kg.Negated
        # Role classes depend on the order of the facts only when a role class is itself
        # under an exempt class; then take the order of the assertion IRIs.
        keys: Iterable[FactKey] = certainty
        if any(schema.is_a(r.role, x) for r in schema.roles for x in r.unless):
            keys = sorted(certainty, key=assertion_iri)
        direct: list[tuple[str, str, str]] | None = []
        for k in keys:
            if certainty[k] == negated:
                continue
            s, rel, o = entity_iri(k[0]), ns.KG + k[1], entity_iri(k[2])
            up = schema.supers(rel)
            for p in {rel} | up:
                out[s][p].add(o)
                if direct is not None:
                    direct.append((s, p, o))
                    if max_facts is not None and len(direct) > max_facts:
                        direct = None
            classes = types.setdefault(o, set())
            for role in schema.roles:
                if role.relation not in up and role.relation != rel:
                    continue
                if any(schema.is_a(c, x) for c in classes for x in role.unless):
                    continue
                classes.add(role.role)
                out[o][RDF_TYPE].add(role.role)
        assertions = [
            (assertion_iri(k), self._assertion(k, agg, certainty, schema))
            for k, agg in self.facts.items()
            if agg.count
        ]
        return Derived(out, assertions, direct)

    def _assertion(
        self, k: FactKey, agg: FactAgg, certainty: dict[FactKey, str], schema: Schema
    ) -> dict[str, set[Term]]:
        s, rel, o, _negated = k
        return {
            RDF_TYPE: {kg.Assertion},
            ns.RDF + "subject": {entity_iri(s)},
            ns.RDF + "predicate": {ns.KG + rel},
            ns.RDF + "object": {entity_iri(o)},
            kg.certainty: {certainty[k]},
            kg.confidence: {(decimal_text(agg.confidence()), DECIMAL)},
            kg.evidenceCount: {(str(agg.count), INTEGER)},
            kg.rule: {(r, "") for r in agg.rules},
            kg.contradicts: {assertion_iri(x) for x in _contradicted(k, certainty, schema)},
        }


def _entity_triples(node: dict[str, set[Term]], e: EntityAgg) -> set[str]:
    """An entity's own triples; labels merge order-independently (smallest preferred)."""
    node[RDF_TYPE].update(e.classes)
    node[kg.primaryClass].update(e.classes)
    best = min(e.labels)
    node[ns.RDFS + "label"].add((best, ""))
    node[ns.SKOS + "altLabel"].update((a, "") for a in (e.labels | e.alts) - {best})
    node[ns.SKOS + "exactMatch"].update(e.identifiers)
    if e.discovered:
        node[kg.discovered].add(TRUE)
    if e.generic:
        node[kg.generic].add(TRUE)
    return set(e.classes)


def _contradicted(k: FactKey, certainty: dict[FactKey, str], schema: Schema) -> set[FactKey]:
    """The same triple with the other polarity, and positive facts of a disjoint relation."""
    s, rel, o, _negated = k
    negated = kg.Negated
    mine = certainty[k]
    others: set[FactKey] = set()
    for neg in (False, True):
        other = (s, rel, o, neg)
        denied = certainty.get(other) == negated
        if other != k and other in certainty and denied != (mine == negated):
            others.add(other)
    if mine == negated:
        return others
    for left, right in schema.disjoint_relations:
        for a, b in ((left, right), (right, left)):
            if ns.KG + rel != a or not b.startswith(ns.KG):
                continue
            for neg in (False, True):
                other = (s, b[len(ns.KG) :], o, neg)
                if other in certainty and certainty[other] != negated:
                    others.add(other)
    return others
