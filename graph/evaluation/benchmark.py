"""`phytokg benchmark`: throughput, memory, parallel speed-up, SPARQL latency, start-up
time and page rendering time, measured on synthetic data of chosen sizes.

Each build runs in a child process so that its peak memory (ru_maxrss of the process
and of its workers) is its own. Corpora come from graph.evaluation.synthetic; graphs for SPARQL
follow docs/graph-model.md and are written as N-Triples straight into pyoxigraph.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from graph.errors import InputError
from graph.evaluation.benchmark_report import (
    BenchmarkReport,
    BuildFigure,
    CommandFigure,
    HtmlFigure,
    SparqlFigure,
    SpeedupFigure,
    StartupFigure,
)
from graph.evaluation.model_graphs import model_graph, model_ntriples, model_store

DEFAULT_SIZES = (1.0, 10.0)
DEFAULT_TRIPLES = (10_000, 100_000, 1_000_000)
DEFAULT_ENTITIES = (1_000, 5_000, 20_000)

# ---------------------------------------------------------------- builds


_CHILD = """
import json, resource, sys, time
from pathlib import Path
from graph.build import build
start = time.perf_counter()
summary = build([Path(sys.argv[1])], Path(sys.argv[2]), html=False, workers=int(sys.argv[3]))
seconds = time.perf_counter() - start
s = summary.to_dict()
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
           resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"documents": s["documents"],
                  "facts": sum(s["facts"].values()) + s["negated"],
                  "seconds": seconds, "peak_kb": peak}))
