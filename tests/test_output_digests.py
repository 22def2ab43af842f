"""The outputs do not change by accident: SHA-256 digests of `graph.ttl` built from the seeds,
tests/corpus/ and tests/heldout/, and of `phytokg evaluate`'s report on each, checked against
tests/data/output-digests.json.

The digests are taken through the installed console script, so they hold whatever the
package's layout. When an output changes on purpose (a new rule, a new lexicon term),
regenerate them deliberately and say why in the commit:

    .venv/bin/python tests/test_output_digests.py --regenerate
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DIGESTS = ROOT / "tests" / "data" / "output-digests.json"
PHYTOKG = str(Path(sys.executable).parent / "phytokg")

CORPORA = {"seeds": "seeds", "corpus": "tests/corpus", "heldout": "tests/heldout"}
GOLD = {
    "seeds": (["tests/gold/seeds-gold.tsv"], ["tests/gold/seeds-aliases.tsv"], ["seeds"]),
    "corpus": (["tests/corpus"], ["tests/corpus/aliases.tsv"], None),
    "heldout": (["tests/heldout"], ["tests/heldout/aliases.tsv"], None),
}


def _run(args: list[str]) -> bytes:
    done = subprocess.run([PHYTOKG, *args], cwd=ROOT, capture_output=True, check=True, timeout=None)
    return done.stdout


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def graph_digest(name: str, out: Path) -> str:
    """`phytokg build DIR --out OUT --no-html`, digest of OUT/graph.ttl."""
    _run(["build", CORPORA[name], "--out", str(out), "--no-html"])
    return _sha((out / "graph.ttl").read_bytes())


def evaluate_digest(name: str) -> str:
    """`phytokg evaluate` as tests/evaluation/test_evaluate.py scores it (the *.txt articles
    of a test corpus), digest of the printed report."""
    gold, aliases, docs = GOLD[name]
    if docs is None:
        docs = [str(p.relative_to(ROOT)) for p in sorted((ROOT / CORPORA[name]).glob("*.txt"))]
    args = ["evaluate"]
    for g in gold:
        args += ["--gold", g]
    for a in aliases:
        args += ["--aliases", a]
    return _sha(_run([*args, *docs]))


def current_digests(tmp: Path) -> dict[str, str]:
    digests = {}
    for name in CORPORA:
        digests[f"graph.ttl {name}"] = graph_digest(name, tmp / name)
        digests[f"evaluate {name}"] = evaluate_digest(name)
    return digests


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CORPORA))
def test_outputs_match_stored_digests(name: str, tmp_path: Path) -> None:
    stored = json.loads(DIGESTS.read_text(encoding="utf-8"))["digests"]
    assert graph_digest(name, tmp_path) == stored[f"graph.ttl {name}"], name
    assert evaluate_digest(name) == stored[f"evaluate {name}"], name


if __name__ == "__main__":
    import tempfile

    if sys.argv[1:] != ["--regenerate"]:
        sys.exit("usage: python tests/test_output_digests.py --regenerate")
    with tempfile.TemporaryDirectory() as tmp:
        digests = current_digests(Path(tmp))
    DIGESTS.write_text(
        json.dumps(
            {
                "comment": "SHA-256 of outputs; regenerate deliberately with "
                "`.venv/bin/python tests/test_output_digests.py --regenerate`",
                "digests": digests,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(json.dumps(digests, indent=2))
