"""Cues.find skips a relation's patterns when none of their required literals occurs in
the text: it must find exactly the cues the patterns alone find."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from graph.domain.cue_anchors import required_literal
from graph.domain.cues import Cues, load_cues
from graph.evaluation.prose import SOURCES

ROOT = Path(__file__).resolve().parents[2]


def _lines() -> list[str]:
    lines: list[str] = []
    for name in (*SOURCES, "tests/realworld2/docs"):
        folder = ROOT / name
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.suffix in (".txt", ".md") and path.is_file():
                text = path.read_text(encoding="utf-8", errors="replace")
                for line in text.splitlines():
                    if line.strip():
                        lines += [line, line.lower()]
    return lines


def test_the_prefilter_finds_exactly_the_cues_of_the_patterns() -> None:
    cues = load_cues(ROOT / "ontology" / "cues.toml")
    assert any(r.anchors for r in cues.relations)
    plain: Cues = dataclasses.replace(
        cues, relations=tuple(dataclasses.replace(r, anchors={}) for r in cues.relations)
    )
    lines = _lines()
    assert len(lines) > 1000
    found = 0
    for line in lines:
        expected = plain.find(line)
        assert cues.find(line) == expected, line
        found += len(expected)
    assert found > 300


@pytest.mark.parametrize(
    ("pattern", "literal"),
    [
        ("derived from", "derived from"),
        ("suppl(?:y|ies|ied)", "suppl"),
        ("(?:an |the )?extracts? of", "extract"),
        ("(?:is|are) a (?:rich )?sources? of", "source"),
        ("comes? from", " from"),
        ("(?:contains?|includes?)", None),
        ("(?i)derived", None),
        ("x{0,2}", None),
        ("(?:ab)+c", "ab"),
    ],
)
def test_required_literal(pattern: str, literal: str | None) -> None:
    assert required_literal(pattern) == literal
    if literal is not None:  # every match contains it
        for text in (
            "derived from",
            "supplies",
            "the extract of",
            "is a rich source of",
            "come from",
            "ababc",
        ):
            m = re.search(pattern, text)
            assert m is None or literal in m.group(0)
