"""The subject of a cue: the nearest typed mention on the side the cue's form says,
read through relative clauses, participles, insertions and fronted clauses.

`nearest_subject` is the one search; the named rules only say which side and which gap
between the cue and the mention is allowed. `consumed` holds the mentions that earlier
cues of the sentence took as objects, per relation (they are not subjects again).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

from graph.domain.cues import CueMatch, RelationCues
from graph.mentions.lists import word_count
from graph.model import Mention
from graph.relations.objects import predicated_of
from graph.relations.views import Grammar, View

Consumed = Mapping[str, Collection[Mention]]  # relation -> mentions taken as objects


def nearest_subject(
    g: Grammar,
    view: View,
    pos: int,
    rel: RelationCues,
    *,
    after: bool,
    gap_fits: Callable[[str], bool],
    first_only: bool = True,
) -> list[Mention]:
    """The subject nearest to `pos` on one side (`after` it or before it): a mention of the
    subject classes whose gap to `pos` fits. With `first_only` only the nearest mention is
    tried; otherwise the search goes on past mentions of other classes while gaps fit."""
    for m in view.mentions if after else reversed(view.mentions):
        if (view.b(m) < pos) if after else (view.e(m) > pos):
            continue
        gap = view.text[pos : view.b(m)] if after else view.text[view.e(m) : pos]
        fits = gap_fits(gap)
        if fits and g.subject_typed(m, rel) and not _modifier_only(g, view, m, rel):
            return g.members(view, m, rel.subject)
        if first_only or not fits:
            return []
    return []


def _modifier_only(g: Grammar, view: View, m: Mention, rel: RelationCues) -> bool:
    """A name glued to the next word ("quinidine-like") modifies it and is no subject,
    unless the glue names it the agent ("cocaine-induced": cues.toml subject_suffix)."""
    if not g.modifier(view, m):
        return False
    agent = rel.subject_suffix
    return agent is None or agent.match(view.text, view.e(m)) is None


def subject_after(g: Grammar, view: View, pos: int, rel: RelationCues) -> list[Mention]:
    """ "O is relieved by S": the first subject reachable after `pos`; "found in several
    plant species of the X family such as A, B and C": the members an exemplifier names."""
    found = nearest_subject(
        g, view, pos, rel, after=True, gap_fits=g.exemplified_gap, first_only=False
    )
    while found:
        more = _named_further(g, view, found, rel)
        if not more:
            break
        found += more
    return found


def _named_further(
    g: Grammar, view: View, found: list[Mention], rel: RelationCues
) -> list[Mention]:
    """ "A, B (b), and other members of the family F, such as C and D": members a list
    adds after its last item, behind a separator and an exemplifier."""
    last = max(view.e(m) for m in found)
    for m in view.mentions:
        if view.b(m) < last or m in found:
            continue
        gap = view.text[last : view.b(m)]
        if gap.lstrip().startswith("("):
            gap = gap[gap.find(")") + 1 :]  # the last item's parenthesis
        lead = gap.lstrip(" ,")
        hit = g.cues.exemplifiers.search(gap)
        if (
            g.cues.list_separators.match(lead) is not None
            and lead[:1].isalpha()
            and hit is not None
            and not gap[hit.end() :].strip(" ,:")
            and g.exemplified_gap(gap)
            and g.subject_typed(m, rel)
        ):
            return g.members(view, m, rel.subject)
        return []
    return []


def subject_of(g: Grammar, view: View, pos: int, rel: RelationCues) -> list[Mention]:
    """ "side effects of X", "adverse events associated with X": a subject right after
    the cue, behind of/from/in/with."""
    links = g.cues.subject_links

    def fits(gap: str) -> bool:
        words = gap.split()
        return bool(words) and len(words) <= 4 and bool(set(words[:2]) & links)

    return nearest_subject(g, view, pos, rel, after=True, gap_fits=fits)


