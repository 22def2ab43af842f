"""The `phytokg` command line: one Typer app (graph.cli.app), one module per command group."""
