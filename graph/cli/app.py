"""The `phytokg` command line: one Typer app, a thin layer over the library API.

Each command (one module per group: build, graph, page, measure, serve) parses its
arguments, calls one library function and formats the result; all are registered here,
in one table. Heavy libraries are imported inside the commands, so `phytokg --help`
starts fast.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Annotated, Any, Optional

import typer

from graph import __version__
from graph.cli import (
    build_commands,
    graph_commands,
    measure_commands,
    page_commands,
    serve_commands,
)
from graph.cli.options import OneLineErrors

app = typer.Typer(
    name="phytokg",
    help=(
        "Build a knowledge graph of herbal pharmacology from articles, offline.\n\n"
        "Start with `phytokg build` (reads ./seeds, writes ./out/graph.ttl and "
        "./out/graph.html), then `phytokg query`, `phytokg render`, `phytokg export`."
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=OneLineErrors,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"phytokg {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        Optional[bool],  # noqa: UP045 - typer needs Optional on 3.10
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version."
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks instead of one-line errors.")
    ] = False,
) -> None:
    if debug:
        os.environ["PHYTOKG_DEBUG"] = "1"


# name -> command function (and its epilog); the one place commands are registered
COMMANDS: dict[str, Callable[..., Any]] = {
    "build": build_commands.build_command,
    "query": graph_commands.query_command,
    "render": page_commands.render_command,
    "export": graph_commands.export_command,
    "stats": graph_commands.stats_command,
    "validate": graph_commands.validate_command,
    "evaluate": measure_commands.evaluate_command,
    "remove": graph_commands.remove_command,
    "benchmark": measure_commands.benchmark_command,
    "serve": serve_commands.serve_command,
    "push": serve_commands.push_command,
}
EPILOGS = {"render": page_commands.EPILOG}

for _name, _command in COMMANDS.items():
    app.command(_name, epilog=EPILOGS.get(_name))(_command)


def main() -> None:
    """Console-script entry point."""
    app()
