"""How firmly a sentence states a fact (asserted, hedged, negated) and how much to trust
it (a confidence from the cue's form and the weak links: ontology/cues.toml [confidence]).
"""

from __future__ import annotations

from graph.domain.cues import Cues
from graph.mentions.lists import clause_end, hedge_scope_start
from graph.model import Certainty, Evidence, Mention
from graph.relations.views import Candidate, View


def certainty(
    cues: Cues, view: View, cand: Candidate, subj: Mention | None, obj: Mention
) -> Certainty:
    """Negated by a negation before the cue, the object or the subject's list; else hedged
    by a hedge in the fact's clause; else asserted."""
    text = view.text
    ob, oe = view.b(obj), view.e(obj)
    left = min(cand.cue_begin, ob)
    if _negated(cues, view, cand, subj, left, ob):
        return Certainty.NEGATED
    positions = [left, cand.cue_begin]
    if subj is not None:
        positions.append(view.b(subj))
    scope_begin = hedge_scope_start(text, min(positions))
    scope_end = clause_end(text, max(oe, cand.cue_end))
    if cues.hedge.search(text, scope_begin, scope_end):
        return Certainty.HEDGED
    return Certainty.ASSERTED


def _negated(
    cues: Cues, view: View, cand: Candidate, subj: Mention | None, left: int, ob: int
) -> bool:
    text = view.text
    if subj is not None and view.e(subj) <= cand.cue_begin:
        start = view.e(subj)
    else:
        start = hedge_scope_start(text, left)
    window = text[start : cand.cue_begin].split()[-cues.negation_window :]
    if is_negation(cues, " ".join(window)):
        return True
    if cues.adjacent_negation is not None and cues.adjacent_negation.search(
        text, max(0, cand.cue_begin - 20), cand.cue_begin
    ):
        return True  # "without causing X"
    if ob >= cand.cue_end:
        before_obj = " ".join(text[cand.cue_end : ob].split()[-2:])
        if cues.object_negation.search(before_obj):
            return True
    if cues.clause_negation is not None and cues.clause_negation.search(text, 0, cand.cue_begin):
        return True
    if subj is not None and view.b(subj) < cand.cue_begin and cues.subject_negation is not None:
        first = min(
            (view.b(m) for m in view.mentions if m.group == subj.group >= 0),
            default=view.b(subj),
        )
        lead = " ".join(text[:first].split()[-2:])
        if cues.subject_negation.search(lead):
            return True
    return False


def is_negation(cues: Cues, text: str) -> bool:
    """Whether `text` holds a negation that is not one of the look-alikes ("not only")."""
    for m in cues.negation.finditer(text):
        tail = text[m.start() : m.start() + 12]
        if not any(tail.startswith(x) for x in cues.not_negations):
            return True
    return False


def evidence(
    cues: Cues,
    view: View,
    cand: Candidate,
    subj: Mention | None,
    obj: Mention,
    certainty: Certainty,
) -> Evidence:
    """The evidence of one fact in one sentence, with its rule and confidence."""
    s = view.sentence
    weights = cues.confidence
    confidence = weights.base[cand.rule]
    rule = f"{cand.rule}-cue"
    if subj is None:
        confidence *= cues.topic_factor
        rule += "+topic"
        sb, se = s.begin + cand.cue_begin, s.begin + cand.cue_end
    else:
        sb, se = subj.begin, subj.end
        if subj.source == "coreference":
            confidence *= weights.coreference
            rule += "+coreference"
    if any(m is not None and m.source == "discovered" for m in (subj, obj)):
        confidence *= weights.discovered
        rule += "+discovered"
    if certainty is Certainty.HEDGED:
        confidence *= weights.hedged
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
