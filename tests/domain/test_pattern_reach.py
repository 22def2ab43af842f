"""A long text is searched only near the literals every match needs, when a match reaches
a bounded way (graph.domain.pattern_reach): `scan` must find exactly what `finditer`
finds, for every name and context rule of the ontology, on the project's articles and
their lines (a sentence is searched only when it holds a literal)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from graph.domain.cue_anchors import AnchorScan
from graph.domain.pattern_reach import finditer_near, reach
from graph.evaluation.prose import SOURCES
from graph.mentions.discovery import Discoverer
from graph.mentions.names.common import scan
from graph.pipeline import load_context
from graph.text.textnorm import fold, normalize

ROOT = Path(__file__).resolve().parents[2]


def _texts() -> list[str]:
    """Every article, each folder's articles in one text, and their lines."""
    texts: list[str] = []
    for name in (*SOURCES, "tests/realworld3/docs", "tests/realworld4/docs"):
        folder = ROOT / name
        paths = sorted(folder.rglob("*")) if folder.is_dir() else []
        docs = [
            p.read_text(encoding="utf-8", errors="replace")
            for p in paths
            if p.suffix in (".txt", ".md") and p.is_file()
        ]
        lines = [line for doc in docs for line in doc.splitlines() if line.strip()]
        for text in [*docs, "\n\n".join(docs), *lines]:
            texts += [text, fold(text), normalize(text)]
    return texts


def _patterns(obj: object) -> list[re.Pattern[str]]:
    out: list[re.Pattern[str]] = []
    for f in dataclasses.fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        if isinstance(value, re.Pattern):
            out.append(value)
        elif dataclasses.is_dataclass(value):
            out += _patterns(value)
    return out


def _found(matches: object) -> list[tuple[object, ...]]:
    return [(m.span(), m.groups(), m.lastgroup) for m in matches]  # type: ignore[attr-defined]


def test_scan_finds_exactly_what_finditer_finds() -> None:
    discoverer = load_context().discoverer
    assert isinstance(discoverer, Discoverer)
    patterns = _patterns(discoverer.names) + _patterns(discoverer.cues)
    bounded = [p for p in patterns if reach(p.pattern, p.flags) is not None]
    assert len(bounded) > 10
    texts = _texts()
    assert sum(len(t) >= 1000 for t in texts) > 100
    assert sum(len(t) < 1000 for t in texts) > 1000
    for pattern in patterns:
        for text in texts:
            assert _found(scan(pattern, text)) == _found(pattern.finditer(text)), pattern


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?<![\w-])(toxic|toxin)(?![\w-])", 5 + 1 + 1 + 1),
        (r"ab", 3),
        (r"a(?=bc)", 1 + 2 + 1),
        (r"a+", None),  # unbounded
        (r"a?", None),  # matches the empty string
        (r"(a)\1", None),  # a backreference
        (r"(?:x(?=y))+", None),  # a lookaround repeated without bound
        (r"(?:x(?=yz)){2}", 2 + 2 * 2 + 1),
    ],
)
def test_reach(pattern: str, expected: int | None) -> None:
    assert reach(pattern) == expected


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?<![\w-])(?:toxic|toxin)(?![\w-])",
        r"(?<=the )toxin",
        r"toxin(?= of)",
        r"\btox(?:ic|in)s?\b",
    ],
)
def test_finditer_near_equals_finditer(pattern: str) -> None:
    compiled = re.compile(pattern)
    literals = AnchorScan(frozenset({"tox"}))
    span = reach(pattern)
    assert span is not None
    texts = [
        "a toxin. " * 300,
        "the toxin of toxic toxins " + "x" * 3000 + " the toxin of the toxic plant",
        "toxintoxin toxic-toxin detoxin toxin",
        "",
    ]
    for text in texts:
        near = finditer_near(compiled, text, literals.starts(text), span)
        assert _found(near) == _found(compiled.finditer(text)), (pattern, text[:40])


def test_the_anchor_scan_finds_where_literals_start() -> None:
    few = AnchorScan(frozenset({"aa", "ab"}))
    many = AnchorScan(frozenset({"aa", "ab", "b", "ba", "bb", "xa", "xy"}))
    assert few.starts("aaab") == [0, 1, 2]
    assert many.starts("aaab") == [0, 1, 2, 3]
