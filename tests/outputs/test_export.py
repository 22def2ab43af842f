"""Every registered export format: written, deterministic, and reloadable."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from graph.errors import FormatError
from graph.outputs.export import EXPORTERS, export, format_for_path
from graph.rdf.files import load_graph

pytest_plugins = ["conftest_graph"]


@pytest.mark.parametrize("name", sorted(EXPORTERS))
def test_every_format_is_written_the_same_twice(
    name: str, tmp_path: Path, fixture_graph: Graph
) -> None:
    exporter = EXPORTERS[name]
    first = export(fixture_graph, name, tmp_path / f"one{exporter.extensions[0]}")
    second = export(fixture_graph, name, tmp_path / f"two{exporter.extensions[0]}")
    assert _contents(first) == _contents(second)
    assert all(_contents(first).values())
    assert format_for_path(first) == name


def _contents(path: Path) -> dict[str, bytes]:
    """The bytes of a file, or of each file of a folder."""
    if path.is_dir():
        return {p.name: p.read_bytes() for p in sorted(path.iterdir())}
    return {"": path.read_bytes()}


@pytest.mark.parametrize("name", sorted(n for n, e in EXPORTERS.items() if e.rdf))
def test_rdf_formats_round_trip(name: str, tmp_path: Path, fixture_graph: Graph) -> None:
    out = export(fixture_graph, name, tmp_path / f"g{EXPORTERS[name].extensions[0]}")
    assert isomorphic(load_graph(out), fixture_graph)


@pytest.mark.parametrize("name", ["trig", "nquads"])
def test_one_named_graph_per_document(
    name: str, tmp_path: Path, fixture_graph: Graph, results: tuple
) -> None:
    out = export(fixture_graph, name, tmp_path / f"g{EXPORTERS[name].extensions[0]}")
    ds = Dataset()
    ds.parse(out, format="trig" if name == "trig" else "nquads")
    named = {
        str(g.identifier): len(g) for g in ds.graphs() if str(g.identifier).startswith("https://")
    }
    docs = {"https://w3id.org/phytokg/doc/" + r.document.id[:16] for r in results}
    assert set(named) == docs
    # document C: 8 triples on the document (no title; 2 mentions), 5 on its sentence, 11 on
    # its evidence node
    assert named["https://w3id.org/phytokg/doc/" + results[2].document.id[:16]] == 8 + 5 + 11


def test_graphml_opens_with_networkx(tmp_path: Path, fixture_graph: Graph) -> None:
    out = export(fixture_graph, "graphml", tmp_path / "g.graphml")
    g = nx.read_graphml(out, force_multigraph=True)
    assert g.number_of_nodes() == 8
    assert g.number_of_edges() == 7  # the 8 assertions minus the negated one
    kratom = g.nodes["https://w3id.org/phytokg/entity/Kratom"]
    assert kratom == {
        "label": "Kratom",
        "class": "HerbalProduct",
        "classes": "HerbalProduct",
        "identifiers": "",
        "discovered": "false",
    }
    edges = g.get_edge_data(
        "https://w3id.org/phytokg/entity/Kratom", "https://w3id.org/phytokg/entity/Anxiety"
    )
    assert {
        e["relation"]: (e["certainty"], e["evidence_count"], e["confidence"])
        for e in edges.values()
    } == {
        "alleviates": ("asserted", 2, 0.92),
        "mayCause": ("hedged", 1, 0.5),
    }


def test_graphml_edge_ids_are_unique_for_gephi_networkx_and_igraph(
    tmp_path: Path, seed_graph: Graph
) -> None:
    import xml.etree.ElementTree as ET

    import igraph

    from graph.outputs.stats import graph_stats

    counts = graph_stats(seed_graph)
    nodes = counts.entities
    assert counts.facts == 30
    out = export(seed_graph, "graphml", tmp_path / "g.graphml")
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    ids = [e.get("id") for e in ET.parse(out).getroot().iterfind(".//g:edge", ns)]
    assert len(ids) == 30 and len(set(ids)) == 30  # Gephi keeps one edge per id
    g = nx.read_graphml(out, force_multigraph=True)
    assert (g.number_of_nodes(), g.number_of_edges()) == (nodes, 30)
    assert len({k for _, _, k in g.edges(keys=True)}) == 30
    ig = igraph.Graph.Read_GraphML(str(out))
    assert (ig.vcount(), ig.ecount()) == (nodes, 30)
    assert ig.is_directed()
    relations = {e["relation"] for e in ig.es}
    assert {"agonistOf", "alleviates", "mayCause", "hasConstituent"} <= relations
    labels = set(ig.vs["label"])
    kratom = ig.vs.find(label="Kratom").index
    assert "Kratom" in labels and ig.degree(kratom, mode="out") >= 20


def test_csv_has_one_row_per_assertion(tmp_path: Path, fixture_graph: Graph) -> None:
    out = export(fixture_graph, "csv", tmp_path / "facts.csv")
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 8
    assert {
        (
            r["subject"],
            r["relation"],
            r["object"],
            r["certainty"],
            r["confidence"],
            r["evidence_count"],
            r["documents"],
        )
        for r in rows
        if r["subject"] == "Kratom"
    } == {
        ("Kratom", "alleviates", "anxiety", "asserted", "0.92", "2", "a.txt;sub/b.txt"),
        ("Kratom", "hasConstituent", "Mitragynine", "asserted", "0.9", "1", "a.txt"),
        ("Kratom", "mayCause", "anxiety", "hedged", "0.5", "1", "sub/b.txt"),
        ("Kratom", "mayCause", "nausea", "asserted", "0.75", "1", "sub/b.txt"),
        ("Kratom", "mayCause", "nausea", "negated", "0.7", "1", "a.txt"),
    }


def test_csv_has_pmids_and_evidence_sentences(tmp_path: Path, fixture_graph: Graph) -> None:
    out = export(fixture_graph, "csv", tmp_path / "facts.csv")
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0])[-2:] == ["pmids", "evidence"]
    assert all(r["evidence"] for r in rows)
    assert all(r["pmids"] == "" for r in rows)  # plain-text documents have no PMID


def test_stdout_and_devices_are_written_directly(
    tmp_path: Path, fixture_graph: Graph, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    export(fixture_graph, "nt", "-")
    assert capsysbinary.readouterr().out.count(b" .\n") == len(fixture_graph)
    export(fixture_graph, "csv", "/dev/null")
    assert Path("/dev/null").is_char_device()  # not replaced by a file
    fifo = tmp_path / "pipe"
    import os
    import threading

    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    export(fixture_graph, "csv", fifo)
    reader.join()
    assert got[0].startswith(b"subject,relation,object")
    assert not fifo.is_file()
    with pytest.raises(FormatError, match="writes a folder"):
        export(fixture_graph, "kgx", "-")


def test_jsonld_uses_our_prefixes(tmp_path: Path, fixture_graph: Graph) -> None:
    import json

    doc = json.loads(
        export(fixture_graph, "json-ld", tmp_path / "g.jsonld").read_text(encoding="utf-8")
    )
    assert doc["@context"]["kg"] == "https://w3id.org/phytokg/vocab#"
    assert "ent:Kratom" in {node["@id"] for node in doc["@graph"]}


def test_unknown_format_lists_the_known_ones(tmp_path: Path, fixture_graph: Graph) -> None:
    with pytest.raises(FormatError) as err:
        export(fixture_graph, "xlsx", tmp_path / "g.xlsx")
    assert str(err.value) == (
        "unknown export format 'xlsx' (known: turtle, json-ld, nt, trig, nquads, graphml, csv, kgx)"
    )
    assert not (tmp_path / "g.xlsx").exists()
