"""Nodes of a fixed shape: a document's sentences and evidence nodes, most of its triples.

A shape lists one predicate per object (a predicate twice for two objects); a node is a
row of objects in the shape's order. `graph.rdf.triples.document_part` builds the rows
(the graph model stays there, in one place); the in-memory sink takes them as triples
(`Nodes.triples`) and the streaming sink renders each row from a template of its shape
(`graph.rdf.stream`), without grouping triples by subject and predicate again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from graph.domain import namespaces as ns
from graph.domain.vocabulary import kg
from graph.rdf.terms import RDF_TYPE, Term, Triple

Shape = tuple[str, ...]
Row = tuple[Term, ...]


@cache
def sentence_shape() -> Shape:
    nif = ns.NIF
    return (RDF_TYPE, RDF_TYPE, nif + "anchorOf", nif + "beginIndex", nif + "endIndex",
            nif + "referenceContext")  # fmt: skip


@cache
def evidence_shape() -> Shape:
    return (RDF_TYPE, kg.certainty, kg.confidence, kg.rule, kg.cue, kg.subjectBegin,
            kg.subjectEnd, kg.objectBegin, kg.objectEnd, ns.PROV + "wasDerivedFrom")  # fmt: skip


@dataclass(frozen=True)
class Nodes:
    """Nodes of one shape: subject -> the distinct rows stated for it, in order (one,
    unless a document states a node twice with different values: then it has the
    objects of every row, as the triples would say)."""

    shape: Shape
    rows: dict[str, list[Row]] = field(default_factory=dict)

    def add(self, subject: str, row: Row) -> None:
        known = self.rows.get(subject)
        if known is None:
            self.rows[subject] = [row]
        elif row not in known:
            known.append(row)

    def triples(self) -> Iterator[Triple]:
        for subject, rows in self.rows.items():
            for row in rows:
                yield from ((subject, p, o) for p, o in zip(self.shape, row, strict=True))
