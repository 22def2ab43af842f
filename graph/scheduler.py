"""The one scheduler: run the pipeline over documents serially, in processes or on Dask.

`run(docs, step, ...)` extracts each document (`graph.pipeline.extract_document`) and
applies `step` to its result where the extraction ran, so that a sink's per-document work
(rendering triples, say) is parallel too. Documents are batched into chunks of about
`chunk_bytes` of text; each worker loads the extraction Context once. Results come back
in input order, so a parallel build writes the same bytes as a serial one. At most a few
chunks per worker are in flight, so memory stays bounded on large corpora.

Without a `step`, results travel back without their document text (the parent still
holds it) to halve what is pickled.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from graph.errors import InputError, PhytokgError
from graph.model import Document, DocumentResult
from graph.pipeline import Context, extract_document, load_context

Step = Callable[[DocumentResult], Any]

DEFAULT_CHUNK_BYTES = 64_000
IN_FLIGHT_PER_WORKER = 3

# The Context of this worker process, loaded once (by the pool initializer, or on first
# use in a Dask worker).
_WORKER: dict[str, Context] = {}


class DaskUnavailable(PhytokgError):
    """--dask was asked for but dask.distributed is not installed."""

    exit_code = 10


def check_workers(workers: int) -> int:
    if workers < 1:
        raise InputError(f"--workers must be at least 1, got {workers}")
    return workers


def chunks(
    docs: Iterable[Document], chunk_bytes: int = DEFAULT_CHUNK_BYTES
) -> Iterator[list[Document]]:
    """Consecutive batches of documents holding about `chunk_bytes` of text each."""
    batch: list[Document] = []
    size = 0
    for doc in docs:
        batch.append(doc)
        size += len(doc.text)
        if size >= chunk_bytes:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _init_worker(ontology: str | None, context: Context | None) -> None:
    _WORKER["ctx"] = (
        context if context is not None else load_context(Path(ontology) if ontology else None)
    )


def _worker_context(ontology: str | None) -> Context:
    ctx = _WORKER.get("ctx")
    if ctx is None:
        _init_worker(ontology, None)
        ctx = _WORKER["ctx"]
    return ctx


def run_chunk(docs: list[Document], ontology: str | None, step: Step | None) -> list[Any]:
    """Extract a batch in a worker and apply `step` (no step: results without text)."""
    ctx = _worker_context(ontology)
    results = (extract_document(d, ctx) for d in docs)
    if step is None:
        return [replace(r, document=replace(r.document, text="")) for r in results]
    return [step(r) for r in results]


def _restore(out: list[Any], docs: list[Document], step: Step | None) -> Iterable[Any]:
    if step is not None:
        return out
    return (replace(r, document=d) for r, d in zip(out, docs, strict=True))


def _mp_context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def run(
    docs: Iterable[Document],
    step: Step | None = None,
    *,
    workers: int = 1,
    dask: bool = False,
    dask_scheduler: str | None = None,
    context: Context | None = None,
    ontology: Path | None = None,
    chunk_bytes: int = DEFAULT_CHUNK_BYTES,
) -> Iterator[Any]:
    """`step(extract_document(doc))` for each document (the result itself without a step),
    in input order: serially, in `workers` processes, or on Dask (`dask`: a local cluster
    of `workers` processes; `dask_scheduler`: an existing cluster)."""
    check_workers(workers)
    if dask or dask_scheduler:
        return _on_dask(docs, step, workers, dask_scheduler, None, ontology, chunk_bytes)
    if workers > 1:
        return _in_processes(docs, step, workers, context, ontology, chunk_bytes)
    return _serially(docs, step, context or load_context(ontology))


@dataclass(frozen=True)
class Run:
    """Where to run the pipeline: `run(docs, step)` is `run(docs, step, ...)` with these."""

    workers: int = 1
    dask: bool = False
    dask_scheduler: str | None = None
    context: Context | None = None

    def __call__(self, docs: Iterable[Document], step: Step | None = None) -> Iterator[Any]:
        return run(
            docs,
            step,
            workers=self.workers,
            dask=self.dask,
            dask_scheduler=self.dask_scheduler,
            context=self.context,
        )


def _serially(docs: Iterable[Document], step: Step | None, ctx: Context) -> Iterator[Any]:
    for d in docs:
        result = extract_document(d, ctx)
        yield result if step is None else step(result)


def _windowed(
    submit: Callable[[list[Document]], Any],
    collect: Callable[[Any], list[Any]],
    docs: Iterable[Document],
    step: Step | None,
    window: int,
    chunk_bytes: int,
) -> Iterator[Any]:
    """Submit chunks, keep at most `window` in flight, yield their outputs in order."""
    pending: deque[tuple[Any, list[Document]]] = deque()
    for batch in chunks(docs, chunk_bytes):
        pending.append((submit(batch), batch))
        while len(pending) >= window:
            job, done = pending.popleft()
            yield from _restore(collect(job), done, step)
    while pending:
        job, done = pending.popleft()
        yield from _restore(collect(job), done, step)


def _in_processes(
    docs: Iterable[Document],
    step: Step | None,
    workers: int,
    context: Context | None,
    ontology: Path | None,
    chunk_bytes: int,
) -> Iterator[Any]:
    """With `context`, it is sent to each worker once; otherwise each worker loads the
    Context from `ontology` (default: the packaged ontology/)."""
    folder = str(ontology) if ontology is not None else None
    mp = _mp_context()
    with mp.Pool(workers, initializer=_init_worker, initargs=(folder, context)) as pool:
        yield from _windowed(
            lambda batch: pool.apply_async(run_chunk, (batch, folder, step)),
            lambda job: job.get(),
            docs,
            step,
            workers * IN_FLIGHT_PER_WORKER,
            chunk_bytes,
        )


def _dask_client(workers: int, scheduler: str | None) -> tuple[Any, Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise DaskUnavailable(
            "--dask needs dask.distributed: pip install 'phytokg[dask]'"
        ) from None
    if scheduler:
        try:
            return Client(scheduler, timeout="10s"), None
        except (OSError, ValueError, TypeError) as exc:  # ValueError: a malformed address
            raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    return Client(cluster), cluster


def _on_dask(
    docs: Iterable[Document],
    step: Step | None,
    workers: int,
    scheduler: str | None,
    client: Any,
    ontology: Path | None,
    chunk_bytes: int,
) -> Iterator[Any]:
    """Workers of a remote cluster need phytokg installed (and the same ontology)."""
    own_cluster = None
    own_client = client is None
    if client is None:
        client, own_cluster = _dask_client(workers, scheduler)
    folder = str(ontology) if ontology is not None else os.environ.get("PHYTOKG_ONTOLOGY")
    window = max(1, _worker_count(client)) * IN_FLIGHT_PER_WORKER
    try:
        yield from _windowed(
            lambda batch: client.submit(run_chunk, batch, folder, step, pure=False),
            lambda future: future.result(),
            docs,
            step,
            window,
            chunk_bytes,
        )
    finally:
        if own_client:
            client.close()
        if own_cluster is not None:
            own_cluster.close()


def _worker_count(client: Any) -> int:
    try:
        return len(client.scheduler_info().get("workers", {}))
    except (OSError, AttributeError):
        return 1


# ---------------------------------------------------------------- named entry points


def extract_parallel(
    docs: Iterable[Document],
    workers: int,
    *,
    context: Context | None = None,
    ontology: Path | None = None,
    chunk_bytes: int = DEFAULT_CHUNK_BYTES,
) -> Iterator[DocumentResult]:
    """Extract `docs` in `workers` processes; results in input order."""
    check_workers(workers)
    return _in_processes(docs, None, workers, context, ontology, chunk_bytes)


def extract_dask(
    docs: Iterable[Document],
    *,
    workers: int = 2,
    scheduler: str | None = None,
    client: Any = None,
    ontology: Path | None = None,
    chunk_bytes: int = DEFAULT_CHUNK_BYTES,
) -> Iterator[DocumentResult]:
    """Extract `docs` on Dask: a given `client`, the scheduler at `scheduler`, or a local
    cluster of `workers` processes on 127.0.0.1. Results in input order."""
    check_workers(workers)
    return _on_dask(docs, None, workers, scheduler, client, ontology, chunk_bytes)
