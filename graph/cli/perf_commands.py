"""CLI commands for scale: benchmark, serve (SPARQL endpoint), push (Graph Store Protocol).

`register(app)` adds them to the phytokg typer app. Everything heavy is imported inside
the commands.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from graph.cli.options import DEFAULT_GRAPH, GRAPH_OPTION_HELP, user_errors
from graph.errors import InputError

GraphOption = Annotated[Path, typer.Option("--graph", "-g", help=GRAPH_OPTION_HELP)]


def _numbers(text: str, kind: type[float] | type[int], option: str) -> list[float]:
    try:
        values = [kind(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise InputError(f"{option} expects comma-separated numbers, got {text!r}") from None
    if not values or any(v <= 0 for v in values):
        raise InputError(f"{option} expects positive numbers, got {text!r}")
    return [float(v) for v in values]


@user_errors
def benchmark_command(
    sizes: Annotated[
        str, typer.Option("--sizes", help="Corpus sizes in MB, comma-separated (e.g. 1,10,100).")
    ] = "1,10",
    workers: Annotated[int, typer.Option("--workers", help="Processes for the speed-up run.")] = 2,
    speedup_mb: Annotated[
        float | None,
        typer.Option(
            "--speedup-size",
            help="Corpus size (MB) of the speed-up run.",
            show_default="10 if listed, else the largest",
        ),
    ] = None,
    triples: Annotated[
        str, typer.Option("--triples", help="Graph sizes for SPARQL latency, comma-separated.")
    ] = "10000,100000,1000000",
    rdflib_at: Annotated[
        int,
        typer.Option(
            "--rdflib-at", help="Graph size at which rdflib's engine is timed (0: never)."
        ),
    ] = 100_000,
    entities: Annotated[
        str, typer.Option("--entities", help="Entity counts for the HTML page, comma-separated.")
    ] = "1000,5000,20000",
    repeats: Annotated[int, typer.Option("--repeats", help="Runs per latency figure.")] = 5,
    rdflib_timeout: Annotated[
        float, typer.Option("--rdflib-timeout", help="Seconds before an rdflib query is cut off.")
    ] = 30.0,
    work_dir: Annotated[
        Path | None,
        typer.Option(
            "--work-dir", help="Keep (and reuse) the corpora and outputs here.", show_default=False
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Measure build throughput and memory, parallel speed-up, SPARQL latency, start-up
    time and HTML rendering time on synthetic data.

    Example: phytokg benchmark --sizes 1,10,100 --json
    """
    from graph.evaluation.benchmark import render_table, run_benchmark

    report = run_benchmark(
        _numbers(sizes, float, "--sizes"),
        workers=workers,
        speedup_mb=speedup_mb,
        triples=[int(n) for n in _numbers(triples, int, "--triples")],
        rdflib_at=rdflib_at or None,
        entities=[int(n) for n in _numbers(entities, int, "--entities")],
        work_dir=work_dir,
        repeats=max(1, repeats),
        rdflib_timeout=rdflib_timeout,
        progress=None if as_json else lambda msg: typer.echo(f"... {msg}", err=True),
    )
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
    else:
        typer.echo(render_table(report), nl=False)


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


def register(app: typer.Typer) -> None:
    """Add benchmark, serve and push to `app`."""
    app.command("benchmark")(benchmark_command)
    app.command("serve")(serve_command)
    app.command("push")(push_command)
