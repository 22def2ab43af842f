"""`phytokg build`: documents in, graph.ttl and graph.html out (graph.build)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from graph.cli.options import WorkersOption, is_terminal, user_errors, warn


def skip_warning(skipped: object) -> None:
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


@user_errors
def build_command(
    docs: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Argument(
            help="Files or folders to read (.txt, .md, .html, .pdf; PubMed XML, MEDLINE .nbib, "
            "BioC XML/JSON, PMC JATS .nxml: one document per article); - for standard input. "
            "Default: ./seeds"
        ),
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
    workers: WorkersOption = 1,
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
    from graph.cli.progress import progress
    from graph.text.read import estimate_documents

    paths = docs or [Path("seeds")]
    show = is_terminal() and not as_json
    with progress(estimate_documents(paths) if show else None, enabled=show) as advance:
        options = dict(
            html=html,
            title=title,
            on_skip=skip_warning,
            on_document=advance,
            workers=workers,
            dask=dask,
            dask_scheduler=dask_scheduler,
            store=store,
        )
        if into is not None:
            from graph.build import build_into

            summary = build_into(into, paths, **options)  # type: ignore[arg-type]
        else:
            summary = run_build(paths, out, **options)  # type: ignore[arg-type]
    if as_json:
        typer.echo(json.dumps(summary.to_dict(), indent=2))
    else:
        _print_summary(summary)
