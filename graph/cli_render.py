"""`phytokg render`: the interactive HTML page of a graph, with filters."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .cli_common import DEFAULT_GRAPH, GRAPH_OPTION_HELP, user_errors


def register(app: typer.Typer) -> None:
    @app.command()
    @user_errors
    def render(
        graph_file: Annotated[Path, typer.Option("--graph", help=GRAPH_OPTION_HELP)] = DEFAULT_GRAPH,
        out: Annotated[Path, typer.Option("--out", help="HTML file to write.")] = Path(
            "out/graph.html"
        ),
        classes: Annotated[
            Optional[list[str]],  # noqa: UP045 - typer needs Optional on 3.10
            typer.Option("--class", help="Show only entities of this class (repeatable)."),
        ] = None,
        relations: Annotated[
            Optional[list[str]],  # noqa: UP045
            typer.Option("--relation", help="Show only facts of this relation (repeatable)."),
        ] = None,
        min_evidence: Annotated[
            int, typer.Option("--min-evidence", min=1, help="Hide facts with fewer sentences.")
        ] = 1,
        focus: Annotated[
            Optional[str],  # noqa: UP045
            typer.Option("--focus", help="Show only the neighbourhood of this entity."),
        ] = None,
        depth: Annotated[int, typer.Option("--depth", min=1, help="How many links away from --focus to show.")] = 1,
        title: Annotated[str, typer.Option("--title", help="Title of the page.")] = "phytokg",
        show_negated: Annotated[
            bool, typer.Option("--show-negated", help="Also draw negated facts.")
        ] = False,
    ) -> None:
        """Write the interactive graph page (offline: every script inlined).

        Example: phytokg render --focus Kratom --depth 2 --out kratom.html
        """
        from .graphio import load_graph
        from .render import render_html

        g = load_graph(graph_file)
        summary = render_html(
            g, out, title=title, classes=classes, relations=relations,
            min_evidence=min_evidence, focus=focus, depth=depth, show_negated=show_negated,
        )
        typer.echo(f"wrote {summary.path}: {summary.nodes} entities, {summary.edges} facts")
