"""CLI commands that read a built graph: query, export, stats, validate, remove.

graph.cli.app registers them. Heavy libraries (rdflib, pyoxigraph,
pyshacl, networkx) are imported inside the command functions only, so that
`phytokg --help` stays fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from graph.cli.options import DEFAULT_GRAPH, GraphOption, positive_number, user_errors
from graph.errors import InputError, ValidationFailed
from graph.filesafety import refuse_overwriting_inputs, writer_lock


@user_errors
def query_command(
    query: Annotated[
        str | None,
        typer.Argument(
            help="SPARQL text, a .rq file, the name of a canned query (see --list), "
            "or - to read the query from standard input.",
            show_default=False,
        ),
    ] = None,
    graph: GraphOption = DEFAULT_GRAPH,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="Output: table, csv, tsv, json or turtle.")
    ] = "table",
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            help="Bind a query parameter: NAME=VALUE (repeatable).",
            show_default=False,
        ),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option(
            help="Give up after this many seconds.",
            show_default=False,
            callback=positive_number,
        ),
    ] = None,
    list_queries: Annotated[
        bool, typer.Option("--list", help="List the canned queries and their parameters.")
    ] = False,
    allow_federation: Annotated[
        bool,
        typer.Option(
            "--allow-federation",
            help="Allow SERVICE clauses (they send HTTP requests to other endpoints).",
        ),
    ] = False,
) -> None:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) on a graph.

    Example: phytokg query 'SELECT ?s WHERE { ?s kg:alleviates ?o }' --format csv
    """
    from graph.outputs.query import list_queries as canned
    from graph.outputs.query import run_query
    from graph.outputs.query_format import format_result

    if list_queries:
        typer.echo(_render_list(canned()), nl=False)
        return
    if query is None:
        raise InputError("give a query (SPARQL text, a .rq file or a canned name), or --list")
    if query == "-":
        query = sys.stdin.read()
    params = _parse_params(param or [])
    result = run_query(
        graph, query, params=params, timeout=timeout, allow_federation=allow_federation
    )
    typer.echo(format_result(result, fmt), nl=False)


def _parse_params(items: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise InputError(f"--param expects NAME=VALUE, got {item!r}")
        params[name.strip()] = value
    return params


def _render_list(queries: list[Any]) -> str:
    if not queries:
        return "no canned queries (ontology/queries/*.rq)\n"
    lines = []
    for q in queries:
        lines.append(f"{q.name}: {q.title}" if q.title else q.name)
        if q.description:
            lines.append(f"    {q.description}")
        lines.extend(f"    --param {p.name}=...  {p.description}".rstrip() for p in q.params)
    return "\n".join(lines) + "\n"


@user_errors
def export_command(
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="File to write; - for standard output; a folder for kgx.",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="turtle, json-ld, nt, trig, nquads, graphml, csv or kgx "
            "(default: from the extension of --out; needed with --out -).",
            show_default=False,
        ),
    ] = None,
    graph: GraphOption = DEFAULT_GRAPH,
) -> None:
    """Export a graph to another format.

    Example: phytokg export --format graphml --out out/graph.graphml
    """
    from graph.outputs.export import export, format_for_path, get_exporter
    from graph.outputs.store_view import FACTS, graph_for
    from graph.rdf.files import is_stream_target, load_graph

    name = fmt if fmt is not None else format_for_path(out)
    exporter = get_exporter(name)  # an unknown format fails before the graph is read
    refuse_overwriting_inputs([out], [graph])
    # RDF formats copy every literal as written, which the store does not keep (it holds
    # typed literals by value: "1.0"^^xsd:decimal comes back as "1"): they parse the file.
    # The others read a big graph's facts from its store (no evidence nodes).
    export(load_graph(graph) if exporter.rdf else graph_for(graph, FACTS), name, out)
    if str(out) != "-":  # standard output carries the export itself
        typer.echo(f"wrote {out} ({name})", err=is_stream_target(out))


@user_errors
def stats_command(
    graph: GraphOption = DEFAULT_GRAPH,
    as_json: Annotated[bool, typer.Option("--json", help="Print the statistics as JSON.")] = False,
    ontology: Annotated[
        bool,
        typer.Option(
            "--ontology", help="Print how much of the field the ontology's lexicon covers instead."
        ),
    ] = False,
) -> None:
    """Print statistics of a graph: counts, grounding, contradictions, central entities.

    With --ontology, print the lexicon's coverage (entities per kind, synonyms, identifiers).

    Example: phytokg stats --graph out/graph.ttl --json
    """
    if ontology:
        from graph.domain.lexicon import ontology_coverage

        coverage = ontology_coverage()
        if as_json:
            typer.echo(json.dumps(coverage, indent=2))
        else:
            typer.echo("ontology coverage")
            for name, count in coverage.items():
                typer.echo(f"  {name}: {count}")
        return
    from graph.outputs.stats import render_text
    from graph.outputs.store_view import stats_for

    stats = stats_for(graph)  # a big graph: from the store beside it
    if as_json:
        typer.echo(json.dumps(stats.to_dict(), indent=2, ensure_ascii=False))
    else:
        typer.echo(render_text(stats), nl=False)


@user_errors
def validate_command(graph: GraphOption = DEFAULT_GRAPH) -> None:
    """Check a graph against the SHACL shapes of ontology/shapes.ttl.

    Exits 0 when the graph conforms; otherwise prints each violation and exits 8.
    Example: phytokg validate --graph out/graph.ttl
    """
    from graph.outputs.validate import validate

    report = validate(graph)
    typer.echo(report.render(), nl=False)
    if not report.conforms:
        raise ValidationFailed(f"{graph} does not conform: {len(report.violations)} violation(s)")


@user_errors
def remove_command(
    doc: Annotated[
        str,
        typer.Argument(
            help="The document: its IRI, a sha256 prefix (8+ hex digits) or its source path.",
            show_default=False,
        ),
    ],
    graph: GraphOption = DEFAULT_GRAPH,
) -> None:
    """Remove a document and what only it supports from a graph file (rewritten in place).

    Example: phytokg remove review.txt --graph out/graph.ttl
    """
    from graph.outputs.export import export, format_for_path
    from graph.rdf.files import load_graph
    from graph.rdf.incremental import remove_document

    with writer_lock(graph.parent):  # as `build --into`: one writer of a graph at a time
        g = load_graph(graph)
        removed = remove_document(g, doc)
        export(g, format_for_path(graph), graph)
    typer.echo(f"removed {doc} ({removed} triples); wrote {graph}")
