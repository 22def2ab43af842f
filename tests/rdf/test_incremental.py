"""Adding documents to a graph and removing one, without rebuilding."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from graph.errors import InputError
from graph.rdf.incremental import add_documents, find_document, remove_document
from graph.rdf.memory import KG, RDF, document_iri, entity_iri, results_to_graph

pytest_plugins = ["conftest_graph"]


def test_adding_b_to_a_equals_building_a_and_b(stand_in_ontology: Path, results: tuple) -> None:
    a, b, _c = results
    g = results_to_graph([a])
    assert add_documents(g, [b]) == 1
    assert isomorphic(g, results_to_graph([a, b]))


def test_adding_a_document_twice_changes_nothing(stand_in_ontology: Path, results: tuple) -> None:
    a, b, _c = results
    g = results_to_graph([a, b])
    before = len(g)
    assert add_documents(g, [a, a]) == 0
    assert len(g) == before
    assert isomorphic(g, results_to_graph([a, b]))


def test_removing_b_from_a_and_b_gives_a(stand_in_ontology: Path, results: tuple) -> None:
    a, b, _c = results
    g = results_to_graph([a, b])
    removed = remove_document(g, "sub/b.txt")
    expected = results_to_graph([a])
    assert removed == len(results_to_graph([a, b])) - len(expected)
    assert isomorphic(g, expected)
    assert (entity_iri("Ibogaline"), None, None) not in g  # only B mentioned it
    assert (entity_iri("Nausea"), RDF.type, KG.AdverseEffect) not in g  # B's role class


def test_remove_then_add_back(stand_in_ontology: Path, results: tuple) -> None:
    g = results_to_graph(results)
    remove_document(g, results[0].document.id[:8])
    add_documents(g, results[:1])
    assert isomorphic(g, results_to_graph(results))


def test_find_document_by_iri_prefix_and_path(stand_in_ontology: Path, results: tuple) -> None:
    g = results_to_graph(results)
    doc = results[1].document
    node = document_iri(doc.id)
    assert find_document(g, str(node)) == node
    assert find_document(g, "doc:" + doc.id[:16]) == node
    assert find_document(g, doc.id[:8]) == node
    assert find_document(g, "sub/b.txt") == node


def test_unknown_document_is_an_input_error(fixture_graph: Graph) -> None:
    with pytest.raises(InputError, match=r"no document 'missing\.txt' in the graph"):
        remove_document(fixture_graph, "missing.txt")
    with pytest.raises(InputError, match="no document"):
        remove_document(fixture_graph, "0123456")  # 7 hex digits: too short to be a prefix
