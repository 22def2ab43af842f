"""`stats` and the non-RDF exports of a big graph read its store: the same output as
from the parsed file (graph.outputs.store_view)."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from graph.rdf import cache


def _run(args: list[str]) -> str:
    from typer.testing import CliRunner

    from graph.cli.app import app

    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.stdout


def _outputs(graph: Path, out: Path) -> dict[str, bytes]:
    """What stats and each export print or write for `graph`."""
    found = {
        "stats": _run(["stats", "--graph", str(graph)]).encode(),
        "stats-json": _run(["stats", "--graph", str(graph), "--json"]).encode(),
    }
    out.mkdir()
    for fmt, name in (("csv", "facts.csv"), ("graphml", "g.graphml"), ("nt", "g.nt")):
        _run(["export", "--graph", str(graph), "--format", fmt, "--out", str(out / name)])
        found[fmt] = (out / name).read_bytes()
    _run(["export", "--graph", str(graph), "--format", "kgx", "--out", str(out / "kgx")])
    for tsv in sorted((out / "kgx").iterdir()):
        found[f"kgx/{tsv.name}"] = tsv.read_bytes()
    return found


@pytest.mark.parametrize("suffix", [".ttl", ".trig"])
def test_stats_and_exports_from_the_store_are_those_of_the_parsed_file(
    seed_graph: rdflib.Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    from graph.outputs.export import export

    graph = tmp_path / f"graph{suffix}"
    export(seed_graph, "turtle" if suffix == ".ttl" else "trig", graph)
    parsed = _outputs(graph, tmp_path / "parsed")
    assert not cache.cache_dir(graph).exists()  # a small file: no store beside it
    monkeypatch.setattr(cache, "CACHE_MIN_BYTES", 0)  # as if it were big
    stored = _outputs(graph, tmp_path / "stored")
    assert cache.is_cached(graph)
    assert stored.keys() == parsed.keys()
    for key in parsed:
        assert stored[key] == parsed[key], key
    assert b"triples" in parsed["stats"] and parsed["kgx/edges.tsv"].count(b"\n") > 10


def test_the_view_leaves_out_evidence_nodes_only(seed_graph: rdflib.Graph) -> None:
    from graph.domain.namespaces import KG
    from graph.outputs.store_view import FACTS, copy_from_store
    from graph.rdf.memory import RDF
    from graph.rdf.store import store_from_graph

    view = copy_from_store(store_from_graph(seed_graph), FACTS)
    evidence = set(seed_graph.subjects(RDF.type, rdflib.URIRef(KG + "Evidence")))
    assert evidence and not evidence & set(view.subjects())
    left_out = {rdflib.URIRef(p) for p in FACTS.predicates}

    def by_value(t: tuple[object, object, object]) -> tuple[object, ...]:
        """The store keeps typed literals by value ("1.0"^^xsd:decimal comes back as
        "1", xsd:nonNegativeInteger as xsd:integer) and names blank nodes afresh."""
        s, p, o = (x if not isinstance(x, rdflib.BNode) else "_:" for x in t)
        return (s, p, o.toPython() if isinstance(o, rdflib.Literal) else o)

    expected = {
        by_value(t) for t in seed_graph if t[0] not in evidence and t[1] not in left_out
    }  # fmt: skip
    assert {by_value(t) for t in view} == expected
    assert len(view) == sum(1 for t in seed_graph if t[0] not in evidence and t[1] not in left_out)