"""


def if_main_guard(code: str) -> str:
    """Child code under a __main__ guard (worker processes re-import the main module)."""
    body = "\n".join("    " + line for line in code.strip().splitlines())
    return f"def _main():\n{body}\nif __name__ == '__main__':\n    _main()\n"


def build_in_child(corpus: Path, out: Path, workers: int) -> dict[str, Any]:
    """Run `build` in a fresh Python process; its figures as a dict."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "phytokg_bench_build.py"
        script.write_text(if_main_guard(_CHILD), encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, str(script), str(corpus), str(out), str(workers)],
            capture_output=True,
            text=True,
            check=False,
        )
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise InputError(f"benchmark build failed: {last}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def baseline_seconds(corpus: Path) -> float:
    """Read every document, lowercase it and scan it for every lexicon term."""
    import ahocorasick

    from graph.domain.lexicon import load_lexicon
    from graph.paths import ontology_dir
    from graph.text.read import read_documents

    start = time.perf_counter()
    automaton = ahocorasick.Automaton()
    for e in load_lexicon(ontology_dir()).entities.values():
        for term in (e.label, *e.alt_labels):
            automaton.add_word(term.lower(), e.id)
    automaton.make_automaton()
    hits = 0
    for doc in read_documents([corpus]):
        for _ in automaton.iter(doc.text.lower()):
            hits += 1
    return time.perf_counter() - start


def corpus_size_mb(corpus: Path) -> float:
    return sum(p.stat().st_size for p in corpus.rglob("*.txt")) / 1_000_000


def measure_build(corpus: Path, out: Path, workers: int) -> BuildFigure:
    fig = build_in_child(corpus, out, workers)
    return BuildFigure(
        size_mb=round(corpus_size_mb(corpus), 3),
        documents=fig["documents"],
        facts=fig["facts"],
        workers=workers,
        seconds=fig["seconds"],
        peak_mb=round(fig["peak_kb"] / 1024, 1),
        baseline_seconds=baseline_seconds(corpus),
    )


# ---------------------------------------------------------------- commands on a graph

# what is timed on the graph of the largest corpus: `phytokg ARGS --graph GRAPH`
GRAPH_COMMANDS = (
    ("query", "adverse-effects", "--format", "csv"),
    ("validate",),
    ("render", "--focus", "{focus}", "--depth", "1", "--out", "{work}/focus.html"),
    ("stats",),
)


def focus_entity() -> str:
    """The entity `render --focus` is timed on: cues.toml `[benchmark] focus`."""
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    from graph.paths import ontology_dir

    data = tomllib.loads((ontology_dir() / "cues.toml").read_text(encoding="utf-8"))
    return str(data.get("benchmark", {}).get("focus", ""))


def _cli() -> list[str]:
    exe = Path(sys.executable).parent / "phytokg"
    if exe.exists():
        return [str(exe)]
    return [sys.executable, "-c", "import sys; from graph.cli.app import main; main()"]


def measure_commands(graph: Path, size_mb: float, work: Path) -> list[CommandFigure]:
    """Each of GRAPH_COMMANDS twice in a fresh process: the first call builds the store
    beside graph.ttl (removed beforehand), the second reuses it."""
    import shutil

    from graph.rdf.cache import cache_dir
    from graph.rdf.store import open_store

    shutil.rmtree(cache_dir(graph), ignore_errors=True)
    figures = []
    triples = 0
    focus = focus_entity()
    for args in GRAPH_COMMANDS:
        if "{focus}" in args and not focus:
            continue
        argv = [*_cli(), *(a.format(work=work, focus=focus) for a in args), "--graph", str(graph)]
        times = []
        for _ in range(2):
            start = time.perf_counter()
            subprocess.run(argv, capture_output=True, check=False)
            times.append(time.perf_counter() - start)
        if not triples:
            from graph.rdf.cache import ensure_store

            triples = len(open_store(ensure_store(graph), write=False))
        shown = " ".join(
            a.format(work=work, focus=focus) for a in args if "{work}" not in a and a != "--out"
        )
        figures.append(CommandFigure(size_mb, triples, shown, times[0], times[1]))
    return figures


# ---------------------------------------------------------------- SPARQL


def median_ms(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 3)


def measure_sparql(
    sizes: Sequence[int],
    rdflib_at: int | None,
    repeats: int = 5,
    rdflib_timeout: float = 30.0,
    work: Path | None = None,
) -> list[SparqlFigure]:
    """Median latency of each canned query through graph.outputs.query and through raw
    pyoxigraph; rdflib's engine at `rdflib_at` triples, one run each in a child process
    (a query still running after `rdflib_timeout` seconds is reported as that limit)."""
    from graph.outputs.query import list_queries, prepare_query, run_query

    figures = []
    for n in sizes:
        store = model_store(n)
        nt_file = None
        if n == rdflib_at and work is not None:
            nt_file = work / f"model-{n}.nt"
            nt_file.write_text("\n".join(model_ntriples(n)) + "\n", encoding="utf-8")
        for q in list_queries():
            full, _ = prepare_query(q.text, None, q)
            tool = median_ms(partial(run_query, store, q.name), repeats)
            raw = median_ms(partial(_raw_query, store, full), repeats)
            slow = rdflib_ms(nt_file, full, rdflib_timeout) if nt_file is not None else None
            figures.append(SparqlFigure(n, q.name, tool, raw, slow))
    return figures


def _raw_query(store: Any, text: str) -> int:
    """Run a query on pyoxigraph and touch every value of the results."""
    import pyoxigraph as ox

    result = store.query(text, use_default_graph_as_union=True)
    count = 0
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        for solution in result:
            for name in names:
                term = solution[name]
                count += 0 if term is None else len(term.value)
    elif not isinstance(result, ox.QueryBoolean):
        count = sum(1 for _ in result)
    return count


_RDFLIB_CHILD = """
import sys, time
from rdflib import Graph
g = Graph()
g.parse(sys.argv[1], format="nt")
query = open(sys.argv[2], encoding="utf-8").read()
start = time.perf_counter()
rows = list(g.query(query))
print((time.perf_counter() - start) * 1000)
"""


def rdflib_ms(nt_file: Path, query: str, timeout: float) -> float:
    """One run of `query` by rdflib's own engine on `nt_file`, in a child process."""
    query_file = nt_file.with_suffix(".rq")
    query_file.write_text(query, encoding="utf-8")
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _RDFLIB_CHILD, str(nt_file), str(query_file)],
            capture_output=True,
            text=True,
            timeout=timeout + 60,  # parsing the file comes first
            check=True,
        )
    except subprocess.TimeoutExpired:
        return timeout * 1000
    except subprocess.CalledProcessError as exc:
        raise InputError(f"rdflib benchmark failed: {exc.stderr.strip()[-200:]}") from None
    return min(round(float(proc.stdout.strip().splitlines()[-1]), 1), timeout * 1000)


# ---------------------------------------------------------------- start-up and HTML


def measure_startup(repeats: int = 5) -> StartupFigure:
    exe = Path(sys.executable).parent / "phytokg"
    cli = (
        [str(exe), "--help"]
        if exe.exists()
        else [sys.executable, "-c", "import sys; from graph.cli.app import main; main()", "--help"]
    )
    base = [sys.executable, "-c", "import rdflib"]

    def run(cmd: list[str]) -> None:
        subprocess.run(cmd, capture_output=True, check=True)

    return StartupFigure(
        median_ms(lambda: run(cli), repeats), median_ms(lambda: run(base), repeats)
    )


