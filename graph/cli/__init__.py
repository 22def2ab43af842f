"""The `phytokg` command line: one Typer app, one module per command group."""

from graph.cli.app import app, main

__all__ = ["app", "main"]
