"""Parallel and Dask extraction give the same graph, byte for byte, as a serial build;
the synthetic corpus is deterministic."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.build import build_graph
from graph.cli.app import app
from graph.errors import InputError
from graph.evaluation.synthetic import generate_corpus
from graph.pipeline import Context, extract_documents
from graph.rdf.turtle import to_turtle
from graph.scheduler import DaskUnavailable, chunks, extract_dask, extract_parallel
from graph.text.read import read_documents

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 60 kB of synthetic articles (eight documents)."""
    folder = tmp_path_factory.mktemp("synthetic")
    generate_corpus(folder, 0.06, seed=7, doc_kb=8)
    return folder


def test_synthetic_corpus_is_deterministic_and_sized(tmp_path: Path) -> None:
    first = generate_corpus(tmp_path / "a", 0.05, seed=3, doc_kb=10)
    again = generate_corpus(tmp_path / "b", 0.05, seed=3, doc_kb=10)
    other = generate_corpus(tmp_path / "c", 0.05, seed=4, doc_kb=10)
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "b").iterdir())
    assert all(
        (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files
    )
    assert (first.files, first.bytes) == (again.files, again.bytes)
    assert (tmp_path / "a" / files[0]).read_bytes() != (tmp_path / "c" / files[0]).read_bytes()
    assert other.bytes >= 50_000
    assert 50_000 <= first.bytes < 50_000 + 13_000  # at most one document (10 kB +30%) over


def test_synthetic_corpus_does_not_copy_the_seeds(synthetic: Path) -> None:
    seed_sentences = {
        s.strip() for p in SEEDS.glob("*.txt") for s in p.read_text().split(".") if len(s) > 40
    }
    text = "".join(p.read_text() for p in synthetic.glob("*.txt"))
    assert not [s for s in seed_sentences if s in text]


def test_synthetic_corpus_yields_facts_of_many_relations(synthetic: Path, context: Context) -> None:
    results = list(extract_documents(read_documents([synthetic]), context))
    relations = {a.relation for r in results for a in r.assertions}
    negated = [a for r in results for a in r.assertions if a.negated]
    assert {"hasConstituent", "alleviates", "mayCause", "usedWith"} <= relations
    assert negated


def test_chunks_keep_order_and_size() -> None:
    from graph.model import Document

    docs = [Document(str(i), "x" * 10, f"{i}.txt", "t", "text/plain", 10) for i in range(7)]
    batches = list(chunks(docs, chunk_bytes=25))
    assert [[d.id for d in b] for b in batches] == [["0", "1", "2"], ["3", "4", "5"], ["6"]]


def test_workers_give_the_serial_results_in_order(synthetic: Path, context: Context) -> None:
    docs = list(read_documents([SEEDS, synthetic]))
    serial = list(extract_documents(docs, context))
    parallel = list(extract_parallel(docs, 2, chunk_bytes=15_000))
    assert [r.document.source for r in parallel] == [d.source for d in docs]
    assert parallel == serial


def test_build_with_two_workers_is_byte_identical(synthetic: Path, context: Context) -> None:
    serial, s_summary = build_graph([SEEDS, synthetic], context=context)
    parallel, p_summary = build_graph([SEEDS, synthetic], workers=2)
    assert to_turtle(parallel) == to_turtle(serial)
    assert p_summary.to_dict() | {"seconds": 0} == s_summary.to_dict() | {"seconds": 0}


def test_cli_build_workers_writes_the_same_file(tmp_path: Path) -> None:
    runner = CliRunner()
    one = runner.invoke(app, ["build", str(SEEDS), "--out", str(tmp_path / "1"), "--no-html"])
    two = runner.invoke(
        app, ["build", str(SEEDS), "--out", str(tmp_path / "2"), "--no-html", "--workers", "2"]
    )
    assert one.exit_code == 0, one.output
    assert two.exit_code == 0, two.output
    assert (tmp_path / "1" / "graph.ttl").read_bytes() == (
        tmp_path / "2" / "graph.ttl"
    ).read_bytes()


def test_zero_workers_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="--workers must be at least 1"):
        build_graph([SEEDS], workers=0)
    result = CliRunner().invoke(
        app, ["build", str(SEEDS), "--out", str(tmp_path), "--workers", "0"]
    )
    assert result.exit_code == 10
    assert "phytokg: error: --workers must be at least 1, got 0" in result.output


def test_dask_local_cluster_gives_the_serial_graph(synthetic: Path, context: Context) -> None:
    distributed = pytest.importorskip("distributed")
    docs = list(read_documents([SEEDS, synthetic]))
    serial = list(extract_documents(docs, context))
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        results = list(extract_dask(docs, client=client, chunk_bytes=15_000))
    assert results == serial
    from graph.rdf.memory import results_to_graph

    assert to_turtle(results_to_graph(results)) == to_turtle(results_to_graph(serial))


def test_dask_missing_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(DaskUnavailable, match=r"pip install 'phytokg\[dask\]'"):
        list(extract_dask(read_documents([SEEDS])))