def measure_html(sizes: Sequence[int], work: Path) -> list[HtmlFigure]:
    from graph.outputs.page import render_html

    figures = []
    for n in sizes:
        g, facts = model_graph(n)
        start = time.perf_counter()
        render_html(g, work / f"page-{n}.html")
        figures.append(HtmlFigure(n, facts, round(time.perf_counter() - start, 3)))
    return figures


# ---------------------------------------------------------------- the whole run


def run_benchmark(
    sizes_mb: Sequence[float] = DEFAULT_SIZES,
    *,
    workers: int = 2,
    speedup_mb: float | None = None,
    triples: Sequence[int] = DEFAULT_TRIPLES,
    rdflib_at: int | None = 100_000,
    entities: Sequence[int] = DEFAULT_ENTITIES,
    work_dir: Path | None = None,
    repeats: int = 5,
    rdflib_timeout: float = 30.0,
    progress: Callable[[str], None] | None = None,
    corpus: str = "synthetic",
    commands: bool = True,
    commands_mb: float | None = None,
) -> BenchmarkReport:
    """Every measurement; corpora are generated (or reused) under `work_dir`.

    The speed-up is measured on the corpus of `speedup_mb` (default: 10 MB if it is among
    `sizes_mb`, else the largest size). `corpus`: "synthetic" (generated from templates)
    or "prose" (the project's real articles recombined, graph.evaluation.prose). With
    `commands`, query, validate, render --focus and stats are timed on the graph of the
    corpus of `commands_mb` (default: the largest size; another size is built with
    `workers` processes, and not reported as a build).
    """
    from graph.evaluation.prose import generate_prose_corpus
    from graph.evaluation.synthetic import generate_corpus

    if corpus not in ("synthetic", "prose"):
        raise InputError(f"unknown corpus {corpus!r} (synthetic or prose)")

    if not sizes_mb or any(s <= 0 for s in sizes_mb):
        raise InputError("--sizes needs positive sizes in MB, e.g. 1,10,100")
    say = progress or (lambda _msg: None)
    report = BenchmarkReport(corpus=corpus)
    target = speedup_mb if speedup_mb is not None else (10.0 if 10.0 in sizes_mb else max(sizes_mb))
    with tempfile.TemporaryDirectory() as tmp:
        work = work_dir or Path(tmp)
        for size in sizes_mb:
            folder = work / f"{corpus}-{size:g}MB"
            if not any(folder.glob("*.txt")):
                say(f"generating {size:g} MB {corpus} corpus")
                (generate_prose_corpus if corpus == "prose" else generate_corpus)(folder, size)
            say(f"building {size:g} MB (1 process)")
            serial = measure_build(folder, work / f"out-{size:g}-1", 1)
            report.builds.append(serial)
            if size == target and workers > 1:
                say(f"building {size:g} MB ({workers} processes)")
                par = measure_build(folder, work / f"out-{size:g}-{workers}", workers)
                report.builds.append(par)
                same = (work / f"out-{size:g}-1" / "graph.ttl").read_bytes() == (
                    work / f"out-{size:g}-{workers}" / "graph.ttl"
                ).read_bytes()
                report.speedups.append(
                    SpeedupFigure(serial.size_mb, workers, serial.seconds, par.seconds, same)
                )
        if commands:
            size = commands_mb if commands_mb is not None else max(sizes_mb)
            graph = work / f"out-{size:g}-1" / "graph.ttl"
            if size not in sizes_mb:
                folder = work / f"{corpus}-{size:g}MB"
                if not any(folder.glob("*.txt")):
                    say(f"generating {size:g} MB {corpus} corpus")
                    (generate_prose_corpus if corpus == "prose" else generate_corpus)(folder, size)
                say(f"building {size:g} MB ({workers} processes) for the commands")
                graph = work / f"out-{size:g}-{workers}" / "graph.ttl"
                build_in_child(folder, graph.parent, workers)
            say(f"query, validate, render and stats on the {size:g} MB graph")
            report.commands = measure_commands(graph, size, work)
        say("SPARQL latency")
        report.sparql = measure_sparql(triples, rdflib_at, repeats, rdflib_timeout, work)
        say("start-up time")
        report.startup = measure_startup(repeats)
        say("HTML page")
        report.html = measure_html(entities, work)
    return report
