"""Coreference: pronouns and definite descriptions that point back to entities.

"it", "its", "this herb", "the plant", "these compounds", "they" become mentions
of the most salient earlier entity of a compatible class, or of nothing. A plural
anaphor stands for a whole coordinated list ("A and B ... These compounds"): one
mention per member, sharing a span and a group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.domain.cues import Cues
from graph.domain.lexicon import Lexicon
from graph.model import Mention

_LOOKBACK = 4  # sentences
_TOPIC_WEIGHT = {0: 1.5, 1: 1.0, 2: 0.8}  # by rank in the salient classes (cues.toml)
_MIN_TOPIC_MENTIONS = 2  # a title mention counts as _TITLE_WEIGHT
_TITLE_WEIGHT = 5  # a mention in the first sentence that names anything counts this much


@dataclass
class Discourse:
    """What earlier sentences of a document made salient (mutable, per document)."""

    history: list[list[Mention]] = field(default_factory=list)  # mentions per sentence
    # (entity, class) -> (mentions so far, position of the latest): kept as sentences come
    stats: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    position: int = 0
    salient: tuple[str, ...] = ()  # the classes a topic can be of, likeliest first (cues.toml)

    def add(self, mentions: list[Mention], lexicon: Lexicon) -> None:
        """Record a sentence's mentions. The first sentence that names something is
        usually the title: what it names counts more towards the topic."""
        weight = _TITLE_WEIGHT if not self.stats else 1
        self.history.append(mentions)
        for m in mentions:
            self.position += 1
            if _compatible(m, self.salient, lexicon):
                count, _ = self.stats.get((m.entity, m.cls), (0, 0))
                self.stats[(m.entity, m.cls)] = (count + weight, self.position)

    def topics(self, lexicon: Lexicon, classes: tuple[str, ...] = ()) -> list[tuple[str, str]]:
        """Candidate topics, (entity, class), likeliest first: products before plants before
        compounds; within a class the most mentioned so far, then the latest."""
        classes = classes or self.salient
        # A topic is named in the title or more than once: a name the text drops once is
        # no topic ("a wrong topic is worse than none").
        stats = {
            key: value
            for key, value in self.stats.items()
            if lexicon.hierarchy.is_any(key[1], classes) and value[0] >= _MIN_TOPIC_MENTIONS
        }
        rank = {c: i for i, c in enumerate(classes)}

        def order(item: tuple[tuple[str, str], tuple[int, int]]) -> tuple[float, int]:
            # Mentions weigh more for a product than a compound than a plant: a text
            # about a herb names its compounds too, but the herb is what it is about.
            (_, cls), (count, last) = item
            level = min(
                (rank[c] for c in lexicon.hierarchy.ancestors(cls) if c in rank), default=99
            )
            return (-count * _TOPIC_WEIGHT.get(level, 0.5), -last)

        return [key for key, _ in sorted(stats.items(), key=order)]


def _compatible(m: Mention, classes: tuple[str, ...], lexicon: Lexicon) -> bool:
    entity = lexicon.entities.get(m.entity)
    if entity is not None and entity.generic:
        return False
    return lexicon.hierarchy.is_any(m.cls, classes)


def _first_compatible(
    mentions: list[Mention], classes: tuple[str, ...], lexicon: Lexicon
) -> Mention | None:
    # Prefer products and compounds over plants: "it" is more often the drug than the tree.
    for wanted in classes:
        for m in sorted(mentions):
            if _compatible(m, (wanted,), lexicon):
                return m
    return None


def _groups(mentions: list[Mention]) -> list[list[Mention]]:
    by_group: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.group >= 0:
            by_group.setdefault(m.group, []).append(m)
    return [sorted(g) for _, g in sorted(by_group.items(), key=lambda kv: min(kv[1]).begin)]


def _first_by_position(
    mentions: list[Mention], classes: tuple[str, ...], lexicon: Lexicon
) -> Mention | None:
    ordered = sorted(mentions)
    for i, m in enumerate(ordered):
        if _compatible(m, classes, lexicon):
            # "Garcinia cambogia extract": the noun phrase's head is its last mention.
            while (
                i + 1 < len(ordered)
                and ordered[i + 1].begin == ordered[i].end + 1
                and _compatible(ordered[i + 1], classes, lexicon)
            ):
                i += 1
            return ordered[i]
    return None


def _antecedent_single(
    before: list[Mention],
    history: list[list[Mention]],
    classes: tuple[str, ...],
    lexicon: Lexicon,
    by_position: bool = False,
) -> Mention | None:
    """The subject-like antecedent: the first compatible mention of the nearest sentence
    that has one (a pronoun takes the first by position; a description like "the plant"
    the first of its preferred class)."""
    pick = _first_by_position if by_position else _first_compatible
    for mentions in [before, *reversed(history[-_LOOKBACK:])]:
        first = pick(mentions, classes, lexicon)
        if first is not None:
            return first
    return None


def _antecedent_group(
    before: list[Mention], history: list[list[Mention]], classes: tuple[str, ...], lexicon: Lexicon
) -> list[Mention]:
    for mentions in [before, *reversed(history[-_LOOKBACK:])]:
        for group in reversed(_groups(mentions)):
            members = [m for m in group if _compatible(m, classes, lexicon)]
            if len(members) > 1:
                return members
    return []


@dataclass(frozen=True)
class AnaphorPatterns:
    pronoun: re.Pattern[str]
    description: re.Pattern[str]

    @classmethod
    def build(cls, cues: Cues) -> AnaphorPatterns:
        pronouns = sorted(cues.singular_pronouns | cues.plural_pronouns, key=len, reverse=True)
        dets = sorted(cues.determiners, key=len, reverse=True)
        nouns = sorted(cues.anaphor_nouns, key=len, reverse=True)
        return cls(
            pronoun=re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, pronouns)) + r")(?![\w-])"),
            description=re.compile(
                r"(?<![\w-])(?:" + "|".join(map(re.escape, dets)) + r")\s+"
                r"(?:[a-z][\w-]*\s+){0,2}?(" + "|".join(map(re.escape, nouns)) + r")(?![\w-])"
            ),
        )


def resolve(
    sentence_text: str,
    original: str,
    offset: int,
    mentions: list[Mention],
    discourse: Discourse,
    lexicon: Lexicon,
    cues: Cues,
    patterns: AnaphorPatterns,
    next_group: int,
) -> list[Mention]:
    """Mentions for the anaphors of one sentence (normalised and original text), resolved against
    the mentions before them in the sentence and the discourse so far."""
    out: list[Mention] = []
    taken = [(m.begin - offset, m.end - offset, m) for m in mentions]

    def overlaps(b: int, e: int) -> list[Mention]:
        return [m for mb, me, m in taken if mb < e and b < me]

    spans: list[tuple[int, int, tuple[str, ...], bool]] = []  # begin, end, classes, plural
    pronoun_spans: set[tuple[int, int]] = set()
    for match in patterns.description.finditer(sentence_text):
        b, e = match.start(), match.end()
        if any(w[:1].isupper() for w in original[b:e].split()[1:]):
            continue  # "The Food and Drug Administration": a proper name, not an anaphor
        hit = overlaps(b, e)
        if any(not lexicon.entities[m.entity].generic for m in hit if m.entity in lexicon.entities):
            continue
        after = sentence_text[e : e + 40]
        follower = [m for mb, _, m in taken if e <= mb <= e + 8 and not after[: mb - e].strip(" ,")]
        if follower:
            continue  # "the tropical plant Genus species": an apposition, not an anaphor
        if sentence_text[max(0, b - 2) : b] == ", " and any(me == b - 2 for _, me, _ in taken):
            continue  # "Mescaline, the main alkaloid of ...": an apposition to the mention before
        noun = match.group(1)
        plural = (noun.endswith("s") and noun != "species") or sentence_text[b:e].startswith(
            ("these", "those", "their", "both")
        )
        spans.append((b, e, cues.anaphor_nouns[noun], plural))
    for match in patterns.pronoun.finditer(sentence_text):
        b, e = match.start(), match.end()
        if overlaps(b, e) or any(sb <= b < se for sb, se, _, _ in spans):
            continue
        word = match.group(1)
        if word in cues.singular_pronouns:
            if cues.expletive is not None and cues.expletive.match(sentence_text, b):
                continue
            spans.append((b, e, cues.salient_classes, False))
            pronoun_spans.add((b, e))
        else:
            nxt = sentence_text[e : e + 30].split()
            if word in ("these", "those", "both") and nxt and nxt[0] not in ("are", "were"):
                continue  # a determiner of something we do not know
            spans.append((b, e, cues.plural_classes, True))
    for b, e, classes, plural in sorted(spans):
        before = [m for mb, _, m in taken if mb < b]
        text = original[b:e]
        if plural:
            members = _antecedent_group(before, discourse.history, classes, lexicon)
            if not members:
                # "the extracts" of one product: a plural description of a single entity;
                # "their" of one entity named in the plural ("the X preparations ... their").
                single = _antecedent_single(before, discourse.history, classes, lexicon)
                if single is not None and (
                    (b, e) not in pronoun_spans or _named_in_plural(single.text)
                ):
                    members = [single]
            if not members:
                continue
            group = next_group
            next_group += 1
        else:
            single = _antecedent_single(
                before, discourse.history, classes, lexicon, (b, e) in pronoun_spans
            )
            described = cues.topic_description_class
            if single is None and (b, e) not in pronoun_spans and described in classes:
                # "the supplement" long after its name: the document's topic of that kind.
                for entity, cls in discourse.topics(lexicon, classes):
                    single = Mention(
                        b + offset, e + offset, original[b:e], entity, cls, "coreference"
                    )
                    break
            if single is None:
                continue
            members, group = [single], -1
        for m in members:
            out.append(Mention(b + offset, e + offset, text, m.entity, m.cls, "coreference", group))
    return out


def _named_in_plural(text: str) -> bool:
    """ "plant preparations", "leaves", "sennosides"; not "cannabis", "abscess", "Ficus"."""
    last = text.split()[-1].lower() if text.split() else ""
    return last.endswith("s") and not last.endswith(("ss", "is", "us", "ys")) and len(last) > 3
