"""Graph files: loading with clear errors, and byte-stable sorted Turtle."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph.errors import GraphFileError
from graph.rdf.files import load_graph
from graph.rdf.turtle import to_turtle, write_graph

pytest_plugins = ["conftest_graph"]

TESTS = Path(__file__).resolve().parents[1]

SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
import conftest_graph as c
from graph.rdf.turtle import write_graph
from graph.rdf.memory import results_to_graph
write_graph(results_to_graph([c.doc_c(), c.doc_b(), c.doc_a()]), sys.argv[1])
"""


def test_turtle_is_byte_identical_across_hash_seeds(
    tmp_path: Path, stand_in_ontology: Path
) -> None:
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"graph-{seed}.ttl"
        env = {**os.environ, "PYTHONHASHSEED": seed, "PHYTOKG_ONTOLOGY": str(stand_in_ontology)}
        subprocess.run(
            [sys.executable, "-c", SCRIPT.format(tests=str(TESTS)), str(out)],
            check=True,
            env=env,
            cwd=TESTS.parent,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert b"_:" not in outputs[0]  # the ontology's blank nodes are written inline
    assert b"owl:unionOf ( kg:Compound kg:HerbalProduct )" in outputs[0]


def test_written_turtle_reloads_isomorphic(graph_file: Path, fixture_graph: Graph) -> None:
    assert isomorphic(load_graph(graph_file), fixture_graph)
    text = graph_file.read_text(encoding="utf-8")
    assert '"Valerian alleviates insomnia, a \\"sleep\\" disorder."' in text
    assert "ent:Kratom a kg:HerbalProduct ;\n" in text


def test_write_is_atomic_and_leaves_no_temporary_file(tmp_path: Path, fixture_graph: Graph) -> None:
    path = tmp_path / "g.ttl"
    write_graph(fixture_graph, path)
    write_graph(fixture_graph, path)
    assert [p.name for p in tmp_path.iterdir()] == ["g.ttl"]


def test_shared_and_cyclic_blank_nodes_get_stable_labels() -> None:
    ex = "http://example.org/"
    g = Graph()
    shared, a, b = BNode(), BNode(), BNode()
    g.add((URIRef(ex + "x"), URIRef(ex + "p"), shared))
    g.add((URIRef(ex + "y"), URIRef(ex + "p"), shared))
    g.add((shared, URIRef(ex + "v"), Literal("s")))
    g.add((a, URIRef(ex + "next"), b))  # a cycle of blank nodes
    g.add((b, URIRef(ex + "next"), a))
    g.add((a, URIRef(ex + "v"), Literal(1)))
    text = to_turtle(g)
    reloaded = Graph().parse(data=text, format="turtle")
    assert isomorphic(reloaded, g)
    assert to_turtle(reloaded) == text


def test_missing_file_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(GraphFileError) as err:
        load_graph(tmp_path / "nope.ttl")
    assert (
        str(err.value)
        == f"graph file not found: {tmp_path / 'nope.ttl'} (build one with `phytokg build`)"
    )


def test_unparsable_file_reports_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e .\n", encoding="utf-8"
    )
    with pytest.raises(GraphFileError) as err:
        load_graph(bad)
    message = str(err.value)
    assert message.startswith(f"{bad}: ")
    assert "line 3" in message
    assert "\n" not in message


def test_unknown_extension(tmp_path: Path) -> None:
    odd = tmp_path / "graph.xyz"
    odd.write_text("", encoding="utf-8")
    with pytest.raises(GraphFileError, match="unknown graph file extension"):
        load_graph(odd)
