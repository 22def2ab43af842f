"""Adding documents to a built graph, and removing one, without rebuilding it.

Both are evidence operations after which `graph.rdf.memory` derives every aggregate
again, so that building A then adding B gives the graph of A+B, and removing B
from A+B gives the graph of A. Import this module lazily: it imports rdflib.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import Graph, URIRef

from graph.domain import namespaces as ns
from graph.errors import InputError
from graph.model import DocumentResult
from graph.rdf.memory import KG, NIF, PROV, RDF, add_results, document_iri, finalize, local_name

_HEX = re.compile(r"[0-9a-fA-F]{8,64}")


def add_documents(graph: Graph, results: Iterable[DocumentResult]) -> int:
    """Add the documents not yet in `graph` (same id: skipped); returns how many were added."""
    new: dict[str, DocumentResult] = {}
    for result in results:
        doc_id = result.document.id
        if (document_iri(doc_id), RDF.type, KG.Document) not in graph:
            new.setdefault(doc_id, result)
    if new:
        add_results(graph, [new[k] for k in sorted(new)])
    return len(new)


def documents(graph: Graph) -> list[URIRef]:
    return sorted(d for d in graph.subjects(RDF.type, KG.Document) if isinstance(d, URIRef))


def find_document(graph: Graph, doc: str) -> URIRef:
    """A document by IRI, sha256 prefix (>= 8 hex digits) or source path."""
    docs = documents(graph)
    text = doc.strip()
    matches = [d for d in docs if str(d) == text]
    if not matches and text.startswith("doc:"):
        matches = [d for d in docs if str(d) == ns.DOC + text[4:]]
    if not matches and _HEX.fullmatch(text):
        matches = [
            d
            for d in docs
            if str(graph.value(d, KG.sha256) or local_name(d)).startswith(text.lower())
        ]
    if not matches:
        matches = [d for d in docs if str(graph.value(d, KG.sourcePath) or "") == text]
    if not matches:
        raise InputError(
            f"no document {text!r} in the graph "
            "(give its IRI, a sha256 prefix of at least 8 hex digits, or its source path)"
        )
    if len(matches) > 1:
        raise InputError(f"{text!r} matches {len(matches)} documents; give a longer sha256 prefix")
    return matches[0]


def remove_document(graph: Graph, doc: str) -> int:
    """Remove a document, its sentences and evidence, and what is left without support.

    Assertions left without evidence and entities that no remaining document mentions
    go too; then the aggregates are derived again. Returns the number of triples removed.
    """
    node = find_document(graph, doc)
    before = len(graph)
    sentences = set(graph.subjects(NIF.referenceContext, node))
    evidence = {
        ev
        for s in sentences
        for ev in graph.subjects(PROV.wasDerivedFrom, s)
        if (ev, RDF.type, KG.Evidence) in graph
    }
    mentioned = set(graph.objects(node, KG.mentions))
    for subject in [node, *sentences, *evidence]:
        graph.remove((subject, None, None))
    for ev in evidence:
        graph.remove((None, None, ev))
    for sentence in sentences:
        graph.remove((None, PROV.wasDerivedFrom, sentence))
    for entity in mentioned:
        if (None, KG.mentions, entity) not in graph:
            graph.remove((entity, None, None))
            graph.remove((None, None, entity))
    finalize(graph)
    return before - len(graph)
