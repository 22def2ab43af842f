"""`phytokg render`: the interactive HTML page of a graph, with filters."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from graph.cli.options import DEFAULT_GRAPH, GraphOption, user_errors
from graph.filesafety import refuse_overwriting_inputs

if TYPE_CHECKING:
    from rdflib import Graph

DEFAULT_HTML = Path("out") / "graph.html"

EPILOG = (
    "Example: phytokg render --graph out/graph.ttl --class Alkaloid --class Receptor "
    "--min-evidence 2 --out alkaloids.html\n\n"
    "Example: phytokg render --focus 'Entity name' --depth 2 --title 'Around it' --out one.html"
)


def load_graph(path: Path) -> Graph:
    """The graph in `path`; GraphFileError if it is missing or does not parse."""
    from graph.rdf.files import load_graph as load

    return load(path)


def focus_graph(path: Path, focus: str, depth: int) -> tuple[Graph, str, str | None]:
    """The part of the graph in `path` that a page of `focus` reads (from the persistent
    store beside it, graph.rdf.cache), the focus entity's IRI and the page's note.

    A big graph's page lists at most EVIDENCE_PER_FACT sentences per fact (and says so);
    a small one's is the page of the whole graph, byte for byte."""
    from graph.outputs.page_store import EVIDENCE_PER_FACT, evidence_note, focus_subgraph
    from graph.rdf.cache import CACHE_MIN_BYTES, as_store
    from graph.rdf.files import check_graph_file

    check_graph_file(path)
    per_fact = EVIDENCE_PER_FACT if path.stat().st_size >= CACHE_MIN_BYTES else None
    g, iri, cut = focus_subgraph(as_store(path), focus, depth, per_fact)
    return g, iri, evidence_note(cut, per_fact)


@user_errors
def render_command(
    graph_file: GraphOption = DEFAULT_GRAPH,
    out: Annotated[
        Path,
        typer.Option("--out", help="HTML file to write; - for standard output.", show_default=True),
    ] = DEFAULT_HTML,
    classes: Annotated[
        Optional[list[str]],  # noqa: UP045 - typer needs Optional on 3.10
        typer.Option(
            "--class",
            help="Show only entities of this class or its sub-classes "
            "(local name, label or IRI; repeatable).",
        ),
    ] = None,
    relations: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--relation",
            help="Show only facts of this relation or its sub-properties (repeatable).",
        ),
    ] = None,
    min_evidence: Annotated[
        int,
        typer.Option(
            "--min-evidence", min=1, help="Hide facts stated by fewer sentences than this."
        ),
    ] = 1,
    focus: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--focus", help="Show only the neighbourhood of this entity (label, synonym, IRI)."
        ),
    ] = None,
    depth: Annotated[
        int, typer.Option("--depth", min=1, help="How many links away from --focus to show.")
    ] = 1,
    title: Annotated[str, typer.Option("--title", help="Title of the page.")] = "phytokg",
    show_negated: Annotated[
        bool,
        typer.Option("--show-negated", help="Also draw facts the documents deny (dotted)."),
    ] = False,
) -> None:
    """Write the interactive graph page: one HTML file that works offline.

    Click an entity or a fact to read the sentences it comes from; search, filter by
    class, relation, certainty and evidence in the page itself.
    """
    from graph.outputs.page import render_html

    refuse_overwriting_inputs([out], [graph_file])
    note = None
    if focus is not None:  # the neighbourhood alone, read from the graph's store
        g, focus, note = focus_graph(graph_file, focus, depth)
    else:
        g = load_graph(graph_file)
    summary = render_html(
        g,
        out,
        title=title,
        classes=classes,
        relations=relations,
        min_evidence=min_evidence,
        focus=focus,
        depth=depth,
        show_negated=show_negated,
        note=note,
    )
    if str(out) != "-":  # standard output carries the page itself
        typer.echo(f"wrote {summary.path}: {summary.nodes} entities, {summary.edges} facts")
