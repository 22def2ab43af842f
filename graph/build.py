"""Build a graph from documents: the library function behind `phytokg build`."""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from graph import scheduler
from graph.filesafety import (
    refuse_overwriting_inputs,
    remove_stale,
    temp_dir_prefix,
    writer_lock,
)
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
    exclude: Sequence[Path] = (),
) -> tuple[_Tally, list[Skipped], StreamResult]:
    """Read, extract and write `out` with the streaming sink (graph.rdf.stream)."""
    from graph.rdf.stream import stream_part, write_results

    skipped: list[Skipped] = []
    docs = _documents(paths, skipped, on_skip, on_document, exclude)
    tally = _Tally()
    run = scheduler.Run(workers, dask, dask_scheduler, context)
    result = write_results(run(docs, stream_part), out, on_part=tally.see)
    return tally, skipped, result


def _documents(
    paths: Sequence[Path],
    skipped: list[Skipped],
    on_skip: Callable[[Skipped], None] | None,
    on_document: Callable[[str], None] | None,
    exclude: Sequence[Path] = (),
) -> Iterator[Document]:
    """The documents under `paths` (not in the folders of `exclude`), reporting each to
    `on_document` and each file passed over to `on_skip` (and into `skipped`)."""

    def skip(s: Skipped) -> None:
        skipped.append(s)
        if on_skip is not None:
            on_skip(s)

    for d in read_documents(paths, on_skip=skip, exclude=exclude):
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
    ttl, page = out_dir / "graph.ttl", out_dir / "graph.html"
    refuse_overwriting_inputs([ttl, page, *([store] if store else [])], paths)
    with writer_lock(out_dir), _Staged(ttl, page) as staged:
        remove_stale(out_dir)
        tally, skipped, result = _write_fast(
            paths,
            staged.graph,
            context,
            on_skip,
            on_document,
            workers,
            dask,
            dask_scheduler,
            exclude=[out_dir],
        )
        outputs = {"graph": str(ttl)}
        if html:
            outputs.update(_write_page(staged.graph, result, staged.page, title))
            outputs = {k: str(page) if v == str(staged.page) else v for k, v in outputs.items()}
        staged.commit(html)
        if "html-note" in outputs:  # the page was drawn from a store: keep it for queries
            from graph.rdf.cache import adopt

            adopt(staged.graph, ttl)
        outputs.update(_keep_in_store(ttl, store))
    return replace(_summary(tally, time.perf_counter() - start, skipped), outputs=outputs)


def _is_page(path: Path) -> bool:
    from graph.text.read import written_by_phytokg

    with path.open("rb") as fh:
        return written_by_phytokg(fh.read(1 << 20))


class _Staged:
    """The graph file and its page, written in a temporary folder next to them and
    renamed into place together at the end: a failed or interrupted build leaves the
    old pair (and no temporary folder, or one `remove_stale` recognises)."""

    def __init__(self, graph: Path, page: Path) -> None:
        self.final_graph, self.final_page = graph, page
        self.folder = graph.parent / f"{temp_dir_prefix()}{uuid.uuid4().hex[:8]}"
        self.graph = self.folder / graph.name
        self.page = self.folder / page.name

    def __enter__(self) -> _Staged:
        self.folder.mkdir(parents=True)
        return self

    def commit(self, html: bool) -> None:
        """The page first, then the graph: a stop between leaves a page newer than the
        graph for an instant, never a new graph with a stale page. A page that was asked
        for but not drawn (too large) removes the old page phytokg wrote."""
        if self.page.exists():
            os.replace(self.page, self.final_page)
        elif html and self.final_page.is_file() and _is_page(self.final_page):
            self.final_page.unlink()
        os.replace(self.graph, self.final_graph)

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _keep_in_store(graph_file: Path, store: Path | None) -> dict[str, str]:
    """With `store`, load the graph file into that on-disk Oxigraph store (replacing it)."""
    if store is None:
        return {}
    from graph.rdf.store import save_to_store

    save_to_store(graph_file, store)
    return {"store": str(store)}


def _write_page(ttl: Path, result: StreamResult, page: Path, title: str) -> dict[str, str]:
    from graph.outputs.page import render_html

    if result.triples <= HTML_MAX_TRIPLES:
        from graph.rdf.files import load_graph

        render_html(load_graph(ttl), page, title=title)
        return {"html": str(page)}
    # Too big for rdflib: the page is drawn from the persistent store (made here, kept
    # beside graph.ttl for the queries that follow), cut down to the best-supported facts.
    from graph.outputs.page_store import cut_note, top_subgraph
    from graph.rdf.cache import ensure_store
    from graph.rdf.store import open_store

    store = open_store(ensure_store(ttl), write=False)
    g, cut = top_subgraph(store)
    del store
    summary = render_html(g, page, title=title, note=cut_note(cut))
    note = (
        f"cut down: {summary.nodes} of {cut.entities} entities and {summary.edges} facts, "
        f"with their evidence (the graph has {result.triples} triples, more than "
        f"{HTML_MAX_TRIPLES}); use `phytokg render --focus` for the rest"
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
    page = graph_file.with_suffix(".html")  # graph.ttl -> graph.html, foo.ttl -> foo.html
    refuse_overwriting_inputs(([page] if html else []) + ([store] if store else []), paths)
    refuse_overwriting_inputs([page] if html else [], [graph_file])
    # One writer at a time: a second `build --into` of the same graph waits here, then
    # reads the graph the first one wrote (no update is lost).
    with writer_lock(graph_file.parent), _Staged(graph_file, page) as staged:
        remove_stale(graph_file.parent)
        g = load_graph(graph_file)
        skipped: list[Skipped] = []
        docs = _documents(paths, skipped, on_skip, on_document)
        tally = _Tally()

        run = scheduler.Run(workers, dask, dask_scheduler, context)
        add_documents(g, tally.watch(run(docs)))
        write_graph(g, staged.graph)
        outputs = {"graph": str(graph_file)}
        if html:
            from graph.outputs.page import render_html

            render_html(g, staged.page, title=title)
            outputs["html"] = str(page)
        staged.commit(html)
        outputs.update(_keep_in_store(graph_file, store))
    summary = _summary(tally, time.perf_counter() - start, skipped)
    return replace(summary, outputs=outputs)
