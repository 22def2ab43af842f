"""Every sink of the one graph model (graph.rdf.triples) writes the same graph: the
streaming Turtle writer (graph.rdf.stream), the in-memory rdflib graph (graph.rdf.memory,
written by graph.rdf.turtle), `build_graph` and the benchmark's synthetic store."""

from __future__ import annotations

import importlib
import itertools
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from graph.build import build, build_graph
from graph.domain.namespaces import ENT
from graph.evaluation.synthetic import generate_corpus
from graph.model import DocumentResult
from graph.pipeline import Context, extract_documents, load_context
from graph.rdf.files import load_graph
from graph.rdf.memory import KG, RDF, results_to_graph
from graph.rdf.stream import DEFAULT_RUN_LINES, stream_part, summary_graph, write_results
from graph.rdf.terms import key, key_of_text, name
from graph.rdf.turtle import to_turtle
from graph.text.read import read_documents

pytest_plugins = ["conftest_graph"]

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
CORPUS = ROOT / "tests" / "corpus"


@pytest.fixture(scope="module")
def context() -> Context:
    return load_context()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 0.3 MB of synthetic articles."""
    folder = tmp_path_factory.mktemp("synthetic-fast")
    generate_corpus(folder, 0.3, seed=5)
    return folder


def _fast_turtle(
    results: list[DocumentResult], folder: Path, run_lines: int = DEFAULT_RUN_LINES
) -> str:
    out = folder / "fast.ttl"
    write_results((stream_part(r) for r in results), out, run_lines=run_lines)
    return out.read_text(encoding="utf-8")


def _results(paths: list[Path], context: Context) -> list[DocumentResult]:
    return list(extract_documents(read_documents(paths), context))


def test_hand_made_documents_in_any_order(
    stand_in_ontology: Path, results: tuple[DocumentResult, ...], tmp_path: Path
) -> None:
    expected = to_turtle(results_to_graph(results))
    for order in itertools.permutations(results):
        assert _fast_turtle(list(order), tmp_path) == expected


def test_a_document_given_twice_changes_nothing(
    stand_in_ontology: Path, results: tuple[DocumentResult, ...], tmp_path: Path
) -> None:
    twice = [*results, results[0]]
    assert _fast_turtle(twice, tmp_path) == to_turtle(results_to_graph(twice))
    assert _fast_turtle(twice, tmp_path) == to_turtle(results_to_graph(results))


@pytest.mark.parametrize("corpus", ["seeds", "corpus", "synthetic"])
def test_every_sink_writes_the_same_graph(
    corpus: str, synthetic: Path, context: Context, tmp_path: Path
) -> None:
    paths = {"seeds": [SEEDS], "corpus": [CORPUS], "synthetic": [synthetic]}[corpus]
    results = _results(paths, context)
    old = results_to_graph(results)
    expected = to_turtle(old)
    assert _fast_turtle(results, tmp_path) == expected
    # spilled to sorted runs on disk and merged back: the same bytes
    assert _fast_turtle(results, tmp_path, run_lines=500) == expected
    new, summary = build_graph(paths, context=context)
    assert len(new) == len(old)
    assert isomorphic(new, old)
    assert summary.documents == len(results)


def test_build_is_byte_identical_with_two_workers(synthetic: Path, tmp_path: Path) -> None:
    one = build([SEEDS, synthetic], tmp_path / "1")
    two = build([SEEDS, synthetic], tmp_path / "2", workers=2)
    for name_ in ("graph.ttl", "graph.html"):
        assert (tmp_path / "1" / name_).read_bytes() == (tmp_path / "2" / name_).read_bytes()
    assert one.to_dict() | {"seconds": 0, "outputs": {}} == two.to_dict() | {
        "seconds": 0,
        "outputs": {},
    }
    assert set(one.outputs) == {"graph", "html"}


def test_build_graph_file_is_the_rdflib_graph(
    tmp_path: Path, context: Context, synthetic: Path
) -> None:
    build([SEEDS], tmp_path, html=False, context=context)
    written = (tmp_path / "graph.ttl").read_text(encoding="utf-8")
    assert written == to_turtle(results_to_graph(_results([SEEDS], context)))
    assert isomorphic(load_graph(tmp_path / "graph.ttl"), build_graph([SEEDS], context=context)[0])


def test_large_graph_page_shows_entities_and_facts_only(
    tmp_path: Path, context: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importlib.import_module("graph.build"), "HTML_MAX_TRIPLES", 100)
    summary = build([SEEDS], tmp_path, context=context)
    assert summary.outputs["html"] == str(tmp_path / "graph.html")
    assert summary.outputs["html-note"].startswith("entities and direct facts only: the graph has")
    assert "Mitragynine" in (tmp_path / "graph.html").read_text(encoding="utf-8")


def test_summary_graph_has_the_entities_and_facts_without_evidence(
    tmp_path: Path, context: Context
) -> None:
    results = _results([SEEDS], context)
    full = results_to_graph(results)
    small = summary_graph(write_results((stream_part(r) for r in results), tmp_path / "g.ttl"))
    assert (None, KG.hasEvidence, None) not in small
    assert (None, RDF.type, KG.Evidence) not in small
    assert (None, RDF.type, KG.Assertion) not in small
    direct = {(s, p, o) for s, p, o in full if str(s).startswith(ENT) and str(o).startswith(ENT)}
    assert direct and direct <= set(small)


@pytest.mark.parametrize(
    "term",
    [
        "https://w3id.org/phytokg/entity/Kratom",
        "https://w3id.org/phytokg/doc/0a1b#char=1,23",
        "http://example.org/a b",
        ("plain", ""),
        ('quote " back \\ new\nline\ttab \x01', ""),
        ("12", "http://www.w3.org/2001/XMLSchema#integer"),
        ("12", "http://www.w3.org/2001/XMLSchema#nonNegativeInteger"),
        ("0.91", "http://www.w3.org/2001/XMLSchema#decimal"),
        ("true", "http://www.w3.org/2001/XMLSchema#boolean"),
    ],
)
def test_sort_key_is_recovered_from_the_turtle_text(term: str | tuple[str, str]) -> None:
    assert key_of_text(name(term)) == key(term)
