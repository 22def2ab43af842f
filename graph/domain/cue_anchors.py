"""Literals every match of a cue pattern must contain: Cues.find runs a pattern only
when one of its literals occurs in the sentence (graph.domain.cues)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Literals = frozenset[str]


def parse_pattern(pattern: str, flags: int = 0) -> Any:
    """(the regex constants module, the parsed pattern or None if it does not parse)."""
    try:
        from re import _constants as c  # type: ignore[attr-defined]
        from re import _parser as parser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_constants as c
        import sre_parse as parser
    try:
        return c, parser.parse(pattern, flags)
    except (re.error, ValueError, TypeError):
        return c, None


_parse = parse_pattern


def _score(literals: Literals) -> tuple[int, float, int]:
    """Better sets have longer shortest literals (fewer chance hits), then longer ones on
    average, then fewer members."""
    sizes = [len(s.strip()) for s in literals]
    return (min(sizes), sum(sizes) / len(sizes), -len(literals))


def _required_literals(pattern: str) -> Literals | None:
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


def required_literals(pattern: str) -> Literals | None:
    """A set of literals such that every match of `pattern` lies in a text holding one of
    them, or None (see _required_literals); remembered across runs (graph.domain.memo)."""
    return _remembered("literals", pattern, _required_literals)


def first_chars(pattern: str) -> frozenset[str] | None:
    """The characters a match of `pattern` can start with, or None (see _first_chars);
    remembered across runs (graph.domain.memo)."""
    return _remembered("first", pattern, _first_chars)


def _remembered(
    kind: str, pattern: str, compute: Callable[[str], frozenset[str] | None]
) -> frozenset[str] | None:
    from graph.domain import memo

    known = memo.get(kind, pattern)
    if known is not memo.MISSING:
        return None if known is None else frozenset(known)
    found = compute(pattern)
    memo.put(kind, pattern, None if found is None else sorted(found))
    return found


class _Beyond(Exception):
    """A part of the pattern this reading does not follow."""


def _sequence(c: Any, items: Any) -> Literals | None:
    """The best literal set some part of the sequence requires: a run of parts whose
    texts are a small finite set ("caus(?:e|es|ed)" -> cause, causes, caused; "used
    (?:for|to treat)" -> used for, used to treat), or what one other part requires."""
    candidates: list[Literals] = []
    run: list[set[str]] = []

    def flush() -> None:
        if run:
            texts = _product(run)
            if texts is not None:
                candidates.append(frozenset(texts))
            run.clear()

    for op, av in items:
        exact = _exact(c, op, av)
        if exact is not None and len(exact) <= _EXACT_MAX:
            run.append(exact)
            if _product(run) is not None:
                continue
            run.pop()
            flush()
            run.append(exact)
            continue
        flush()
        found = _item(c, op, av)
        if found:
            candidates.append(found)
    flush()
    candidates = [_minimal(s) for s in candidates if all(s)]
    if not candidates:
        return None
    return max(candidates, key=_score)


def _minimal(literals: Literals) -> Literals:
    """Without the literals that contain another one (a text holding "an extract of"
    holds "extract of")."""
    return frozenset(x for x in literals if not any(y != x and y in x for y in literals))


_EXACT_MAX = 64  # the most texts a run of parts may stand for


def _product(parts: list[set[str]]) -> set[str] | None:
    """Every concatenation of one text of each part, or None when there are too many."""
    texts = {""}
    for part in parts:
        texts = {a + b for a in texts for b in part}
        if len(texts) > _EXACT_MAX:
            return None
    return texts


def _exact(c: Any, op: Any, av: Any) -> set[str] | None:
    """The texts a part matches, when they are a small finite set (else None)."""
    if op is c.LITERAL:
        return {chr(av)}
    if op is c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        return None if add_flags & re.IGNORECASE else _exact_sequence(c, sub)
    if op is c.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            texts = _exact_sequence(c, branch)
            if texts is None:
                return None
            out |= texts
        return out if len(out) <= _EXACT_MAX else None
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] == 0 and av[1] == 1:
        texts = _exact_sequence(c, av[2])
        return None if texts is None else texts | {""}
    if op is c.IN and all(o is c.LITERAL for o, _ in av):
        return {chr(v) for _, v in av}
    return None


