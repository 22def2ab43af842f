"""`phytokg evaluate` (scores against gold facts) and `phytokg benchmark` (speed, memory,
latency)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated, Optional

import typer

from graph.cli.build_commands import skip_warning
from graph.cli.options import positive_number, user_errors
from graph.errors import InputError


@user_errors
def evaluate_command(
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
    if not gold_files:
        raise InputError(
            "no gold facts: " + ", ".join(str(p) for p in gold) + " holds no .tsv file"
        )
    alias_files = _expand(aliases, "*aliases*.tsv")
    if graph_file is not None:
        g = load_graph(graph_file)
    else:
        g, _ = build_graph(docs or [Path("seeds")], on_skip=skip_warning)
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


def _numbers(text: str, kind: type[float] | type[int], option: str) -> list[float]:
    try:
        values = [kind(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise InputError(f"{option} expects comma-separated numbers, got {text!r}") from None
    if not values or any(not math.isfinite(v) or v <= 0 for v in values):
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
            callback=positive_number,
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
        float,
        typer.Option(
            "--rdflib-timeout",
            help="Seconds before an rdflib query is cut off.",
            callback=positive_number,
        ),
    ] = 30.0,
    work_dir: Annotated[
        Path | None,
        typer.Option(
            "--work-dir", help="Keep (and reuse) the corpora and outputs here.", show_default=False
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    corpus: Annotated[
        str,
        typer.Option(
            "--corpus",
            help="synthetic (from templates) or prose (the project's articles recombined).",
        ),
    ] = "synthetic",
    commands: Annotated[
        bool,
        typer.Option(
            "--commands/--no-commands",
            help="Time query, validate, render --focus and stats on the largest graph.",
        ),
    ] = True,
    commands_mb: Annotated[
        float | None,
        typer.Option(
            "--commands-size",
            help="Corpus size (MB) whose graph the commands are timed on "
            "(prose: about 120,000 triples per MB).",
            show_default="the largest of --sizes",
            callback=positive_number,
        ),
    ] = None,
) -> None:
    """Measure build throughput and memory, parallel speed-up, SPARQL latency, start-up
    time and HTML rendering time, on a synthetic corpus or on real prose (--corpus prose);
    query, validate, render --focus and stats are timed on the graph of the largest corpus
    (or of --commands-size).

    Example: phytokg benchmark --sizes 1,10,100 --json
    Example: phytokg benchmark --corpus prose --sizes 1,5 --speedup-size 5 --commands-size 12
    """
    from graph.evaluation.benchmark import run_benchmark
    from graph.evaluation.benchmark_report import render_table

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
        corpus=corpus,
        commands=commands,
        commands_mb=commands_mb,
    )
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
    else:
        typer.echo(render_table(report), nl=False)
