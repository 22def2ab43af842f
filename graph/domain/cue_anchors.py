"""Literals every match of a cue pattern must contain: Cues.find skips a relation's
patterns when none of them occurs in the sentence (graph.domain.cues)."""

from __future__ import annotations

import re
from typing import Any


def required_literal(pattern: str) -> str | None:
    """The longest run of plain characters every match of `pattern` contains, or None.

    Runs are read only where the pattern must match: the top-level sequence, groups in it
    and repeats of at least one; alternatives, classes, optional parts and lookarounds end
    a run. A case-insensitive pattern has none (the substring test is case-sensitive).
    """
    try:
        from re import _constants as c  # type: ignore[attr-defined]
        from re import _parser as parser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_constants as c
        import sre_parse as parser
    try:
        parsed = parser.parse(pattern)
    except (re.error, ValueError, TypeError):
        return None
    if parsed.state.flags & re.IGNORECASE:
        return None
    best = ""

    def walk(items: Any) -> bool:
        """Collect runs; False where the pattern is beyond this reading."""
        nonlocal best
        run: list[str] = []

        def flush() -> None:
            nonlocal best
            if len(run) > len(best):
                best = "".join(run)
            run.clear()

        for op, av in items:
            if op is c.LITERAL:
                run.append(chr(av))
                continue
            flush()
            if op is c.SUBPATTERN:
                _group, add_flags, _del_flags, sub = av
                if add_flags & re.IGNORECASE:
                    return False
                if not walk(sub):
                    return False
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT) or op is getattr(c, "POSSESSIVE_REPEAT", None):
                low, _high, sub = av
                if low >= 1 and not walk(sub):
                    return False
        flush()
        return True

    if not walk(parsed):
        return None
    return best or None


def cue_anchors(patterns: list[str]) -> tuple[str, ...] | None:
    """One required literal per pattern (a match of their alternation contains one of
    them), or None when some pattern has none: then no prefilter."""
    anchors = []
    for pattern in patterns:
        literal = required_literal(pattern)
        if literal is None:
            return None
        anchors.append(literal)
    return tuple(sorted(set(anchors)))