def _exact_sequence(c: Any, items: Any) -> set[str] | None:
    parts = []
    for op, av in items:
        texts = _exact(c, op, av)
        if texts is None:
            return None
        parts.append(texts)
    return _product(parts)


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
    """Which of some literals a text holds, found in one Aho-Corasick pass (overlaps
    included); or only whether it holds one (str.find for a few, else the first hit)."""

    FEW = 6

    def __init__(self, anchors: frozenset[str]) -> None:
        self._anchors = anchors
        self._few = tuple(sorted(anchors)) if len(anchors) <= self.FEW else None
        self._automaton: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_automaton": None}  # rebuilt where used

    def _built(self) -> Any:
        if self._automaton is None:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            for anchor in sorted(self._anchors):
                automaton.add_word(anchor, anchor)
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def present(self, text: str) -> set[str]:
        if not self._anchors:
            return set()
        return {anchor for _end, anchor in self._built().iter(text)}

    def any_in(self, text: str) -> bool:
        if self._few is not None:
            return any(x in text for x in self._few)
        return next(self._built().iter(text), None) is not None

    def starts(self, text: str) -> list[int]:
        """Where each occurrence of a literal in `text` begins (overlaps too), in order."""
        if self._few is None:
            return sorted({end - len(a) + 1 for end, a in self._built().iter(text)})
        found: set[int] = set()
        for literal in self._few:
            at = text.find(literal)
            while at >= 0:
                found.add(at)
                at = text.find(literal, at + 1)
        return sorted(found)


def _first_chars(pattern: str) -> frozenset[str] | None:
    """The characters a match of `pattern` can start with (up to case, where the pattern
    ignores case), or None when any may (or the pattern is beyond this reading). A pattern
    that can match the empty string has None."""
    # Under IGNORECASE the characters are as written: a gate compiled with the same flags
    # folds them the way the pattern's own characters are folded.
    c, parsed = _parse(pattern)
    if parsed is None:
        return None
    try:
        found, empty = _first(c, list(parsed))
    except _Beyond:
        return None
    return None if empty else frozenset(found)


def _first(c: Any, items: list[Any]) -> tuple[set[str], bool]:
    """(first characters, whether the sequence can match the empty string)."""
    out: set[str] = set()
    for op, av in items:
        found, empty = _first_item(c, op, av)
        out |= found
        if not empty:
            return out, False
    return out, True


def _first_item(c: Any, op: Any, av: Any) -> tuple[set[str], bool]:
    if op is c.LITERAL:
        return {chr(av)}, False
    if op is c.IN:
        return _class_chars(c, av), False
    if op is c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & re.IGNORECASE:
            raise _Beyond
        return _first(c, list(sub))
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) or op is getattr(c, "POSSESSIVE_REPEAT", None):
        low, _high, sub = av
        found, empty = _first(c, list(sub))
        return found, empty or low == 0
    if op is c.BRANCH:
        _none, branches = av
        out: set[str] = set()
        any_empty = False
        for branch in branches:
            found, empty = _first(c, list(branch))
            out |= found
            any_empty = any_empty or empty
        return out, any_empty
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return set(), True  # zero width: the next item starts the match
    raise _Beyond  # ANY, categories, negated classes, groupref...


def _class_chars(c: Any, items: Any) -> set[str]:
    out: set[str] = set()
    for op, av in items:
        if op is c.LITERAL:
            out.add(chr(av))
        elif op is c.RANGE and av[1] - av[0] < 128:
            out.update(chr(x) for x in range(av[0], av[1] + 1))
        else:
            raise _Beyond  # negation, categories (\w, \d), wide ranges
    return out


_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
GATE_MAX = 24  # a gate is worth it when few characters can start a match


def gated(pattern: str) -> str:
    """`pattern` behind a lookahead on the characters a match can start with, when they
    are few: the engine then passes every other position at once (same matches; compile
    the result with the pattern's own flags)."""
    first = first_chars(pattern)
    if not first or len(first) > GATE_MAX:
        return pattern
    gate = "".join(re.escape(ch) for ch in sorted(first))
    lead = _GLOBAL_FLAGS.match(pattern)  # "(?i)" must stay first
    head = lead.group(0) if lead else ""
    return f"{head}(?=[{gate}])(?:{pattern[len(head) :]})"


def compile_gated(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`pattern` compiled behind its gate; a bad pattern raises re.error as written."""
    try:
        return re.compile(gated(pattern), flags)
    except re.error:
        return re.compile(pattern, flags)  # raises the error of the pattern as written
