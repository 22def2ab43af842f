"""Unknown items of a known list: "can cause syncope, seizures, coma, cardiopulmonary
collapse and multiorgan failure" names five effects the lexicon knows and two it does not.

A coordinated list (graph.mentions.lists) of at least `min_known` mentions of one family
(cues.toml [syntax.list_items] `families`) is completed with the phrases that stand as
items of the same list: between two separators inside it, after its last mention up to the
final conjunct, or before its first mention right after the cue or exemplifier that opens
it. A phrase qualifies by its shape alone: one to `max_words` words of letters, none a
function word (`not_words`), the last not shaped like a modifier (`not_last`). The new
items take the list's class and group; they never outnumber the items the list knew.

Example: in "even small doses can cause syncope, seizures, coma, cardiopulmonary collapse,
acute liver injury, renal insufficiency and multiorgan failure" "cardiopulmonary collapse"
(between two commas) and "multiorgan failure" (the final conjunct) are items; "acute"
(joined to "liver injury" without a separator) is not.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from graph.domain.cues import CueMatch, Cues
from graph.domain.lexicon import ClassHierarchy
from graph.domain.list_items import ListItemRules
from graph.mentions.lists import ends_with, family
from graph.model import Mention

_CLAUSE_END = re.compile(r"[.;:!?()\[\]]")


@dataclass(frozen=True)
class Item:
    begin: int  # offsets into the document text
    end: int
    cls: str
    group: int


def _chunks(text: str, cues: Cues, lo: int, hi: int) -> list[tuple[int, int, str, str]]:
    """The pieces of text[lo:hi] between list separators: (begin, end, separators before,
    separators after), stripped; ", and" is one separator. The first piece has no
    separator before it (it may be empty), the last none after."""
    pieces: list[tuple[int, int, str, str]] = []
    pos, before = lo, ""
    for sep in [*cues.list_separators.finditer(text, lo, hi), None]:
        end = sep.start() if sep is not None else hi
        raw = text[pos:end]
        b = pos + len(raw) - len(raw.lstrip())
        e = max(b, pos + len(raw.rstrip()))
        after = sep.group(0) if sep is not None else ""
        if e == b and pieces and sep is not None:  # separators in a row: one
            pb, pe, pbefore, pafter = pieces[-1]
            pieces[-1] = (pb, pe, pbefore, f"{pafter} {after}")
            before = pieces[-1][3]
        else:
            pieces.append((b, e, before, after))
            before = after
        if sep is None:
            break
        pos = sep.end()
    return pieces


def complete(
    mentions: list[Mention],
    text: str,
    offset: int,
    cues: Cues,
    rules: ListItemRules,
    hierarchy: ClassHierarchy,
    sentence_cues: Iterable[CueMatch] = (),
) -> list[Item]:
    """The unknown items of the lists among `mentions` (grouped; `text` the normalised
    sentence, `offset` its begin in the document)."""
    groups: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.group >= 0:
            groups.setdefault(m.group, []).append(m)
    if not groups:
        return []  # most sentences hold no list
    taken = [(m.begin - offset, m.end - offset) for m in mentions]
    openers = {c.end for c in sentence_cues}
    out: list[Item] = []
    for group, members in sorted(groups.items()):
        spans = sorted({(m.begin - offset, m.end - offset) for m in members})
        if len(spans) < rules.min_known:
            continue
        if family(members[0].cls, hierarchy) not in rules.families:
            continue
        cls = Counter(m.cls for m in sorted(members)).most_common(1)[0][0]
        found: list[tuple[int, int]] = []
        for (_, a_end), (b_begin, b_end) in pairwise(spans):  # inside the list
            pieces = _chunks(text, cues, a_end, b_begin)
            for i, (b, e, before, after) in enumerate(pieces):
                if not before or not after:
                    continue
                # "salt and water retention": one word before the last item's "and"
                # may share its head
                shared = (
                    i == len(pieces) - 2
                    and rules.is_final(after)
                    and " " not in text[b:e].strip()
                    and " " in text[b_begin:b_end]
                )
                span = None if shared else rules.item(text, b, e)
                if span is not None:
                    found.append(span)
        found += _tail(text, spans[-1][1], cues, rules)
        found += _head(text, spans[0][0], cues, rules, openers)
        found = [(b, e) for b, e in found if not any(tb < e and b < te for tb, te in taken)]
        if not found or len(found) > len(spans):
            continue
        out += [Item(b + offset, e + offset, cls, group) for b, e in sorted(set(found))]
    return out


def _tail(text: str, start: int, cues: Cues, rules: ListItemRules) -> list[tuple[int, int]]:
    """Items after the last known one, up to the list's final conjunct (", and X", "or X"),
    which nothing may follow but the clause end."""
    stop = _CLAUSE_END.search(text, start)
    pieces = _chunks(text, cues, start, stop.start() if stop is not None else len(text))
    if len(pieces) < 2 or pieces[0][0] != pieces[0][1]:
        return []  # the list goes on only after a separator
    out = []
    for b, e, before, after in pieces[1:]:
        span = rules.item(text, b, e)
        if span is None:
            return []
        out.append(span)
        if rules.is_final(before):
            return out if not after else []
    return []


def _opened(before: str, cues: Cues, openers: set[int]) -> bool:
    """Whether a list may start right after `before`: a cue, an exemplifier or a colon."""
    if len(before) in openers or before.endswith(":"):
        return True
    return ends_with(cues.exemplifiers, before[-40:])


def _head(
    text: str, first: int, cues: Cues, rules: ListItemRules, openers: set[int]
) -> list[tuple[int, int]]:
    """The item before the first known one, right after the cue or exemplifier that
    opens the list: "can cause cardiopulmonary collapse, seizures and coma"."""
    lead = text[:first].rstrip()
    if not lead.endswith(","):
        return []
    lead = lead[:-1].rstrip()
    words = lead.split()
    for n in range(1, min(rules.max_words, len(words)) + 1):
        b = len(lead) - len(" ".join(words[-n:]))
        if _opened(text[:b].rstrip(), cues, openers):
            span = rules.item(text, b, len(lead))
            return [span] if span is not None else []
    return []
