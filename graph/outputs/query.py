"""SPARQL over a graph: canned queries, parameters, timeouts, result formats.

A query is given as SPARQL text, a `.rq` file, or the name of a canned query in
ontology/queries/ (`NAME.rq`, described by `# title:`, `# description:` and
`# param: NAME description` comment lines). Parameters are bound by appending
`VALUES ?NAME { "value" }` (one clause for all of them) to the query text; a declared
parameter left out stays unbound. The PREFIXes of graph/namespaces.py that the query
does not declare are prepended. Queries run on pyoxigraph (graph.rdf.store).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.domain.namespaces import PREFIXES, XSD
from graph.errors import InputError, QueryError
from graph.paths import ontology_dir

RESULT_FORMATS = ("table", "csv", "tsv", "json", "turtle")

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*")
_PARAM = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_POSITION = re.compile(r"error at (\d+):(\d+)")
_XSD_STRING = XSD + "string"


@dataclass(frozen=True)
class QueryParam:
    name: str
    description: str


@dataclass(frozen=True)
class CannedQuery:
    name: str  # file stem: `phytokg query NAME`
    title: str
    description: str
    params: tuple[QueryParam, ...]
    path: Path
    text: str = field(repr=False)


@dataclass(frozen=True, order=True, slots=True)
class Term:
    """An RDF term of a result, independent of the SPARQL engine."""

    kind: str  # uri | bnode | literal
    value: str
    datatype: str | None = None  # None for plain strings and language-tagged strings
    lang: str | None = None


@dataclass(frozen=True)
class QueryResult:
    kind: str  # select | ask | graph
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[tuple[Term, Term, Term], ...] = ()


# ---------------------------------------------------------------- canned queries


def parse_canned(path: Path) -> CannedQuery:
    """A canned query file, read once while it is unchanged."""
    stat = path.stat()
    return _parse_canned(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)
def _parse_canned(path: Path, mtime_ns: int, size: int) -> CannedQuery:
    del mtime_ns, size  # part of the cache key only
    text = path.read_text(encoding="utf-8")
    title = description = ""
    params: list[QueryParam] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            continue
        body = stripped.lstrip("#").strip()
        key, _, value = body.partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "title":
            title = value
        elif key == "description":
            description = f"{description} {value}".strip()
        elif key == "param":
            name, _, desc = value.partition(" ")
            params.append(QueryParam(name.lstrip("?$"), desc.strip()))
    return CannedQuery(path.stem, title, description, tuple(params), path, text)


def list_queries(directory: Path | None = None) -> list[CannedQuery]:
    """The canned queries of ontology/queries/, sorted by name."""
    folder = directory if directory is not None else ontology_dir() / "queries"
    if not folder.is_dir():
        return []
    return [parse_canned(p) for p in sorted(folder.glob("*.rq"))]


def resolve_query(spec: str, directory: Path | None = None) -> tuple[str, CannedQuery | None]:
    """SPARQL text for `spec` (text, a .rq file or a canned name) and its metadata."""
    if spec.strip().endswith(".rq") and "\n" not in spec:
        path = Path(spec.strip())
        if not path.is_file():
            raise InputError(f"query file not found: {path}")
        canned = parse_canned(path)
        return canned.text, canned
    if _NAME.fullmatch(spec.strip()):
        folder = directory if directory is not None else ontology_dir() / "queries"
        direct = folder / f"{spec.strip()}.rq"
        if direct.is_file():
            canned = parse_canned(direct)
            return canned.text, canned
        queries = list_queries(directory)
        for q in queries:
            if q.name == spec.strip():
                return q.text, q
        known = ", ".join(q.name for q in queries) or "none"
        raise QueryError(
            f"unknown query {spec.strip()!r} (canned queries: {known}); "
            "give SPARQL text, a .rq file or a canned query name"
        )
    return spec, None


def _literal(value: str) -> str:
    from graph.rdf.terms import escape_string

    return '"' + escape_string(value) + '"'


_DECLARED = re.compile(r"(?im)^\s*PREFIX\s+([A-Za-z][\w-]*)\s*:")


def prepare_query(
    text: str, params: dict[str, str] | None = None, canned: CannedQuery | None = None
) -> tuple[str, int]:
    """The query to run and the number of lines prepended (to report positions)."""
    params = dict(params or {})
    for name in params:
        if not _PARAM.fullmatch(name):
            raise QueryError(f"invalid parameter name {name!r}")
    if canned is not None and canned.params:
        declared = {p.name for p in canned.params}
        unknown = sorted(set(params) - declared)
        if unknown:
            raise QueryError(
                f"query {canned.name!r} has no parameter {unknown[0]!r} "
                f"(parameters: {', '.join(sorted(declared))})"
            )
    declared = {m.lower() for m in _DECLARED.findall(text)}
    missing = [f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items() if p not in declared]
    full = "".join(missing) + text
    if params:
        names = sorted(params)
        if len(names) == 1:
            clause = f"VALUES ?{names[0]} {{ {_literal(params[names[0]])} }}"
        else:
            variables = " ".join(f"?{n}" for n in names)
            values = " ".join(_literal(params[n]) for n in names)
            clause = f"VALUES ({variables}) {{ ({values}) }}"
        full = full.rstrip("\n") + "\n" + clause + "\n"
    return full, len(missing)


# ---------------------------------------------------------------- running


def run_query(
    source: Any,
    query: str,
    *,
    params: dict[str, str] | None = None,
    timeout: float | None = None,
) -> QueryResult:
    """Run SPARQL (SELECT, ASK, CONSTRUCT, DESCRIBE) on a graph file, store or rdflib graph."""
    from graph.rdf.store import as_store

    text, canned = resolve_query(query)
    full, shift = prepare_query(text, params, canned)
    store = as_store(source)
    cancelled = threading.Event()
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["result"] = _execute(store, full, shift, cancelled)
        except BaseException as exc:  # handed to the caller's thread, without frames
            box["error"] = exc.with_traceback(None)

    if timeout is None:
        work()
    else:
        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        worker.join(timeout)
        if worker.is_alive():
            cancelled.set()
            raise QueryError(f"query timed out after {timeout:g} s")
    if "error" in box:
        raise box["error"]
    result: QueryResult = box["result"]
    return result


def _execute(store: Any, text: str, shift: int, cancelled: threading.Event) -> QueryResult:
    try:
        raw = store.query(text, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(_syntax_message(str(exc), shift)) from None
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from None
    try:
        return _collect(raw, cancelled)
    except (OSError, SyntaxError, ValueError) as exc:
        raise QueryError(f"query failed: {exc}") from None
    finally:
        # pyoxigraph results may only be dropped by the thread that made them.
        del raw


def _collect(raw: Any, cancelled: threading.Event) -> QueryResult:
    """Materialise pyoxigraph results; stops early (with what it has) once cancelled."""
    import pyoxigraph as ox

    if isinstance(raw, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(raw))
    term = _converter()
    if isinstance(raw, ox.QuerySolutions):
        names = tuple(v.value for v in raw.variables)
        width = range(len(names))
        rows: list[tuple[Term | None, ...]] = []
        for solution in raw:
            if cancelled.is_set():
                break
            rows.append(tuple(term(solution[i]) for i in width))
        return QueryResult("select", variables=names, rows=tuple(rows))
    triples: list[tuple[Term, Term, Term]] = []
    for t in raw:
        if cancelled.is_set():
            break
        s, p, o = term(t.subject), term(t.predicate), term(t.object)
        assert s is not None and p is not None and o is not None
        triples.append((s, p, o))
    return QueryResult("graph", triples=tuple(sorted(set(triples))))


def _syntax_message(message: str, shift: int) -> str:
    message = " ".join(message.split())
    if len(message) > 200:
        message = message[:197] + "..."
    match = _POSITION.search(message)
    if not match:
        return f"SPARQL syntax error: {message}"
    line, column = int(match.group(1)) - shift, int(match.group(2))
    rest = message[match.end() :].lstrip(": ")
    return f"SPARQL syntax error at line {line}, column {column}: {rest}"


def _converter() -> Callable[[Any], Term | None]:
    """_term with a memo: result sets repeat the same IRIs and labels many times."""
    memo: dict[Any, Term | None] = {}

    def convert(t: Any) -> Term | None:
        if t is None:
            return None
        known = memo.get(t)
        if known is None:
            known = memo[t] = _term(t)
        return known

    return convert


def _term(t: Any) -> Term | None:
    import pyoxigraph as ox

    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return Term("uri", t.value)
    if isinstance(t, ox.BlankNode):
        return Term("bnode", t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return Term("literal", t.value, None, t.language)
        dt = t.datatype.value
        return Term("literal", t.value, None if dt == _XSD_STRING else dt)
    return Term("literal", str(t))
