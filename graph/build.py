"""Build a graph from documents: the library function behind `phytokg build`."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .model import Certainty, Document, DocumentResult
from .pipeline import Context, extract_documents, load_context
from .read import Skipped, read_documents

if TYPE_CHECKING:
    import rdflib


@dataclass(frozen=True)
class BuildSummary:
    """What a build read, found and wrote."""

    documents: int
    sentences: int
    entities: dict[str, int]  # class -> number of entities
    facts: dict[str, int]  # relation -> number of distinct facts (negated ones not counted)
    asserted: int
    hedged: int
    negated: int
    grounded: int  # entities with a public identifier
    entity_total: int
    discovered: int
    seconds: float
    skipped: tuple[Skipped, ...] = ()
    outputs: dict[str, str] = field(default_factory=dict)  # kind -> path written

    @property
    def grounding_coverage(self) -> float:
        return self.grounded / self.entity_total if self.entity_total else 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "documents": self.documents,
            "sentences": self.sentences,
            "entities": dict(sorted(self.entities.items())),
            "facts": dict(sorted(self.facts.items())),
            "asserted": self.asserted,
            "hedged": self.hedged,
            "negated": self.negated,
            "grounding_coverage": round(self.grounding_coverage, 4),
            "discovered": self.discovered,
            "seconds": round(self.seconds, 3),
            "skipped": [f"{s.path}: {s.reason}" for s in self.skipped],
            "outputs": dict(self.outputs),
        }


class _Tally:
    """Counts what flows past, without holding the results."""

    def __init__(self) -> None:
        self.documents = 0
        self.sentences = 0
        self.entities: dict[str, tuple[str, bool, bool]] = {}  # id -> class, grounded, discovered
        self.facts: dict[tuple[str, str, str, bool], Certainty] = {}

    def watch(self, results: Iterable[DocumentResult]) -> Iterator[DocumentResult]:
        for r in results:
            self.documents += 1
            self.sentences += len(r.sentences)
            for e in r.entities:
                self.entities[e.id] = (e.cls, bool(e.identifiers), e.discovered)
            for a in r.assertions:
                known = self.facts.get(a.key)
                if known is not Certainty.ASSERTED:
                    self.facts[a.key] = a.certainty
            yield r


def build_graph(
    paths: Sequence[Path],
    *,
    context: Context | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    on_document: Callable[[str], None] | None = None,
    workers: int = 1,
    dask: bool = False,
    dask_scheduler: str | None = None,
) -> tuple[rdflib.Graph, BuildSummary]:
    """Read every document under `paths`, extract facts and return the merged graph.

    `workers` > 1 extracts in that many processes; `dask` (a local cluster of `workers`
    processes) or `dask_scheduler` (an address) extracts on Dask. The graph is the same.
    """
    from .rdf import results_to_graph

    start = time.perf_counter()
    skipped: list[Skipped] = []

    def skip(s: Skipped) -> None:
        skipped.append(s)
        if on_skip is not None:
            on_skip(s)

    tally = _Tally()

    def docs() -> Iterator[Document]:
        for d in read_documents(paths, on_skip=skip):
            if on_document is not None:
                on_document(d.source)
            yield d

    extracted = _extract(docs(), context, workers, dask, dask_scheduler)
    g = results_to_graph(tally.watch(extracted))
    return g, _summary(tally, time.perf_counter() - start, skipped)


def _extract(
    docs: Iterable[Document],
    context: Context | None,
    workers: int,
    dask: bool,
    dask_scheduler: str | None,
) -> Iterator[DocumentResult]:
    """Serial, multiprocess or Dask extraction; the same results in the same order."""
    if dask or dask_scheduler:
        from .parallel import extract_dask

        return extract_dask(docs, workers=workers, scheduler=dask_scheduler)
    if workers > 1:
        from .parallel import extract_parallel

        return extract_parallel(docs, workers, context=context)
    if workers < 1:
        from .parallel import check_workers

        check_workers(workers)
    return extract_documents(docs, context or load_context())


def _summary(tally: _Tally, seconds: float, skipped: list[Skipped]) -> BuildSummary:
    classes = Counter(cls for cls, _, _ in tally.entities.values())
    relations = Counter(k[1] for k, c in tally.facts.items() if c is not Certainty.NEGATED)
    certainty = Counter(tally.facts.values())
    return BuildSummary(
        documents=tally.documents,
        sentences=tally.sentences,
        entities=dict(classes),
        facts=dict(relations),
        asserted=certainty[Certainty.ASSERTED],
        hedged=certainty[Certainty.HEDGED],
        negated=certainty[Certainty.NEGATED],
        grounded=sum(1 for _, g, _ in tally.entities.values() if g),
        entity_total=len(tally.entities),
        discovered=sum(1 for _, _, d in tally.entities.values() if d),
        seconds=seconds,
        skipped=tuple(skipped),
    )


def build(
    paths: Sequence[Path],
    out_dir: Path,
    *,
    html: bool = True,
    title: str = "phytokg",
    context: Context | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    on_document: Callable[[str], None] | None = None,
    workers: int = 1,
    dask: bool = False,
    dask_scheduler: str | None = None,
) -> BuildSummary:
    """Build the graph of `paths` and write out_dir/graph.ttl (and graph.html)."""
    from dataclasses import replace

    from .graphio import write_graph

    start = time.perf_counter()
    g, summary = build_graph(
        paths,
        context=context,
        on_skip=on_skip,
        on_document=on_document,
        workers=workers,
        dask=dask,
        dask_scheduler=dask_scheduler,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = {"graph": str(out_dir / "graph.ttl")}
    write_graph(g, out_dir / "graph.ttl")
    if html:
        from .render import render_html

        render_html(g, out_dir / "graph.html", title=title)
        outputs["html"] = str(out_dir / "graph.html")
    return replace(summary, seconds=time.perf_counter() - start, outputs=outputs)


def build_into(
    graph_file: Path,
    paths: Sequence[Path],
    *,
    html: bool = True,
    title: str = "phytokg",
    context: Context | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    on_document: Callable[[str], None] | None = None,
    workers: int = 1,
    dask: bool = False,
    dask_scheduler: str | None = None,
) -> BuildSummary:
    """Add the documents under `paths` to an existing graph file, without re-reading
    the documents already in it; a document already present changes nothing."""
    from dataclasses import replace

    from .graphio import load_graph, write_graph
    from .incremental import add_documents

    start = time.perf_counter()
    g = load_graph(graph_file)
    skipped: list[Skipped] = []

    def skip(s: Skipped) -> None:
        skipped.append(s)
        if on_skip is not None:
            on_skip(s)

    tally = _Tally()

    def docs() -> Iterator[Document]:
        for d in read_documents(paths, on_skip=skip):
            if on_document is not None:
                on_document(d.source)
            yield d

    add_documents(g, tally.watch(_extract(docs(), context, workers, dask, dask_scheduler)))
    write_graph(g, graph_file)
    outputs = {"graph": str(graph_file)}
    if html:
        from .render import render_html

        page = graph_file.with_name("graph.html")
        render_html(g, page, title=title)
        outputs["html"] = str(page)
    summary = _summary(tally, time.perf_counter() - start, skipped)
    return replace(summary, outputs=outputs)
