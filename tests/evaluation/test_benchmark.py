"""`phytokg benchmark` runs end to end on tiny sizes and reports every figure.

Speed is measured by the benchmark, not asserted here."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.cli.app import app
from graph.evaluation.benchmark import run_benchmark
from graph.evaluation.benchmark_report import BenchmarkReport, render_table
from graph.evaluation.model_graphs import model_graph, model_ntriples, model_store
from graph.outputs.query import list_queries, run_query

TINY = {
    "workers": 2,
    "speedup_mb": 0.02,
    "triples": [1500],
    "rdflib_at": 1500,
    "entities": [40],
    "repeats": 1,
    "rdflib_timeout": 5.0,
}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> BenchmarkReport:
    return run_benchmark([0.02], work_dir=tmp_path_factory.mktemp("bench"), **TINY)  # type: ignore[arg-type]


def test_every_figure_is_measured(report: BenchmarkReport) -> None:
    assert [(b.size_mb >= 0.02, b.workers) for b in report.builds] == [(True, 1), (True, 2)]
    assert all(b.seconds > 0 and b.peak_mb > 0 and b.baseline_seconds > 0 for b in report.builds)
    assert all(b.documents >= 1 and b.facts > 0 for b in report.builds)
    assert len(report.speedups) == 1
    assert report.speedups[0].identical is True
    names = [q.name for q in list_queries()]
    assert [q.query for q in report.sparql] == names
    assert all(q.tool_ms > 0 and q.raw_ms > 0 and q.rdflib_ms is not None for q in report.sparql)
    assert report.startup is not None and report.startup.cli_ms > 0
    assert [h.entities for h in report.html] == [40]
    assert all(h.facts > 30 for h in report.html)  # 40 random facts, a few the same


def test_table_prints_every_figure(report: BenchmarkReport) -> None:
    table = render_table(report)
    for heading in (
        "Build throughput",
        "Parallel extraction",
        "SPARQL latency",
        "Start-up",
        "HTML page",
        "Commands on the built graph",
    ):
        assert heading in table
    assert (
        len(re.findall(r"^\| 0\.02\d* \| [12] \| ", table, re.MULTILINE)) == 3
    )  # two builds, one speed-up
    assert table.count("| 1500 | ") == len(list_queries())
    assert "| yes |" in table


def test_json_has_every_section(report: BenchmarkReport) -> None:
    data = json.loads(json.dumps(report.to_dict()))
    assert set(data) == {"corpus", "builds", "commands", "speedups", "sparql", "startup", "html"}
    assert data["corpus"] == "synthetic"
    commands = [c["command"].split()[0] for c in data["commands"]]
    assert commands == ["query", "validate", "render", "stats"]
    assert all(c["first_seconds"] > 0 and c["second_seconds"] > 0 for c in data["commands"])
    assert {"mb_per_s", "baseline_ratio", "peak_mb"} <= set(data["builds"][0])
    assert data["speedups"][0]["identical"] is True


def test_model_graph_follows_the_graph_model() -> None:
    lines = list(model_ntriples(3000))
    assert 2700 <= len(lines) < 3600  # whole documents, written by the graph model
    store = model_store(3000)
    result = run_query(store, "symptoms-relieved")
    assert result.kind == "select" and len(result.rows) > 0


def test_model_graph_for_the_page() -> None:
    g, facts = model_graph(50)
    assert facts > 40  # documents of 20 random facts each, at least 50 facts in all
    assert len(set(g.subjects())) > 50


def test_cli_benchmark_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "benchmark",
            "--sizes",
            "0.02",
            "--triples",
            "1000",
            "--rdflib-at",
            "0",
            "--entities",
            "20",
            "--repeats",
            "1",
            "--work-dir",
            str(tmp_path),
            "--corpus",
            "prose",
            "--no-commands",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["corpus"] == "prose" and data["commands"] == []
    assert [b["workers"] for b in data["builds"]] == [1, 2]
    assert all(b["facts"] > 0 and b["baseline_ratio"] > 0 for b in data["builds"])
    assert all(q["rdflib_ms"] is None for q in data["sparql"])


def test_cli_benchmark_rejects_bad_sizes() -> None:
    result = CliRunner().invoke(app, ["benchmark", "--sizes", "ten"])
    assert result.exit_code == 10
    assert "phytokg: error: --sizes expects comma-separated numbers, got 'ten'" in result.output


def test_prose_corpus_is_real_text_recombined_deterministically(tmp_path: Path) -> None:
    from graph.evaluation.prose import generate_prose_corpus, source_paragraphs

    paragraphs = set(source_paragraphs())
    count = generate_prose_corpus(tmp_path / "a", 0.05)
    generate_prose_corpus(tmp_path / "b", 0.05)
    files = sorted((tmp_path / "a").glob("*.txt"))
    assert len(files) == count > 1
    assert sum(f.stat().st_size for f in files) >= 50_000
    texts = [f.read_text(encoding="utf-8") for f in files]
    assert len(set(texts)) == len(texts)  # build reads each distinct text once
    assert texts == [(tmp_path / "b" / f.name).read_text(encoding="utf-8") for f in files]
    assert all(set(t.strip().split("\n\n")) <= paragraphs for t in texts)


def test_cli_benchmark_rejects_an_unknown_corpus(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["benchmark", "--sizes", "0.02", "--corpus", "poetry", "--work-dir", str(tmp_path)]
    )
    from graph.errors import InputError

    assert result.exit_code == InputError.exit_code
    assert "unknown corpus" in result.output


def test_commands_on_a_graph_of_their_own_size(tmp_path: Path) -> None:
    """--commands-size: the commands are timed on a bigger corpus than the builds'."""
    tiny = TINY | {"triples": [], "entities": [], "rdflib_at": None, "workers": 1}
    report = run_benchmark([0.02], work_dir=tmp_path, corpus="prose", commands_mb=0.05, **tiny)  # type: ignore[arg-type]
    assert [b.size_mb < 0.05 for b in report.builds] == [True]
    assert {c.size_mb for c in report.commands} == {0.05}
    assert report.commands and all(c.triples > 0 for c in report.commands)
    assert (tmp_path / "prose-0.05MB").is_dir()
