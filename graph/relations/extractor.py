"""Relations: (subject, relation, object) facts from relation cues between typed mentions.

For each cue in a sentence the relation's cue form says where to look:
forward (SUBJECT cue OBJECT), reverse (OBJECT cue SUBJECT), nominal (a noun cue:
"side effects of S include O"), or attached to a mention ("pain-relieving",
"X-induced"). Subjects and objects must be of the relation's classes; a
coordinated list gives one fact per member; a general term followed by its
members ("receptors such as A and B") gives the members. Each fact gets
its certainty (asserted, hedged, negated) from the words around it, scoped to its
clause, and a confidence from the rule, the certainty and how it was grounded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from graph.domain.cues import CueMatch, Cues, RelationCues
from graph.domain.lexicon import Lexicon
from graph.mentions.lists import clause_end, family, hedge_scope_start, word_count
from graph.model import Assertion, Certainty, Evidence, Mention, Sentence

BASE_CONFIDENCE = {"forward": 0.85, "reverse": 0.8, "nominal": 0.75, "attached": 0.75}
COREFERENCE_FACTOR = 0.9
DISCOVERED_FACTOR = 0.8
HEDGED_FACTOR = 0.85
_OF_WORDS = ("of", "from", "in", "by", "for", "with")


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

    def pick(self, extractor: Extractor, rel: RelationCues) -> str | None:
        for entity, cls in self.candidates:
            if extractor.h.is_any(cls, rel.subject) and not (
                rel.not_subject and extractor.h.is_any(cls, rel.not_subject)
            ):
                return entity
        return None


NO_TOPIC = Topic()


@dataclass(frozen=True)
class Candidate:
    relation: str
    subjects: tuple[Mention, ...]
    objects: tuple[Mention, ...]
    cue_begin: int  # sentence-relative
    cue_end: int
    rule: str
    topic: str | None = None  # entity id when the subject is the document's topic


class Extractor:
    """The rules, with the lexicon and cues they run on."""

    def __init__(self, lexicon: Lexicon, cues: Cues) -> None:
        self.lexicon = lexicon
        self.cues = cues
        self.h = lexicon.hierarchy
        self._families = {r.name: {family(c, self.h) for c in r.object} for r in cues.relations}

    # --- typing -------------------------------------------------------------------

    def typed(self, m: Mention, classes: tuple[str, ...]) -> bool:
        return self.h.is_any(m.cls, classes)

    def subject_typed(self, m: Mention, rel: RelationCues) -> bool:
        return self.h.is_any(m.cls, rel.subject) and not (
            rel.not_subject and self.h.is_any(m.cls, rel.not_subject)
        )

    def generic(self, m: Mention) -> bool:
        entity = self.lexicon.entities.get(m.entity)
        return entity is not None and entity.generic

    def members(self, view: View, m: Mention, classes: tuple[str, ...]) -> list[Mention]:
        """The typed members of m's list; general terms dropped when members are named."""
        if m.group < 0:
            return [m]
        group = [x for x in view.mentions if x.group == m.group and self.typed(x, classes)]
        specific = [x for x in group if not self.generic(x)]
        return specific or group

    # --- reachability ---------------------------------------------------------------

    def reachable(self, view: View, a: int, b: int) -> bool:
        """Whether positions a < b are in one clause and close enough for a cue."""
        gap = view.text[a:b]
        if ";" in gap or self.cues.clause_breaks.search(gap):
            return False
        return word_count(gap) <= self.cues.max_cue_gap_words

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

    # --- finding the ends of a fact ------------------------------------------------------

    def modifier(self, view: View, m: Mention) -> bool:
        """ "itch-relieving", "X-induced": a mention glued to the next word by a hyphen."""
        end = view.e(m)
        return view.text[end : end + 1] == "-" and view.text[end + 1 : end + 2].isalpha()

    def objects_after(self, view: View, pos: int, rel: RelationCues, limit: int) -> list[Mention]:
        for m in view.mentions:
            mb = view.b(m)
            if mb < pos:
                continue
            if mb >= limit or not self.reachable(view, pos, mb):
                return []
            if self.typed(m, rel.object) and not self.modifier(view, m):
                return self.chain(view, self.members(view, m, rel.object), rel)
        return []

    def objects_before(self, view: View, pos: int, rel: RelationCues, start: int) -> list[Mention]:
        for m in reversed(view.mentions):
            me = view.e(m)
            if me > pos:
                continue
            if view.b(m) < start or not self.reachable(view, me, pos):
                return []
            if self.typed(m, rel.object):
                if self.generic(m):
                    # "It is an alkaloid extracted from ...": the class word is said of
                    # the mention it is predicated of.
                    named = self.predicated_of(view, m, rel.object)
                    if named is not None:
                        return self.members(view, named, rel.object)
                return self.members(view, m, rel.object)
        return []

    def predicated_of(self, view: View, m: Mention, classes: tuple[str, ...]) -> Mention | None:
        """The mention a class word is predicated of: "X is an alkaloid" -> X."""
        for x in reversed(view.mentions):
            if view.e(x) > view.b(m):
                continue
            gap = view.text[view.e(x) : view.b(m)]
            if _PREDICATE.fullmatch(gap) and self.typed(x, classes) and not self.generic(x):
                return x
            return None
        return None

    def examples_after(self, view: View, pos: int, rel: RelationCues) -> list[Mention]:
        """ "O after use, ranging from A to B": members named right after a cue."""
        m = self.cues.exemplifiers.search(view.text, pos, min(len(view.text), pos + 40))
        if m is None or word_count(view.text[pos : m.start()]) > 2:
            return []
        for x in view.mentions:
            if view.b(x) >= m.end():
                if self.typed(x, rel.object) and word_count(view.text[m.end() : view.b(x)]) <= 2:
                    return self.members(view, x, rel.object)
                return []
        return []

    def chain(self, view: View, objects: list[Mention], rel: RelationCues) -> list[Mention]:
        """Add objects joined to the last one by "of" or nothing ("leaves of the X tree")."""
        out = list(objects)
        last = max(objects, key=lambda m: m.end)
        for m in view.mentions:
            if view.b(m) < view.e(last) or m in out:
                continue
            gap = view.text[view.e(last) : view.b(m)].strip(" ,")
            words = gap.split()
            joined = (
                not words
                or words[-1] == "of"
                or words[-2:-1] == ["of"]
                or words[0] in ("and", "or", "of")
            )
            limit = 6 if words and words[0] == "of" else 4
            if (
                joined
                and len(words) <= limit
                and self.typed(m, rel.object)
                and self.reachable(view, view.e(last), view.b(m))
                and not any(c.begin >= view.e(last) and c.end <= view.b(m) for c in view.cues)
            ):
                out.append(m)
                last = m
            else:
                break
        return out

    def subject_before(self, view: View, pos: int, rel: RelationCues) -> list[Mention]:
        consumed = getattr(self, "_consumed", {}).get(rel.name, set())
        cands = [
            m
            for m in view.mentions
            if view.e(m) <= pos
            and self.subject_typed(m, rel)
            and m not in consumed
            and ";" not in view.text[view.e(m) : pos]
        ]
        if not cands:
            return []
        chosen = cands[-1]
        # "A, which contains B, relieves ...", "A and B, the main alkaloids, act on ...":
        # an insertion closed by a comma right before the cue is skipped, unless it names
        # members ("lactones, including A and B, inhibit ...").
        before = view.text[:pos].rstrip()
        if before.endswith(","):
            opening = before.rfind(",", 0, len(before) - 1)
            insertion = before[opening + 1 : -1].strip()
            named = [c for c in cands if view.b(c) > opening]
            rest = view.text[opening + 1 : len(before) - 1]
            for c in named:
                rest = rest.replace(view.text[view.b(c) : view.e(c)], " ")
            if named and not self.cues.list_separators.sub(" ", rest).strip():
                chosen = named[-1]  # "Its metabolite, X, binds ...": the name
            elif opening >= 0 and self.cues.exemplifiers.match(insertion) is None:
                earlier = [c for c in cands if view.e(c) <= opening and not self.generic(c)]
                if earlier:
                    chosen = earlier[-1]
        elif "," in view.text[view.e(chosen) : pos]:
            # "A, the main compound of B, is an agonist at ...": the insertion closes
            # before the verb's auxiliaries rather than right before the cue.
            closing = view.text.rfind(",", view.e(chosen), pos)
            opening = view.text.rfind(",", 0, view.b(chosen))
            insertion = view.text[opening + 1 : view.b(chosen)].strip()
            earlier = [c for c in cands if view.e(c) <= opening and not self.generic(c)]
            tail = view.text[closing + 1 : pos].split()
            verb_follows = bool(tail) and (
                tail[0] in self.cues.auxiliaries
                or (self.cues.copulas is not None and self.cues.copulas.fullmatch(tail[0]))
            )
            if (
                earlier
                and opening >= 0
                and len(tail) <= 4
                and verb_follows
                and self.cues.exemplifiers.match(insertion) is None
            ):
                chosen = earlier[-1]
        return self.members(view, chosen, rel.subject)

    def forward_subject(self, view: View, cue: CueMatch, rel: RelationCues) -> list[Mention] | None:
        """The subject of a verb cue, read from the words right before it.

        None when the cue cannot have an entity subject: a participle modifying a
        noun that is not an entity ("stress associated with X"), or a relative
        clause whose antecedent is not one ("factors that contribute to X").
        A participial clause after a comma (", helping to alleviate X") takes the
        subject of the main clause.
        """
        text = view.text
        before = text[: cue.begin]
        words = before.split()
        aux = self.cues.auxiliaries
        i = len(words) - 1
        while i >= 0 and (words[i] in aux or words[i].endswith("ly")):
            i -= 1
        prev = words[i] if i >= 0 else ""
        if prev.rstrip(",") in self.cues.relative_pronouns:
            pos = len(before.rstrip()) - len(" ".join(words[i:]))
            antecedent = [
                m
                for m in view.mentions
                if view.e(m) <= pos and not text[view.e(m) : pos].strip(" ,")
            ]
            if antecedent and self.subject_typed(antecedent[-1], rel):
                return self.members(view, antecedent[-1], rel.subject)
            if not antecedent:
                # "S is an amphetamine-like compound that increases ...": S.
                copular = _COPULAR_NP.search(text[: len(text[:pos].rstrip(" ,"))])
                if copular is not None:
                    head = [m for m in view.mentions if view.e(m) == copular.start()]
                    if head and self.subject_typed(head[-1], rel):
                        return self.members(view, head[-1], rel.subject)
            return None
        first = cue_first_word(text, cue)
        last = text[cue.begin : cue.end].split()[-1]
        participle = first.endswith("ed") and (
            last in self.cues.participle_prepositions
            or (
                first == last
                and text[cue.end :].lstrip().split(" ", 1)[0] in self.cues.participle_prepositions
            )
        )
        if participle and prev and prev not in aux:
            # A participle: it modifies what stands right before it (past adverbs and a
            # comma). That is the subject if it is an entity of the right class.
            pos = (
                len(before.rstrip()) - len(" ".join(words[i + 1 :]))
                if i + 1 < len(words)
                else len(before.rstrip())
            )
            pos = len(text[:pos].rstrip(" ,"))
            adjacent = [m for m in view.mentions if view.e(m) == pos]
            if adjacent and self.subject_typed(adjacent[-1], rel):
                return self.members(view, adjacent[-1], rel.subject)
            # "S is a decoction brewed from ...": the participle's noun is S's predicate.
            copular = _COPULAR_NP.search(text[:pos])
            if copular is not None:
                head = [m for m in view.mentions if view.e(m) == copular.start()]
                if head and self.subject_typed(head[-1], rel):
                    return self.members(view, head[-1], rel.subject)
            return None
        comma = before.rfind(",")
        if comma >= 0:
            clause = before[comma + 1 :].split()
            clause = [w for w in clause if not w.endswith("ly")]
            if (clause and clause[0].endswith("ing")) or (first.endswith("ing") and not clause):
                main = [
                    m for m in view.mentions if view.e(m) <= comma and self.subject_typed(m, rel)
                ]
                if main:
                    return self.members(view, main[0], rel.subject)
        return self.subject_before(view, cue.begin, rel)

    def parenthesised(self, view: View, m: Mention, rel: RelationCues) -> Mention | None:
        """The object-class mention that fills "m (...)" on its own."""
        me = view.e(m)
        if view.text[me : me + 2] != " (":
            return None
        for x in view.mentions:
            if view.b(x) == me + 2:
                closed = view.text[view.e(x) : view.e(x) + 1] == ")"
                return x if closed and self.typed(x, rel.object) else None
        return None

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

    def copula_between(self, view: View, m: Mention, pos: int) -> bool:
        gap = view.text[view.e(m) : pos]
        pattern = self.cues.copulas
        return pattern is not None and word_count(gap) <= 5 and bool(pattern.search(gap))

    def fronted_subject(
        self, view: View, cue: CueMatch, objects: list[Mention], rel: RelationCues
    ) -> list[Mention]:
        """ "By activating CB1 receptors, THC ...": a clause put before its subject."""
        if "," in view.text[: cue.begin]:
            return []
        end = max(view.e(o) for o in objects)
        comma = view.text.find(",", end)
        if comma < 0 or word_count(view.text[end:comma]) > 4:
            return []
        for m in view.mentions:
            if view.b(m) > comma:
                if word_count(view.text[comma : view.b(m)]) <= 2 and self.subject_typed(m, rel):
                    return self.members(view, m, rel.subject)
                return []
        return []

    def subject_after(self, view: View, pos: int, rel: RelationCues) -> list[Mention]:
        for m in view.mentions:
            mb = view.b(m)
            if mb < pos:
                continue
            if not self.reachable(view, pos, mb):
                return []
            if self.subject_typed(m, rel):
                return self.members(view, m, rel.subject)
        return []

    def subject_of(self, view: View, pos: int, rel: RelationCues) -> list[Mention]:
        """ "side effects of X", "adverse events associated with X": a subject right after
        the cue, behind of/from/in/with."""
        for m in view.mentions:
            mb = view.b(m)
            if mb < pos:
                continue
            words = view.text[pos:mb].split()
            lead = words[:2]
            if (
                words
                and len(words) <= 4
                and set(lead) & set(_OF_WORDS)
                and self.subject_typed(m, rel)
            ):
                return self.members(view, m, rel.subject)
            return []
        return []

    def subject_of_near(self, view: View, pos: int, rel: RelationCues) -> list[Mention]:
        """ "itch-relieving properties of X": "of S" within a few words after `pos`."""
        for m in view.mentions:
            mb = view.b(m)
            if mb < pos:
                continue
            words = view.text[pos:mb].split()
            if set(words) & {"of", "from", "by"} and len(words) <= 4 and self.subject_typed(m, rel):
                return self.members(view, m, rel.subject)
            return []
        return []

    def subject_adjacent(self, view: View, pos: int, rel: RelationCues) -> list[Mention]:
        """ "X's side effects", "its main constituents": a subject right before the cue."""
        for m in reversed(view.mentions):
            me = view.e(m)
            if me > pos:
                continue
            gap = view.text[me:pos]
            if (
                word_count(gap.replace("'s", "")) <= 1
                and "," not in gap
                and self.subject_typed(m, rel)
            ):
                return self.members(view, m, rel.subject)
            return []
        return []

    # --- rules ---------------------------------------------------------------------

    def candidates(self, view: View, topic: Topic) -> Iterator[Candidate]:
        # Objects already taken by a cue cannot be the subject of a later cue of the same
        # relation: "X increases A release and raises B release".
        self._consumed: dict[str, set[Mention]] = {}
        for cue in view.cues:
            rel = self.cues.relation(cue.relation)
            if rel.blocked_by is not None and rel.blocked_by.search(
                view.text, max(0, cue.begin - 40), cue.begin
            ):
                continue  # "suppresses the release of", "a lower risk of"
            after = self.limit_after(view, cue)
            before = self.limit_before(view, cue)
            subjects: list[Mention] = []
            objects: list[Mention] = []
            if cue.kind == "forward":
                objects = self.objects_after(view, cue.end, rel, after)
                if objects:
                    found = self.forward_subject(view, cue, rel)
                    if found is None:
                        continue
                    subjects = found or self.fronted_subject(view, cue, objects, rel)
            elif cue.kind == "reverse":
                objects = self.objects_before(view, cue.begin, rel, before)
                if objects:
                    objects += self.examples_after(view, cue.end, rel)
                    subjects = self.subject_after(view, cue.begin, rel)
                    part_topic = topic.pick(self, rel)
                    if not subjects and part_topic and self.part_after(view, cue.end):
                        yield Candidate(
                            rel.name, (), tuple(objects), cue.begin, cue.end, cue.kind, part_topic
                        )
                        continue
            else:
                subjects = self.subject_of(view, cue.end, rel) or self.subject_adjacent(
                    view, cue.begin, rel
                )
                skip = max((view.e(m) for m in subjects), default=cue.end)
                if skip > cue.end:
                    after = self.limit_after(
                        view, CueMatch(cue.begin, skip, cue.relation, "nominal")
                    )
                objects = self.objects_after(view, max(skip, cue.end), rel, after)
                if not objects:
                    objects = self.objects_before(view, cue.begin, rel, before)
                    objects = [o for o in objects if self.copula_between(view, o, cue.begin)]
                if objects and not subjects:
                    subjects = self.subject_before(view, cue.begin, rel)
                    subjects = subjects or self.subject_after(view, cue.end, rel)
            if not objects:
                continue
            use_topic = None
            form = bool(subjects) and all(
                self.generic(x) and self.h.is_a(x.cls, "HerbalProduct") for x in subjects
            )
            if form:
                subjects = []  # "tea, which was used to treat ...": a form of the remedy
            if (form or not subjects) and self.topic_allowed(view, cue):
                use_topic = topic.pick(self, rel)
            if subjects or use_topic:
                if subjects:
                    self._consumed.setdefault(rel.name, set()).update(objects)
                yield Candidate(
                    rel.name,
                    tuple(subjects),
                    tuple(objects),
                    cue.begin,
                    cue.end,
                    cue.kind,
                    use_topic,
                )
        yield from self.attached(view, topic)

    def topic_allowed(self, view: View, cue: CueMatch) -> bool:
        if cue.kind == "nominal" or self.cues.relation(cue.relation).topic_fallback:
            return True
        trig = self.cues.topic_triggers
        if trig is None:
            return False
        if cue.kind == "reverse":
            # "... after prolonged use": the cue itself must stand for the topic; in
            # "stress associated with withdrawal" nothing does.
            return trig.search(view.text, cue.begin, cue.end) is not None
        return trig.search(view.text, 0, cue.end) is not None

    def attached(self, view: View, topic: Topic) -> Iterator[Candidate]:
        """Cues glued to a mention: "itch-relieving", "anti-nausea", "X-induced"."""
        for rel in self.cues.relations:
            for m in view.mentions:
                mb, me = view.b(m), view.e(m)
                if self.typed(m, rel.object):
                    hit = None
                    if rel.object_suffix is not None:
                        s = rel.object_suffix.match(view.text, me)
                        hit = (me, s.end()) if s else None
                    if hit is None and rel.object_prefix is not None:
                        p = rel.object_prefix.search(view.text, max(0, mb - 20), mb)
                        hit = (p.start(), mb) if p else None
                    if hit is None:
                        continue
                    subjects = self.subject_adjacent(view, mb, rel) or self.subject_of_near(
                        view, hit[1], rel
                    )
                    subjects = subjects or self.subject_before(view, mb, rel)
                    subjects = subjects or self.subject_after(view, hit[1], rel)
                    objects = self.members(view, m, rel.object)
                    fallback = None if subjects else topic.pick(self, rel)
                    if subjects or fallback:
                        yield Candidate(
                            rel.name,
                            tuple(subjects),
                            tuple(objects),
                            hit[0],
                            hit[1],
                            "attached",
                            fallback,
                        )
                if rel.parenthetical and self.subject_typed(m, rel):
                    inner = self.parenthesised(view, m, rel)
                    if inner is not None:
                        yield Candidate(
                            rel.name, (m,), (inner,), me, view.b(inner), "attached", None
                        )
                if self.subject_typed(m, rel) and rel.subject_suffix is not None:
                    s = rel.subject_suffix.match(view.text, me)
                    if s is None:
                        continue
                    objects = self.objects_after(view, s.end(), rel, len(view.text))
                    if objects:
                        yield Candidate(
                            rel.name, (m,), tuple(objects), me, s.end(), "attached", None
                        )

    def section_facts(
        self, view: View, relation: str, heading: str, topics: Topic
    ) -> list[Assertion]:
        """A list item under a heading cue: every object-class mention of the item is an
        object of the heading's relation, with the document's topic as subject."""
        rel = self.cues.relation(relation)
        topic = topics.pick(self, rel)
        if topic is None:
            return []
        objects = [m for m in view.mentions if self.typed(m, rel.object) and not self.generic(m)]
        out = []
        seen = set()
        for obj in objects:
            if obj.entity == topic or obj.entity in seen:
                continue
            seen.add(obj.entity)
            cand = Candidate(relation, (), (obj,), 0, 0, "nominal", topic)
            certainty = self.certainty(view, cand, None, obj)
            ev = self.evidence(view, cand, None, obj, certainty)
            ev = replace(ev, cue=heading, rule="section-cue+topic")
            out.append(
                Assertion(topic, relation, obj.entity, certainty is Certainty.NEGATED, (ev,))
            )
        return out

    # --- certainty -----------------------------------------------------------------

    def certainty(
        self, view: View, cand: Candidate, subj: Mention | None, obj: Mention
    ) -> Certainty:
        text = view.text
        cues = self.cues
        ob, oe = view.b(obj), view.e(obj)
        left = min(cand.cue_begin, ob)
        if subj is not None and view.e(subj) <= cand.cue_begin:
            start = view.e(subj)
        else:
            start = hedge_scope_start(text, left)
        window = text[start : cand.cue_begin].split()[-cues.negation_window :]
        near = " ".join(window)
        negated = bool(_negation(cues, near))
        if cues.adjacent_negation is not None and cues.adjacent_negation.search(
            text, max(0, cand.cue_begin - 20), cand.cue_begin
        ):
            negated = True  # "without causing X"
        if ob >= cand.cue_end:
            before_obj = " ".join(text[cand.cue_end : ob].split()[-2:])
            if cues.object_negation.search(before_obj):
                negated = True
        if cues.clause_negation is not None and cues.clause_negation.search(
            text, 0, cand.cue_begin
        ):
            negated = True
        if subj is not None and view.b(subj) < cand.cue_begin:
            first = min(
                (view.b(m) for m in view.mentions if m.group == subj.group >= 0),
                default=view.b(subj),
            )
            lead = " ".join(text[:first].split()[-2:])
            if re.search(r"(?<![\w-])(?:neither|no|none of)$", lead):
                negated = True
        if negated:
            return Certainty.NEGATED
        positions = [left, cand.cue_begin]
        if subj is not None:
            positions.append(view.b(subj))
        scope_begin = hedge_scope_start(text, min(positions))
        scope_end = clause_end(text, max(oe, cand.cue_end))
        if cues.hedge.search(text, scope_begin, scope_end):
            return Certainty.HEDGED
        return Certainty.ASSERTED

    # --- facts ---------------------------------------------------------------------

    def facts(self, view: View, topic: Topic = NO_TOPIC) -> list[Assertion]:
        out: dict[tuple[str, str, str, bool], Assertion] = {}
        for cand in self.candidates(view, topic):
            subjects: list[Mention | None] = list(cand.subjects) or [None]
            for subj in subjects:
                subject_id = subj.entity if subj is not None else cand.topic
                if subject_id is None:
                    continue
                if subj is not None and self.generic(subj):
                    continue
                for obj in cand.objects:
                    if obj.entity == subject_id or self.generic(obj):
                        continue
                    certainty = self.certainty(view, cand, subj, obj)
                    evidence = self.evidence(view, cand, subj, obj, certainty)
                    fact = Assertion(
                        subject_id,
                        cand.relation,
                        obj.entity,
                        certainty is Certainty.NEGATED,
                        (evidence,),
                    )
                    known = out.get(fact.key)
                    if known is None or known.evidence[0].confidence < evidence.confidence:
                        out[fact.key] = fact
        return [out[k] for k in sorted(out)]

    def evidence(
        self, view: View, cand: Candidate, subj: Mention | None, obj: Mention, certainty: Certainty
    ) -> Evidence:
        s = view.sentence
        confidence = BASE_CONFIDENCE[cand.rule]
        rule = f"{cand.rule}-cue"
        if subj is None:
            confidence *= self.cues.topic_factor
            rule += "+topic"
            sb, se = s.begin + cand.cue_begin, s.begin + cand.cue_end
        else:
            sb, se = subj.begin, subj.end
            if subj.source == "coreference":
                confidence *= COREFERENCE_FACTOR
                rule += "+coreference"
        if any(m is not None and m.source == "discovered" for m in (subj, obj)):
            confidence *= DISCOVERED_FACTOR
            rule += "+discovered"
        if certainty is Certainty.HEDGED:
            confidence *= HEDGED_FACTOR
        return Evidence(
            doc_id=s.doc_id,
            sentence_begin=s.begin,
            sentence_end=s.end,
            sentence_text=s.text,
            subject_begin=sb,
            subject_end=se,
            object_begin=obj.begin,
            object_end=obj.end,
            cue=s.text[cand.cue_begin : cand.cue_end],
            rule=rule,
            certainty=certainty,
            confidence=round(confidence, 3),
        )


_PREDICATE = re.compile(r"\s+(?:is|are|was|were)\s+(?:also\s+)?(?:an?|the|one of the)\s+(?:[\w-]+\s+){0,3}")
_COPULAR_NP = re.compile(r"\s+(?:is|are|was|were)\s+(?:an?|the|one)\s+(?:[\w-]+\s+){0,3}[\w-]+$")


def cue_first_word(text: str, cue: CueMatch) -> str:
    words = text[cue.begin : cue.end].split()
    return words[0] if words else ""


_NOT_NEGATIONS = ("not only", "not without", "no longer only")


def _negation(cues: Cues, text: str) -> bool:
    for m in cues.negation.finditer(text):
        tail = text[m.start() : m.start() + 12]
        if not any(tail.startswith(x) for x in _NOT_NEGATIONS):
            return True
    return False
