"""SHACL validation against the shapes of the ontology folder."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal

from graph.outputs.validate import validate
from graph.rdf.memory import KG, RDF, RDFS, XSD, entity_iri

pytest_plugins = ["conftest_graph"]


def test_built_graph_conforms(fixture_graph: Graph) -> None:
    report = validate(fixture_graph)
    assert report.conforms
    assert report.violations == ()
    assert report.render() == "conforms: the graph satisfies every shape\n"


def test_violations_are_readable_lines(fixture_graph: Graph) -> None:
    fixture_graph.add((entity_iri("Kratom"), RDFS.label, Literal("Mitragyna speciosa")))
    node = sorted(fixture_graph.subjects(RDF.type, KG.Assertion))[0]
    fixture_graph.remove((node, KG.confidence, None))
    fixture_graph.add((node, KG.confidence, Literal("1.5", datatype=XSD.decimal)))
    report = validate(fixture_graph)
    assert not report.conforms
    local = str(node).rsplit("/", 1)[-1]
    assert len(report.violations) == 2
    assert report.violations[0].startswith(f"Violation: asr:{local} kg:confidence: ")
    assert report.violations[1].startswith("Violation: ent:Kratom rdfs:label: More than 1 value")
    assert all("\n" not in v for v in report.violations)
    assert report.render().startswith("2 violation(s):\nViolation: ")


def test_missing_shapes_is_an_ontology_error(fixture_graph: Graph, stand_in_ontology: Path) -> None:
    import pytest

    from graph.errors import OntologyError

    (stand_in_ontology / "shapes.ttl").unlink()
    with pytest.raises(OntologyError, match="SHACL shapes not found"):
        validate(fixture_graph)
