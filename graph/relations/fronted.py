"""A reverse cue that opens a sentence as a participle clause: "Purified from the roots of
the plant P, X is ...": the clause names the subject, the main clause the object."""

from __future__ import annotations

from graph.domain.cues import CueMatch, RelationCues
from graph.model import Mention
from graph.relations.subjects import subject_after
from graph.relations.views import Grammar, View


def fronted(
    g: Grammar, view: View, cue: CueMatch, rel: RelationCues
) -> tuple[list[Mention], list[Mention], None]:
    """A reverse cue that opens the sentence as a participle clause: "Purified from the
    roots of the plant P, X is ...": P is the subject, X (the main clause's subject, right
    after the comma that closes the clause) the object."""
    subjects = subject_after(g, view, cue.end, rel)
    if not subjects:
        return [], [], None
    comma = view.text.find(",", max(view.e(m) for m in subjects))
    if comma < 0:
        return [], [], None
    for m in view.mentions:
        if view.b(m) > comma:
            if view.text[comma + 1 : view.b(m)].strip() or not g.typed(m, rel.object):
                return [], [], None
            return subjects, g.members(view, m, rel.object), None
    return [], [], None
