"""The characters a match of a pattern can be made of: `graph.mentions.names.common.scan`
then searches a long text only in the runs of those characters that hold one of the
literals every match needs (graph.domain.cue_anchors.required_literals).

Example: a match of `(?<![\\w-])[a-z-]{3,}(?:itis|osis)(?![\\w-])` is made of `a-z` and
`-` only, so it lies inside one run of them (a word, here): of a document's words, only
those holding "itis" or "osis" are searched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graph.domain.cue_anchors import parse_pattern
from graph.domain.pattern_reach import lookaround_reach

_UNBOUNDED = 1 << 30  # wider than any text; sre_parse says MAXREPEAT and more


@dataclass(frozen=True)
class Alphabet:
    """What a pattern's matches are made of, and how far past a match its engine looks."""

    chars: str  # a character class body: every character a match can consume
    after: int  # how far the engine may read past the last character it consumes
    ascii: bool = False  # \\w, \\d and \\s of the class mean their ASCII sense

    def run(self) -> re.Pattern[str]:
        """A run of the alphabet's characters (maybe empty)."""
        return re.compile(f"[{self.chars}]*", re.ASCII if self.ascii else 0)


def alphabet(pattern: str, flags: int = 0) -> Alphabet | None:
    """The alphabet of `pattern`, or None: when a match may hold any character (.), one
    of a negated class or not a given one ([^x]), when the pattern ignores case, has a
    backreference or a lookaround of unbounded reach, can match the empty string, or is
    anchored at the start of the text (nothing to gain). What a positive lookaround sees
    counts as consumed (a literal it needs is in the run). Remembered across runs
    (graph.domain.memo)."""
    from graph.domain import memo

    key = f"{flags}:{pattern}"
    known = memo.get("alphabet-classes", key)
    if known is not memo.MISSING:
        return None if known is None else Alphabet(known[0], int(known[1]), known[2] == "a")
    found = _alphabet(pattern, flags)
    value = None if found is None else [found.chars, str(found.after), "a" * found.ascii]
    memo.put("alphabet-classes", key, value)
    return found


class _Beyond(Exception):
    """A part this reading does not follow."""


def _alphabet(pattern: str, flags: int) -> Alphabet | None:
    c, parsed = parse_pattern(pattern, flags)
    if parsed is None or parsed.state.flags & re.IGNORECASE or parsed.getwidth()[0] == 0:
        return None
    if parsed.data and parsed.data[0] == (c.AT, c.AT_BEGINNING_STRING):
        return None  # "\\A...": one place to look, found at once
    if (
        parsed.data
        and parsed.data[0] == (c.AT, c.AT_BEGINNING)
        and not parsed.state.flags & re.MULTILINE
    ):
        return None  # "^..." likewise
    chars: set[str] = set()  # class body parts: escaped characters, ranges, categories
    try:
        after = _walk(c, parsed, chars)
    except _Beyond:
        return None
    return Alphabet("".join(sorted(chars)), after + 1, bool(parsed.state.flags & re.ASCII))


def _walk(c: Any, items: Any, chars: set[str]) -> int:
    """Add what `items` can consume to `chars`; the reach of their lookarounds (summed)."""
    around = 0
    for op, av in items:
        if op is c.LITERAL:
            chars.add(re.escape(chr(av)))
        elif op is c.IN:
            chars |= _class(c, av)
        elif op is c.SUBPATTERN:
            if av[1] & re.IGNORECASE:
                raise _Beyond
            around += _walk(c, av[3], chars)
        elif op is c.BRANCH:
            around += sum(_walk(c, branch, chars) for branch in av[1])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) or op is getattr(c, "POSSESSIVE_REPEAT", None):
            inner = _walk(c, av[2], chars)
            if inner and av[1] >= _UNBOUNDED:
                raise _Beyond
            around += inner * int(av[1])
        elif op is getattr(c, "ATOMIC_GROUP", None):
            around += _walk(c, av, chars)
        elif op in (c.ASSERT, c.ASSERT_NOT):
            reach = lookaround_reach(c, [(op, av)])
            if reach is None:
                raise _Beyond
            around += reach
            if op is c.ASSERT:  # what it sees joins the run: a literal it needs is in it
                _walk(c, av[1], chars)
        elif op is not c.AT:  # ANY, CATEGORY, NOT_LITERAL, ASSERT, GROUPREF, ...
            raise _Beyond
    return around


def _class(c: Any, items: Any) -> set[str]:
    out: set[str] = set()
    for op, av in items:
        if op is c.LITERAL:
            out.add(re.escape(chr(av)))
        elif op is c.RANGE:
            out.add(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is c.CATEGORY and getattr(av, "name", "") in _CATEGORIES:
            out.add(_CATEGORIES[av.name])
        else:
            raise _Beyond  # NEGATE, the engine's own categories
    return out


_CATEGORIES = {  # the categories a class may hold, as written in one
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
}


def finditer_within(
    pattern: re.Pattern[str], text: str, starts: list[int], run: re.Pattern[str], after: int
) -> Iterator[re.Match[str]]:
    """What `pattern.finditer(text)` yields, searched only in the runs of its alphabet
    (`run`) that hold a literal every match needs; `starts`: where those begin, in
    order. A match lies inside one run and consumes one of the literals, so it lies in a
    run holding one; the engine reads at most `after` past the run, so a search of the
    text cut there finds what a search of the whole text finds."""
    size = len(text)
    backwards = ""
    pos = 0
    end = -1  # where the run last searched ends
    for o in starts:
        if o < end:
            continue  # in the run just searched
        end = _run_end(run, text, o)
        if end <= pos:
            continue
        if not backwards:
            backwards = text[::-1]
        begin = o - (_run_end(run, backwards, size - o) - (size - o))
        at = max(pos, begin)
        cut = min(size, end + after + 1)  # "$" must not match before a last newline
        while True:
            m = pattern.search(text, at, cut)
            if m is None or m.start() >= end:
                break
            yield m
            pos = at = m.end()


def _run_end(run: re.Pattern[str], text: str, pos: int) -> int:
    m = run.match(text, pos)
    return pos if m is None else m.end()
