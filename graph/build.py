"""Build a graph from documents: the library function behind `phytokg build`."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from graph import scheduler
from graph.model import Certainty, Document, DocumentResult
from graph.pipeline import Context
from graph.text.read import Skipped, read_documents

if TYPE_CHECKING:
    import rdflib

    from graph.rdf.stream import StreamResult
    from graph.rdf.triples import DocPart

# Above this many triples, build() draws graph.html from the entities and direct facts
# only (no evidence nodes): parsing the whole graph into rdflib would take gigabytes.
HTML_MAX_TRIPLES = 300_000


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

    def see(self, part: DocPart) -> None:
        """Count a document turned into its part of the graph (graph.rdf.triples)."""
        self.documents += 1
        self.sentences += part.sentences
        for e in part.entities:
            self.entities[e.id] = (e.cls, bool(e.identifiers), e.discovered)
        for f in part.facts:
            if self.facts.get(f.key) is not Certainty.ASSERTED:
                self.facts[f.key] = f.raw_certainty


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
    For a large corpus prefer `build`, which streams the graph to a file.
    """
    from graph.rdf.memory import parts_to_graph
    from graph.rdf.triples import document_part

    start = time.perf_counter()
    skipped: list[Skipped] = []
    docs = _documents(paths, skipped, on_skip, on_document)
    tally = _Tally()
    run = scheduler.Run(workers, dask, dask_scheduler, context)
    g = parts_to_graph(run(docs, document_part), on_part=tally.see)
    return g, _summary(tally, time.perf_counter() - start, skipped)


def _write_fast(
    paths: Sequence[Path],
    out: Path,
    context: Context | None,
    on_skip: Callable[[Skipped], None] | None,
    on_document: Callable[[str], None] | None,
    workers: int,
    dask: bool,
    dask_scheduler: str | None,
) -> tuple[_Tally, list[Skipped], StreamResult]:
    """Read, extract and write `out` with the streaming sink (graph.rdf.stream)."""
    from graph.rdf.stream import stream_part, write_results

    skipped: list[Skipped] = []
    docs = _documents(paths, skipped, on_skip, on_document)
    tally = _Tally()
    run = scheduler.Run(workers, dask, dask_scheduler, context)
    result = write_results(run(docs, stream_part), out, on_part=tally.see)
    return tally, skipped, result


def _documents(
    paths: Sequence[Path],
    skipped: list[Skipped],
    on_skip: Callable[[Skipped], None] | None,
    on_document: Callable[[str], None] | None,
) -> Iterator[Document]:
    """The documents under `paths`, reporting each to `on_document` and each file passed
    over to `on_skip` (and into `skipped`)."""

    def skip(s: Skipped) -> None:
        skipped.append(s)
        if on_skip is not None:
            on_skip(s)

    for d in read_documents(paths, on_skip=skip):
        if on_document is not None:
            on_document(d.source)
        yield d


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
    store: Path | None = None,
) -> BuildSummary:
    """Build the graph of `paths` and write out_dir/graph.ttl (and graph.html); with
    `store`, also keep it in that on-disk Oxigraph store (query it with `--graph DIR`).

    The graph is written by the streaming RDF stage; it is parsed with rdflib only to
    draw graph.html, and only up to HTML_MAX_TRIPLES triples (above, the page shows the
    entities and direct facts without their evidence, and outputs["html-note"] says so).
    """
    start = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    ttl = out_dir / "graph.ttl"
    tally, skipped, result = _write_fast(
        paths, ttl, context, on_skip, on_document, workers, dask, dask_scheduler
    )
    outputs = {"graph": str(ttl)}
    if html:
        outputs.update(_write_page(ttl, result, out_dir / "graph.html", title))
    outputs.update(_keep_in_store(ttl, store))
    return replace(_summary(tally, time.perf_counter() - start, skipped), outputs=outputs)


def _keep_in_store(graph_file: Path, store: Path | None) -> dict[str, str]:
    """With `store`, load the graph file into that on-disk Oxigraph store (replacing it)."""
    if store is None:
        return {}
    from graph.rdf.store import save_to_store

    save_to_store(graph_file, store)
    return {"store": str(store)}


def _write_page(ttl: Path, result: StreamResult, page: Path, title: str) -> dict[str, str]:
    from graph.outputs.page import render_html
    from graph.rdf.files import load_graph

    if result.triples <= HTML_MAX_TRIPLES:
        render_html(load_graph(ttl), page, title=title)
        return {"html": str(page)}
    if result.direct is None:
        note = (
            f"not written: the graph has {result.triples} triples and too many facts to "
            "draw; use `phytokg render` with filters"
        )
        return {"html-skipped": note}
    from graph.rdf.stream import summary_graph

    render_html(summary_graph(result), page, title=title)
    note = (
        f"entities and direct facts only: the graph has {result.triples} triples "
        f"(more than {HTML_MAX_TRIPLES}); use `phytokg render` with filters for evidence"
    )
    return {"html": str(page), "html-note": note}


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
    store: Path | None = None,
) -> BuildSummary:
    """Add the documents under `paths` to an existing graph file, without re-reading
    the documents already in it; a document already present changes nothing."""
    from graph.rdf.files import load_graph
    from graph.rdf.incremental import add_documents
    from graph.rdf.turtle import write_graph

    start = time.perf_counter()
    g = load_graph(graph_file)
    skipped: list[Skipped] = []
    docs = _documents(paths, skipped, on_skip, on_document)
    tally = _Tally()

    run = scheduler.Run(workers, dask, dask_scheduler, context)
    add_documents(g, tally.watch(run(docs)))
    write_graph(g, graph_file)
    outputs = {"graph": str(graph_file)}
    if html:
        from graph.outputs.page import render_html

        page = graph_file.with_name("graph.html")
        render_html(g, page, title=title)
        outputs["html"] = str(page)
    outputs.update(_keep_in_store(graph_file, store))
    summary = _summary(tally, time.perf_counter() - start, skipped)
    return replace(summary, outputs=outputs)
