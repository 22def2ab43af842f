"""The objects of a cue: the typed mention (or list) after a forward cue, before a reverse
one, the members named right after it, and mentions chained to them by "of"."""

from __future__ import annotations

from graph.domain.cues import RelationCues
from graph.mentions.lists import word_count
from graph.model import Mention
from graph.relations.views import Grammar, View


def objects_after(g: Grammar, view: View, pos: int, rel: RelationCues, limit: int) -> list[Mention]:
    for m in view.mentions:
        mb = view.b(m)
        if mb < pos:
            continue
        if mb >= limit or not g.reachable(view, pos, mb):
            return []
        if g.typed(m, rel.object) and not g.modifier(view, m):
            return renamed(g, view, chain(g, view, g.members(view, m, rel.object), rel), rel)
    return []


def renamed(g: Grammar, view: View, objects: list[Mention], rel: RelationCues) -> list[Mention]:
    """ "anthraquinone derivatives and their glucosides, referred to as cascarosides": the
    name the text gives to what it listed is an object too (cues.toml renaming)."""
    pattern = g.cues.renaming
    if pattern is None or not objects:
        return objects
    last = max(view.e(m) for m in objects)
    for m in view.mentions:
        if view.b(m) < last or m in objects or m.source == "coreference":
            continue
        gap = view.text[last : view.b(m)]
        if len(gap) > 80 or not pattern.search(gap) or not g.typed(m, rel.object):
            return objects
        return [*objects, *g.members(view, m, rel.object)]
    return objects


def objects_before(
    g: Grammar, view: View, pos: int, rel: RelationCues, start: int
) -> list[Mention]:
    for m in reversed(view.mentions):
        me = view.e(m)
        if me > pos:
            continue
        # "X, which was derived from": a relative clause in the passive; "X is an alkaloid
        # that occurs in": any relative clause on a class word said of a name.
        link = g.cues.relative_link.fullmatch(view.text[me:pos]) if g.cues.relative_link else None
        relative = link is not None and (
            link.groupdict().get("aux") is not None
            or (g.generic(m) and predicated_of(g, view, m, rel.object) is not None)
        )
        if view.b(m) < start or not (relative or g.reachable(view, me, pos)):
            return []
        if g.typed(m, rel.object):
            if g.generic(m):
                # "It is an alkaloid extracted from ...": the class word is said of a name.
                named = predicated_of(g, view, m, rel.object)
                if named is not None:
                    return g.members(view, named, rel.object)
            return g.members(view, m, rel.object)
    return []


def predicated_of(g: Grammar, view: View, m: Mention, classes: tuple[str, ...]) -> Mention | None:
    """The mention a class word is predicated of: "X is an alkaloid" -> X."""
    pattern = g.cues.class_predicate
    if pattern is None:
        return None
    for x in reversed(view.mentions):
        if view.e(x) > view.b(m):
            continue
        if g.typed(x, classes) and not g.generic(x):
            return x if pattern.fullmatch(view.text[view.e(x) : view.b(m)]) else None
        # a modifier between ("X is a highly poisonous alkaloid"): look further back
    return None


def examples_after(g: Grammar, view: View, pos: int, rel: RelationCues) -> list[Mention]:
    """ "O after use, ranging from A to B": members named right after a cue."""
    m = g.cues.exemplifiers.search(view.text, pos, min(len(view.text), pos + 40))
    if m is None or word_count(view.text[pos : m.start()]) > 2:
        return []
    for x in view.mentions:
        if view.b(x) >= m.end():
            if g.typed(x, rel.object) and word_count(view.text[m.end() : view.b(x)]) <= 2:
                return g.members(view, x, rel.object)
            return []
    return []


def chain(g: Grammar, view: View, objects: list[Mention], rel: RelationCues) -> list[Mention]:
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
        raw = view.text[view.e(last) : view.b(m)].rstrip()
        # "the fruit of the low growing, small palm, Serenoa repens": a name in apposition
        named = (
            bool(words)
            and words[0] == "of"
            and raw.endswith((",", "("))
            and len(words) <= 2 * limit
            and not any(w.strip(",(") in g.cues.relative_pronouns for w in words)
            and ";" not in raw
        )
        if (
            joined
            and (len(words) <= limit or named)
            and g.typed(m, rel.object)
            and (named or g.reachable(view, view.e(last), view.b(m)))
            and not any(c.begin >= view.e(last) and c.end <= view.b(m) for c in view.cues)
        ):
            out += [x for x in g.members(view, m, rel.object) if x not in out]
            last = max(out, key=lambda x: x.end)
        else:
            break
    return out


def parenthesised(g: Grammar, view: View, m: Mention, rel: RelationCues) -> Mention | None:
    """The object-class mention that fills "m (...)" on its own."""
    me = view.e(m)
    if view.text[me : me + 2] != " (":
        return None
    for x in view.mentions:
        if view.b(x) == me + 2:
            closed = view.text[view.e(x) : view.e(x) + 1] == ")"
            return x if closed and g.typed(x, rel.object) else None
    return None


def compound_head(g: Grammar, view: View, m: Mention, rel: RelationCues) -> Mention | None:
    """ "pokeweed poisoning": an object noun of `compound_object` right after the subject."""
    end, pattern = view.e(m), rel.compound_object
    if pattern is None or view.text[end : end + 1] != " ":
        return None  # no such rule, or no noun right after it
    for x in view.mentions:
        if view.b(x) == end + 1:
            text = view.text[view.b(x) : view.e(x)]
            if pattern.fullmatch(text) and g.typed(x, rel.object):
                return x
    return None