def subject_of_near(g: Grammar, view: View, pos: int, rel: RelationCues) -> list[Mention]:
    """ "itch-relieving properties of X": "of S" within a few words after `pos`."""
    links = g.cues.near_subject_links

    def fits(gap: str) -> bool:
        words = gap.split()
        return bool(set(words) & links) and len(words) <= 4

    return nearest_subject(g, view, pos, rel, after=True, gap_fits=fits)


def subject_adjacent(g: Grammar, view: View, pos: int, rel: RelationCues) -> list[Mention]:
    """ "X's side effects", "its main constituents": a subject right before the cue."""

    def fits(gap: str) -> bool:
        return word_count(gap.replace("'s", "")) <= 1 and "," not in gap

    return nearest_subject(g, view, pos, rel, after=False, gap_fits=fits)


def listed_after(g: Grammar, view: View, pos: int, rel: RelationCues) -> list[Mention]:
    """ "[herbs that contain X] include A, B and C": subjects listed right after a clause
    whose own noun is no entity."""
    pattern = g.cues.listing_verbs
    hit = pattern.match(view.text, pos) if pattern is not None else None
    if hit is None:
        return []
    return subject_after(g, view, hit.end(), rel)


def subject_before(
    g: Grammar, view: View, pos: int, rel: RelationCues, consumed: Consumed
) -> list[Mention]:
    """The subject of a clause before `pos`, skipping insertions between commas."""
    taken = consumed.get(rel.name, ())
    cands = [
        m
        for m in view.mentions
        if view.e(m) <= pos
        and g.subject_typed(m, rel)
        and not _modifier_only(g, view, m, rel)  # "a quinidine-like effect": not quinidine's
        and m not in taken
        and ";" not in view.text[view.e(m) : pos]
    ]
    if not cands:
        return []
    before = view.text[:pos].rstrip()
    if before.endswith(","):
        chosen = _before_insertion(g, view, cands, before)
    elif "," in view.text[view.e(cands[-1]) : pos]:
        chosen = _before_apposition(g, view, cands, pos)
    else:
        chosen = cands[-1]
        # "licorice containing glycyrrhizin can cause ...": a noun modified by a
        # participle phrase is the subject, not the participle's object.
        earlier = [c for c in cands if view.e(c) <= view.b(chosen)]
        if earlier and g.cues.modifier_participle is not None:
            # the noun itself, or the one before a possessive ("CR and its alkaloids")
            for owner in reversed(earlier[-2:]):
                gap = view.text[view.e(owner) : view.b(chosen)]
                if g.cues.modifier_participle.fullmatch(gap):
                    chosen = owner
                    break
    return g.members(view, _named(g, view, chosen, rel), rel.subject)


def _named(g: Grammar, view: View, m: Mention, rel: RelationCues) -> Mention:
    """A class word said of a name ("X is an alkaloid that ...") stands for the name."""
    if g.generic(m):
        named = predicated_of(g, view, m, rel.subject)
        if named is not None:
            return named
    return m


def _before_insertion(g: Grammar, view: View, cands: list[Mention], before: str) -> Mention:
    """ "A, which contains B, relieves ...", "A and B, the main alkaloids, act on ...": an
    insertion closed by a comma right before the cue is skipped, unless it names members
    ("lactones, including A and B, inhibit ...")."""
    chosen = cands[-1]
    opening = before.rfind(",", 0, len(before) - 1)
    insertion = before[opening + 1 : -1].strip()
    named = [c for c in cands if view.b(c) > opening]
    rest = view.text[opening + 1 : len(before) - 1]
    for c in named:
        rest = rest.replace(view.text[view.b(c) : view.e(c)], " ")
    if named and not g.cues.list_separators.sub(" ", rest).strip():
        return named[-1]  # "Its metabolite, X, binds ...": the name
    if opening >= 0 and g.cues.exemplifiers.match(insertion) is None:
        earlier = [c for c in cands if view.e(c) <= opening and not g.generic(c)]
        if earlier:
            return earlier[-1]
    return chosen


