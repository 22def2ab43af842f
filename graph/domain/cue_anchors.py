"""Literals every match of a cue pattern must contain: Cues.find runs a pattern only
when one of its literals occurs in the sentence (graph.domain.cues)."""

from __future__ import annotations

import re
from typing import Any

Literals = frozenset[str]


def _parse(pattern: str) -> Any:
    try:
        from re import _constants as c  # type: ignore[attr-defined]
        from re import _parser as parser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_constants as c
        import sre_parse as parser
    try:
        return c, parser.parse(pattern)
    except (re.error, ValueError, TypeError):
        return c, None


def _score(literals: Literals) -> tuple[int, int]:
    """Better sets have longer shortest literals (fewer chance hits), then fewer members."""
    return (min(len(s.strip()) for s in literals), -len(literals))


def required_literals(pattern: str) -> Literals | None:
    """A set of literals such that every match of `pattern` occurs in a text holding one
    of them, or None when the pattern is beyond this reading.

    Read where the pattern must match: the top-level sequence, groups in it, repeats of
    at least one, every branch of an alternation (their sets joined) and positive
    lookarounds (what they see is in the text too). Classes, optional parts and negative
    lookarounds give nothing; a case-insensitive pattern has no literals (the test is
    case-sensitive).
    """
    c, parsed = _parse(pattern)
    if parsed is None or parsed.state.flags & re.IGNORECASE:
        return None
    try:
        return _sequence(c, parsed)
    except _Beyond:
        return None


class _Beyond(Exception):
    """A part of the pattern this reading does not follow."""


def _sequence(c: Any, items: Any) -> Literals | None:
    """The best literal set some part of the sequence requires."""
    candidates: list[Literals] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append(frozenset(("".join(run),)))
            run.clear()

    for op, av in items:
        if op is c.LITERAL:
            run.append(chr(av))
            continue
        flush()
        found = _item(c, op, av)
        if found:
            candidates.append(found)
    flush()
    candidates = [s for s in candidates if all(s)]
    if not candidates:
        return None
    return max(candidates, key=_score)


def _item(c: Any, op: Any, av: Any) -> Literals | None:
    if op is c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & re.IGNORECASE:
            raise _Beyond
        return _sequence(c, sub)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) or op is getattr(c, "POSSESSIVE_REPEAT", None):
        low, _high, sub = av
        return _sequence(c, sub) if low >= 1 else None
    if op is c.BRANCH:
        _none, branches = av
        joined: set[str] = set()
        for branch in branches:
            found = _sequence(c, branch)
            if found is None:
                return None  # one way to match without a literal: no requirement
            joined |= found
        return frozenset(joined)
    if op is c.ASSERT:
        _direction, sub = av
        return _sequence(c, sub)
    return None


def cue_anchors(patterns: list[str]) -> Literals | None:
    """Literals one of which a text must hold for the alternation of `patterns` to match,
    or None when some pattern has none: then no prefilter."""
    anchors: set[str] = set()
    for pattern in patterns:
        found = required_literals(pattern)
        if found is None:
            return None
        anchors |= found
    return frozenset(anchors)


class AnchorScan:
    """All anchors a text holds, found in one Aho-Corasick pass (overlaps included)."""

    def __init__(self, anchors: frozenset[str]) -> None:
        self._anchors = anchors
        self._automaton: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {"_anchors": self._anchors, "_automaton": None}  # rebuilt where used

    def present(self, text: str) -> set[str]:
        if self._automaton is None:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            for anchor in sorted(self._anchors):
                automaton.add_word(anchor, anchor)
            automaton.make_automaton()
            self._automaton = automaton
        if not self._anchors:
            return set()
        return {anchor for _end, anchor in self._automaton.iter(text)}
