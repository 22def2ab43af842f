"""Regression tests for issue 13: never destroy a user's data, never die on a query.

Each test is named after the item of the issue it covers (item01 ... item11, and
`small_*` for the smaller things). The tests drive the `phytokg` command (its entry point
is read from pyproject.toml) or the public API of `graph`, nothing else, so that they do
not depend on how the package is laid out. Servers bind 127.0.0.1 only; every wait is
bounded, and timeouts are safety nets, not measurements.
"""

from __future__ import annotations

import csv
import http.server
import io
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAFETY = 120  # seconds: only reached when something hangs

DOC_A = (
    "Kratom contains mitragynine. Mitragynine acts on the mu-opioid receptor. "
    "Kratom relieves pain.\n"
)
DOC_B = "Kava contains kavalactones. Kava may cause liver damage.\n"


def _entry_point() -> str:
    """`module:function` of the phytokg console script, as pyproject.toml declares it."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return str(tomllib.loads(text)["project"]["scripts"]["phytokg"])


ENTRY = _entry_point()


def phytokg_argv(*args: str) -> list[str]:
    module, _, func = ENTRY.partition(":")
    code = (
        f"import sys; sys.argv[0] = 'phytokg'; from {module} import {func} as main; "
        "sys.exit(main())"
    )
    return [sys.executable, "-c", code, *args]


def run(
    *args: str, cwd: Path | None = None, timeout: float = SAFETY
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        phytokg_argv(*args),
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        check=False,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def error_lines(proc: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in proc.stderr.splitlines() if line.strip()]


def assert_one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    """Non-zero exit, no traceback, exactly one line on stderr; that line."""
    lines = error_lines(proc)
    assert proc.returncode not in (0, -signal.SIGSEGV, 139), (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("phytokg: error:"), lines[0]
    return lines[0]


def count_documents(graph_path: Path) -> int:
    proc = run(
        "query",
        "--graph",
        str(graph_path),
        "--format",
        "csv",
        "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a kg:Document }",
    )
    assert proc.returncode == 0, proc.stderr
    return int(proc.stdout.splitlines()[1])


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A graph built from two short documents: tiny/graph.ttl (and tiny/docs/)."""
    base = tmp_path_factory.mktemp("tiny")
    docs = base / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(DOC_A, encoding="utf-8")
    (docs / "b.txt").write_text(DOC_B, encoding="utf-8")
    proc = run("build", str(docs), "--out", str(base), "--no-html")
    assert proc.returncode == 0, proc.stderr
    return base / "graph.ttl"


# ---------------------------------------------------------------- data loss


def test_item01_output_that_is_an_input_is_refused(tiny: Path, tmp_path: Path) -> None:
    graph = tmp_path / "r.ttl"
    graph.write_bytes(tiny.read_bytes())
    before = graph.read_bytes()
    link = tmp_path / "link.csv"
    link.symlink_to(graph)
    alias = tmp_path / "alias.ttl"
    alias.symlink_to(graph)
    for args in (
        ("render", "--graph", str(graph), "--out", str(graph)),
        ("export", "--graph", str(graph), "--out", str(graph), "--format", "csv"),
        ("export", "--graph", str(graph), "--out", str(link), "--format", "csv"),
        ("render", "--graph", str(alias), "--out", str(graph)),
    ):
        proc = run(*args)
        line = assert_one_line_error(proc)
        assert "input" in line.lower(), line
        assert graph.read_bytes() == before, args
    assert link.is_symlink()


def test_item02_build_never_reads_its_own_outputs(tmp_path: Path) -> None:
    same = tmp_path / "same"
    same.mkdir()
    (same / "a.txt").write_text(DOC_A, encoding="utf-8")
    (same / "b.txt").write_text(DOC_B, encoding="utf-8")
    graphs = []
    for _ in range(2):
        proc = run("build", str(same), "--out", str(same), "--json")
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["documents"] == 2
        graphs.append((same / "graph.ttl").read_bytes())
    assert graphs[0] == graphs[1]
    # A page written elsewhere and copied among the documents is not a document either.
    (same / "copy.html").write_bytes((same / "graph.html").read_bytes())
    proc = run("build", str(same), "--out", str(tmp_path / "other"), "--json", "--no-html")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["documents"] == 2


