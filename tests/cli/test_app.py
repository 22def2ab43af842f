"""The command line as a user meets it: every command, its help, and bad input."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph import __version__
from graph.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def _commands() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`phytokg build` with no argument, run in a folder holding a copy of seeds/."""
    work = tmp_path_factory.mktemp("work")
    shutil.copytree(ROOT / "seeds", work / "seeds")
    import os

    old = Path.cwd()
    os.chdir(work)
    try:
        result = runner.invoke(app, ["build"])
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    (work / "summary.txt").write_text(result.stdout)
    return work


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"phytokg {__version__}"


def test_build_defaults_write_graph_and_page(built: Path) -> None:
    assert (built / "out" / "graph.ttl").stat().st_size > 1000
    html = (built / "out" / "graph.html").read_text(encoding="utf-8")
    assert "<html" in html.lower()
    summary = (built / "summary.txt").read_text()
    assert re.search(r"phytokg build: 2 documents, \d+ sentences in [\d.]+ s", summary)
    for word in (
        "entities:",
        "facts:",
        "asserted",
        "hedged",
        "negated",
        "grounding:",
        "wrote graph: out/graph.ttl",
        "wrote html: out/graph.html",
    ):
        assert word in summary
    assert "alleviates" in summary and "HerbalProduct" in summary


def test_build_twice_is_byte_identical(built: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(built / "seeds"), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "graph.ttl").read_bytes() == (built / "out" / "graph.ttl").read_bytes()


