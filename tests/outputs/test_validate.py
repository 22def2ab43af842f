"""SHACL validation against the shapes of the ontology folder."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal

from graph.domain.namespaces import ENT
from graph.outputs.validate import validate
from graph.rdf.memory import KG, PROV, RDF, RDFS, XSD, entity_iri

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


def _break(g: Graph) -> None:
    """Many kinds of violation at once (and nodes left intact beside them)."""
    from rdflib import URIRef

    from graph.domain.namespaces import NIF

    nif = lambda name: URIRef(NIF + name)  # noqa: E731
    assertions = sorted(g.subjects(RDF.type, KG.Assertion))
    evidence = sorted(g.subjects(RDF.type, KG.Evidence))
    sentences = sorted(g.subjects(RDF.type, nif("Sentence")))
    documents = sorted(g.subjects(RDF.type, KG.Document))
    entities = sorted(e for e in g.subjects(RDFS.label, None) if str(e).startswith(ENT))
    g.add((entities[0], RDFS.label, Literal("a second label")))
    g.remove((entities[1], RDFS.label, None))
    a0, a1, a2 = assertions[:3]
    g.set((a0, KG.confidence, Literal("1.5", datatype=XSD.decimal)))
    g.set((a1, KG.evidenceCount, Literal("3")))  # an xsd:string
    g.set((a2, KG.certainty, KG.Negated))  # a negated assertion with its direct triple
    s, p, o = (g.value(assertions[3], RDF[x]) for x in ("subject", "predicate", "object"))
    g.remove((s, p, o))  # an asserted fact without its direct triple
    g.add((assertions[4], KG.contradicts, entities[2]))  # not an assertion
    g.set((evidence[0], KG.confidence, Literal("-0.1", datatype=XSD.decimal)))
    g.remove((evidence[1], KG.certainty, None))
    g.set((sentences[0], nif("anchorOf"), Literal("too short")))
    g.set((sentences[1], nif("beginIndex"), Literal(10_000, datatype=XSD.nonNegativeInteger)))
    g.set((documents[0], KG.sha256, Literal("not-a-digest")))
    g.add((entities[3], KG.hasConstituent, entities[3]))  # domain and range
    g.add((entity_iri("Nowhere"), KG.alleviates, entities[4]))  # an untyped subject
    g.add((evidence[2], KG.confidence, Literal("0.25", datatype=XSD.decimal)))  # two of them
    g.set((evidence[3], PROV.wasDerivedFrom, entities[5]))  # not a sentence
    g.add((assertions[5], KG.hasEvidence, sentences[2]))  # not an evidence node
    g.remove((sentences[3], nif("referenceContext"), None))
    # a negated twin of a positive assertion: conforms (a positive one states the fact)
    twin = URIRef(str(assertions[6]) + "-negated")
    for p, o in list(g.predicate_objects(assertions[6])):
        g.add((twin, p, KG.Negated if p == KG.certainty else o))


def test_sparql_validation_agrees_with_pyshacl_on_the_whole_graph(seed_graph: Graph) -> None:
    g = Graph()
    g += seed_graph
    assert validate(g) == validate(g, full=True)
    assert validate(g).conforms
    _break(g)
    fast, slow = validate(g), validate(g, full=True)
    assert not slow.conforms
    assert len(slow.violations) >= 16
    assert not any("-negated" in v for v in slow.violations)  # its positive twin states it
    assert fast == slow


def test_validate_reads_a_graph_file_through_its_store(
    tmp_path: Path, seed_graph: Graph, monkeypatch: object
) -> None:
    import pytest

    from graph.rdf import cache
    from graph.rdf.turtle import write_graph

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setattr(cache, "CACHE_MIN_BYTES", 0)
    g = Graph()
    g += seed_graph
    _break(g)
    path = tmp_path / "graph.ttl"
    write_graph(g, path)
    report = validate(path)
    assert cache.is_cached(path)
    assert report == validate(g, full=True)
