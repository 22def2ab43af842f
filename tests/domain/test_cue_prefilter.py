"""Cues.find skips a relation's patterns when none of their required literals occurs in
the text: it must find exactly the cues the patterns alone find."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from graph.domain.cue_anchors import AnchorScan, required_literals
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
    ("pattern", "literals"),
    [
        ("derived from", {"derived from"}),
        ("suppl(?:y|ies|ied)", {"supply", "supplies", "supplied"}),
        ("(?:an |the )?extracts? of", {"extract of", "extracts of"}),
        (
            "(?:are|is) a (?:rich )?source of",
            {f"{v} a {r}source of" for v in ("is", "are") for r in ("", "rich ")},
        ),
        ("comes? from", {"come from", "comes from"}),
        ("(?:contains?|includes?)", {"contain", "include"}),
        ("(?:users|patients) (?:\\w+ )?reported", {"reported"}),
        ("(?:is|was) (?=(?:toxic|poisonous)\\b)", {"toxic", "poisonous"}),
        ("(?:is|was) (?!toxic)", {"is ", "was "}),
        ("(?:cause|)d", {"d"}),
        ("(?i)derived", None),
        ("x{0,2}", None),
        ("(?:ab)+c", {"ab"}),
    ],
)
def test_required_literals(pattern: str, literals: set[str] | None) -> None:
    found = required_literals(pattern)
    assert found == (None if literals is None else frozenset(literals))
    if found is not None:  # every match lies in a text that holds one of them
        for text in (
            "derived from",
            "supplies",
            "the extract of",
            "is a rich source of",
            "come from",
            "ababc",
            "patients often reported",
            "it is toxic",
            "it was mild",
            "caused",
            "d",
        ):
            if re.search(pattern, text):
                assert any(literal in text for literal in found), (pattern, text)


def test_the_anchor_scan_sees_overlapping_anchors() -> None:
    scan = AnchorScan(frozenset({"caus", "cause", "used", "sed"}))
    assert scan.present("it caused") == {"caus", "cause", "used", "sed"}
    assert scan.present("") == set()
    assert AnchorScan(frozenset()).present("anything") == set()
