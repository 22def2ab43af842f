"""first_chars and gated: a gate on the characters a match can start with never changes
what a pattern finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.domain.cue_anchors import first_chars, gated

PATTERNS = [
    "abc",
    "(?:a|bc)d",
    "a?b",
    "[a-c]x+",
    r"(?<![\w-])(?:ab|ba)(?![\w-])",
    r"((?:[AB]-type |vol )?)(cal|Ca2\+)(?: ion)?[- ]chan",
    "(?:ab)*c",
    r"(?i)ab|Ba",
    r"(?:(?<![\w-])|(?=[,;(]))(?:,? such as|ca(?:use|using))",
]


@pytest.mark.parametrize(
    ("pattern", "chars"),
    [("abc", "a"), ("(?:a|bc)d", "ab"), ("a?b", "ab"), (r"\w+", None), ("", None), ("a|", None)],
)
def test_first_chars(pattern: str, chars: str | None) -> None:
    found = first_chars(pattern)
    assert (None if found is None else "".join(sorted(found))) == chars


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PATTERNS), st.text(alphabet="abcABC -,;(vol2+tyepinhsug", max_size=30))
def test_a_gate_changes_no_match(pattern: str, text: str) -> None:
    plain = re.compile(pattern, re.IGNORECASE if "(?i)" not in pattern and "B-" in pattern else 0)
    gate = re.compile(gated(pattern), plain.flags)
    assert gated(pattern) != pattern or first_chars(pattern) is None
    assert [m.span() for m in gate.finditer(text)] == [m.span() for m in plain.finditer(text)]
    for pos in range(len(text) + 1):
        a, b = plain.match(text, pos), gate.match(text, pos)
        assert (a and a.span()) == (b and b.span())
