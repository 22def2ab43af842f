"""The query, export, stats, validate and remove commands, through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from graph.cli.app import app as phytokg_app
from graph.rdf.files import load_graph

pytest_plugins = ["conftest_graph"]

COMMANDS = ("query", "export", "stats", "validate", "remove")


@pytest.fixture
def app() -> typer.Typer:
    return phytokg_app


runner = CliRunner()


def test_every_command_has_help_with_an_example(app: typer.Typer) -> None:
    for command in COMMANDS:
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0, result.output
        assert "Example: phytokg " + command in " ".join(result.output.split())
        if command != "export":
            assert "--graph" in result.output


def test_query_table_and_csv(app: typer.Typer, graph_file: Path) -> None:
    q = "SELECT ?o WHERE { ent:Valerian kg:alleviates ?o }"
    result = runner.invoke(app, ["query", q, "--graph", str(graph_file)])
    assert result.exit_code == 0, result.output
    assert result.output == "o\n------------\nent:Insomnia\n"
    result = runner.invoke(app, ["query", q, "-g", str(graph_file), "--format", "csv"])
    assert result.stdout_bytes == b"o\r\nhttps://w3id.org/phytokg/entity/Insomnia\r\n"


def test_query_list_and_param(app: typer.Typer, graph_file: Path) -> None:
    listing = runner.invoke(app, ["query", "--list"])
    assert listing.exit_code == 0
    assert listing.output == (
        "count-facts: Facts per relation\n"
        "effects-of: Effects of an entity\n"
        "    What an entity alleviates or may cause.\n"
        "    --param name=...  rdfs:label of the subject\n"
    )
    result = runner.invoke(
        app,
        [
            "query",
            "effects-of",
            "--graph",
            str(graph_file),
            "--param",
            "name=valerian",
            "-f",
            "tsv",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output == (
        '?relation\t?effect\n<https://w3id.org/phytokg/vocab#alleviates>\t"insomnia"\n'
    )


def test_query_errors_are_one_line(app: typer.Typer, graph_file: Path, tmp_path: Path) -> None:
    bad = runner.invoke(app, ["query", "SELECT ?s WHERE {", "--graph", str(graph_file)])
    assert bad.exit_code == 4
    assert bad.stderr.startswith("phytokg: error: SPARQL syntax error at line 1, column ")
    assert bad.stderr.count("\n") == 1
    missing = runner.invoke(app, ["query", "ASK {}", "--graph", str(tmp_path / "none.ttl")])
    assert missing.exit_code == 3
    assert missing.stderr == (
        f"phytokg: error: graph file not found: {tmp_path / 'none.ttl'} "
        "(build one with `phytokg build`)\n"
    )
    param = runner.invoke(
        app, ["query", "effects-of", "--graph", str(graph_file), "--param", "name"]
    )
    assert param.exit_code == 10
    assert param.stderr == "phytokg: error: --param expects NAME=VALUE, got 'name'\n"


def test_export(app: typer.Typer, graph_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.nt"
    result = runner.invoke(
        app, ["export", "--format", "nt", "--out", str(out), "--graph", str(graph_file)]
    )
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out} (nt)\n"
    assert isomorphic(load_graph(out), load_graph(graph_file))
    inferred = runner.invoke(
        app, ["export", "--out", str(tmp_path / "g.csv"), "--graph", str(graph_file)]
    )
    assert inferred.output == f"wrote {tmp_path / 'g.csv'} (csv)\n"
    unknown = runner.invoke(app, ["export", "-f", "xlsx", "--out", str(tmp_path / "g.xlsx")])
    assert unknown.exit_code == 5
    assert "known: turtle, json-ld, nt, trig, nquads, graphml, csv" in unknown.stderr


def test_stats(app: typer.Typer, graph_file: Path) -> None:
    text = runner.invoke(app, ["stats", "--graph", str(graph_file)])
    assert text.exit_code == 0, text.output
    assert text.output.startswith("triples ")
    assert "contradictions       2\n" in text.output
    data = json.loads(runner.invoke(app, ["stats", "--graph", str(graph_file), "--json"]).output)
    assert data["documents"] == 3
    assert data["facts_per_relation"]["mayCause"] == 2


def test_validate(app: typer.Typer, graph_file: Path, tmp_path: Path) -> None:
    ok = runner.invoke(app, ["validate", "--graph", str(graph_file)])
    assert ok.exit_code == 0, ok.output
    assert ok.output == "conforms: the graph satisfies every shape\n"
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        graph_file.read_text(encoding="utf-8").replace(
            'rdfs:label "valerian" ;', 'rdfs:label "valerian", "V" ;'
        ),
        encoding="utf-8",
    )
    bad = runner.invoke(app, ["validate", "--graph", str(broken)])
    assert bad.exit_code == 8
    assert bad.output.startswith("1 violation(s):\nViolation: ent:Valerian rdfs:label: ")
    assert bad.stderr == f"phytokg: error: {broken} does not conform: 1 violation(s)\n"


def test_remove(
    app: typer.Typer, graph_file: Path, results: tuple, stand_in_ontology: Path
) -> None:
    from graph.rdf.memory import results_to_graph

    result = runner.invoke(app, ["remove", "c.txt", "--graph", str(graph_file)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("removed c.txt (")
    assert isomorphic(load_graph(graph_file), results_to_graph(results[:2]))
    again = runner.invoke(app, ["remove", "c.txt", "--graph", str(graph_file)])
    assert again.exit_code == 10
    assert again.stderr.startswith("phytokg: error: no document 'c.txt' in the graph")
