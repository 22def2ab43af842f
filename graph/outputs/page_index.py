"""What the HTML page reads from a graph (entities, classes, facts), and the filters that
choose what it shows (classes, relations, evidence, the neighbourhood of an entity)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph.domain.namespaces import (
    ASSERTION,
    DOC,
    EVIDENCE,
    KG,
    RDF,
    RDFS,
    SKOS,
)
from graph.errors import InputError

if TYPE_CHECKING:  # rdflib and numpy are imported lazily, inside the functions
    from rdflib import Graph
    from rdflib.term import Node

_NON_ENTITY_CLASSES = {KG + "Assertion", KG + "Evidence", KG + "Document"}
_INTERNAL = (KG, ASSERTION, EVIDENCE, DOC)


@dataclass(frozen=True)
class Fact:
    """One edge of the page: a direct triple (or a negated assertion)."""

    subject: str
    relation: str
    object: str
    assertion: str | None  # IRI of its kg:Assertion node, if the graph has one
    negated: bool = False


@dataclass
class Index:
    """What the page needs from the graph, read once."""

    labels: dict[str, str] = field(default_factory=dict)
    entities: dict[str, list[str]] = field(default_factory=dict)  # entity -> its classes
    class_parents: dict[str, set[str]] = field(default_factory=dict)
    prop_parents: dict[str, set[str]] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    negated: list[Fact] = field(default_factory=list)


# --------------------------------------------------------------------------- reading


def literal_number(g: Graph, s: Node, p: str) -> float | None:
    """The numeric literal value of (s, p), or None if there is none or it is not a number."""
    from rdflib import Literal, URIRef

    value = g.value(s, URIRef(p))
    if not isinstance(value, Literal):
        return None
    try:
        return float(value.toPython())
    except (TypeError, ValueError):
        return None


def literal_int(g: Graph, s: Node, p: str) -> int | None:
    value = literal_number(g, s, p)
    return int(value) if value is not None else None


def local_name(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1] or iri


def label_of(index: Index, iri: str) -> str:
    return index.labels.get(iri) or local_name(iri)


def _best_literal(values: Iterable[Node]) -> str | None:
    """The untagged or English value, the smallest first: deterministic."""
    ranked = sorted((getattr(v, "language", None) not in (None, "en"), str(v)) for v in values)
    return ranked[0][1] if ranked else None


def ancestors(parents: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for p in parents.get(todo.pop(), ()):
            if p not in seen and p != start:
                seen.add(p)
                todo.append(p)
    return seen


def read_index(g: Graph, show_negated: bool) -> Index:
    from rdflib import URIRef

    rdf_type, label = URIRef(RDF + "type"), URIRef(RDFS + "label")
    index = Index()
    for s in set(g.subjects(label, None)):
        if isinstance(s, URIRef):
            best = _best_literal(g.objects(s, label))
            if best:
                index.labels[str(s)] = best
    for pred, table in (
        (RDFS + "subClassOf", index.class_parents),
        (RDFS + "subPropertyOf", index.prop_parents),
    ):
        for s, o in g.subject_objects(URIRef(pred)):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                table.setdefault(str(s), set()).add(str(o))
    for s, o in g.subject_objects(rdf_type):
        cls = str(o)
        internal = str(s).startswith(_INTERNAL) or cls in _NON_ENTITY_CLASSES
        if isinstance(s, URIRef) and cls.startswith(KG) and not internal:
            index.entities.setdefault(str(s), []).append(cls)
    for classes in index.entities.values():
        classes.sort()
    assertions = _assertion_keys(g)
    triples = {
        (str(s), str(p), str(o))
        for s, p, o in g
        if str(p).startswith(KG) and str(s) in index.entities and str(o) in index.entities
    }
    supers = {q: ancestors(index.prop_parents, q) for q in index.prop_parents}
    for subj, rel, obj in sorted(triples):
        # skip the entailed super-property triple when a sub-property states the fact
        if any(rel in ups and (subj, q, obj) in triples for q, ups in supers.items() if q != rel):
            continue
        index.facts.append(Fact(subj, rel, obj, assertions.get((subj, rel, obj, False))))
    if show_negated:
        for (subj, rel, obj, neg), iri in sorted(assertions.items()):
            if neg and subj in index.entities and obj in index.entities:
                index.negated.append(Fact(subj, rel, obj, iri, negated=True))
    return index


def _assertion_keys(g: Graph) -> dict[tuple[str, str, str, bool], str]:
    from rdflib import URIRef

    keys: dict[tuple[str, str, str, bool], str] = {}
    for a in sorted(g.subjects(URIRef(RDF + "type"), URIRef(KG + "Assertion")), key=str):
        s, p, o = (g.value(a, URIRef(RDF + x)) for x in ("subject", "predicate", "object"))
        if s is None or p is None or o is None:
            continue
        negated = str(g.value(a, URIRef(KG + "certainty"))) == KG + "Negated"
        keys.setdefault((str(s), str(p), str(o), negated), str(a))
    return keys


# --------------------------------------------------------------------------- choosing


def _resolve(name: str, candidates: dict[str, str], what: str) -> str:
    """A user's name for a class, relation or entity -> its IRI (local name, label, CURIE, IRI)."""
    wanted = name.strip()
    low = wanted.casefold()
    if wanted in candidates:
        return wanted
    if ":" in wanted and not wanted.startswith("http"):
        prefix, _, rest = wanted.partition(":")
        from graph.domain.namespaces import PREFIXES

        if prefix in PREFIXES and PREFIXES[prefix] + rest in candidates:
            return PREFIXES[prefix] + rest
    for key in ("local", "label"):
        hits = sorted(
            iri
            for iri, label in candidates.items()
            if (local_name(iri) if key == "local" else label).casefold() == low
        )
        if hits:
            return hits[0]
    known = ", ".join(sorted({local_name(i) for i in candidates})[:30])
    raise InputError(f"unknown {what} {name!r}" + (f" (known: {known})" if known else ""))


