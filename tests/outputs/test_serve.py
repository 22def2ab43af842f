"""`serve` answers SPARQL over HTTP (Oxigraph server on 127.0.0.1); `push` loads a graph
into a running store over the Graph Store Protocol; failures are one clear line."""

from __future__ import annotations

import json
import socket
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.cli.app import app
from graph.outputs.query import run_query
from graph.outputs.serve import ServerError, load_store, push, start_server, stop_server
from graph.rdf.turtle import write_graph

pytest.importorskip("pyoxigraph")
try:
    from graph.outputs.serve import oxigraph_binary

    oxigraph_binary()
except ServerError:  # pragma: no cover - the oxigraph package is a test dependency
    pytest.skip("the oxigraph server is not installed", allow_module_level=True)

ALLEVIATES = """
PREFIX kg: <https://w3id.org/phytokg/vocab#>
SELECT ?s ?o WHERE { ?s kg:alleviates ?o } ORDER BY ?s ?o
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory, seed_graph: object) -> Path:
    path = tmp_path_factory.mktemp("graph") / "graph.ttl"
    write_graph(seed_graph, path)  # type: ignore[arg-type]
    return path


@pytest.fixture()
def read_only_server(graph_file: Path, tmp_path: Path) -> Iterator[str]:
    load_store(graph_file, tmp_path / "store")
    port = free_port()
    proc = start_server(tmp_path / "store", "127.0.0.1", port, read_only=True)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(proc)


@pytest.fixture()
def writable_server(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    proc = start_server(tmp_path / "rw", "127.0.0.1", port, read_only=False)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(proc)


def select(url: str, query: str) -> list[dict[str, str]]:
    request = urllib.request.Request(
        url + "/query?" + urllib.parse.urlencode({"query": query}),
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        data = json.load(response)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def triple_count(path: Path) -> int:
    import pyoxigraph as ox

    return sum(1 for _ in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))


def test_server_answers_select_like_the_local_query(
    read_only_server: str, graph_file: Path
) -> None:
    rows = select(read_only_server, ALLEVIATES)
    local = run_query(graph_file, ALLEVIATES)
    expected = [{"s": s.value, "o": o.value} for s, o in local.rows]  # type: ignore[union-attr]
    assert rows == expected
    assert rows  # the seeds state what kratom relieves


def test_server_binds_only_the_given_host(read_only_server: str) -> None:
    port = int(read_only_server.rsplit(":", 1)[1])
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) == 0


def test_push_loads_every_triple_into_a_named_graph(writable_server: str, graph_file: Path) -> None:
    iri = "https://example.org/phytokg"
    assert push(graph_file, writable_server + "/store", named_graph=iri) in (200, 201, 204)
    assert push(graph_file, writable_server + "/store", named_graph=iri) in (200, 204)  # replaces
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
    assert select(writable_server, count) == [{"n": str(triple_count(graph_file))}]


def test_cli_push_to_the_default_graph(writable_server: str, graph_file: Path) -> None:
    result = CliRunner().invoke(
        app, ["push", "--endpoint", writable_server + "/store", "--graph", str(graph_file)]
    )
    assert result.exit_code == 0, result.output
    assert f"pushed {graph_file} to {writable_server}/store (HTTP 20" in result.output
    rows = select(writable_server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert rows == [{"n": str(triple_count(graph_file))}]


def test_push_connection_refused_is_one_line(graph_file: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/store"
    result = CliRunner().invoke(app, ["push", "--endpoint", url, "--graph", str(graph_file)])
    assert result.exit_code == 9
    assert result.output.startswith(f"phytokg: error: cannot reach {url}: ")
    assert len(result.output.strip().splitlines()) == 1


def test_push_http_error_is_one_line(read_only_server: str, graph_file: Path) -> None:
    with pytest.raises(ServerError, match=r"refused the graph: HTTP 4\d\d"):
        push(graph_file, read_only_server + "/store")


def test_push_needs_an_http_url(graph_file: Path) -> None:
    result = CliRunner().invoke(app, ["push", "--endpoint", "ftp://x", "--graph", str(graph_file)])
    assert result.exit_code == 10
    assert "--endpoint must be an http(s) URL" in result.output


def test_serve_missing_graph_is_a_user_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--graph", str(tmp_path / "none.ttl")])
    assert result.exit_code == 3
    assert "graph file not found" in result.output


def test_serve_command_runs_the_server(graph_file: Path) -> None:
    import sys
    import time

    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from graph.cli.app import main; main()",
            "serve",
            "--graph",
            str(graph_file),
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        rows: list[dict[str, str]] = []
        while time.monotonic() < deadline and not rows:
            try:
                rows = select(f"http://127.0.0.1:{port}", ALLEVIATES)
            except OSError:
                time.sleep(0.2)
        assert rows == select_expected(graph_file)
    finally:
        proc.terminate()
        proc.wait(10)
        if proc.stdout:
            proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()


def select_expected(graph_file: Path) -> list[dict[str, str]]:
    local = run_query(graph_file, ALLEVIATES)
    return [{"s": s.value, "o": o.value} for s, o in local.rows]  # type: ignore[union-attr]


def test_serve_uses_the_store_kept_beside_a_big_graph(
    graph_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph.outputs.serve import _kept_store
    from graph.rdf import cache

    assert _kept_store(graph_file) is None  # a small file: a temporary store, as before
    monkeypatch.setattr(cache, "CACHE_MIN_BYTES", 0)
    location = _kept_store(graph_file)
    assert location is not None and cache.is_cached(graph_file)
    assert location == _kept_store(graph_file)  # reused, not loaded again
    port = free_port()
    proc = start_server(location, "127.0.0.1", port, read_only=True)
    try:
        url = f"http://127.0.0.1:{port}/query?" + urllib.parse.urlencode(
            {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}
        )
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            data = json.loads(response.read())
        count = int(data["results"]["bindings"][0]["n"]["value"])
        assert count == len(run_query(graph_file, "SELECT * WHERE { ?s ?p ?o }").rows)
    finally:
        stop_server(proc)
