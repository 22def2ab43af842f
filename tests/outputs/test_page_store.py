"""Pages read from a store (graph.outputs.page_store) are the pages of the whole graph."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import rdflib

from graph.outputs.page import render_html
from graph.outputs.page_store import focus_subgraph, subgraph
from graph.rdf.store import store_from_graph


def _data(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', text, re.S)
    assert found is not None
    result: dict[str, object] = json.loads(found.group(1))
    return result


@pytest.mark.parametrize(("focus", "depth"), [("Kratom", 1), ("Mitragynine", 2), ("MOR", 1)])
def test_focus_page_from_the_store_is_the_page_of_the_whole_graph(
    seed_graph: rdflib.Graph, tmp_path: Path, focus: str, depth: int
) -> None:
    whole, part = tmp_path / "whole.html", tmp_path / "part.html"
    render_html(seed_graph, whole, focus=focus, depth=depth)
    g, iri, cut = focus_subgraph(store_from_graph(seed_graph), focus, depth, per_fact=None)
    assert cut == 0
    render_html(g, part, focus=iri, depth=depth)
    assert part.read_bytes() == whole.read_bytes()


def test_a_capped_page_keeps_the_counts_and_says_so(
    seed_graph: rdflib.Graph, tmp_path: Path
) -> None:
    store = store_from_graph(seed_graph)
    nodes = {
        str(s)
        for s in seed_graph.subjects()
        if str(s).startswith("https://w3id.org/phytokg/entity/")
    }
    full, _ = subgraph(store, nodes, per_fact=None)
    capped, cut = subgraph(store, nodes, per_fact=1)
    render_html(full, tmp_path / "full.html")
    render_html(capped, tmp_path / "capped.html", note="cut")
    a, b = _data(tmp_path / "full.html"), _data(tmp_path / "capped.html")
    edges_a = {e["id"]: e for e in a["edges"]}  # type: ignore[attr-defined]
    edges_b = {e["id"]: e for e in b["edges"]}  # type: ignore[attr-defined]
    assert edges_a.keys() == edges_b.keys()
    assert cut == sum(1 for e in edges_a.values() if len(e["evidence"]) > 1) > 0
    for key, e in edges_b.items():
        assert e["count"] == edges_a[key]["count"]
        assert e["certainty"] == edges_a[key]["certainty"]
        assert len(e["evidence"]) == min(1, len(edges_a[key]["evidence"]))
    assert b["note"] == "cut" and "note" not in a
    assert a["nodes"] == b["nodes"]  # identifiers, labels, classes


def test_render_focus_reads_the_store_beside_a_big_graph(
    seed_graph: rdflib.Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from graph.cli.app import app
    from graph.rdf import cache
    from graph.rdf.turtle import write_graph

    monkeypatch.setattr(cache, "CACHE_MIN_BYTES", 0)
    path = tmp_path / "graph.ttl"
    write_graph(seed_graph, path)
    out = tmp_path / "kratom.html"
    result = CliRunner().invoke(
        app, ["render", "--graph", str(path), "--focus", "Kratom", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert cache.is_cached(path)
    assert _data(out)["focus"] == "https://w3id.org/phytokg/entity/Kratom"
    bad = CliRunner().invoke(
        app, ["render", "--graph", str(path), "--focus", "Nothing at all", "--out", str(out)]
    )
    from graph.errors import InputError

    assert bad.exit_code == InputError.exit_code
    assert "unknown focus entity 'Nothing at all'" in bad.output
