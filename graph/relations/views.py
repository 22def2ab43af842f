"""What the relation rules look at: a sentence as a `View`, the document's `Topic`, a
`Candidate` fact, and `Grammar`: the typing and reach tests every rule uses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from graph.domain.cues import CueMatch, Cues, RelationCues
from graph.domain.lexicon import Lexicon
from graph.mentions.lists import family, word_count
from graph.model import Mention, Sentence


@dataclass(frozen=True)
class View:
    """One sentence as the rules see it."""

    sentence: Sentence
    text: str  # normalised sentence text (same length as sentence.text)
    mentions: tuple[Mention, ...]  # sorted, grouped
    cues: tuple[CueMatch, ...]

    def b(self, m: Mention) -> int:
        return m.begin - self.sentence.begin

    def e(self, m: Mention) -> int:
        return m.end - self.sentence.begin


@dataclass(frozen=True)
class Candidate:
    relation: str
    subjects: tuple[Mention, ...]
    objects: tuple[Mention, ...]
    cue_begin: int  # sentence-relative
    cue_end: int
    rule: str
    topic: str | None = None  # entity id when the subject is the document's topic


def attached_rules(rel: RelationCues) -> tuple[bool, bool]:
    """Whether `rel` glues cues to objects, and whether it has rules on a subject alone."""
    glue = rel.object_suffix is not None or rel.object_prefix is not None
    subject = rel.parenthetical or rel.compound_object is not None or rel.subject_suffix is not None
    return glue, subject


class Grammar:
    """The lexicon and cues, and the tests on mentions every rule uses."""

    def __init__(self, lexicon: Lexicon, cues: Cues) -> None:
        self.lexicon = lexicon
        self.cues = cues
        self.h = lexicon.hierarchy
        self._families = {r.name: {family(c, self.h) for c in r.object} for r in cues.relations}
        # Class tables, filled as classes are met: (class, classes) -> is it one of them;
        # relation -> class -> may it be the subject.
        self._typed: dict[tuple[str, tuple[str, ...]], bool] = {}
        self._subjects: dict[str, dict[str, bool]] = {r.name: {} for r in cues.relations}
        # The relations with a rule that glues a cue to a mention, in order, each with
        # class -> (may it be the object, may it be the subject of such a rule).
        self.attaching: list[tuple[RelationCues, dict[str, tuple[bool, bool]]]] = [
            (r, {}) for r in cues.relations if any(attached_rules(r))
        ]

    # --- typing -------------------------------------------------------------------

    def typed(self, m: Mention, classes: tuple[str, ...]) -> bool:
        key = (m.cls, classes)
        known = self._typed.get(key)
        if known is None:
            known = self._typed[key] = self.h.is_any(m.cls, classes)
        return known

    def subject_class(self, cls: str, rel: RelationCues) -> bool:
        table = self._subjects.get(rel.name)
        known = None if table is None else table.get(cls)
        if known is None:
            known = self.h.is_any(cls, rel.subject) and not (
                bool(rel.not_subject) and self.h.is_any(cls, rel.not_subject)
            )
            if table is not None:
                table[cls] = known
        return known

    def subject_typed(self, m: Mention, rel: RelationCues) -> bool:
        return self.subject_class(m.cls, rel)

    def named_agent(self, view: View, pos: int) -> bool:
        """Whether the noun phrase at `pos` opens with an article that is not said of a
        subject ("a 5-HT2A agonist", "the 5-HT1A antagonist"), as opposed to "X is a D2
        antagonist" or "acts as a D2 antagonist"."""
        words = view.text[:pos].split()
        if not words or words[-1] not in ("a", "an", "the"):
            return False
        prior = words[-2] if len(words) > 1 else ""
        copula = self.cues.copulas is not None and self.cues.copulas.fullmatch(prior)
        if copula or prior in ("as", "also"):
            return False
        # "Atropine, a muscarinic receptor antagonist, ...": an apposition to a name.
        lead = view.text[:pos].rstrip()[: -len(words[-1])].rstrip()
        return not (lead.endswith(",") and any(view.e(m) == len(lead) - 1 for m in view.mentions))

    def remedy_form(self, m: Mention) -> bool:
        """A general term for a form of the remedy ("tea", "extracts"): ontology [topic]."""
        return self.generic(m) and self.h.is_any(m.cls, self.cues.form_classes)

    def generic(self, m: Mention) -> bool:
        entity = self.lexicon.entities.get(m.entity)
        return entity is not None and entity.generic

    def members(self, view: View, m: Mention, classes: tuple[str, ...]) -> list[Mention]:
        """The typed members of m's list. A general term that introduces members
        ("flavonoids, including X and Y") stays: whether a fact may have a general term
        at either end is the relation's choice (`class_objects`, `too_general`)."""
        if m.group < 0:
            return [m]
        return [x for x in view.mentions if x.group == m.group and self.typed(x, classes)]

    # --- reach ----------------------------------------------------------------------

    def reachable_gap(self, gap: str) -> bool:
        """Whether text between two positions keeps them in one clause, close enough."""
        if ";" in gap or self.cues.clause_breaks.search(gap):
            return False
        return word_count(gap) <= self.cues.max_cue_gap_words

    def exemplified_gap(self, gap: str) -> bool:
        """A reachable gap, or a longer one that ends by naming members ("several plant
        species in the Papaveraceae family such as ")."""
        if self.reachable_gap(gap):
            return True
        hit = self.cues.exemplifiers.search(gap)
        return (
            hit is not None
            and not gap[hit.end() :].strip(" ,:")
            and ";" not in gap
            and not self.cues.clause_breaks.search(gap[: hit.start()])
            and word_count(gap) <= 2 * self.cues.max_cue_gap_words
        )

    def reachable(self, view: View, a: int, b: int) -> bool:
        """Whether positions a < b are in one clause and close enough for a cue."""
        return self.reachable_gap(view.text[a:b])

    def limit_after(self, view: View, cue: CueMatch) -> int:
        """Objects of `cue` lie before the next cue that competes for the same objects."""
        mine = self._families[cue.relation]
        for other in view.cues:
            if other.begin >= cue.end and self._families[other.relation] & mine:
                return other.begin
        return len(view.text)

    def limit_before(self, view: View, cue: CueMatch) -> int:
        mine = self._families[cue.relation]
        start = 0
        for other in view.cues:
            if other.end <= cue.begin and self._families[other.relation] & mine:
                start = other.end
        return start

    def modifier(self, view: View, m: Mention) -> bool:
        """ "itch-relieving", "X-induced": a mention glued to the next word by a hyphen."""
        end = view.e(m)
        return view.text[end : end + 1] == "-" and view.text[end + 1 : end + 2].isalpha()

    def copula_between(self, view: View, m: Mention, pos: int) -> bool:
        gap = view.text[view.e(m) : pos]
        pattern = self.cues.copulas
        return pattern is not None and word_count(gap) <= 5 and bool(pattern.search(gap))

    def part_after(self, view: View, pos: int) -> bool:
        """A part of a plant right after `pos` ("found in the leaf"): it stands for the topic."""
        parts = self.cues.part_classes
        for m in view.mentions:
            if view.b(m) >= pos:
                return (
                    bool(parts)
                    and self.typed(m, parts)
                    and word_count(view.text[pos : view.b(m)]) <= 3
                )
        return False


class Topic:
    """What the document is about so far: (entity id, class) pairs, the likeliest first.

    Computed on first use only: most sentences never need their topic."""

    def __init__(
        self,
        candidates: tuple[tuple[str, str], ...] = (),
        source: Callable[[], list[tuple[str, str]]] | None = None,
    ) -> None:
        self._candidates = candidates
        self._source = source

    @property
    def candidates(self) -> tuple[tuple[str, str], ...]:
        if self._source is not None:
            self._candidates = tuple(self._source())
            self._source = None
        return self._candidates

    def pick(self, grammar: Grammar, rel: RelationCues) -> str | None:
        for entity, cls in self.candidates:
            if grammar.subject_class(cls, rel) and not grammar.h.is_any(cls, rel.not_topic):
                return entity
        return None


NO_TOPIC = Topic()
