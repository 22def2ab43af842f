"""The `phytokg` command line: a thin layer over the library API.

Each command parses its arguments, calls one library function and formats the
result. Heavy libraries are imported inside the commands, so `phytokg --help`
starts fast.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from graph import __version__
from graph.cli.options import is_terminal, user_errors, warn

app = typer.Typer(
    name="phytokg",
    help=(
        "Build a knowledge graph of herbal pharmacology from articles, offline.\n\n"
        "Start with `phytokg build` (reads ./seeds, writes ./out/graph.ttl and "
        "./out/graph.html), then `phytokg query`, `phytokg render`, `phytokg export`."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"phytokg {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        Optional[bool],  # noqa: UP045 - typer needs Optional on 3.10
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks instead of one-line errors.")
    ] = False,
) -> None:
    if debug:
        os.environ["PHYTOKG_DEBUG"] = "1"


class _Progress:
    """A one-line progress display on a terminal; silent otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.count = 0

    def __call__(self, source: str) -> None:
        self.count += 1
        if self.enabled:
            name = source if len(source) <= 50 else "..." + source[-47:]
            sys.stderr.write(f"\r\033[Kreading document {self.count}: {name}")
            sys.stderr.flush()

    def done(self) -> None:
        if self.enabled and self.count:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def _skip_warning(skipped: object) -> None:
    warn(f"skipped {skipped.path}: {skipped.reason}")  # type: ignore[attr-defined]


def _print_summary(summary: object) -> None:
    s = summary.to_dict()  # type: ignore[attr-defined]
    entities = s["entities"]
    facts = s["facts"]
    typer.echo(
        f"phytokg build: {s['documents']} documents, {s['sentences']} sentences "
        f"in {s['seconds']:.2f} s"
    )
    typer.echo(
        f"entities: {sum(entities.values())} ("
        + ", ".join(f"{k} {v}" for k, v in entities.items())
        + ")"
    )
    typer.echo(
        f"facts: {sum(facts.values())} (" + ", ".join(f"{k} {v}" for k, v in facts.items()) + ")"
    )
    typer.echo(f"certainty: {s['asserted']} asserted, {s['hedged']} hedged, {s['negated']} negated")
    typer.echo(
        f"grounding: {s['grounding_coverage']:.0%} of entities have a public identifier; "
        f"{s['discovered']} discovered"
    )
    for kind, value in s["outputs"].items():
        if kind.startswith("html-"):  # html-note, html-skipped: why the page is smaller or absent
            typer.echo(f"note: {value}")
        else:
            typer.echo(f"wrote {kind}: {value}")


@app.command()
@user_errors
def build(
    docs: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Argument(help="Files or folders to read (.txt, .md, .html, .pdf). Default: ./seeds"),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", help="Folder to write graph.ttl and graph.html to.")
    ] = Path("out"),
    into: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--into", help="Add the documents to this existing graph file instead."),
    ] = None,
    html: Annotated[bool, typer.Option("--html/--no-html", help="Also write graph.html.")] = True,
    title: Annotated[str, typer.Option(help="Title of the HTML page.")] = "phytokg",
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    store: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--store",
            help="Also keep the graph in this on-disk Oxigraph store (query it with "
            "--graph DIR); one writer at a time.",
            show_default=False,
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", "-j", help="Extract documents in this many processes.")
    ] = 1,
    dask: Annotated[
        bool, typer.Option("--dask", help="Extract on a local Dask cluster of --workers processes.")
    ] = False,
    dask_scheduler: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--dask-scheduler",
            help="Extract on the Dask cluster at this address.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Build the knowledge graph from documents.

    Reads every document under DOCS, finds entities, facts and their evidence, and writes
    OUT/graph.ttl (the graph with its ontology) and OUT/graph.html (the interactive page).

    Example: phytokg build seeds/ --out out/
    """
    from graph.build import build as run_build

    paths = docs or [Path("seeds")]
    progress = _Progress(is_terminal() and not as_json)
    try:
        options = dict(
            html=html,
            title=title,
            on_skip=_skip_warning,
            on_document=progress,
            workers=workers,
            dask=dask,
            dask_scheduler=dask_scheduler,
        )
        if into is not None:
            from graph.build import build_into

            summary = build_into(into, paths, **options)  # type: ignore[arg-type]
        else:
            summary = run_build(paths, out, **options)  # type: ignore[arg-type]
    finally:
        progress.done()
    if store is not None:
        from dataclasses import replace

        from graph.rdf.store import save_to_store

        save_to_store(summary.outputs["graph"], store)
        summary = replace(summary, outputs={**summary.outputs, "store": str(store)})
    if as_json:
        typer.echo(json.dumps(summary.to_dict(), indent=2))
    else:
        _print_summary(summary)


@app.command()
@user_errors
def evaluate(
    gold: Annotated[
        list[Path], typer.Option("--gold", help="Gold facts TSV (repeat, or give a folder).")
    ],
    aliases: Annotated[
        list[Path], typer.Option("--aliases", help="Aliases TSV (canonical -> surface forms).")
    ],
    docs: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Argument(help="Documents to build the graph from. Default: ./seeds"),
    ] = None,
    graph_file: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--graph", help="Score this graph file instead of building one."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Score extraction against gold facts: precision, recall, F1, type accuracy.

    Prints the missed core facts and the false positives.

    Example: phytokg evaluate --gold gold.tsv --aliases aliases.tsv seeds/
    """
    from graph.build import build_graph
    from graph.evaluation.evaluate import evaluate as run_evaluate
    from graph.rdf.files import load_graph

    gold_files = _expand(gold, "*.tsv", exclude="aliases")
    alias_files = _expand(aliases, "*aliases*.tsv")
    if graph_file is not None:
        g = load_graph(graph_file)
    else:
        g, _ = build_graph(docs or [Path("seeds")], on_skip=_skip_warning)
    report = run_evaluate(g, gold_files, alias_files)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
        return
    typer.echo(
        f"precision {report.precision:.3f} ({report.correct}/{report.predicted})  "
        f"recall {report.recall:.3f} ({report.found}/{report.core})  F1 {report.f1:.3f}  "
        f"type accuracy {report.type_accuracy:.3f} ({report.types_correct}/{report.types_total})"
    )
    for f in report.missed:
        typer.echo(f"missed: {f.subject} {f.predicate} {f.object}  [{f.doc}]")
    for t in report.false_positives:
        typer.echo(f"false positive: {t.subject} {t.predicate} {t.object}")
    for name, expected, found in report.wrong_types:
        typer.echo(f"wrong type: {name}: expected {expected}, found {found}")


def _expand(paths: list[Path], pattern: str, exclude: str | None = None) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(f for f in sorted(p.glob(pattern)) if not exclude or exclude not in f.name)
        else:
            out.append(p)
    return out


def _register_extensions() -> None:
    from graph.cli import graph_commands as cli_graph
    from graph.cli import page_command as cli_render
    from graph.cli import perf_commands as cli_perf

    cli_graph.register(app)
    cli_render.register(app)
    cli_perf.register(app)


_register_extensions()


def main() -> None:
    """Console-script entry point."""
    app()
