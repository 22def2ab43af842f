"""What `phytokg benchmark` measured: the figures, as JSON or as a table."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

DEFAULT_SIZES = (1.0, 10.0)
DEFAULT_TRIPLES = (10_000, 100_000, 1_000_000)
DEFAULT_ENTITIES = (1_000, 5_000, 20_000)


@dataclass(frozen=True)
class BuildFigure:
    size_mb: float
    documents: int
    facts: int
    workers: int
    seconds: float
    peak_mb: float  # peak resident memory of the build and its workers
    baseline_seconds: float  # read + lowercase + Aho-Corasick scan of the same corpus

    @property
    def mb_per_s(self) -> float:
        return self.size_mb / self.seconds if self.seconds else 0.0

    @property
    def baseline_ratio(self) -> float:
        """How many times slower than the bare baseline the build is."""
        return self.seconds / self.baseline_seconds if self.baseline_seconds else 0.0


@dataclass(frozen=True)
class SpeedupFigure:
    size_mb: float
    workers: int
    serial_seconds: float
    parallel_seconds: float
    identical: bool  # graph.ttl byte-identical to the serial build

    @property
    def speedup(self) -> float:
        return self.serial_seconds / self.parallel_seconds if self.parallel_seconds else 0.0


@dataclass(frozen=True)
class SparqlFigure:
    triples: int
    query: str
    tool_ms: float  # median, graph.outputs.query.run_query on the store
    raw_ms: float  # median, pyoxigraph Store.query, results materialised
    rdflib_ms: float | None = None  # rdflib's own engine (at one size only)


@dataclass(frozen=True)
class StartupFigure:
    cli_ms: float  # median of `phytokg --help`
    rdflib_ms: float  # median of `python -c "import rdflib"`


@dataclass(frozen=True)
class HtmlFigure:
    entities: int
    facts: int
    seconds: float


@dataclass
class BenchmarkReport:
    builds: list[BuildFigure] = field(default_factory=list)
    speedups: list[SpeedupFigure] = field(default_factory=list)
    sparql: list[SparqlFigure] = field(default_factory=list)
    startup: StartupFigure | None = None
    html: list[HtmlFigure] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        def with_props(obj: Any, *props: str) -> dict[str, Any]:
            d = asdict(obj)
            for p in props:
                d[p] = round(getattr(obj, p), 4)
            return d

        return {
            "builds": [with_props(b, "mb_per_s", "baseline_ratio") for b in self.builds],
            "speedups": [with_props(s, "speedup") for s in self.speedups],
            "sparql": [asdict(s) for s in self.sparql],
            "startup": asdict(self.startup) if self.startup else None,
            "html": [asdict(h) for h in self.html],
        }


# ---------------------------------------------------------------- the table


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "-"


def render_table(report: BenchmarkReport) -> str:
    """The figures as plain-text tables (Markdown pipe tables)."""
    out = ["Build throughput (synthetic corpus, graph.ttl only)", ""]
    out.append(
        "| size MB | workers | docs | facts | seconds | MB/s | docs/s | facts/s | peak MB "
        "| baseline s | build/baseline |"
    )
    out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for b in report.builds:
        out.append(
            f"| {b.size_mb:g} | {b.workers} | {b.documents} | {b.facts} | {b.seconds:.2f} "
            f"| {b.mb_per_s:.3f} | {b.documents / b.seconds:.1f} | {b.facts / b.seconds:.0f} "
            f"| {b.peak_mb:.0f} | {b.baseline_seconds:.3f} | {b.baseline_ratio:.0f}x slower |"
        )
    if report.speedups:
        out += ["", "Parallel extraction", ""]
        out.append("| size MB | workers | serial s | parallel s | speed-up | identical output |")
        out.append("|---:|---:|---:|---:|---:|:---|")
        for s in report.speedups:
            out.append(
                f"| {s.size_mb:g} | {s.workers} | {s.serial_seconds:.2f} "
                f"| {s.parallel_seconds:.2f} | {s.speedup:.2f}x "
                f"| {'yes' if s.identical else 'NO'} |"
            )
    if report.sparql:
        out += [
            "",
            "SPARQL latency (median ms; canned queries of ontology/queries/; "
            "rdflib: one run, capped at --rdflib-timeout)",
            "",
        ]
        out.append(
            "| triples | query | phytokg | raw pyoxigraph | phytokg/raw | rdflib | rdflib/phytokg |"
        )
        out.append("|---:|:---|---:|---:|---:|---:|---:|")
        for q in report.sparql:
            slow = f"{q.rdflib_ms:.1f}" if q.rdflib_ms is not None else "-"
            slow_ratio = _ratio(q.rdflib_ms, q.tool_ms) if q.rdflib_ms is not None else "-"
            out.append(
                f"| {q.triples} | {q.query} | {q.tool_ms:.2f} | {q.raw_ms:.2f} "
                f"| {_ratio(q.tool_ms, q.raw_ms)} | {slow} | {slow_ratio} |"
            )
    if report.startup:
        st = report.startup
        out += ["", "Start-up (median ms)", ""]
        out.append("| phytokg --help | python -c 'import rdflib' | ratio |")
        out.append("|---:|---:|---:|")
        out.append(f"| {st.cli_ms:.0f} | {st.rdflib_ms:.0f} | {_ratio(st.cli_ms, st.rdflib_ms)} |")
    if report.html:
        out += ["", "HTML page (render_html)", ""]
        out.append("| entities | facts | seconds |")
        out.append("|---:|---:|---:|")
        out += [f"| {h.entities} | {h.facts} | {h.seconds:.2f} |" for h in report.html]
    return "\n".join(out) + "\n"
