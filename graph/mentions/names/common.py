"""What the name rules share: `Named` (what a surface form names) and regex helpers.

Example: the binomial rule maps "glaucium flavum" to
`Named("Glaucium flavum", <the plant class of names.toml>, "binomial")`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from graph.domain.cue_anchors import AnchorScan, compile_gated, required_literals
from graph.domain.pattern_alphabet import alphabet, finditer_within
from graph.domain.pattern_reach import finditer_near, reach
from graph.errors import OntologyError


@dataclass(frozen=True)
class Named:
    """What a surface form names."""

    label: str
    cls: str
    rule: str


Forms = dict[str, Named]  # surface form (lower case) -> what it names
Spans = list[tuple[int, int, Named]]  # spans that name something only where they stand

SPLIT = re.compile(r"\s*(?:,\s*(?:and|or)?|\band\b|\bor\b|&)\s*")


def compile_re(value: Any, where: str, flags: int = 0) -> re.Pattern[str]:
    """`value` compiled, behind a first-character gate where few characters can start a
    match (graph.domain.cue_anchors.gated: same matches, found sooner)."""
    try:
        return compile_gated(str(value), flags)
    except re.error as exc:
        raise OntologyError(f"names.toml: bad pattern in {where}: {exc}") from None


def bounded(pattern: str, where: str) -> re.Pattern[str]:
    """`pattern` as a whole word: not inside a longer word or hyphenated compound."""
    return compile_re(rf"(?<![\w-])(?:{pattern})(?![\w-])", where)


def alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def title_case(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:]


def starts(text: str, pos: int) -> bool:
    """Whether the name right before `pos` (and its " (") starts a sentence or line."""
    lead = text[:pos].rstrip(" (")
    head = lead.rsplit(" ", 3)
    return len(head) < 2 or head[0].endswith((".", "\n")) or "\n" in lead[-60:]


@dataclass(frozen=True)
class _Guard:
    literals: AnchorScan  # one of them is in every match's reach
    span: int | None  # how far a match reaches from its start (pattern_reach), if bounded
    folded: bool  # the pattern ignores case: its literals are lower case
    runs: tuple[re.Pattern[str], int] | None  # a run of what matches are made of, and
    # how far past one the engine reads (pattern_alphabet), if known


# by id: hashing a compiled pattern hashes its whole program (a microsecond for a long
# one, at every sentence); the entry holds the pattern, so its id stays its own
_GUARDS: dict[int, tuple[re.Pattern[str], _Guard | None]] = {}
_GUARD_MIN = 1000  # characters
_NEAR_MIN = 3  # shorter literals are everywhere: searching near them costs more
_RUNS_MIN = 2  # a literal of one character (a space) is in every run
_RUN_SPACING = 16  # characters per literal below which the runs are most of the text


def _guard(pattern: re.Pattern[str]) -> _Guard | None:
    entry = _GUARDS.get(id(pattern))
    if entry is not None and entry[0] is pattern:
        return entry[1]
    found = required_literals(pattern.pattern)
    folded = bool(pattern.flags & re.IGNORECASE)
    if found is not None and folded:
        ascii_only = all(x.isascii() for x in found)
        found = frozenset(x.lower() for x in found) if ascii_only else None
    near = found is not None and min(map(len, found)) >= _NEAR_MIN
    span = reach(pattern.pattern, pattern.flags) if near else None
    runs_pay = found is not None and min(map(len, found)) >= _RUNS_MIN and span is None
    made_of = alphabet(pattern.pattern, pattern.flags) if runs_pay else None
    runs = None if made_of is None else (made_of.run(), made_of.after)
    guard = None if found is None else _Guard(AnchorScan(found), span, folded, runs)
    _GUARDS[id(pattern)] = (pattern, guard)
    return guard


def scan(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, skipped when the text holds none of the literals every
    match needs (graph.domain.cue_anchors), searched only near them when a match reaches
    a bounded way (graph.domain.pattern_reach): most rules look for words most texts
    lack. A text as short as a sentence is searched whole when it holds a literal."""
    guard = _guard(pattern)
    if guard is None:
        return pattern.finditer(text)
    if len(text) < _GUARD_MIN:
        # a sentence: one pass of an automaton or a few substring tests cost less than
        # the pattern's search where it lacks every literal (most sentences)
        if guard.folded or guard.literals.any_in(text):
            return pattern.finditer(text)
        return iter(())
    seen = text if not guard.folded else text.lower() if text.isascii() else None
    if seen is None:
        return pattern.finditer(text)
    if guard.span is not None:
        starts = guard.literals.starts(seen)
        if len(starts) * guard.span < len(text):  # else the windows would cover it all
            return finditer_near(pattern, text, starts, guard.span)
        return pattern.finditer(text)
    if guard.runs is not None:
        starts = guard.literals.starts(seen)
        if len(starts) * _RUN_SPACING < len(text):  # else most of the text is in the runs
            return finditer_within(pattern, text, starts, *guard.runs)
        return pattern.finditer(text)
    return pattern.finditer(text) if guard.literals.any_in(seen) else iter(())


def listed_items(listed: str) -> list[str]:
    """ "licorice, liquorice, gan zao (Chinese licorice)" -> the names, brackets dropped."""
    items = (re.sub(r"\s*\([^()]*\)", "", x).strip(" .;") for x in listed.split(","))
    return [x for x in items if x]
