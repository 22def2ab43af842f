"""Extraction in several processes (multiprocessing) or on a Dask cluster.

Documents are batched into chunks of about `chunk_bytes` of text; each worker loads
the extraction Context once and extracts whole chunks. Results come back in input
order, so a parallel build writes the same bytes as a serial one. At most a few
chunks per worker are in flight, so memory stays bounded on large corpora.

Results travel back without their document text (the parent still holds it) to halve
what is pickled.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from graph.errors import InputError, PhytokgError
from graph.model import Document, DocumentResult
from graph.pipeline import Context, extract_document, load_context

DEFAULT_CHUNK_BYTES = 64_000
_IN_FLIGHT_PER_WORKER = 3

# The Context of this worker process, loaded once (by the pool initializer, or on first
# use in a Dask worker).
_WORKER: dict[str, Context] = {}


class DaskUnavailable(PhytokgError):
    """--dask was asked for but dask.distributed is not installed."""

    exit_code = 2


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


def extract_chunk(docs: list[Document], ontology: str | None = None) -> list[DocumentResult]:
    """Extract a batch in a worker; the results carry no document text."""
    ctx = _worker_context(ontology)
    return [_strip(extract_document(d, ctx)) for d in docs]


def _strip(result: DocumentResult) -> DocumentResult:
    return replace(result, document=replace(result.document, text=""))


def _restore(results: list[DocumentResult], docs: list[Document]) -> Iterator[DocumentResult]:
    for r, d in zip(results, docs, strict=True):
        yield replace(r, document=d)


def _mp_context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def check_workers(workers: int) -> int:
    if workers < 1:
        raise InputError(f"--workers must be at least 1, got {workers}")
    return workers


def extract_parallel(
    docs: Iterable[Document],
    workers: int,
    *,
    context: Context | None = None,
    ontology: Path | None = None,
    chunk_bytes: int = DEFAULT_CHUNK_BYTES,
) -> Iterator[DocumentResult]:
    """Extract `docs` in `workers` processes; results in input order.

    With `context`, it is sent to each worker once; otherwise each worker loads the
    Context from `ontology` (default: the packaged ontology/).
    """
    check_workers(workers)
    folder = str(ontology) if ontology is not None else None
    mp = _mp_context()
    with mp.Pool(workers, initializer=_init_worker, initargs=(folder, context)) as pool:
        pending: deque[tuple[Any, list[Document]]] = deque()
        for batch in chunks(docs, chunk_bytes):
            pending.append((pool.apply_async(extract_chunk, (batch, folder)), batch))
            while len(pending) >= workers * _IN_FLIGHT_PER_WORKER:
                job, done = pending.popleft()
                yield from _restore(job.get(), done)
        while pending:
            job, done = pending.popleft()
            yield from _restore(job.get(), done)


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
        except OSError as exc:
            raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    return Client(cluster), cluster


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
    cluster of `workers` processes on 127.0.0.1. Results in input order.

    Workers of a remote cluster need phytokg installed (and the same ontology).
    """
    check_workers(workers)
    own_cluster = None
    if client is None:
        client, own_cluster = _dask_client(workers, scheduler)
        own_client = True
    else:
        own_client = False
    folder = str(ontology) if ontology is not None else os.environ.get("PHYTOKG_ONTOLOGY")
    window = max(1, _worker_count(client)) * _IN_FLIGHT_PER_WORKER
    try:
        pending: deque[tuple[Any, list[Document]]] = deque()
        for batch in chunks(docs, chunk_bytes):
            pending.append((client.submit(extract_chunk, batch, folder, pure=False), batch))
            while len(pending) >= window:
                future, done = pending.popleft()
                yield from _restore(future.result(), done)
        while pending:
            future, done = pending.popleft()
            yield from _restore(future.result(), done)
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
