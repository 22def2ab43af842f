"""Sentence structure the rules need: word counts, clause starts and coordinated lists."""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from graph.domain.cues import CueMatch, Cues
from graph.domain.lexicon import ClassHierarchy
from graph.model import Mention

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_PAREN = re.compile(r"[()\[\]\"']")


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def family(cls: str, hierarchy: ClassHierarchy) -> str:
    """The top class above `cls` (Alkaloid -> Compound, Symptom -> Effect)."""
    return hierarchy.ancestors(cls)[-1]


def hedge_scope_start(text: str, pos: int) -> int:
    """Start of the clause around `pos` for hedging: after the last ; or , before it."""
    cut = max(text.rfind(";", 0, pos), text.rfind(",", 0, pos), text.rfind(":", 0, pos))
    return cut + 1


def clause_end(text: str, pos: int) -> int:
    """End of the clause around `pos` for hedging: the next ; or , after it, or the end."""
    ends = [i for i in (text.find(";", pos), text.find(",", pos)) if i >= 0]
    return min(ends) if ends else len(text)


_GLOSS = re.compile(r"\([^()]*\)")


def _without_glosses(gap: str) -> str:
    """A gap with parenthesised glosses taken out: "A (common snowdrop), B" and the
    rest of a gloss that opened inside the first mention ("A, from whose name ...), B")."""
    closing = gap.find(")")
    if closing >= 0 and "(" not in gap[:closing]:
        gap = gap[closing + 1 :]
    return _GLOSS.sub(" ", gap)


def is_list_gap(
    gap: str,
    cues: Cues,
    blocking: frozenset[str] | None = None,
    gap_cues: list[CueMatch] | None = None,
) -> bool:
    """Whether two mentions separated by `gap` belong to one list.

    A cue of a relation in `blocking` (those taking objects of the list's kind; all
    relations when None) in the gap splits the list: "relieves pain and causes nausea".
    `gap_cues` are the cues found in the gap, when the caller knows them already.
    """
    bare = _without_glosses(gap)
    if bare != gap:
        gap, gap_cues = bare, None  # cues inside a gloss do not split the list
    if ";" in gap:
        return False
    if cues.clause_breaks.search(cues.exemplifiers.sub(" ", gap)):
        return False
    found = cues.find(gap) if gap_cues is None else gap_cues
    if any(
        (blocking is None or c.relation in blocking) and not _in_item(gap, c, cues) for c in found
    ):
        return False
    if cues.range_words is not None and cues.range_words.match(gap):
        gap = cues.range_words.sub(" , ", gap, count=1)  # "(dark spots) to more severe ..."
    elif cues.list_blockers is not None and cues.list_blockers.search(
        cues.exemplifiers.sub(" ", gap)
    ):
        return False
    marked = bool(cues.list_separators.search(gap) or cues.exemplifiers.search(gap))
    marked = marked or bool(_PAREN.search(gap))
    rest = cues.exemplifiers.sub(" ", gap)
    rest = cues.list_separators.sub(" ", rest)
    words = word_count(_PAREN.sub(" ", rest))
    if not gap.strip():
        return True
    return marked and words <= cues.max_list_gap_words


def ends_with(pattern: re.Pattern[str], text: str) -> bool:
    """Whether a match of `pattern` ends where `text` ends (", and", "such as")."""
    return any(m.end() == len(text) for m in pattern.finditer(text))


def _in_item(gap: str, cue: CueMatch, cues: Cues) -> bool:
    """Whether a cue lies inside an item of the list, between two separators of the gap:
    "rashes, decreased bone mineral content, infertility" (not "pain, and causes nausea")."""
    before = gap[: cue.begin].rstrip()
    opened = before == "" or ends_with(cues.list_separators, before)
    return opened and bool(cues.list_separators.search(gap, cue.end))


_BLOCKING: dict[tuple[int, int, str], tuple[Cues, ClassHierarchy, frozenset[str]]] = {}