def test_item03_concurrent_build_into_loses_no_update(tiny: Path, tmp_path: Path) -> None:
    graph = tmp_path / "g.ttl"
    graph.write_bytes(tiny.read_bytes())
    writers = 4
    docs = []
    for k in range(writers):
        doc = tmp_path / f"new{k}.txt"
        doc.write_text(f"Report {k}. Kratom may cause constipation.\n", encoding="utf-8")
        docs.append(doc)
    procs = [
        subprocess.Popen(
            phytokg_argv("build", "--into", str(graph), "--no-html", str(doc)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for doc in docs
    ]
    for p in procs:
        _out, err = p.communicate(timeout=SAFETY)
        assert p.returncode == 0, err
    assert count_documents(graph) == 2 + writers


READER = """
import json, sys
from pathlib import Path
import graph
store, stop = sys.argv[1], Path(sys.argv[2])
reads, bad = 0, []
for _ in range(20000):
    if stop.exists():
        break
    try:
        result = graph.run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        n = int(result.rows[0][0].value)
    except graph.PhytokgError as exc:
        bad.append(str(exc))
        continue
    reads += 1
    if n == 0:
        bad.append("empty store")
print(json.dumps({"reads": reads, "bad": bad[:3], "nbad": len(bad)}))
"""


def test_item04_store_rebuild_never_shows_readers_an_empty_store(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for k, name in enumerate(sorted((ROOT / "seeds").glob("*.txt"))):
        (docs / f"{k}.txt").write_bytes(name.read_bytes())
    store = tmp_path / "store"
    build = ("build", str(docs), "--out", str(tmp_path / "out"), "--no-html", "--store")
    proc = run(*build, str(store))
    assert proc.returncode == 0, proc.stderr
    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(store), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(4):
            proc = run(*build, str(store))
            assert proc.returncode == 0, proc.stderr
    finally:
        stop.touch()
        out, err = reader.communicate(timeout=SAFETY)
    assert reader.returncode == 0, err
    report = json.loads(out)
    assert report["nbad"] == 0, report
    assert report["reads"] > 0
    # and the store holds the graph afterwards
    assert count_documents(store) == 2


def test_item05_failed_page_leaves_old_graph_and_page_together(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(DOC_A, encoding="utf-8")
    assert run("build", str(docs), "--out", str(out)).returncode == 0
    old_graph = (out / "graph.ttl").read_bytes()
    # The page cannot be replaced (a folder stands in its way): the build must fail
    # without leaving a new graph.ttl next to the old page.
    (out / "graph.html").unlink()
    (out / "graph.html").mkdir()
    (out / "graph.html" / "keep").write_text("x", encoding="utf-8")
    (docs / "b.txt").write_text(DOC_B, encoding="utf-8")
    proc = run("build", str(docs), "--out", str(out))
    assert_one_line_error(proc)
    assert (out / "graph.ttl").read_bytes() == old_graph


def test_item05_stale_temporary_files_are_removed(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(DOC_A, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    # what a killed run leaves: a temporary graph file and a spill folder
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    dead_pid = int(dead.stdout)
    stale = [
        out / ".graph.ttl.k2j3h4g5.tmp",
        out / f".graph.ttl.{dead_pid}.k2j3h4g5.tmp",
        out / ".graph.html.x8y7z6w5.tmp",
    ]
    for path in stale:
        path.write_text("partial", encoding="utf-8")
    spill = [out / ".phytokg-abc123", out / f".phytokg-{dead_pid}-abc123"]
    for folder in spill:
        folder.mkdir()
        (folder / "run-0").write_text("partial", encoding="utf-8")
    hour_ago = time.time() - 3600
    for path in [*stale, *spill]:
        os.utime(path, (hour_ago, hour_ago))
    proc = run("build", str(docs), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    left = sorted(p.name for p in out.iterdir())
    assert left == ["graph.html", "graph.ttl"], left


def test_item05_build_into_writes_the_page_named_after_the_graph(
    tiny: Path, tmp_path: Path
) -> None:
    graph = tmp_path / "foo.ttl"
    graph.write_bytes(tiny.read_bytes())
    mine = tmp_path / "graph.html"
    mine.write_text("<p>my own page</p>", encoding="utf-8")
    doc = tmp_path / "docs" / "c.txt"
    doc.parent.mkdir()
    doc.write_text("Kava may cause dizziness.\n", encoding="utf-8")
    proc = run("build", "--into", str(graph), str(doc))
    assert proc.returncode == 0, proc.stderr
    assert mine.read_text(encoding="utf-8") == "<p>my own page</p>"
    assert (tmp_path / "foo.html").is_file()


# ---------------------------------------------------------------- crashes and hangs


def _deep(kind: str, depth: int = 5000) -> str:
    if kind == "{":
        return "SELECT * WHERE " + "{" * depth + "}" * depth
    return "SELECT * WHERE { FILTER(" + "(" * depth + "1" + ")" * depth + ") }"


@pytest.mark.parametrize("kind", ["{", "("])
def test_item06_deeply_nested_query_is_refused(tiny: Path, kind: str) -> None:
    proc = run("query", "--graph", str(tiny), _deep(kind))
    line = assert_one_line_error(proc)
    assert "nest" in line.lower(), line
    # an ordinary nested query still runs
    ok = run("query", "--graph", str(tiny), "ASK { { { ?s ?p ?o } } FILTER((((1)))) }")
    assert ok.returncode == 0, ok.stderr


BOMB = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/x"><ex:p>&g;</ex:p></rdf:Description>
</rdf:RDF>
"""


def test_item07_rdfxml_entity_expansion_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.rdf"
    bomb.write_text(BOMB, encoding="utf-8")
    for args in (("stats",), ("query", "ASK { ?s ?p ?o }")):
        proc = run(*args, "--graph", str(bomb), timeout=60)
        line = assert_one_line_error(proc)
        assert "entit" in line.lower() or "doctype" in line.lower(), line
    plain = tmp_path / "plain.rdf"
    plain.write_text(BOMB.split("]>", 1)[1].replace("&g;", "ok"), encoding="utf-8")
    proc = run("query", "--graph", str(plain), "--format", "csv", "SELECT ?o WHERE { ?s ?p ?o }")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[1] == "ok"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


BAD_FLAGS = [
    ("query", "--timeout", "nan", "ASK {}"),
    ("query", "--timeout", "inf", "ASK {}"),
    ("query", "--timeout", "0", "ASK {}"),
    ("query", "--timeout", "-1", "ASK {}"),
    ("serve", "--host", "no such host!"),
    ("push", "--endpoint", "http://[::1"),
    ("benchmark", "--sizes", "nan"),
    ("benchmark", "--sizes", "inf"),
    ("build", "--dask-scheduler", "::::"),
]


@pytest.mark.parametrize("args", BAD_FLAGS, ids=lambda a: " ".join(a[:3]))
def test_item08_bad_flag_values_give_one_line(
    tiny: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    command, rest = args[0], list(args[1:])
    if command in ("query", "serve", "push"):
        rest += ["--graph", str(tiny)]
    if command == "serve":
        rest += ["--port", str(_free_port())]
    if command == "build":
        rest += [str(tiny.parent / "docs"), "--out", str(tmp_path / "out")]
    if command == "benchmark":
        rest += ["--work-dir", str(tmp_path / "bench")]
    proc = run(command, *rest, timeout=60)
    assert_one_line_error(proc)


class _Server:
    """`phytokg serve` in a child process, on a free port of 127.0.0.1."""

    def __init__(self, graph: Path, *extra: str) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/query"
        self.proc = subprocess.Popen(
            phytokg_argv("serve", "--graph", str(graph), "--port", str(self.port), *extra),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.line = ""
        reader = threading.Thread(target=self._read_first_line, daemon=True)
        reader.start()
        reader.join(60)
        if "SPARQL endpoint" not in self.line:
            self.stop()
            err = self.proc.stderr.read() if self.proc.stderr else ""
            pytest.fail(f"phytokg serve did not start: {self.line!r} {err}")

    def _read_first_line(self) -> None:
        assert self.proc.stdout is not None
        self.line = self.proc.stdout.readline()

    def children(self) -> list[int]:
        """The oxigraph processes below the serve process."""
        found, frontier = [], [self.proc.pid]
        for _ in range(4):
            nxt = []
            for pid in _all_pids():
                if _ppid(pid) in frontier:
                    nxt.append(pid)
            found += nxt
            frontier = nxt
        return [pid for pid in found if "oxigraph" in _cmdline(pid)]

    def post(self, query: str, timeout: float = 60) -> tuple[int, str]:
        request = urllib.request.Request(
            self.url,
            data=query.encode("utf-8"),
            headers={
                "Content-Type": "application/sparql-query",
                "Accept": "application/sparql-results+json",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return int(response.status), response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return int(exc.code), exc.read().decode("utf-8", "replace")

    def get(self, query: str, timeout: float = 30) -> tuple[int, str]:
        url = self.url + "?" + urllib.parse.urlencode({"query": query})
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return int(response.status), response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return int(exc.code), exc.read().decode("utf-8", "replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream:
                stream.close()


def _all_pids() -> list[int]:
    return [int(p) for p in os.listdir("/proc") if p.isdigit()]


def _stat(pid: int) -> list[str]:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return []
    return text[text.rfind(")") + 2 :].split()


def _ppid(pid: int) -> int:
    fields = _stat(pid)
    return int(fields[1]) if fields else -1


def _alive(pid: int) -> bool:
    fields = _stat(pid)
    return bool(fields) and fields[0] not in ("Z", "X")


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


@pytest.fixture()
def server(tiny: Path) -> Iterator[_Server]:
    s = _Server(tiny)
    yield s
    s.stop()


def test_item06_serve_survives_deeply_nested_query(server: _Server) -> None:
    status, body = server.post(_deep("{"))
    assert status == 400, (status, body)
    assert "nest" in body.lower()
    status, body = server.get("ASK { ?s ?p ?o }")
    assert status == 200 and "true" in body, (status, body)
    assert server.proc.poll() is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_item09_serve_child_dies_with_parent(tiny: Path) -> None:
    s = _Server(tiny)
    children = s.children()
    assert children, "no oxigraph process under phytokg serve"
    try:
        os.kill(s.proc.pid, signal.SIGKILL)
        s.proc.wait(30)
        for _ in range(200):  # up to 20 s
            if not any(_alive(pid) for pid in children):
                break
            time.sleep(0.1)
        survivors = [pid for pid in children if _alive(pid)]
        assert not survivors, f"oxigraph survived its parent: {survivors}"
    finally:
        for pid in children:
            if _alive(pid) and "oxigraph" in _cmdline(pid):
                os.kill(pid, signal.SIGKILL)
        s.stop()


CROSS_JOIN = (
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l "
    'FILTER(CONCAT(STR(?a), STR(?d), STR(?g), STR(?j)) = "x") }'
)


def test_item10_serve_stops_a_query_after_its_timeout(tiny: Path) -> None:
    s = _Server(tiny, "--timeout", "1")
    try:
        status, body = s.post(CROSS_JOIN, timeout=SAFETY)
        assert status in (500, 503, 504), (status, body[:200])
        assert "timed out" in body.lower() or "timeout" in body.lower(), body[:200]
        status, body = s.get("ASK { ?s ?p ?o }")
        assert status == 200 and "true" in body, (status, body)
    finally:
        s.stop()


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []  # noqa: RUF012 - shared by design

    def _record(self) -> None:
        type(self).seen.append(self.path)
        self.send_response(500)
        self.end_headers()

    do_GET = do_POST = _record

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture()
def recorder() -> Iterator[tuple[str, list[str]]]:
    """A SPARQL 'endpoint' on 127.0.0.1 that records the requests it gets."""
    _Recorder.seen = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/sparql", _Recorder.seen
    finally:
        httpd.shutdown()
        httpd.server_close()


def _service_query(endpoint: str) -> str:
    return f"SELECT * WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}"


def test_item11_service_is_refused_in_query(tiny: Path, recorder: tuple[str, list[str]]) -> None:
    endpoint, seen = recorder
    proc = run("query", "--graph", str(tiny), _service_query(endpoint))
    line = assert_one_line_error(proc)
    assert "service" in line.lower() and "--allow-federation" in line, line
    assert seen == []
    # asked for, it is allowed (the endpoint answers 500: still one line)
    proc = run("query", "--graph", str(tiny), "--allow-federation", _service_query(endpoint))
    assert_one_line_error(proc)
    assert seen, "--allow-federation did not reach the endpoint"
    # a variable or prefixed name called service is no SERVICE clause
    proc = run("query", "--graph", str(tiny), "SELECT ?service WHERE { ?service ?p ?o }")
    assert proc.returncode == 0, proc.stderr


def test_item11_service_is_refused_in_serve(
    server: _Server, recorder: tuple[str, list[str]]
) -> None:
    endpoint, seen = recorder
    status, body = server.post(_service_query(endpoint))
    assert status == 400, (status, body)
    assert "service" in body.lower()
    status, body = server.get(_service_query(endpoint))
    assert status == 400, (status, body)
    assert seen == []


# ---------------------------------------------------------------- smaller things


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_small_utf16_text_with_bom_is_read(tmp_path: Path, encoding: str) -> None:
    doc = tmp_path / "a.txt"
    data = DOC_A.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    doc.write_bytes(data)
    proc = run("build", str(doc), "--out", str(tmp_path / "out"), "--json", "--no-html")
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["documents"] == 1
    assert sum(summary["facts"].values()) >= 2


def test_small_table_output_escapes_control_characters(tmp_path: Path) -> None:
    graph = tmp_path / "t.ttl"
    graph.write_text(
        "<http://example.org/a> <http://example.org/says> "
        '"x \\u001B]0;pwned\\u0007 \\u001B[31mred\\u009B2J" .\n',
        encoding="utf-8",
    )
    proc = run("query", "--graph", str(graph), "SELECT ?o WHERE { ?s ?p ?o }")
    assert proc.returncode == 0, proc.stderr
    assert not any(ch in proc.stdout for ch in "\x1b\x07\x9b"), repr(proc.stdout)
    assert "pwned" in proc.stdout and "red" in proc.stdout


def test_small_csv_export_guards_against_formulas(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / '=HYPERLINK("x","y").txt').write_text(DOC_A, encoding="utf-8")
    (docs / "+b.txt").write_text(DOC_B, encoding="utf-8")
    assert run("build", str(docs), "--out", str(tmp_path), "--no-html").returncode == 0
    out = tmp_path / "facts.csv"
    proc = run("export", "--graph", str(tmp_path / "graph.ttl"), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert any("HYPERLINK" in c for c in cells)
    risky = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert risky == [], risky


@pytest.mark.parametrize(
    "args",
    [("build", "--nosuch"), ("render", "--min-evidence", "0"), ("push",), ("query", "a", "b")],
    ids=lambda a: " ".join(a),
)
def test_small_usage_error_is_one_line(args: tuple[str, ...]) -> None:
    proc = run(*args)
    assert proc.returncode == 2, proc.stderr
    lines = error_lines(proc)
    assert len(lines) == 1, proc.stderr
    assert proc.stderr.count("Usage:") <= 1, proc.stderr
    assert "Traceback" not in proc.stderr


def test_small_pdf_error_is_one_line_with_its_reason(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n1 0 obj garbage\n")
    proc = run("build", str(bad), "--out", str(tmp_path / "out"))
    line = assert_one_line_error(proc)
    assert "EOF marker" in line, line
    # in a folder: one warning line, the build goes on
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(DOC_A, encoding="utf-8")
    (docs / "bad.pdf").write_bytes(bad.read_bytes())
    proc = run("build", str(docs), "--out", str(tmp_path / "out"), "--no-html")
    assert proc.returncode == 0, proc.stderr
    lines = error_lines(proc)
    assert len(lines) == 1 and lines[0].startswith("phytokg: warning:"), proc.stderr
    assert "EOF marker" in lines[0]


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
        "PREFIX ex: <http://example.org/> DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://127.0.0.1:9/x.ttl>",
        "CLEAR ALL",
    ],
)
def test_small_update_is_refused_as_an_update(tiny: Path, update: str) -> None:
    proc = run("query", "--graph", str(tiny), update)
    line = assert_one_line_error(proc)
    assert "updates are not allowed" in line, line


def test_small_evaluate_with_empty_gold_fails(tiny: Path, tmp_path: Path) -> None:
    empty = tmp_path / "gold"
    empty.mkdir()
    proc = run("evaluate", "--gold", str(empty), "--aliases", str(empty), "--graph", str(tiny))
    line = assert_one_line_error(proc)
    assert "gold" in line.lower(), line
