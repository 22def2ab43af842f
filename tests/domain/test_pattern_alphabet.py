"""A long text is searched only in the runs of what a rule's matches are made of that
hold one of its literals (graph.domain.pattern_alphabet): the matches of finditer."""

from __future__ import annotations

import re

import pytest

from graph.domain.cue_anchors import AnchorScan, required_literals
from graph.domain.pattern_alphabet import alphabet, finditer_within


@pytest.mark.parametrize(
    ("pattern", "inside", "outside"),
    [
        (r"(?<![\w-])[a-z-]{3,}(?:itis|osis)(?![\w-])", "ab-z", "A _.,1"),
        (r"(?=[ab])(?:ab|ba)c", "abc", "d -"),
        (r"x(?=yz)", "xyz", "a"),  # what a lookahead sees joins the run
        (r"\w+ itis", "a_1 Ä", ".,-"),  # a category
        (r"[\d,-]+itis", "12,-", " ."),
        (r"[^ ]+itis", None, None),  # a negated class
        (r"(?i)itis", None, None),  # ignores case
        (r"(a)\1", None, None),  # a backreference
        (r"a*", None, None),  # matches the empty string
        (r"^itis", None, None),  # anchored: nothing to gain
        (r"x(?!y+)", None, None),  # a lookaround of unbounded reach
    ],
)
def test_alphabet(pattern: str, inside: str | None, outside: str | None) -> None:
    found = alphabet(pattern)
    if inside is None or outside is None:
        assert found is None
        return
    assert found is not None
    run = found.run()
    assert run.fullmatch(inside)
    assert not any(run.fullmatch(c) for c in outside)


PATTERNS = [
    r"(?<![\w-])[a-z-]{3,}(?:itis|osis)(?![\w-])",
    r"(?<![\w-])((?:[a-z][a-z-]{2,} ){1,3})(?:disease|pain)(?![\w-])",
    r"[a-z]+ (?=pain)",
    r"(?<=the )[a-z]+itis",
    r"[a-z]+itis$",
    r"(?:itis|osis)",
    r"\s*(?:D2|H1)(?:, (?:D2|H1))*(?![\w+-])",
    r"\w+ (?:pain|itis)",
]
TEXTS = [
    "arthritis and gastritis, then dermatitis-like osis itis\n",
    "liver disease, chronic kidney disease and back pain; osteoporosis. " * 40,
    "the colitis, the nephritis\nthe itis" + " x" * 600 + " severe joint pain",
    "itis",
    "",
    "ARTHRITIS arthritis2 _itis 2itis arthritis",
    "at D2, H1 and D2-like H1. Then  D2, H1+ x\nH1",
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
