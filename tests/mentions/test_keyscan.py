"""find_keys finds exactly what the whole-word alternation it replaces finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.mentions.keyscan import find_keys

_ALPHABET = "abs e-_é1("


def _regex(text: str, keys: list[str]) -> list[tuple[int, int, str]]:
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(k) for k in keys) + r")(?:s|es)?(?![\w-])"
    )
    return [(m.start(), m.end(), m.group(1)) for m in pattern.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=_ALPHABET, max_size=40),
    st.lists(st.text(alphabet=_ALPHABET, min_size=1, max_size=5), min_size=1, max_size=6),
)
def test_find_keys_is_the_alternation(text: str, keys: list[str]) -> None:
    keys = sorted(dict.fromkeys(keys), key=len, reverse=True)
    assert find_keys(text, keys) == _regex(text, keys)


def test_find_keys_on_names() -> None:
    text = "glaucium flavum and glaucium flavums; the glaucine-rich glaucines, xglaucine"
    keys = ["glaucium flavum", "glaucine", "glaucium"]
    assert find_keys(text, keys) == [
        (0, 15, "glaucium flavum"),
        (20, 36, "glaucium flavum"),
        (56, 65, "glaucine"),
    ]
    assert find_keys("", keys) == []
    assert find_keys(text, []) == []
