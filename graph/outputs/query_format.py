"""Query results as text: table, CSV, TSV, JSON (SPARQL 1.1 results) or Turtle."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from graph.domain.namespaces import PREFIXES, XSD
from graph.errors import FormatError
from graph.outputs.query import RESULT_FORMATS, QueryResult, Term

_XSD_STRING = XSD + "string"

# ---------------------------------------------------------------- formatting


def qname(iri: str) -> str:
    """`prefix:local` for the longest namespace of PREFIXES that `iri` starts with."""
    best, name = "", f"<{iri}>"
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best) and iri != ns:
            best, name = ns, f"{prefix}:{iri[len(ns) :]}"
    return name


def _cell(t: Term | None) -> str:
    if t is None:
        return ""
    if t.kind == "uri":
        return qname(t.value)
    if t.kind == "bnode":
        return "_:" + t.value
    return " ".join(t.value.split("\n"))


def _plain(t: Term | None) -> str:
    if t is None:
        return ""
    return "_:" + t.value if t.kind == "bnode" else t.value


def _nt(t: Term | None) -> str:
    from graph.rdf.terms import escape_string

    if t is None:
        return ""
    if t.kind == "uri":
        return f"<{t.value}>"
    if t.kind == "bnode":
        return "_:" + t.value
    text = '"' + escape_string(t.value) + '"'
    if t.lang:
        return f"{text}@{t.lang}"
    return f"{text}^^<{t.datatype}>" if t.datatype else text


def _json_term(t: Term) -> dict[str, str]:
    if t.kind == "uri":
        return {"type": "uri", "value": t.value}
    if t.kind == "bnode":
        return {"type": "bnode", "value": t.value}
    out = {"type": "literal", "value": t.value}
    if t.lang:
        out["xml:lang"] = t.lang
    elif t.datatype:
        out["datatype"] = t.datatype
    return out


def _as_rows(result: QueryResult) -> tuple[tuple[str, ...], list[tuple[Term | None, ...]]]:
    if result.kind == "graph":
        return ("subject", "predicate", "object"), [tuple(t) for t in result.triples]
    return result.variables, list(result.rows)


def format_result(result: QueryResult, fmt: str) -> str:
    """Render a result as table, csv, tsv, json (W3C SPARQL 1.1 results) or turtle."""
    if fmt not in RESULT_FORMATS:
        raise FormatError(f"unknown result format {fmt!r} (known: {', '.join(RESULT_FORMATS)})")
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean}, indent=2) + "\n"
        if fmt == "turtle":
            raise FormatError("an ASK query has no graph to write as turtle; use table or json")
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "turtle":
        if result.kind != "graph":
            raise FormatError("turtle output needs a CONSTRUCT or DESCRIBE query")
        return _turtle(result)
    names, rows = _as_rows(result)
    if fmt == "table":
        return _table(names, rows)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(names)
        writer.writerows([_plain(t) for t in row] for row in rows)
        return buf.getvalue()
    if fmt == "tsv":
        lines = ["\t".join("?" + n for n in names)]
        lines += ["\t".join(_nt(t) for t in row) for row in rows]
        return "\n".join(lines) + "\n"
    bindings = [
        {n: _json_term(t) for n, t in zip(names, row, strict=True) if t is not None} for row in rows
    ]
    doc = {"head": {"vars": list(names)}, "results": {"bindings": bindings}}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _table(names: tuple[str, ...], rows: list[tuple[Term | None, ...]]) -> str:
    cells = [[_cell(t) for t in row] for row in rows]
    widths = [max([len(n), *(len(r[i]) for r in cells)]) for i, n in enumerate(names)]

    def line(values: list[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(list(names)), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    return "\n".join(out) + "\n"


def _turtle(result: QueryResult) -> str:
    from rdflib import BNode, Literal, URIRef

    from graph.rdf.turtle import to_turtle

    def node(t: Term) -> Any:
        if t.kind == "uri":
            return URIRef(t.value)
        if t.kind == "bnode":
            return BNode(t.value)
        if t.lang:
            return Literal(t.value, lang=t.lang)
        return Literal(t.value, datatype=URIRef(t.datatype) if t.datatype else None)

    return to_turtle((node(s), node(p), node(o)) for s, p, o in result.triples)
