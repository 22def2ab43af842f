"""Robustness: odd input gives no crash and no invented facts; time grows linearly with size."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from graph.model import Document, DocumentResult
from graph.pipeline import Context, extract_document
from graph.text.read import document_id

ROOT = Path(__file__).resolve().parents[2]
SEEDS = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))


def _doc(text: str) -> Document:
    return Document(document_id(text), text, "x.txt", "x", "text/plain", len(text))


def _extract(context: Context, text: str) -> DocumentResult:
    result = extract_document(_doc(text), context)
    for s in result.sentences:
        assert text[s.begin : s.end] == s.text
    for m in result.mentions:
        assert text[m.begin : m.end] == m.text
    return result


def _realistic(size: int) -> str:
    """Seed-article text repeated to `size` characters, cut at a paragraph."""
    text = (SEEDS + "\n\n") * (size // (len(SEEDS) + 2) + 1)
    return text[: text.rfind("\n\n", 0, size) + 2]


_RUNNER = """
import json, sys, time
from pathlib import Path
from graph.model import Document
from graph.pipeline import extract_document, load_context
from graph.text.read import document_id
ctx = load_context(Path(sys.argv[2]))
text = Path(sys.argv[1]).read_text(encoding="utf-8")
start = time.perf_counter()
result = extract_document(Document(document_id(text), text, "x", "x", "text/plain", 0), ctx)
print(json.dumps({"seconds": time.perf_counter() - start, "facts": len(result.assertions)}))
"""


def _timed_in_subprocess(text: str, tmp_path: Path, timeout: float) -> float:
    """Seconds to extract `text`, in a child process killed if it runs 10x `timeout` (at
    least 60 s): a guard against a hang, not a speed limit (speed is for `phytokg
    benchmark`; tests compare growth)."""
    timeout = max(60.0, 10 * timeout)
    path = tmp_path / f"doc-{len(text)}.txt"
    path.write_text(text, encoding="utf-8")
    try:
        done = subprocess.run(
            [sys.executable, "-c", _RUNNER, str(path), str(ROOT / "ontology")],
            capture_output=True,
            text=True,
            timeout=timeout + 5,
            check=True,  # 5 s to start
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"extracting {len(text)} characters took more than {timeout} s")
    return float(json.loads(done.stdout)["seconds"])


def test_empty_document_gives_nothing(context: Context) -> None:
    result = _extract(context, "")
    assert result.sentences == ()
    assert result.mentions == ()
    assert result.assertions == ()


def test_whitespace_only_document_gives_nothing(context: Context) -> None:
    assert _extract(context, " \n\t\n\u00a0\u3000\n").assertions == ()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_random_bytes_decoded_as_text_do_not_crash(context: Context, seed: int) -> None:
    data = random.Random(seed).randbytes(20_000)
    for text in (data.decode("utf-8", errors="replace"), data.decode("latin-1")):
        _extract(context, text)


def test_german_paragraph_gives_no_facts(context: Context) -> None:
    text = (
        "Kava lindert Angst und Unruhe. Kratom kann Übelkeit verursachen, aber es hilft gegen "
        "Schmerzen. Die Wurzel enthält Kavain, das die Stimmung hebt. Straße, Größe, Maß."
    )
    assert _extract(context, text).assertions == ()


def test_chinese_paragraph_gives_no_facts(context: Context) -> None:
    text = (
        "卡瓦胡椒可以缓解焦虑。它含有卡瓦内酯，可能导致肝损伤。"
        "“卡痛”是一种植物。\n长期使用可能导致便秘。"
    )
    result = _extract(context, text)
    assert result.assertions == ()
    assert result.mentions == ()


def test_mixed_scripts_keep_offsets(context: Context) -> None:
    text = "😀 Kava (卡瓦) relieves anxiety. 🌿 Kratom’s side effects include nausea.\u200b"
    result = _extract(context, text)
    assert {(a.subject, a.relation, a.object) for a in result.assertions} == {
        ("Kava", "alleviates", "Anxiety"),
        ("Kratom", "mayCause", "Nausea"),
    }
    for a in result.assertions:
        for e in a.evidence:
            assert text[e.sentence_begin : e.sentence_end] == e.sentence_text


_APPOSITION_REASON = (
    "discovery._appositions: the compound_apposition pattern in cues.toml "
    "([A-Za-z0-9][\\w,'()+-]{3,})(?:,| is| was) is quadratic on a long run of word "
    "characters (50 kB: ~38 s)"
)


# Lines that once took quadratic time; each is made at any length.
_DEGENERATE: dict[str, Callable[[int], str]] = {
    "one-word": lambda n: "a" * n,
    "short-words": lambda n: "x " * (n // 2),
    "one-term": lambda n: "kava " * (n // 5),
    "parentheses": lambda n: "(" * (n // 2) + ")" * (n // 2),
    "hyphenated": lambda n: "kava-" * (n // 5),
    "no-full-stop": lambda n: ("kava relieves anxiety and pain and " * (n // 35 + 1))[:n],
}


@pytest.mark.parametrize("kind", sorted(_DEGENERATE))
def test_long_degenerate_line_takes_linear_time(context: Context, kind: str) -> None:
    make = _DEGENERATE[kind]
    ratio = _best_of_three(context, make(50_000)) / _best_of_three(context, make(12_500))
    # Linear work gives about 4x; quadratic work 16x (no wall-clock limit: speed is for
    # `phytokg benchmark`).
    assert ratio < 9, f"4x the line took {ratio:.1f}x the time"


def _best_of_three(context: Context, text: str) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        extract_document(_doc(text), context)
        times.append(time.perf_counter() - start)
    return min(times)


def test_time_grows_linearly_small(context: Context) -> None:
    small, large = _realistic(16_000), _realistic(64_000)
    ratio = _best_of_three(context, large) / _best_of_three(context, small)
    # Linear work gives about 4x; quadratic work 16x. The bound leaves room for a busy machine.
    assert ratio < 9, f"4x the text took {ratio:.1f}x the time"


@pytest.mark.slow
def test_ten_megabyte_document_in_linear_time(tmp_path: Path) -> None:
    one = _timed_in_subprocess(_realistic(1_000_000), tmp_path, timeout=120)
    four = _timed_in_subprocess(_realistic(4_000_000), tmp_path, timeout=max(60, 8 * one))
    print(f"\n1 MB: {one:.1f} s, 4 MB: {four:.1f} s")
    assert four / one < 9  # linear: ~4x; quadratic: 16x
    ten = _timed_in_subprocess(_realistic(10_000_000), tmp_path, timeout=max(120, 20 * one))
    print(f"10 MB: {ten:.1f} s")
