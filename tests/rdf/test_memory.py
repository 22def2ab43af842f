"""results_to_graph and finalize: the model of docs/graph-model.md on hand-made documents."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph.model import DocumentResult
from graph.rdf.memory import (
    KG,
    PROV,
    RDF,
    RDFS,
    SKOS,
    assertion_local,
    entity_iri,
    finalize,
    results_to_graph,
)

pytest_plugins = ["conftest_graph"]

ASR = "https://w3id.org/phytokg/assertion/"


def _assertion(g: Graph, s: str, rel: str, o: str, negated: bool = False) -> URIRef:
    from graph.model import Assertion

    node = URIRef(ASR + assertion_local(Assertion(s, rel, o, negated)))
    assert (node, RDF.type, KG.Assertion) in g
    return node


def test_merged_fact_aggregates_its_evidence(fixture_graph: Graph) -> None:
    node = _assertion(fixture_graph, "Kratom", "alleviates", "Anxiety")
    assert fixture_graph.value(node, KG.certainty) == KG.Asserted  # hedged in A, asserted in B
    assert fixture_graph.value(node, KG.confidence) == Literal(
        "0.92", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")
    )  # 1 - 0.4 * 0.2
    assert int(fixture_graph.value(node, KG.evidenceCount)) == 2
    assert len(set(fixture_graph.objects(node, PROV.wasDerivedFrom))) == 2
    assert set(fixture_graph.objects(node, KG.rule)) == {Literal("forward-cue")}


def test_hedged_only_fact_is_hedged(fixture_graph: Graph) -> None:
    node = _assertion(fixture_graph, "Kratom", "mayCause", "Anxiety")
    assert fixture_graph.value(node, KG.certainty) == KG.Hedged
    kratom, anxiety = entity_iri("Kratom"), entity_iri("Anxiety")
    assert (kratom, KG.mayCause, anxiety) in fixture_graph


def test_negated_fact_is_a_node_but_never_a_direct_triple(
    stand_in_ontology: Path, results: tuple[DocumentResult, ...]
) -> None:
    g = results_to_graph(results[:1])  # A alone: "does not cause nausea"
    node = _assertion(g, "Kratom", "mayCause", "Nausea", negated=True)
    assert g.value(node, KG.certainty) == KG.Negated
    assert (entity_iri("Kratom"), KG.mayCause, entity_iri("Nausea")) not in g
    # no role class from a denied fact
    assert (entity_iri("Nausea"), RDF.type, KG.AdverseEffect) not in g


def test_contradictions_are_written_both_ways(fixture_graph: Graph) -> None:
    pos = _assertion(fixture_graph, "Kratom", "mayCause", "Nausea")
    neg = _assertion(fixture_graph, "Kratom", "mayCause", "Nausea", negated=True)
    relieves = _assertion(fixture_graph, "Kratom", "alleviates", "Anxiety")
    causes = _assertion(fixture_graph, "Kratom", "mayCause", "Anxiety")
    pairs = set(fixture_graph.subject_objects(KG.contradicts))
    assert pairs == {(pos, neg), (neg, pos), (relieves, causes), (causes, relieves)}


def test_sub_property_is_also_written_as_interacts_with(fixture_graph: Graph) -> None:
    mg, mor = entity_iri("Mitragynine"), entity_iri("MuOpioidReceptor")
    assert (mg, KG.agonistOf, mor) in fixture_graph
    assert (mg, KG.interactsWith, mor) in fixture_graph
    assert set(fixture_graph.subjects(KG.interactsWith, mor)) == {mg, entity_iri("Ibogaline")}


def test_role_classes(fixture_graph: Graph) -> None:
    assert (entity_iri("Nausea"), RDF.type, KG.AdverseEffect) in fixture_graph
    assert (entity_iri("Anxiety"), RDF.type, KG.AdverseEffect) in fixture_graph
    assert (entity_iri("Anxiety"), RDF.type, KG.Symptom) in fixture_graph
    # the object of alleviates that is a Condition does not become a Symptom
    assert set(fixture_graph.objects(entity_iri("Insomnia"), RDF.type)) == {KG.Condition}


def test_entities(fixture_graph: Graph) -> None:
    kratom = entity_iri("Kratom")
    assert fixture_graph.value(kratom, RDFS.label) == Literal("Kratom")
    assert set(fixture_graph.objects(kratom, SKOS.altLabel)) == {Literal("ketum")}
    mg = entity_iri("Mitragynine")
    assert set(fixture_graph.objects(mg, SKOS.exactMatch)) == {
        URIRef("http://purl.obolibrary.org/obo/CHEBI_6956")
    }
    assert fixture_graph.value(entity_iri("Ibogaline"), KG.discovered) == Literal(True)
    assert (kratom, KG.discovered, None) not in fixture_graph


def test_only_supporting_sentences_and_no_blank_nodes_in_data(fixture_graph: Graph) -> None:
    from graph.rdf.memory import NIF

    assert len(set(fixture_graph.subjects(RDF.type, NIF.Sentence))) == 9
    assert len(set(fixture_graph.subjects(RDF.type, KG.Evidence))) == 9
    assert len(set(fixture_graph.subjects(RDF.type, KG.Assertion))) == 8
    assert len(set(fixture_graph.subjects(RDF.type, KG.Document))) == 3


def test_ontology_is_included_or_not(stand_in_ontology: Path, results: tuple) -> None:
    with_onto = results_to_graph(results)
    without = results_to_graph(results, ontology=False)
    assert (KG.agonistOf, RDFS.subPropertyOf, KG.interactsWith) in with_onto
    assert (KG.agonistOf, RDFS.subPropertyOf, KG.interactsWith) not in without
    # the hierarchy still comes from the ontology file
    assert (entity_iri("Mitragynine"), KG.interactsWith, entity_iri("MuOpioidReceptor")) in without


def test_finalize_is_idempotent_and_order_does_not_matter(
    stand_in_ontology: Path, results: tuple
) -> None:
    g = results_to_graph(results)
    again = Graph()
    again += g
    finalize(again)
    assert isomorphic(g, again)
    assert isomorphic(g, results_to_graph(reversed(results)))


def test_hierarchy_is_read_from_the_ontology(stand_in_ontology: Path, results: tuple) -> None:
    onto = stand_in_ontology / "phytokg.ttl"
    onto.write_text(
        onto.read_text().replace(
            "kg:agonistOf a owl:ObjectProperty ; rdfs:subPropertyOf kg:interactsWith .", ""
        ),
        encoding="utf-8",
    )
    g = results_to_graph(results)
    mg, mor = entity_iri("Mitragynine"), entity_iri("MuOpioidReceptor")
    assert (mg, KG.agonistOf, mor) in g
    assert (mg, KG.interactsWith, mor) not in g
