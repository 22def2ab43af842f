"""Whole-word occurrences of many literal keys in one Aho-Corasick pass.

`find_keys(text, keys)` finds what the regular expression
`(?<![\\w-])(k1|k2|...)(?:s|es)?(?![\\w-])` finds with `finditer`, the keys in the
order given (the first key that fits at a position wins): without compiling a new
pattern for every document's names.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

SUFFIXES = ("s", "es", "")  # the plural endings a key may carry, tried in this order


def wordish(c: str) -> bool:
    """A character of a word or hyphenated compound: `[\\w-]` of Python's `re`."""
    return c.isalnum() or c in "_-"


def find_keys(text: str, keys: Sequence[str]) -> list[tuple[int, int, str]]:
    """(begin, end, key) of each non-overlapping whole-word occurrence, left to right."""
    keys = [k for k in keys if k]
    if not keys or not text:
        return []
    import ahocorasick

    rank = {k: i for i, k in reversed(list(enumerate(keys)))}  # the first listing wins
    automaton: Any = ahocorasick.Automaton()
    for key in rank:
        automaton.add_word(key, key)
    automaton.make_automaton()
    at: dict[int, list[str]] = {}
    for end, key in automaton.iter(text):
        at.setdefault(end - len(key) + 1, []).append(key)
    found: list[tuple[int, int, str]] = []
    pos = 0
    size = len(text)
    for begin in sorted(at):
        if begin < pos or (begin > 0 and wordish(text[begin - 1])):
            continue
        hit = _first_fit(text, begin, sorted(at[begin], key=rank.__getitem__), size)
        if hit is not None:
            found.append((begin, hit[0], hit[1]))
            pos = hit[0]
    return found


def _first_fit(text: str, begin: int, keys: list[str], size: int) -> tuple[int, str] | None:
    for key in keys:
        stem = begin + len(key)
        for suffix in SUFFIXES:
            end = stem + len(suffix)
            if text.startswith(suffix, stem) and (end >= size or not wordish(text[end])):
                return end, key
    return None


def word_starts(text: str, lowered: str, key: str) -> list[int]:
    """Where `(?i)(?<![\\w-])key` matches `text` (finditer: non-overlapping), found with
    str.find in `lowered`, the text in lower case and of the same length."""
    out: list[int] = []
    pos = lowered.find(key)
    while pos >= 0 and key:
        if pos == 0 or not wordish(text[pos - 1]):
            out.append(pos)
            pos = lowered.find(key, pos + len(key))
        else:
            pos = lowered.find(key, pos + 1)
    return out


def has_word(text: str, word: str) -> bool:
    """Whether `(?<![\\w-])word(?![\\w-])` matches `text` (case as written), by str.find."""
    size = len(word)
    pos = text.find(word) if word else -1
    while pos >= 0:
        end = pos + size
        free_after = end >= len(text) or not wordish(text[end])
        if free_after and (pos == 0 or not wordish(text[pos - 1])):
            return True
        pos = text.find(word, pos + 1)
    return False
