"""Synthetic graphs for the benchmark, made by the graph model itself.

Random facts between random entities of the relations' own classes (read from
ontology/cues.toml), turned into a graph by `graph.rdf.triples` like any extraction:
the SPARQL and page benchmarks measure graphs of the real shape.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from graph.model import Assertion, Certainty, Document, DocumentResult, Entity, Evidence

FACTS_PER_DOCUMENT = 20
# Triples an assertion node adds beyond its document's own (type, subject, predicate,
# object, certainty, confidence, evidence count, rule) and the direct triple.
_DERIVED_PER_FACT = 9


def _relations() -> list[tuple[str, str, str]]:
    """(relation, subject class, object class) of each relation of cues.toml."""
    from graph.domain.cues import load_cues
    from graph.paths import ontology_dir

    cues = load_cues(ontology_dir() / "cues.toml")
    return [(r.name, r.subject[0], r.object[0]) for r in cues.relations if r.subject and r.object]


def _entities(relations: list[tuple[str, str, str]], n: int) -> dict[str, list[Entity]]:
    classes = sorted({c for _, s, o in relations for c in (s, o)})
    by_class: dict[str, list[Entity]] = {c: [] for c in classes}
    for i in range(max(n, len(classes))):
        cls = classes[i % len(classes)]
        ids = (f"http://purl.obolibrary.org/obo/X_{i}",) if i % 3 == 0 else ()
        by_class[cls].append(Entity(f"E{i}", f"{cls} {i}", cls, identifiers=ids))
    return by_class


def _evidence(doc_id: str, k: int, certainty: Certainty, confidence: float) -> Evidence:
    begin = k * 100
    text = f"Sentence {k} of document {doc_id[:8]}."
    return Evidence(
        doc_id, begin, begin + 90, text, begin, begin + 5, begin + 20, begin + 30,
        "cue", "forward-cue", certainty, confidence,
    )  # fmt: skip


def model_results(n_facts: int, n_entities: int, seed: int = 0) -> Iterator[DocumentResult]:
    """Documents of FACTS_PER_DOCUMENT random facts each, `n_facts` in all (rounded up)."""
    rng = random.Random(seed)
    relations = _relations()
    by_class = _entities(relations, n_entities)
    doc_no = 0
    while doc_no * FACTS_PER_DOCUMENT < n_facts:
        doc_id = f"{doc_no:064x}"
        doc = Document(doc_id, "", f"doc{doc_no}.txt", "", "text/plain", 0)
        assertions, mentioned = [], {}
        for k in range(FACTS_PER_DOCUMENT):
            rel, s_cls, o_cls = relations[rng.randrange(len(relations))]
            s = by_class[s_cls][rng.randrange(len(by_class[s_cls]))]
            o = by_class[o_cls][rng.randrange(len(by_class[o_cls]))]
            negated = rng.random() < 0.05
            certainty = (
                Certainty.NEGATED if negated else rng.choice([Certainty.ASSERTED, Certainty.HEDGED])
            )
            ev = _evidence(doc_id, k, certainty, 0.8)
            assertions.append(Assertion(s.id, rel, o.id, negated, (ev,)))
            mentioned[s.id], mentioned[o.id] = s, o
        yield DocumentResult(doc, (), tuple(mentioned.values()), (), tuple(assertions))
        doc_no += 1


def model_ntriples(n_triples: int, seed: int = 0) -> Iterator[str]:
    """N-Triples lines of a graph of about `n_triples` (whole documents), written by the
    graph model (graph.rdf.triples) as a build would."""
    from graph.domain.schema import schema_of
    from graph.rdf.terms import Term, escape_string, iri_ref
    from graph.rdf.triples import Aggregates, document_part

    def nt(t: Term) -> str:
        if isinstance(t, str):
            return iri_ref(t)
        lex, dt = t
        return f'"{escape_string(lex)}"' + (f"^^{iri_ref(dt)}" if dt else "")

    aggregates = Aggregates()
    count = 0
    n_entities = max(20, n_triples // 60)
    per_doc = 0
    for result in model_results(10**12, n_entities, seed):
        part = document_part(result)
        aggregates.add(part)
        for s, p, o in part.triples:
            yield f"{iri_ref(s)} {iri_ref(p)} {nt(o)} ."
        per_doc = len(part.triples) + FACTS_PER_DOCUMENT * _DERIVED_PER_FACT
        count += per_doc
        if count + 4 * n_entities >= n_triples:
            break
    for s, p, o in aggregates.derive(schema_of()).triples():
        yield f"{iri_ref(s)} {iri_ref(p)} {nt(o)} ."


def model_store(n_triples: int) -> Any:
    """A pyoxigraph store with the ontology and a model graph of about `n_triples`."""
    import pyoxigraph as ox

    from graph.paths import ontology_dir

    store = ox.Store()
    data = "\n".join(model_ntriples(n_triples)).encode("utf-8") + b"\n"
    store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES)
    store.bulk_load(path=str(ontology_dir() / "phytokg.ttl"), format=ox.RdfFormat.TURTLE)
    return store


def model_graph(n_entities: int, seed: int = 0) -> tuple[Any, int]:
    """An rdflib graph (graph.rdf.memory) of `n_entities` entities and as many facts."""
    from graph.rdf.memory import results_to_graph

    results = list(model_results(n_entities, n_entities, seed))
    facts = {a.key for r in results for a in r.assertions}
    return results_to_graph(results), len(facts)
