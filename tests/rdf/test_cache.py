"""The persistent store kept beside a graph file (graph.rdf.cache)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.errors import GraphFileError
from graph.outputs.query import run_query
from graph.rdf import cache

TRIPLE = '<http://example.org/{0}> <http://example.org/p> "{0}" .\n'
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(autouse=True)
def _always_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "CACHE_MIN_BYTES", 0)


def _write(path: Path, n: int) -> None:
    path.write_text("".join(TRIPLE.format(i) for i in range(n)), encoding="utf-8")


def _count(path: Path) -> int:
    row = run_query(path, COUNT).rows[0][0]
    assert row is not None
    return int(row.value)


def test_the_store_is_built_once_and_rebuilt_when_the_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "graph.nt"
    _write(path, 3)
    assert _count(path) == 3
    folder = cache.cache_dir(path)
    assert folder.name == ".graph.nt.oxigraph" and cache.is_cached(path)
    live = os.readlink(folder / "live")
    assert _count(path) == 3 and os.readlink(folder / "live") == live  # reused
    os.utime(path, ns=(1, 1))  # same bytes, new mtime: the SHA-256 says it is unchanged
    assert _count(path) == 3 and os.readlink(folder / "live") == live
    _write(path, 5)
    assert not cache.is_cached(path)
    assert _count(path) == 5
    assert os.readlink(folder / "live") != live
    assert os.readlink(folder / "previous") == live  # kept for readers that opened it
    gens = sorted(p.name for p in folder.glob("gen-*") if p.is_dir())
    assert len(gens) == 2


def test_same_size_different_bytes_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "graph.nt"
    path.write_text(TRIPLE.format("a"), encoding="utf-8")
    assert len(run_query(path, "SELECT ?o WHERE { ?s ?p ?o }").rows) == 1
    path.write_text(TRIPLE.format("b"), encoding="utf-8")
    os.utime(path, ns=(5, 5))
    rows = run_query(path, "SELECT ?o WHERE { ?s ?p ?o }").rows
    assert rows[0][0] is not None and rows[0][0].value == "b"


def test_a_reader_holding_the_old_store_keeps_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "graph.nt"
    _write(path, 2)
    old = cache.as_store(path)
    _write(path, 4)
    new = cache.as_store(path)
    assert len(old) == 2 and len(new) == 4


def test_a_build_reading_the_folder_never_sees_the_store(tmp_path: Path) -> None:
    from graph.text.read import collect_files

    path = tmp_path / "graph.nt"
    _write(path, 2)
    _count(path)
    assert [name for _, name in collect_files([tmp_path])] == ["graph.nt"]


def test_a_folder_that_cannot_be_written_reads_the_file_in_memory(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    path = tmp_path / "graph.nt"
    _write(path, 2)
    tmp_path.chmod(0o555)
    try:
        assert _count(path) == 2
        assert not cache.cache_dir(path).exists()
    finally:
        tmp_path.chmod(0o755)


def test_a_broken_file_is_one_clear_error_and_leaves_no_store(tmp_path: Path) -> None:
    path = tmp_path / "graph.ttl"
    path.write_text("<http://example.org/a> <http://example.org/p> .\n", encoding="utf-8")
    with pytest.raises(GraphFileError) as info:
        _count(path)
    assert "\n" not in str(info.value) and str(path) in str(info.value)
    assert not list(cache.cache_dir(path).glob("gen-*"))