def _before_apposition(g: Grammar, view: View, cands: list[Mention], pos: int) -> Mention:
    """ "A, the main compound of B, is an agonist at ...": the insertion closes before the
    verb's auxiliaries rather than right before the cue."""
    chosen = cands[-1]
    closing = view.text.rfind(",", view.e(chosen), pos)
    opening = view.text.rfind(",", 0, view.b(chosen))
    insertion = view.text[opening + 1 : view.b(chosen)].strip()
    earlier = [c for c in cands if view.e(c) <= opening and not g.generic(c)]
    tail = view.text[closing + 1 : pos].split()
    copulas = g.cues.copulas
    verb_follows = bool(tail) and (
        tail[0] in g.cues.auxiliaries or (copulas is not None and bool(copulas.fullmatch(tail[0])))
    )
    if (
        earlier
        and opening >= 0
        and len(tail) <= 4
        and verb_follows
        and g.cues.exemplifiers.match(insertion) is None
    ):
        return earlier[-1]
    return chosen


def fronted_subject(
    g: Grammar, view: View, cue: CueMatch, objects: list[Mention], rel: RelationCues
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
            if word_count(view.text[comma : view.b(m)]) <= 2 and g.subject_typed(m, rel):
                return g.members(view, m, rel.subject)
            return []
    return []


def forward_subject(
    g: Grammar, view: View, cue: CueMatch, rel: RelationCues, consumed: Consumed
) -> list[Mention] | None:
    """The subject of a verb cue, read from the words right before it.

    None when the cue cannot have an entity subject: a participle modifying a noun that
    is not an entity ("stress associated with X"), or a relative clause whose antecedent
    is not one ("factors that contribute to X"). A participial clause after a comma
    (", helping to alleviate X") takes the subject of the main clause.
    """
    text = view.text
    before = text[: cue.begin]
    words = before.split()
    aux = g.cues.auxiliaries
    i = len(words) - 1
    passive = False  # "X are marketed for": an auxiliary makes the -ed form a verb
    while i >= 0 and (words[i] in aux or words[i].endswith("ly")):
        passive = passive or words[i] in aux
        i -= 1
    prev = words[i] if i >= 0 else ""
    if prev.rstrip(",") in g.cues.relative_pronouns:
        pos = len(before.rstrip()) - len(" ".join(words[i:]))
        return _relative_clause_subject(g, view, pos, rel)
    first = cue_first_word(text, cue)
    last = text[cue.begin : cue.end].split()[-1]
    preps = g.cues.participle_prepositions
    participle = first.endswith("ed") and (
        last in preps or (first == last and text[cue.end :].lstrip().split(" ", 1)[0] in preps)
    )
    if (
        participle
        and not passive
        and prev
        and prev not in aux
        and not g.cues.list_separators.fullmatch(prev)
    ):
        # A participle: it modifies what stands right before it (past adverbs and a
        # comma). That is the subject if it is an entity of the right class.
        pos = (
            len(before.rstrip()) - len(" ".join(words[i + 1 :]))
            if i + 1 < len(words)
            else len(before.rstrip())
        )
        pos = len(text[:pos].rstrip(" ,"))
        adjacent = [m for m in view.mentions if view.e(m) == pos]
        if adjacent and g.subject_typed(adjacent[-1], rel):
            return g.members(view, adjacent[-1], rel.subject)
        # "S is a decoction brewed from ...": the participle's noun is S's predicate.
        return _copular_subject(g, view, pos, rel) or None
    comma = before.rfind(",")
    if comma >= 0:
        clause = [w for w in before[comma + 1 :].split() if not w.endswith("ly")]
        if (clause and clause[0].endswith("ing")) or (first.endswith("ing") and not clause):
            main = [m for m in view.mentions if view.e(m) <= comma and g.subject_typed(m, rel)]
            if main:
                return g.members(view, main[0], rel.subject)
    pattern = g.cues.second_predicate
    found = pattern.finditer(before) if pattern is not None else ()
    second = max(found, key=lambda m: m.start(), default=None)
    if second is not None and not any(
        second.end() <= view.b(m) and g.subject_typed(m, rel) for m in view.mentions
    ):
        # "S is the rhizome of P ... and is commonly used ... for the treatment of O": a
        # second predicate with its own auxiliary has the subject of the sentence's first.
        first_subject = _sentence_subject(g, view, second.start(), rel)
        if first_subject:
            return first_subject
    if prev == "and":
        # "S are prepared from P and contain C": a second predicate of S; what the first
        # one took as its objects is not the subject, whatever its relation.
        taken = {m for ms in consumed.values() for m in ms}
        consumed = {**consumed, rel.name: taken}
    return subject_before(g, view, cue.begin, rel, consumed)


def _sentence_subject(g: Grammar, view: View, pos: int, rel: RelationCues) -> list[Mention]:
    """The subject of the sentence's first verb before `pos`: a mention of the subject
    classes that comes before that verb, with nothing but a parenthesis between them."""
    first_verb = g.cues.first_verb
    verb = first_verb.search(view.text, 0, pos) if first_verb is not None else None
    if verb is None:
        return []
    lead = [m for m in view.mentions if view.e(m) <= verb.start()]
    if not lead or not g.subject_typed(lead[0], rel):
        return []
    gap = view.text[view.e(lead[0]) : verb.start()].strip()
    if gap and not (gap.startswith("(") and gap.endswith(")") and gap.count("(") == 1):
        return []
    return g.members(view, lead[0], rel.subject)


def _relative_clause_subject(
    g: Grammar, view: View, pos: int, rel: RelationCues
) -> list[Mention] | None:
    """ "compounds that interact with": the antecedent right before the pronoun at `pos`.
    "the leaves of which are used": parts of the plant the text is about (no subject of
    its own, so the topic may stand in)."""
    text = view.text
    lead = text[:pos].rstrip()
    if lead.endswith(" of") and g.cues.part_classes:
        parts = [m for m in view.mentions if view.e(m) == len(lead) - 3]
        if parts and g.typed(parts[-1], g.cues.part_classes):
            return []
    antecedent = [m for m in view.mentions if view.e(m) <= pos and _adjoins(view, m, pos)]
    if antecedent and g.subject_typed(antecedent[-1], rel):
        # "Berberine is an isoquinoline alkaloid that inhibits ...": the name.
        return g.members(view, _named(g, view, antecedent[-1], rel), rel.subject)
    if not antecedent:
        # "S is an amphetamine-like compound that increases ...": S; so with a longer
        # predicate ("S is a parasitic vine found in Europe ... that has been used to").
        copular = _copular_subject(g, view, len(text[:pos].rstrip(" ,")), rel)
        noun = g.cues.predicate_noun
        predicate = noun.search(text, 0, pos) if noun is not None else None
        if not copular and predicate is not None and ";" not in text[predicate.end() : pos]:
            copular = _sentence_subject(g, view, predicate.end(), rel)
        return copular or None
    last = antecedent[-1]
    if g.typed(last, rel.object) and not g.subject_typed(last, rel):
        # "X can cause A, B and C, which could lead to D": what X causes, D follows from.
        first = min((view.b(m) for m in view.mentions if m.group == last.group >= 0), default=-1)
        return subject_before(g, view, first if first >= 0 else view.b(last), rel, {}) or None
    return None


def _adjoins(view: View, m: Mention, pos: int) -> bool:
    """Whether only a comma lies between m and `pos`, or m fills a parenthesis closed
    there: "Japanese star anise (Illicium anisatum), which ..."."""
    gap = view.text[view.e(m) : pos].strip(" ,")
    return not gap or (gap == ")" and view.text[view.b(m) - 1 : view.b(m)] == "(")


def _copular_subject(g: Grammar, view: View, pos: int, rel: RelationCues) -> list[Mention]:
    """ "S is a ... <noun>" ending at `pos`: S, when it is of the subject classes."""
    pattern = g.cues.copular_predicate
    copular = pattern.search(view.text[:pos]) if pattern is not None else None
    if copular is None:
        return []
    head = [m for m in view.mentions if view.e(m) == copular.start()]
    if head and g.subject_typed(head[-1], rel):
        return g.members(view, head[-1], rel.subject)
    return []


def cue_first_word(text: str, cue: CueMatch) -> str:
    words = text[cue.begin : cue.end].split()
    return words[0] if words else ""
