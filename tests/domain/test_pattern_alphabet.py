"""A long text is searched only in the runs of what a rule's matches are made of that
hold one of its literals (graph.domain.pattern_alphabet): the matches of finditer."""

from __future__ import annotations

import re

import pytest

from graph.domain.cue_anchors import AnchorScan, required_literals
from graph.domain.pattern_alphabet import alphabet, finditer_within


@pytest.mark.parametrize(
    ("pattern", "chars"),
    [
        (r"(?<![\w-])[a-z-]{3,}(?:itis|osis)(?![\w-])", "-abcdefghijklmnopqrstuvwxyz"),
        (r"(?=[ab])(?:ab|ba)c", "abc"),
        (r"x(?=yz)", "xyz"),  # what a lookahead sees joins the run
        (r"\w+itis", None),  # a category
        (r"[^ ]+itis", None),  # a negated class
        (r"(?i)itis", None),  # ignores case
        (r"(a)\1", None),  # a backreference
        (r"a*", None),  # matches the empty string
        (r"^itis", None),  # anchored: nothing to gain
        (r"x(?!y+)", None),  # a lookaround of unbounded reach
    ],
)
def test_alphabet(pattern: str, chars: str | None) -> None:
    found = alphabet(pattern)
    assert (found.chars if found else None) == chars


PATTERNS = [
    r"(?<![\w-])[a-z-]{3,}(?:itis|osis)(?![\w-])",
    r"(?<![\w-])((?:[a-z][a-z-]{2,} ){1,3})(?:disease|pain)(?![\w-])",
    r"[a-z]+ (?=pain)",
    r"(?<=the )[a-z]+itis",
    r"[a-z]+itis$",
    r"(?:itis|osis)",
]
TEXTS = [
    "arthritis and gastritis, then dermatitis-like osis itis\n",
    "liver disease, chronic kidney disease and back pain; osteoporosis. " * 40,
    "the colitis, the nephritis\nthe itis" + " x" * 600 + " severe joint pain",
    "itis",
    "",
    "ARTHRITIS arthritis2 _itis 2itis arthritis",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_finditer_within_equals_finditer(pattern: str) -> None:
    compiled = re.compile(pattern)
    found = alphabet(pattern)
    literals = required_literals(pattern)
    assert found is not None and literals is not None
    scan = AnchorScan(literals)
    for text in TEXTS:
        within = finditer_within(compiled, text, scan.starts(text), found.run(), found.after)
        assert [(m.span(), m.groups()) for m in within] == [
            (m.span(), m.groups()) for m in compiled.finditer(text)
        ], (pattern, text[:40])
