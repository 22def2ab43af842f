"""Relations: (subject, relation, object) facts from relation cues between typed mentions.

For each cue in a sentence the relation's cue form says where to look:
forward (SUBJECT cue OBJECT), reverse (OBJECT cue SUBJECT), nominal (a noun cue:
"side effects of S include O"), or attached to a mention ("pain-relieving",
"X-induced"). Subjects (graph.relations.subjects) and objects (graph.relations.objects)
must be of the relation's classes; a coordinated list gives one fact per member; a
general term followed by its members ("receptors such as A and B") gives the members.
Each fact gets its certainty and confidence (graph.relations.certainty).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from graph.domain.cues import CueMatch, RelationCues
from graph.model import Assertion, Certainty, Mention
from graph.relations import objects as obj_rules
from graph.relations import subjects as subj_rules
from graph.relations.certainty import certainty, evidence
from graph.relations.fronted import fronted
from graph.relations.views import NO_TOPIC, Candidate, Grammar, Topic, View, attached_rules

__all__ = ["NO_TOPIC", "Candidate", "Extractor", "Topic", "View"]

# subjects, objects, and the topic when a part of the plant stands for it
Found = tuple[list[Mention], list[Mention], str | None]


class Extractor(Grammar):
    """The rules, with the lexicon and cues they run on."""

    # --- candidates ----------------------------------------------------------------

    def candidates(self, view: View, topic: Topic) -> Iterator[Candidate]:
        # Objects already taken by a cue cannot be the subject of a later cue of the same
        # relation: "X increases A release and raises B release".
        consumed: dict[str, set[Mention]] = {}
        for cue in view.cues:
            rel = self.cues.relation(cue.relation)
            if rel.blocked_by is not None and rel.blocked_by.search(
                view.text, max(0, cue.begin - 40), cue.begin
            ):
                continue  # "suppresses the release of", "a lower risk of"
            if cue.kind == "forward":
                found = self._forward(view, cue, rel, consumed)
            elif cue.kind == "reverse":
                found = self._reverse(view, cue, rel, topic)
            else:
                found = self._nominal(view, cue, rel, consumed)
            if found is None:
                continue
            subjects, objects, part_topic = found
            if part_topic is not None:
                yield Candidate(
                    rel.name, (), tuple(objects), cue.begin, cue.end, cue.kind, part_topic
                )
                continue
            if not objects:
                continue
            use_topic = None
            form = bool(subjects) and all(self.remedy_form(x) for x in subjects)
            if form:
                subjects = []  # "tea, which was used to treat ...": a form of the remedy
            if (form or not subjects) and self.topic_allowed(view, cue):
                use_topic = topic.pick(self, rel)
            if subjects or use_topic:
                if subjects:
                    consumed.setdefault(rel.name, set()).update(objects)
                yield Candidate(
                    rel.name,
                    tuple(subjects),
                    tuple(objects),
                    cue.begin,
                    cue.end,
                    cue.kind,
                    use_topic,
                )
        yield from self.attached(view, topic, consumed)

    def _forward(
        self, view: View, cue: CueMatch, rel: RelationCues, consumed: subj_rules.Consumed
    ) -> Found | None:
        objects = obj_rules.objects_after(self, view, cue.end, rel, self.limit_after(view, cue))
        if not objects:
            return [], [], None
        found = subj_rules.forward_subject(self, view, cue, rel, consumed)
        if found is None:
            # "herbs that contain X include A, B and C": the members named after the clause.
            listed = subj_rules.listed_after(self, view, max(view.e(o) for o in objects), rel)
            return (listed, objects, None) if listed else None
        return found or subj_rules.fronted_subject(self, view, cue, objects, rel), objects, None

    def _reverse(self, view: View, cue: CueMatch, rel: RelationCues, topic: Topic) -> Found:
        before = self.limit_before(view, cue)
        objects = obj_rules.objects_before(self, view, cue.begin, rel, before)
        if not objects and not view.text[: cue.begin].strip():
            return fronted(self, view, cue, rel)  # "Isolated from P, X is ..."
        if not objects:
            return [], [], None
        objects += obj_rules.examples_after(self, view, cue.end, rel)
        subjects = subj_rules.subject_after(self, view, cue.end, rel)
        part_topic = topic.pick(self, rel)
        if not subjects and part_topic and self.part_after(view, cue.end):
            return [], objects, part_topic
        return subjects, objects, None

    def _nominal(
        self, view: View, cue: CueMatch, rel: RelationCues, consumed: subj_rules.Consumed
    ) -> Found:
        subjects = subj_rules.subject_of(self, view, cue.end, rel) or subj_rules.subject_adjacent(
            self, view, cue.begin, rel
        )
        after = self.limit_after(view, cue)
        skip = max((view.e(m) for m in subjects), default=cue.end)
        head = obj_rules.compound_head(self, view, subjects[-1], rel) if subjects else None
        if head is not None:
            skip = view.e(head)  # "symptoms of X poisoning include A, B": past the head
        if not subjects:
            skip = _past_unnamed_owner(self, view, cue)
        if skip > cue.end:
            after = self.limit_after(view, CueMatch(cue.begin, skip, cue.relation, "nominal"))
        objects = obj_rules.objects_after(self, view, max(skip, cue.end), rel, after)
        if not objects:
            before = self.limit_before(view, cue)
            objects = obj_rules.objects_before(self, view, cue.begin, rel, before)
            objects = [o for o in objects if self.copula_between(view, o, cue.begin)]
        if objects and not subjects:
            subjects = subj_rules.subject_before(self, view, cue.begin, rel, consumed)
            subjects = subjects or subj_rules.subject_after(self, view, cue.end, rel)
        return subjects, objects, None

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

    def attached(
        self, view: View, topic: Topic, consumed: subj_rules.Consumed
    ) -> Iterator[Candidate]:
        """Cues glued to a mention: "itch-relieving", "anti-nausea", "X-induced"."""
        for rel, roles in self.attaching:
            for m in view.mentions:
                role = roles.get(m.cls)
                if role is None:  # (may it be the object, may it be the subject here)
                    subject = self.subject_typed(m, rel) and attached_rules(rel)[1]
                    role = roles[m.cls] = (self.typed(m, rel.object), subject)
                if role[0]:
                    glued = self._glued_to_object(view, m, rel, topic, consumed)
                    if glued is None:
                        continue  # an object without a glued cue is nothing else here
                    yield from glued
                if not role[1]:
                    continue
                if rel.parenthetical:
                    inner = obj_rules.parenthesised(self, view, m, rel)
                    if inner is not None:
                        yield Candidate(
                            rel.name, (m,), (inner,), view.e(m), view.b(inner), "attached", None
                        )
                if rel.compound_object is not None:
                    head = obj_rules.compound_head(self, view, m, rel)
                    if head is not None:
                        yield Candidate(
                            rel.name, (m,), (head,), view.e(m), view.b(head), "attached", None
                        )
                if rel.subject_suffix is not None:
                    s = rel.subject_suffix.match(view.text, view.e(m))
                    if s is None:
                        continue
                    objects = obj_rules.objects_after(self, view, s.end(), rel, len(view.text))
                    if objects:
                        yield Candidate(
                            rel.name, (m,), tuple(objects), view.e(m), s.end(), "attached", None
                        )

    def _glued_to_object(
        self, view: View, m: Mention, rel: RelationCues, topic: Topic, consumed: subj_rules.Consumed
    ) -> list[Candidate] | None:
        mb, me = view.b(m), view.e(m)
        hit = None
        if rel.object_suffix is not None:
            s = rel.object_suffix.match(view.text, me)
            hit = (me, s.end()) if s else None
        if hit is None and rel.object_prefix is not None:
            p = rel.object_prefix.search(view.text, max(0, mb - 20), mb)
            hit = (p.start(), mb) if p else None
        if hit is None:
            return None
        subjects = subj_rules.subject_adjacent(self, view, mb, rel) or subj_rules.subject_of_near(
            self, view, hit[1], rel
        )
        predicative = view.text.startswith(" as ", me)  # "R as an antagonist": no noun phrase
        if not (subjects or predicative) and self.named_agent(view, min(hit[0], mb)):
            # "the MOR agonist morphine": the name right after the noun phrase is the agent;
            # "the 5-HT1A antagonist WAY-100635" names none the graph knows.
            after = [x for x in view.mentions if view.b(x) == hit[1] + 1]
            if not after or not self.subject_typed(after[0], rel):
                return []
            subjects = [after[0]]
        subjects = subjects or subj_rules.subject_before(self, view, mb, rel, consumed)
        subjects = subjects or subj_rules.subject_after(self, view, hit[1], rel)
        objects = self.members(view, m, rel.object)
        fallback = None if subjects else topic.pick(self, rel)
        if not (subjects or fallback):
            return []
        return [
            Candidate(
                rel.name, tuple(subjects), tuple(objects), hit[0], hit[1], "attached", fallback
            )
        ]

    # --- facts ---------------------------------------------------------------------

    def facts(self, view: View, topic: Topic = NO_TOPIC) -> list[Assertion]:
        out: dict[tuple[str, str, str, bool], Assertion] = {}
        for cand in self.candidates(view, topic):
            subjects: list[Mention | None] = list(cand.subjects) or [None]
            for subj in subjects:
                subject_id = subj.entity if subj is not None else cand.topic
                if subject_id is None or (subj is not None and self.generic(subj)):
                    continue
                rel = self.cues.relation(cand.relation)
                starts = {view.b(o) for o in cand.objects}
                for obj in cand.objects:
                    if self.generic(obj) and view.e(obj) + 1 in starts:
                        continue  # "the indole alkaloid yohimbine": a classifier of the name
                    general = self.generic(obj) and (
                        not rel.class_objects or obj.entity in rel.too_general
                    )
                    if obj.entity == subject_id or general or _not_an_object(self, view, cand, obj):
                        continue
                    how = certainty(self.cues, view, cand, subj, obj)
                    ev = evidence(self.cues, view, cand, subj, obj, how)
                    fact = Assertion(
                        subject_id, cand.relation, obj.entity, how is Certainty.NEGATED, (ev,)
                    )
                    known = out.get(fact.key)
                    if known is None or known.evidence[0].confidence < ev.confidence:
                        out[fact.key] = fact
        return [out[k] for k in sorted(out)]

    def section_facts(
        self, view: View, relation: str, heading: str, topics: Topic
    ) -> list[Assertion]:
        """A list item under a heading cue: its object-class mentions, the topic's objects."""
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
            how = certainty(self.cues, view, cand, None, obj)
            ev = replace(
                evidence(self.cues, view, cand, None, obj, how),
                cue=heading,
                rule="section-cue+topic",
            )
            out.append(Assertion(topic, relation, obj.entity, how is Certainty.NEGATED, (ev,)))
        return out


def _past_unnamed_owner(g: Grammar, view: View, cue: CueMatch) -> int:
    """Where the list of a noun cue starts past an owner no entity names: "side effects
    of the eye drops include A, B" (cues.toml [grammar] unnamed_owner)."""
    owner = g.cues.unnamed_owner
    bridge = owner.match(view.text, cue.end) if owner is not None else None
    if bridge is None or any(cue.end <= view.b(m) < bridge.end() for m in view.mentions):
        return cue.end
    return bridge.end()


def _not_an_object(g: Grammar, view: View, cand: Candidate, obj: Mention) -> bool:
    """A mention inside a longer cue ("the effects of an overdose include ...") or a
    possessive pronoun ("their beneficial effects") is no object of the cue."""
    ob, oe = view.b(obj), view.e(obj)
    if cand.cue_begin <= ob and oe <= cand.cue_end and oe - ob < cand.cue_end - cand.cue_begin:
        return True
    return obj.source == "coreference" and obj.text.lower() in g.cues.possessive_pronouns
