"""How far a match of a pattern, and what its engine looks at, can reach from where the
match starts: `graph.mentions.names.common.scan` then searches a long text only near the
literals every match needs (graph.domain.cue_anchors.required_literals).

Example: every match of `(?<![\\w-])(toxic|toxin)(?![\\w-])` lies within 5 characters of
where it starts, and the engine looks one character further each way: `reach` is 7.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from graph.domain.cue_anchors import parse_pattern

_UNBOUNDED = 1 << 30  # wider than any text; sre_parse says MAXREPEAT and more


def reach(pattern: str, flags: int = 0) -> int | None:
    """A bound on how far from a match's start the engine reads while it tries a match
    there: the widest match plus every lookaround's widest reach (lookbehinds too, as
    lookaheads would reach). None when some part is unbounded, the pattern can match
    the empty string, or it is beyond this reading (backreferences, conditionals).
    Remembered across runs (graph.domain.memo)."""
    from graph.domain import memo

    key = f"{flags}:{pattern}"
    known = memo.get("reach", key)
    if known is not memo.MISSING:
        return None if known is None else int(known[0])
    found = _reach(pattern, flags)
    memo.put("reach", key, None if found is None else [str(found)])
    return found


def _reach(pattern: str, flags: int) -> int | None:
    c, parsed = parse_pattern(pattern, flags)
    if parsed is None:
        return None
    low, high = parsed.getwidth()
    if low == 0 or high >= _UNBOUNDED:
        return None
    try:
        around = _lookarounds(c, parsed)
    except _Beyond:
        return None
    return int(high) + around + 1


class _Beyond(Exception):
    """A part whose reach this reading does not bound."""


def lookaround_reach(c: Any, items: Any) -> int | None:
    """The sum of the widest reach of every lookaround in the parsed `items` (nested ones
    too), or None when one is unbounded or the items hold a backreference."""
    try:
        return _lookarounds(c, items)
    except _Beyond:
        return None


def _lookarounds(c: Any, items: Any) -> int:
    """The sum of the widest reach of every lookaround in `items` (nested ones too)."""
    total = 0
    for op, av in items:
        if op in (c.ASSERT, c.ASSERT_NOT):
            _direction, sub = av
            high = sub.getwidth()[1]
            if high >= _UNBOUNDED:
                raise _Beyond
            total += int(high) + _lookarounds(c, sub)
        elif op is c.SUBPATTERN:
            total += _lookarounds(c, av[3])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) or op is getattr(c, "POSSESSIVE_REPEAT", None):
            inner = _lookarounds(c, av[2])
            if inner and av[1] >= _UNBOUNDED:
                raise _Beyond
            total += inner * int(av[1]) if inner else 0
        elif op is c.BRANCH:
            total += sum(_lookarounds(c, branch) for branch in av[1])
        elif op is getattr(c, "ATOMIC_GROUP", None):
            total += _lookarounds(c, av)
        elif op in (c.GROUPREF, c.GROUPREF_EXISTS) or op is getattr(c, "GROUPREF_IGNORE", None):
            raise _Beyond
    return total


def finditer_near(
    pattern: re.Pattern[str], text: str, starts: list[int], span: int
) -> Iterator[re.Match[str]]:
    """What `pattern.finditer(text)` yields, searched only within `span` (its `reach`)
    of `starts`, where the literals every match needs begin (in order).

    A match starting at s reads no further than `span` from s, so it lies within `span`
    of one of its literals: the first match at or after `pos` starts no earlier than the
    first such literal less `span`. Each search stops where a window of literals ends, on
    a text cut `span` after it: a match starting inside the window reads nothing past
    the cut, so it is the match of the whole text; one found later is searched again."""
    size = len(text)
    pos = 0
    i = 0
    count = len(starts)
    while True:
        while i < count and starts[i] + span < pos:
            i += 1
        if i == count:
            return
        last = starts[i] + span  # the last start a match near these literals can have
        j = i
        while j + 1 < count and starts[j + 1] - span <= last + 1:
            j += 1
            last = starts[j] + span
        m = pattern.search(text, max(pos, starts[i] - span), min(size, last + span + 1))
        if m is not None and m.start() <= last:
            yield m
            pos = m.end()
        else:
            pos = last + 1
