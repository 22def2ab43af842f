"""The notebooks run top to bottom on the seeds, and are kept in git without outputs.

Each notebook is executed in memory with nbclient, in a Jupyter kernel started with the
interpreter running the tests (a throwaway kernelspec, so a `python` elsewhere on PATH is
never used), with the repository root as working directory. Nothing is written back: the
notebooks may only write to temporary folders, which the last test checks.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
EXPECTED = (
    "01-build-and-inspect.ipynb",
    "02-ask-with-sparql.ipynb",
    "03-explore-as-a-network.ipynb",
    "04-your-own-documents.ipynb",
)
CELL_TIMEOUT = 120  # seconds per cell; a whole notebook takes a few seconds
KERNEL = "phytokg-test-python"
# What each notebook must show (printed text, and rich outputs by MIME type).
SHOWS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "01-build-and-inspect.ipynb": (
        ("written     ['graph.html', 'graph.ttl']", "Hedged     Kratom", "grounding coverage: "),
        (),
    ),
    "02-ask-with-sparql.ipynb": (
        ("compounds-of-plant", "sourceLabel,compoundLabel,receptorLabel,action", "QueryError: "),
        (),
    ),
    "03-explore-as-a-network.ipynb": (
        ("MultiDiGraph with ", "saved class-graph.png", "formats: turtle, "),
        ("text/html", "image/png"),
    ),
    "04-your-own-documents.ipynb": (
        (
            "new lexicon term: Preoperative anxiety (Symptom)",
            "only with the extension: Passionflower -alleviates-> Preoperative anxiety [hedged]",
            "Passionflower  alleviates      Preoperative anxiety",
            "Passionflower  chrysin        GABA-A receptor",
            "identical: True",
            "same as the seeds-only graph: True",
        ),
        (),
    ),
}


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((NOTEBOOK_DIR / name).read_text(encoding="utf-8"))
    return data


def _source(cell: dict[str, Any]) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else str(source)


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }


def test_the_four_notebooks_are_there() -> None:
    assert tuple(sorted(p.name for p in NOTEBOOK_DIR.glob("*.ipynb"))) == EXPECTED


@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_opens_with_an_introduction(name: str) -> None:
    nb = _load(name)
    assert nb["nbformat"] == 4
    first = nb["cells"][0]
    assert first["cell_type"] == "markdown"
    intro = _source(first)
    assert intro.startswith("# ")
    assert len(intro) > 400
    assert "use it on your own" in intro.lower()  # what to change for one's own corpus


@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_is_saved_without_outputs(name: str) -> None:
    nb = _load(name)
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code
    assert [c["outputs"] for c in code] == [[] for _ in code]
    assert [c["execution_count"] for c in code] == [None for _ in code]
    assert [c for c in nb["cells"] if "attachments" in c] == []
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


@pytest.fixture(scope="module")
def kernel_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Jupyter data folder with one kernelspec: this interpreter, running ipykernel."""
    folder = tmp_path_factory.mktemp("jupyter")
    spec = folder / "kernels" / KERNEL
    spec.mkdir(parents=True)
    kernel = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "phytokg tests",
        "language": "python",
    }
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_runs_top_to_bottom(
    name: str, kernel_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv("JUPYTER_PATH", str(kernel_dir))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))  # the notebooks' temporary folders land here
    before = _snapshot(NOTEBOOK_DIR)

    nb = nbformat.read(NOTEBOOK_DIR / name, as_version=4)
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name=KERNEL,
        allow_errors=False,
        resources={"metadata": {"path": str(ROOT)}},
    )
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any error

    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code)
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert errors == []
    stderr = [o.text for c in code for o in c.outputs if o.get("name") == "stderr"]
    assert stderr == []  # no warnings either
    assert _snapshot(NOTEBOOK_DIR) == before  # nothing written next to the notebooks
    texts, kinds = SHOWS[name]
    printed = "".join(o.get("text", "") for c in code for o in c.outputs)
    assert [t for t in texts if t not in printed] == []
    shown = {k for c in code for o in c.outputs for k in o.get("data", {})}
    assert set(kinds) <= shown