def test_build_json_summary(tmp_path: Path) -> None:
    import json

    result = runner.invoke(
        app, ["build", str(ROOT / "seeds"), "--out", str(tmp_path), "--no-html", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["documents"] == 2
    assert data["facts"]["alleviates"] >= 5
    assert not (tmp_path / "graph.html").exists()


def test_every_command_is_documented_and_has_help() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = _commands()
    assert {"build", "query", "render", "export", "stats", "validate", "evaluate"} <= set(commands)
    for name in commands:
        assert f"phytokg {name}" in readme, f"README does not show `phytokg {name}`"
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example" in result.stdout or "example" in result.stdout, name


def test_evaluate_prints_scores() -> None:
    result = runner.invoke(
        app,
        [
            "evaluate",
            "--gold",
            str(ROOT / "tests/gold/seeds-gold.tsv"),
            "--aliases",
            str(ROOT / "tests/gold/seeds-aliases.tsv"),
            str(ROOT / "seeds"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert re.match(r"precision [01]\.\d{3} .* recall [01]\.\d{3} .* F1 [01]\.\d{3}", result.stdout)


# --- bad input: one line on stderr, non-zero exit, no traceback --------------------------


def _one_line_error(result: object, needle: str) -> None:
    assert result.exit_code != 0  # type: ignore[attr-defined]
    err = result.stderr.strip()  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    assert len(err.splitlines()) == 1, err
    assert needle in err, err


def test_missing_path(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(tmp_path / "nope"), "--out", str(tmp_path)])
    _one_line_error(result, "no such file or directory")


def test_empty_corpus(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    result = runner.invoke(app, ["build", str(tmp_path / "docs"), "--out", str(tmp_path)])
    _one_line_error(result, "no readable documents")


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(app, ["build", str(tmp_path / "empty.txt"), "--out", str(tmp_path)])
    _one_line_error(result, "empty file")


def test_binary_file_among_good_ones_is_skipped(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "seeds", docs)
    (docs / "image.txt").write_bytes(bytes(range(256)) * 20)
    result = runner.invoke(app, ["build", str(docs), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "skipped image.txt" in result.stderr
    assert "2 documents" in result.stdout


def test_malformed_sparql(built: Path) -> None:
    result = runner.invoke(
        app, ["query", "SELECT ?x WHERE { ?x", "--graph", str(built / "out" / "graph.ttl")]
    )
    _one_line_error(result, "")


def test_missing_graph_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["stats", "--graph", str(tmp_path / "none.ttl")])
    _one_line_error(result, "none.ttl")


def test_graph_file_that_does_not_parse(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix x: <http://x/> .\nx:a x:b \n")
    result = runner.invoke(app, ["query", "SELECT * WHERE { ?s ?p ?o }", "--graph", str(bad)])
    _one_line_error(result, "bad.ttl")


def test_unknown_export_format(built: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "export",
            "--format",
            "docx",
            "--out",
            str(tmp_path / "x.docx"),
            "--graph",
            str(built / "out" / "graph.ttl"),
        ],
    )
    _one_line_error(result, "docx")


def test_interrupted_build_leaves_no_half_written_graph(tmp_path: Path, monkeypatch) -> None:
    """Outputs are written to a temporary file and renamed: a failure midway keeps the old."""
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(ROOT / "seeds"), "--out", str(out), "--no-html"])
    assert result.exit_code == 0
    before = (out / "graph.ttl").read_bytes()
    import graph.rdf.files as graphio

    real = graphio.os.replace

    def boom(src: object, dst: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(graphio.os, "replace", boom)
    result = runner.invoke(app, ["build", str(ROOT / "seeds"), "--out", str(out), "--no-html"])
    monkeypatch.setattr(graphio.os, "replace", real)
    assert result.exit_code != 0
    assert (out / "graph.ttl").read_bytes() == before
    assert [p.name for p in out.iterdir()] == ["graph.ttl"]


def test_stats_ontology_prints_coverage_meeting_the_minimums() -> None:
    import json

    result = runner.invoke(app, ["stats", "--ontology", "--json"])
    assert result.exit_code == 0, result.output
    coverage = json.loads(result.stdout)
    assert coverage["plants and products"] >= 25
    assert coverage["compounds"] >= 80
    assert coverage["of which neurotransmitters"] >= 10
    assert coverage["receptors and targets"] >= 30
    assert coverage["symptoms, conditions and adverse effects"] >= 250
    assert coverage["therapy entries"] >= 10
    text = runner.invoke(app, ["stats", "--ontology"]).stdout
    assert text.startswith("ontology coverage\n")


def test_build_keeps_a_persistent_store_with_one_writer(tmp_path: Path) -> None:
    store = tmp_path / "store"
    result = runner.invoke(
        app,
        ["build", str(ROOT / "seeds"), "--out", str(tmp_path), "--no-html", "--store", str(store)],
    )
    assert result.exit_code == 0, result.output
    assert f"wrote store: {store}" in result.stdout
    rows = runner.invoke(
        app, ["query", "compounds-of-plant", "--graph", str(store), "--format", "csv"]
    )
    assert rows.exit_code == 0, rows.output
    assert "Mitragynine" in rows.stdout
    from graph.rdf.store import open_store

    writer = open_store(store, write=True)  # another process holds the store for writing
    try:
        import subprocess
        import sys

        code = (
            "from graph.rdf.store import save_to_store; import sys; "
            f"save_to_store({str(tmp_path / 'graph.ttl')!r}, {str(store)!r})"
        )
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert done.returncode != 0
        assert "open for writing by another process" in done.stderr
    finally:
        del writer


def test_build_into_adds_documents_and_adding_them_again_changes_nothing(tmp_path: Path) -> None:
    docs = sorted((ROOT / "seeds").glob("*.txt"))
    first = runner.invoke(app, ["build", str(docs[0]), "--out", str(tmp_path), "--no-html"])
    assert first.exit_code == 0, first.output
    graph_file = tmp_path / "graph.ttl"
    added = runner.invoke(app, ["build", "--into", str(graph_file), str(docs[1]), "--no-html"])
    assert added.exit_code == 0, added.output
    once = graph_file.read_bytes()
    again = runner.invoke(app, ["build", "--into", str(graph_file), str(docs[1]), "--no-html"])
    assert again.exit_code == 0, again.output
    assert graph_file.read_bytes() == once
    both = runner.invoke(
        app, ["build", str(ROOT / "seeds"), "--out", str(tmp_path / "both"), "--no-html"]
    )
    assert both.exit_code == 0
    from rdflib.compare import isomorphic

    from graph.rdf.files import load_graph

    assert isomorphic(load_graph(graph_file), load_graph(tmp_path / "both" / "graph.ttl"))