def _known_classes(g: Graph, index: Index) -> dict[str, str]:
    names = {c for classes in index.entities.values() for c in classes}
    names |= {c for c in index.class_parents if c.startswith(KG)}
    names |= {p for ps in index.class_parents.values() for p in ps if p.startswith(KG)}
    return {c: label_of(index, c) for c in names - _NON_ENTITY_CLASSES}


def _known_relations(index: Index) -> dict[str, str]:
    names = {f.relation for f in index.facts + index.negated}
    names |= {p for p in index.prop_parents if p.startswith(KG)}
    names |= {q for qs in index.prop_parents.values() for q in qs if q.startswith(KG)}
    return {r: label_of(index, r) for r in names}


def _closure_down(
    parents: dict[str, set[str]], roots: set[str], universe: Iterable[str]
) -> set[str]:
    return {x for x in universe if x in roots or ancestors(parents, x) & roots}


def entity_names(g: Graph, index: Index) -> dict[str, list[str]]:
    from rdflib import URIRef

    alt = URIRef(SKOS + "altLabel")
    return {e: sorted(str(v) for v in g.objects(URIRef(e), alt)) for e in index.entities}


def find_entity(focus: str, index: Index, alt_labels: dict[str, list[str]]) -> str:
    if focus in index.entities:
        return focus
    low = focus.strip().casefold()
    for matcher in (
        lambda e: label_of(index, e).casefold() == low,
        lambda e: local_name(e).casefold() == low,
        lambda e: any(a.casefold() == low for a in alt_labels[e]),
    ):
        hits = sorted(e for e in index.entities if matcher(e))
        if hits:
            return hits[0]
    raise InputError(f"unknown focus entity {focus!r}: no entity has this label, synonym or IRI")


def _evidence_count(g: Graph, fact: Fact) -> int:
    from rdflib import URIRef

    if fact.assertion is None:
        return 0
    a = URIRef(fact.assertion)
    count = literal_number(g, a, KG + "evidenceCount")
    if count is not None:
        return int(count)
    return len(set(g.objects(a, URIRef(KG + "hasEvidence"))))


def select_facts(
    g: Graph,
    index: Index,
    classes: Sequence[str] | None,
    relations: Sequence[str] | None,
    min_evidence: int,
    focus: str | None,
    depth: int,
) -> tuple[list[str], list[Fact], dict[str, int]]:
    """Entities and facts that pass the filters, sorted."""
    if min_evidence < 0 or depth < 0:
        raise InputError("--min-evidence and --depth must be 0 or more")
    nodes = set(index.entities)
    if classes:
        known = _known_classes(g, index)
        wanted = {_resolve(c, known, "class") for c in classes}
        keep = _closure_down(index.class_parents, wanted, known)
        nodes = {e for e in nodes if keep & set(index.entities[e])}
    facts = [f for f in index.facts + index.negated if f.subject in nodes and f.object in nodes]
    if relations:
        known_rel = _known_relations(index)
        wanted_rel = {_resolve(r, known_rel, "relation") for r in relations}
        keep_rel = _closure_down(index.prop_parents, wanted_rel, known_rel)
        facts = [f for f in facts if f.relation in keep_rel]
    counts = {fact_id(f): _evidence_count(g, f) for f in facts}
    if min_evidence > 1:  # 1 (the default) keeps every fact, even one without recorded evidence
        facts = [f for f in facts if counts[fact_id(f)] >= min_evidence]
    if relations or min_evidence > 1:
        nodes = {e for f in facts for e in (f.subject, f.object)}
    if focus is not None:
        start = find_entity(focus, index, entity_names(g, index))
        nodes = _neighbourhood(start, facts, depth) if start in nodes else {start}
        facts = [f for f in facts if f.subject in nodes and f.object in nodes]
    facts.sort(key=lambda f: (f.subject, f.relation, f.object, f.negated))
    return sorted(nodes), facts, counts


def _neighbourhood(start: str, facts: list[Fact], depth: int) -> set[str]:
    adjacent: dict[str, set[str]] = {}
    for f in facts:
        adjacent.setdefault(f.subject, set()).add(f.object)
        adjacent.setdefault(f.object, set()).add(f.subject)
    seen, frontier = {start}, {start}
    for _ in range(depth):
        frontier = {n for x in frontier for n in adjacent.get(x, ())} - seen
        seen |= frontier
    return seen


def fact_id(f: Fact) -> str:
    if f.assertion:
        return f.assertion
    return (
        "fact:" + hashlib.sha256(f"{f.subject}|{f.relation}|{f.object}".encode()).hexdigest()[:16]
    )
