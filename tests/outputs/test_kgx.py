"""KGX export (graph.kgx): Biolink mappings in the ontology, nodes.tsv and edges.tsv."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import rdflib
from rdflib import Literal, URIRef

from graph.domain import namespaces as ns
from graph.domain.schema import ontology_graph
from graph.outputs.kgx import (
    BIOLINK,
    EDGE_COLUMNS,
    NODE_COLUMNS,
    curie,
    kgx_tables,
    write_kgx,
)
from graph.rdf.memory import KG, RDF, RDFS
from graph.rdf.publication import PMCID, PMID

ROOT = Path(__file__).resolve().parents[2]
# The columns the KGX format documents for TSV (docs/kgx_format.md in biolink/kgx): the
# required ones, and the knowledge-provenance ones Biolink defines for edges.
KGX_NODE_REQUIRED = {"id", "category"}
KGX_EDGE_REQUIRED = {"id", "subject", "predicate", "object", "knowledge_level", "agent_type"}
KGX_EDGE_PROVENANCE = {"primary_knowledge_source", "publications"}


def _verified_biolink() -> set[str]:
    with (ROOT / "ontology" / "sources" / "verified-ids.tsv").open(encoding="utf-8") as handle:
        return {r["iri"] for r in csv.DictReader(handle, delimiter="\t") if "biolink" in r["iri"]}


def _domain_terms(owl_type: URIRef) -> list[URIRef]:
    schema = ontology_graph()
    return sorted(
        t
        for t in schema.subjects(RDF.type, owl_type)
        if isinstance(t, URIRef) and str(t).startswith(ns.KG)
    )


def test_every_entity_class_has_one_verified_biolink_category() -> None:
    schema = ontology_graph()
    entity_classes = [
        c
        for c in _domain_terms(rdflib.OWL.Class)
        if c not in (KG.Assertion, KG.Evidence, KG.Document, KG.Certainty)
    ]
    assert len(entity_classes) >= 12
    for cls in entity_classes:
        categories = list(schema.objects(cls, KG.biolinkCategory))
        assert len(categories) == 1, cls
        assert str(categories[0]) in _verified_biolink(), categories[0]


def test_every_relation_has_one_verified_biolink_predicate() -> None:
    schema = ontology_graph()
    relations = [
        p
        for p in _domain_terms(rdflib.OWL.ObjectProperty)
        if schema.value(p, RDFS.range) is not None
        and p not in (KG.certainty, KG.contradicts, KG.hasEvidence)
    ]
    assert len(relations) >= 10
    for relation in relations:
        predicates = list(schema.objects(relation, KG.biolinkPredicate))
        assert len(predicates) == 1, relation
        assert str(predicates[0]) in _verified_biolink(), predicates[0]


@pytest.mark.parametrize(
    ("iri", "expected"),
    [
        ("http://purl.obolibrary.org/obo/CHEBI_6956", "CHEBI:6956"),
        ("http://purl.obolibrary.org/obo/HP_0012531", "HP:0012531"),
        ("http://identifiers.org/pubchem.compound/3034396", "PUBCHEM.COMPOUND:3034396"),
        ("http://identifiers.org/hgnc/8156", "HGNC:8156"),
        ("http://purl.uniprot.org/uniprot/P35372", "UniProtKB:P35372"),
        ("http://id.nlm.nih.gov/mesh/D017450", "MESH:D017450"),
        ("https://w3id.org/biolink/vocab/has_part", "biolink:has_part"),
        ("https://w3id.org/phytokg/entity/Kratom", "phytokg:Kratom"),
        ("https://pubmed.ncbi.nlm.nih.gov/123/", "PMID:123"),
        ("urn:x:y", "urn:x:y"),
    ],
)
def test_curie(iri: str, expected: str) -> None:
    assert curie(iri) == expected


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_seed_export_has_biolink_categories_and_predicates(
    seed_graph: rdflib.Graph, tmp_path: Path
) -> None:
    out = write_kgx(seed_graph, tmp_path / "kgx")
    nodes, edges = _read(out / "nodes.tsv"), _read(out / "edges.tsv")
    assert tuple(nodes[0]) == NODE_COLUMNS and tuple(edges[0]) == EDGE_COLUMNS
    assert set(NODE_COLUMNS) >= KGX_NODE_REQUIRED
    assert set(EDGE_COLUMNS) >= KGX_EDGE_REQUIRED | KGX_EDGE_PROVENANCE
    entities = set(seed_graph.subjects(KG.primaryClass, None))
    assert len(nodes) == len(entities)
    assert all(n["category"].startswith("biolink:") for n in nodes)
    assert "biolink:NamedThing" not in {n["category"] for n in nodes}
    ids = {n["id"] for n in nodes}
    assert len(ids) == len(nodes)
    kratom = next(n for n in nodes if n["name"] == "Kratom")
    assert kratom["id"] == "phytokg:Kratom"
    assert kratom["category"] == "biolink:ComplexMolecularMixture"
    mitragynine = next(n for n in nodes if n["name"] == "Mitragynine")
    assert mitragynine["id"] == "CHEBI:6956"
    assert set(mitragynine["xref"].split("|")) == {
        "phytokg:Mitragynine",
        "PUBCHEM.COMPOUND:3034396",
        "MESH:C001801",
    }
    facts = [
        a for a in seed_graph.subjects(RDF.type, KG.Assertion)
        if seed_graph.value(a, KG.certainty) != KG.Negated
    ]  # fmt: skip
    assert len(edges) == len(facts) == 30
    for edge in edges:
        assert edge["subject"] in ids and edge["object"] in ids
        assert edge["predicate"].startswith("biolink:")
        assert edge["knowledge_level"] == "not_provided"
        assert edge["agent_type"] == "text_mining_agent"
        assert edge["original_predicate"].startswith("phytokg.vocab:")
    assert len({e["id"] for e in edges}) == len(edges)
    by_relation = {}
    for e in edges:
        by_relation.setdefault(e["original_predicate"], set()).add(e["predicate"])
    assert all(len(p) == 1 for p in by_relation.values())  # one predicate per relation
    assert by_relation["phytokg.vocab:mayCause"] == {"biolink:has_adverse_event"}


def test_edges_carry_the_publications_of_their_documents(seed_graph: rdflib.Graph) -> None:
    g = rdflib.Graph()
    for triple in seed_graph:
        g.add(triple)
    documents = sorted(g.subjects(RDF.type, KG.Document))
    g.add((documents[0], URIRef(PMID), Literal("99000001")))
    g.add((documents[1], URIRef(PMCID), Literal("PMC9900002")))
    _, edges = kgx_tables(g)
    publications = {p for e in edges for p in e[EDGE_COLUMNS.index("publications")].split("|")}
    assert publications == {"PMID:99000001", "PMCID:PMC9900002"}


def test_output_is_deterministic(seed_graph: rdflib.Graph, tmp_path: Path) -> None:
    one, two = write_kgx(seed_graph, tmp_path / "one"), write_kgx(seed_graph, tmp_path / "two")
    for name in ("nodes.tsv", "edges.tsv"):
        assert (one / name).read_bytes() == (two / name).read_bytes()


def test_mappings_fall_back_to_the_project_ontology(seed_graph: rdflib.Graph) -> None:
    data = rdflib.Graph()
    for s, p, o in seed_graph:
        if p not in (KG.biolinkCategory, KG.biolinkPredicate):
            data.add((s, p, o))
    assert kgx_tables(data) == kgx_tables(seed_graph)
    assert BIOLINK.has_part  # the namespace is Biolink's


def _offline_kgx() -> object:
    """The kgx library, pointed at the Biolink model the biolink-model package ships (kgx
    and bmt fetch the model and a JSON-LD context from GitHub by default)."""
    pytest.importorskip("kgx")  # not among the test dependencies: heavy; run where installed
    import importlib.util

    import yaml

    spec = importlib.util.find_spec("biolink_model")
    assert spec is not None and spec.submodule_search_locations
    schema = Path(next(iter(spec.submodule_search_locations))) / "schema" / "biolink_model.yaml"
    import bmt.toolkit

    original = bmt.toolkit.Toolkit.__init__

    def local_toolkit(
        self: object, schema_path: object = str(schema), *args: object, **kw: object
    ) -> None:
        kw["predicate_map"] = {"predicate mappings": []}
        original(self, str(schema), **kw)  # type: ignore[arg-type]

    bmt.toolkit.Toolkit.__init__ = local_toolkit  # type: ignore[method-assign]
    import kgx.config

    prefixes = yaml.safe_load(schema.read_text(encoding="utf-8"))["prefixes"]
    kgx.config.jsonld_context_map["biolink"] = {
        **prefixes,
        **{p: "http://purl.obolibrary.org/obo/" + p + "_" for p in ("CHEBI", "HP", "MONDO", "PO")},
        "phytokg": "https://w3id.org/phytokg/entity/",
        "@vocab": "https://w3id.org/biolink/vocab/",
    }
    import kgx.transformer

    return kgx.transformer


def test_kgx_reads_it_back(seed_graph: rdflib.Graph, tmp_path: Path) -> None:
    transformer = _offline_kgx()
    out = write_kgx(seed_graph, tmp_path / "kgx")
    t = transformer.Transformer()  # type: ignore[attr-defined]
    t.transform(
        input_args={"filename": [str(out / "nodes.tsv"), str(out / "edges.tsv")], "format": "tsv"}
    )
    g = t.store.graph
    assert (g.number_of_nodes(), g.number_of_edges()) == (38, 30)
    node = g.get_node("CHEBI:6956")
    assert node["category"] == ["biolink:SmallMolecule"] and node["name"] == "Mitragynine"
    edges = [data for _, _, _, data in g.edges(keys=True, data=True)]
    assert {e["knowledge_level"] for e in edges} == {"not_provided"}
    assert {e["agent_type"] for e in edges} == {"text_mining_agent"}
