"""SPARQL with pyoxigraph: query kinds, canned queries, parameters, errors, result formats."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from graph.errors import FormatError, InputError, QueryError, StoreLockedError
from graph.outputs.query import QueryParam, list_queries, prepare_query, run_query
from graph.outputs.query_format import format_result
from graph.rdf.store import open_store, store_from_graph

pytest_plugins = ["conftest_graph"]

ALLEVIATES = "SELECT ?s ?o WHERE { ?s kg:alleviates ?o } ORDER BY ?s ?o"


def test_select_on_a_file_and_on_a_graph_agree(graph_file: Path, fixture_graph: Graph) -> None:
    from_file = run_query(graph_file, ALLEVIATES)
    from_graph = run_query(fixture_graph, ALLEVIATES)
    assert from_file == from_graph
    assert from_file.variables == ("s", "o")
    assert [(s.value, o.value) for s, o in from_file.rows] == [  # type: ignore[union-attr]
        ("https://w3id.org/phytokg/entity/Kratom", "https://w3id.org/phytokg/entity/Anxiety"),
        ("https://w3id.org/phytokg/entity/Valerian", "https://w3id.org/phytokg/entity/Insomnia"),
    ]


def test_table_uses_prefixed_names_and_aligns(graph_file: Path) -> None:
    result = run_query(graph_file, ALLEVIATES)
    assert format_result(result, "table") == (
        "s             o\n"
        "------------  ------------\n"
        "ent:Kratom    ent:Anxiety\n"
        "ent:Valerian  ent:Insomnia\n"
    )


def test_csv_tsv_json_follow_the_w3c_formats(graph_file: Path) -> None:
    q = 'SELECT ?e ?label WHERE { ?e rdfs:label ?label FILTER(?label = "Kratom") }'
    result = run_query(graph_file, q)
    assert list(csv.reader(io.StringIO(format_result(result, "csv")))) == [
        ["e", "label"],
        ["https://w3id.org/phytokg/entity/Kratom", "Kratom"],
    ]
    assert format_result(result, "csv").endswith("\r\n")
    assert format_result(result, "tsv") == (
        '?e\t?label\n<https://w3id.org/phytokg/entity/Kratom>\t"Kratom"\n'
    )
    assert json.loads(format_result(result, "json")) == {
        "head": {"vars": ["e", "label"]},
        "results": {
            "bindings": [
                {
                    "e": {"type": "uri", "value": "https://w3id.org/phytokg/entity/Kratom"},
                    "label": {"type": "literal", "value": "Kratom"},
                }
            ]
        },
    }


def test_typed_literals_in_json_and_tsv(graph_file: Path) -> None:
    q = "SELECT ?n WHERE { ?a kg:evidenceCount ?n } ORDER BY DESC(?n) LIMIT 1"
    result = run_query(graph_file, q)
    xsd_int = "http://www.w3.org/2001/XMLSchema#integer"
    assert json.loads(format_result(result, "json"))["results"]["bindings"] == [
        {"n": {"type": "literal", "value": "2", "datatype": xsd_int}}
    ]
    assert format_result(result, "tsv") == f'?n\n"2"^^<{xsd_int}>\n'


def test_ask(graph_file: Path) -> None:
    yes = run_query(graph_file, "ASK { ent:Kratom kg:hasConstituent ent:Mitragynine }")
    no = run_query(graph_file, "ASK { ent:Kratom kg:hasConstituent ent:Valerian }")
    assert (yes.kind, yes.boolean, no.boolean) == ("ask", True, False)
    assert format_result(yes, "table") == "true\n"
    assert json.loads(format_result(no, "json")) == {"head": {}, "boolean": False}
    with pytest.raises(FormatError):
        format_result(yes, "turtle")


def test_construct_and_describe_as_turtle(graph_file: Path) -> None:
    result = run_query(graph_file, "CONSTRUCT { ?s kg:relieves ?o } WHERE { ?s kg:alleviates ?o }")
    assert result.kind == "graph"
    text = format_result(result, "turtle")
    assert "ent:Kratom kg:relieves ent:Anxiety .\n" in text
    assert "ent:Valerian kg:relieves ent:Insomnia .\n" in text
    described = run_query(graph_file, "DESCRIBE ent:Valerian")
    assert ("https://w3id.org/phytokg/entity/Valerian", "valerian") in {
        (s.value, o.value) for s, _p, o in described.triples
    }
    rows = format_result(result, "csv").splitlines()
    assert rows[0] == "subject,predicate,object"
    with pytest.raises(FormatError, match="CONSTRUCT or DESCRIBE"):
        format_result(run_query(graph_file, ALLEVIATES), "turtle")


def test_declared_prefixes_are_not_repeated() -> None:
    text, shift = prepare_query("PREFIX kg: <http://other/>\nSELECT * WHERE { ?s kg:x ?o }")
    assert text.count("PREFIX kg:") == 1
    assert "PREFIX ent: <https://w3id.org/phytokg/entity/>" in text
    assert shift == text.count("PREFIX") - 1


def test_canned_queries_are_listed_with_their_metadata(stand_in_ontology: Path) -> None:
    queries = list_queries()
    assert [q.name for q in queries] == ["count-facts", "effects-of"]
    effects = queries[1]
    assert effects.title == "Effects of an entity"
    assert effects.description == "What an entity alleviates or may cause."
    assert effects.params == (QueryParam("name", "rdfs:label of the subject"),)


def test_canned_query_by_name_with_a_parameter(graph_file: Path) -> None:
    result = run_query(graph_file, "effects-of", params={"name": "Kratom"})
    assert [(r.value.rsplit("#")[-1], e.value) for r, e in result.rows] == [  # type: ignore[union-attr]
        ("alleviates", "anxiety"),
        ("mayCause", "anxiety"),
        ("mayCause", "nausea"),
    ]
    assert run_query(graph_file, "effects-of", params={"name": 'no "such"'}).rows == ()


def test_canned_query_from_a_file(graph_file: Path, stand_in_ontology: Path) -> None:
    result = run_query(graph_file, str(stand_in_ontology / "queries" / "count-facts.rq"))
    counts = {r.value.rsplit("#")[-1]: int(n.value) for r, n in result.rows}  # type: ignore[union-attr]
    assert counts == {
        "agonistOf": 1,
        "alleviates": 2,
        "hasConstituent": 1,
        "interactsWith": 1,
        "mayCause": 3,
    }


def test_query_errors(graph_file: Path, tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="unknown query 'no-such-query'"):
        run_query(graph_file, "no-such-query")
    with pytest.raises(QueryError, match="has no parameter 'label'"):
        run_query(graph_file, "effects-of", params={"label": "x"})
    with pytest.raises(InputError, match="query file not found"):
        run_query(graph_file, str(tmp_path / "missing.rq"))
    with pytest.raises(QueryError) as err:
        run_query(graph_file, "SELECT ?s WHERE {\n  ?s ?p \n}")
    assert str(err.value).startswith("SPARQL syntax error at line 3, column ")
    with pytest.raises(FormatError, match="unknown result format 'xml'"):
        format_result(run_query(graph_file, ALLEVIATES), "xml")


def test_timeout(fixture_graph: Graph) -> None:
    store = store_from_graph(fixture_graph)
    slow = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(QueryError, match=r"query timed out after 0\.2 s"):
        run_query(store, slow, timeout=0.2)
    assert run_query(store, "ASK { ?s ?p ?o }", timeout=30).boolean is True


def test_persistent_store_has_one_writer(tmp_path: Path, graph_file: Path) -> None:
    from graph.rdf.store import load_file

    store = open_store(tmp_path / "store")
    load_file(store, graph_file)
    assert run_query(store, ALLEVIATES).rows
    code = (
        "import sys\nfrom graph.rdf.store import open_store\n"
        "from graph.errors import StoreLockedError\n"
        "try:\n    open_store(sys.argv[1])\nexcept StoreLockedError as e:\n    print(e)\n"
    )
    other = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "store")],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert other.stdout.strip() == (
        f"store {tmp_path / 'store'} is open for writing by another process; close it and retry"
    )
    del store
    with pytest.raises(StoreLockedError):  # same process, still open through `again`
        again = open_store(tmp_path / "store")
        open_store(tmp_path / "store")
    del again
