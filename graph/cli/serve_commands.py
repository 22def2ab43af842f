"""`phytokg serve` (a SPARQL endpoint on 127.0.0.1) and `phytokg push` (into another
store over the Graph Store Protocol)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graph.cli.options import DEFAULT_GRAPH, GraphOption, user_errors


@user_errors
def serve_command(
    graph: GraphOption = DEFAULT_GRAPH,
    host: Annotated[str, typer.Option("--host", help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 7878,
    store: Annotated[
        Path | None,
        typer.Option(
            "--store",
            help="Store folder to load the graph into (default: temporary).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve a graph read-only over the SPARQL 1.1 Protocol (Oxigraph server).

    Queries go to http://HOST:PORT/query. Stop with Ctrl-C.
    Example: phytokg serve --graph out/graph.ttl --port 7878
    """
    from graph.outputs.serve import serve

    serve(
        graph,
        host=host,
        port=port,
        store_dir=store,
        on_ready=lambda url: typer.echo(f"SPARQL endpoint: {url}/query (Ctrl-C to stop)"),
    )


@user_errors
def push_command(
    endpoint: Annotated[
        str,
        typer.Option(
            "--endpoint",
            help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store",
            show_default=False,
        ),
    ],
    graph: GraphOption = DEFAULT_GRAPH,
    named_graph: Annotated[
        str | None,
        typer.Option(
            "--named-graph",
            help="Replace this named graph (default: the default graph).",
            show_default=False,
        ),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace/--add", help="PUT (replace the graph) or POST (add to it).")
    ] = True,
) -> None:
    """Load a graph into a SPARQL store over the Graph Store Protocol (HTTP PUT or POST).

    Example: phytokg push --endpoint http://127.0.0.1:7878/store --named-graph https://example.org/kg
    """
    from graph.outputs.serve import push

    status = push(graph, endpoint, named_graph=named_graph, replace=replace)
    typer.echo(f"pushed {graph} to {endpoint} (HTTP {status})")