def _blocking(cues: Cues, hierarchy: ClassHierarchy, fam: str) -> frozenset[str]:
    """The relations whose objects are of family `fam` (their cues end a list of it);
    remembered per cues and hierarchy (an entry keeps both, so their ids are never reused)."""
    key = (id(cues), id(hierarchy), fam)
    known = _BLOCKING.get(key)
    if known is None or known[0] is not cues or known[1] is not hierarchy:
        names = frozenset(
            r.name for r in cues.relations if any(family(c, hierarchy) == fam for c in r.object)
        )
        known = _BLOCKING[key] = (cues, hierarchy, names)
    return known[2]


def coordinate(
    mentions: list[Mention],
    sentence_text: str,
    offset: int,
    cues: Cues,
    hierarchy: ClassHierarchy,
    first_group: int,
    sentence_cues: list[CueMatch] | None = None,
) -> list[Mention]:
    """Give mentions of one coordinated list ("A, B, and C") a shared group number.

    `sentence_text` is the normalised sentence; `offset` its begin in the document;
    `sentence_cues` the cues found in it, if known (saves finding them in every gap).
    Mentions that share a span (a plural anaphor standing for several entities)
    are always one group.
    """
    if not mentions:
        return []
    ms = sorted(mentions, key=lambda m: (m.begin, m.end, m.entity))
    groups = list(range(len(ms)))
    blockers: dict[str, frozenset[str]] = {}

    def root(i: int) -> int:
        while groups[i] != i:
            i = groups[i]
        return i

    for i in range(len(ms) - 1):
        a, b = ms[i], ms[i + 1]
        if (a.begin, a.end) == (b.begin, b.end):
            groups[root(i + 1)] = root(i)
            continue
        if family(a.cls, hierarchy) != family(b.cls, hierarchy):
            continue
        if b.begin < a.end:
            continue
        gap = sentence_text[a.end - offset : b.begin - offset]
        fam = family(a.cls, hierarchy)
        blocking = blockers.get(fam)
        if blocking is None:
            blocking = blockers[fam] = _blocking(cues, hierarchy, fam)
        gap_cues = None
        if sentence_cues is not None:
            lo, hi = a.end - offset, b.begin - offset
            gap_cues = [
                CueMatch(c.begin - lo, c.end - lo, c.relation, c.kind)
                for c in sentence_cues
                if c.begin >= lo and c.end <= hi
            ]
        if is_list_gap(gap, cues, blocking, gap_cues):
            groups[root(i + 1)] = root(i)
    sizes: dict[int, int] = {}
    for i in range(len(ms)):
        sizes[root(i)] = sizes.get(root(i), 0) + 1
    out = []
    for i, m in enumerate(ms):
        r = root(i)
        group = first_group + r if sizes[r] > 1 else -1
        out.append(m if m.group == group else m.in_group(group))
    return out


def outside_items(
    mentions: list[Mention],
    sentence_text: str,
    offset: int,
    cues: Cues,
    found: tuple[CueMatch, ...],
) -> tuple[CueMatch, ...]:
    """The cues `found` in a sentence without those inside an item of a list among
    `mentions` (grouped): "side effects, including rashes, decreased bone mineral content,
    infertility" has no cue "decreased"."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for m in mentions:
        if m.group >= 0:
            spans.setdefault(m.group, []).append((m.begin - offset, m.end - offset))
    if not spans or not found:
        return found
    gaps = [
        (a_end, b_begin)
        for members in spans.values()
        for (_, a_end), (b_begin, _) in pairwise(sorted(members))
    ]

    def inside(c: CueMatch) -> bool:
        for lo, hi in gaps:
            if lo <= c.begin and c.end <= hi:
                gap = sentence_text[lo:hi]
                return _in_item(gap, replace(c, begin=c.begin - lo, end=c.end - lo), cues)
        return False

    return tuple(c for c in found if not inside(c))
