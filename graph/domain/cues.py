"""Relation cues, hedging and negation words, read once from ontology/cues.toml.

The file is data: each relation's cue phrases as regular expressions, in the
forms texts use (forward, reverse, nominal, attached to a mention), and the
words that mark hedging, negation, lists, clause boundaries and anaphora.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.domain.cue_anchors import AnchorScan, cue_anchors, gated
from graph.domain.list_items import ListItemRules
from graph.errors import OntologyError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

KINDS = ("forward", "reverse", "nominal")
_LEFT = r"(?:(?<![\w-])|(?=[,;:(]))"  # a word start, or a cue that opens with punctuation
_RIGHT = r"(?![\w])"


def _alternation(patterns: list[str]) -> str:
    # Longer patterns first, so that the alternation prefers the longest cue.
    return "|".join(f"(?:{p})" for p in sorted(patterns, key=lambda p: (-len(p), p)))


def _compile(patterns: list[str], *, where: str) -> re.Pattern[str] | None:
    if not patterns:
        return None
    try:
        return re.compile(gated(_LEFT + "(?:" + _alternation(patterns) + ")" + _RIGHT))
    except re.error as exc:
        raise OntologyError(f"cues.toml: bad pattern in {where}: {exc}") from None


def _compile_attached(patterns: list[str], *, where: str, before: bool) -> re.Pattern[str] | None:
    if not patterns:
        return None
    try:
        if before:
            return re.compile("(?:" + _alternation(patterns) + r")[ -]?$")
        return re.compile(r"(?:'s)?\)?[ -]?(?:" + _alternation(patterns) + ")" + _RIGHT)
    except re.error as exc:
        raise OntologyError(f"cues.toml: bad pattern in {where}: {exc}") from None


def _compile_blocker(patterns: list[str], where: str) -> re.Pattern[str] | None:
    """Words that end the text right before a cue, with at most one word between."""
    if not patterns:
        return None
    try:
        return re.compile(
            r"(?<![\w-])(?:" + _alternation(patterns) + r")(?:\s+(?:the|a|an|[\w-]+))?\s+$"
        )
    except re.error as exc:
        raise OntologyError(f"cues.toml: bad pattern in {where}.blocked_by: {exc}") from None


@dataclass(frozen=True)
class RelationCues:
    name: str
    subject: tuple[str, ...]
    object: tuple[str, ...]
    not_subject: tuple[str, ...]
    patterns: dict[str, re.Pattern[str]]  # kind -> compiled alternation
    object_suffix: re.Pattern[str] | None
    object_prefix: re.Pattern[str] | None
    subject_suffix: re.Pattern[str] | None
    topic_fallback: bool = False
    parenthetical: bool = False
    blocked_by: re.Pattern[str] | None = None
    compound_object: re.Pattern[str] | None = None  # "SUBJECT OBJECT": "pokeweed poisoning"
    not_topic: tuple[str, ...] = ()  # subject classes only a named mention may fill
    # a subject of a not_topic class yields to what the document says is <relation> of it
    yields_to: str = ""
    class_objects: bool = False  # a general term may be the object ("contains flavonoids")
    too_general: frozenset[str] = frozenset()  # ...but not these ("contains alkaloids")
    # kind -> literals one of which every match contains (Cues.find skips the pattern
    # when none occurs in the text); a kind missing here is always run
    anchors: dict[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True, order=True)
class CueMatch:
    begin: int  # offsets into the sentence
    end: int
    relation: str
    kind: str  # forward | reverse | nominal


@dataclass(frozen=True)
class Confidence:
    """The confidence of one sentence's fact: by cue form, times factors for weak links."""

    base: dict[str, float]  # cue form (forward, reverse, nominal, attached) -> confidence
    coreference: float = 0.9
    discovered: float = 0.8
    hedged: float = 0.85


DEFAULT_CONFIDENCE = Confidence(
    {"forward": 0.85, "reverse": 0.8, "nominal": 0.75, "attached": 0.75}
)


@dataclass(frozen=True)
class Cues:
    relations: tuple[RelationCues, ...]
    hedge: re.Pattern[str]
    negation: re.Pattern[str]
    object_negation: re.Pattern[str]
    clause_negation: re.Pattern[str] | None
    negation_window: int
    list_separators: re.Pattern[str]
    exemplifiers: re.Pattern[str]
    clause_breaks: re.Pattern[str]
    max_list_gap_words: int
    max_cue_gap_words: int
    singular_pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    determiners: frozenset[str]
    anaphor_nouns: dict[str, tuple[str, ...]]
    expletive: re.Pattern[str] | None
    topic_triggers: re.Pattern[str] | None
    topic_factor: float
    auxiliaries: frozenset[str] = frozenset()
    relative_pronouns: frozenset[str] = frozenset()
    possessive_pronouns: frozenset[str] = frozenset()  # "its", "their": never an object
    participle_prepositions: frozenset[str] = frozenset()
    copulas: re.Pattern[str] | None = None
    part_classes: tuple[str, ...] = ()
    range_words: re.Pattern[str] | None = None
    list_blockers: re.Pattern[str] | None = None
    list_items: ListItemRules | None = None  # unknown items of a known list
    adjacent_negation: re.Pattern[str] | None = None
    bullet: re.Pattern[str] | None = None
    max_heading_words: int = 6
    spelling: tuple[tuple[str, str], ...] = ()
    confidence: Confidence = DEFAULT_CONFIDENCE
    not_negations: tuple[str, ...] = ()
    subject_negation: re.Pattern[str] | None = None
    subject_links: frozenset[str] = frozenset()
    near_subject_links: frozenset[str] = frozenset()
    copular_predicate: re.Pattern[str] | None = None
    class_predicate: re.Pattern[str] | None = None
    modifier_participle: re.Pattern[str] | None = None
    unnamed_owner: re.Pattern[str] | None = None  # "side effects [of the eye drops] include"
    renaming: re.Pattern[str] | None = None  # "..., referred to as X": X names what went before
    first_verb: re.Pattern[str] | None = None  # the verb a sentence's subject comes before
    second_predicate: re.Pattern[str] | None = None  # "... and is used for": its own auxiliary
    predicate_noun: re.Pattern[str] | None = None  # "S is a ...": a predicate noun phrase opens
    listing_verbs: re.Pattern[str] | None = None
    relative_link: re.Pattern[str] | None = None
    form_classes: tuple[str, ...] = ()
    salient_classes: tuple[str, ...] = ()  # what "it" refers to, the likeliest first
    plural_classes: tuple[str, ...] = ()  # what "these" refers to
    topic_description_class: str = ""  # "the supplement": the topic of this class
    _scan: AnchorScan = field(init=False, repr=False, compare=False)
    _plan: tuple[tuple[str, str, re.Pattern[str]], ...] = field(
        init=False, repr=False, compare=False
    )  # (relation, kind, pattern) of every cue pattern, in file order
    _by_anchor: dict[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)
    _always: frozenset[int] = field(init=False, repr=False, compare=False)  # no anchors

    def __post_init__(self) -> None:
        plan: list[tuple[str, str, re.Pattern[str]]] = []
        by_anchor: dict[str, list[int]] = {}
        always: set[int] = set()
        for rel in self.relations:
            for kind, pattern in rel.patterns.items():
                anchors = rel.anchors.get(kind)
                if anchors is None:
                    always.add(len(plan))
                for a in anchors or ():
                    by_anchor.setdefault(a, []).append(len(plan))
                plan.append((rel.name, kind, pattern))
        object.__setattr__(self, "_scan", AnchorScan(frozenset(by_anchor)))
        object.__setattr__(self, "_plan", tuple(plan))
        object.__setattr__(self, "_by_anchor", {a: tuple(i) for a, i in by_anchor.items()})
        object.__setattr__(self, "_always", frozenset(always))

    def relation(self, name: str) -> RelationCues:
        for r in self.relations:
            if r.name == name:
                return r
        raise KeyError(name)

    def find(self, text: str) -> list[CueMatch]:
        """Every cue in a normalised sentence; where cues overlap, the longest wins
        (cues of the same span for several relations are all kept: types decide)."""
        found: list[CueMatch] = []
        # Only the patterns with an anchor in the text can match (and those without any).
        run = set(self._always)
        for anchor in self._scan.present(text):
            run.update(self._by_anchor[anchor])
        for i in sorted(run):
            name, kind, pattern = self._plan[i]
            for m in pattern.finditer(text):
                if m.end() > m.start():
                    found.append(CueMatch(m.start(), m.end(), name, kind))
        found.sort(key=lambda c: (-(c.end - c.begin), c.begin, c.relation, c.kind))
        kept: list[CueMatch] = []
        for cue in found:
            clash = [k for k in kept if k.begin < cue.end and cue.begin < k.end]
            if all(k.begin == cue.begin and k.end == cue.end for k in clash):
                kept.append(cue)
        return sorted(kept)


def _strings(table: dict[str, Any], key: str, where: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise OntologyError(f"cues.toml: {where}.{key} must be a list of strings")
    return list(value)


def _required(pattern: re.Pattern[str] | None, where: str) -> re.Pattern[str]:
    if pattern is None:
        raise OntologyError(f"cues.toml: {where} is empty")
    return pattern


def load_cues(path: Path) -> Cues:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise OntologyError(f"{path.name}: {exc}") from None
    relations = []
    for name, table in sorted(data.get("relations", {}).items()):
        where = f"relations.{name}"
        patterns = {}
        anchors = {}
        for kind in KINDS:
            compiled = _compile(_strings(table, kind, where), where=f"{where}.{kind}")
            if compiled is not None:
                patterns[kind] = compiled
                found = cue_anchors(_strings(table, kind, where))
                if found is not None:
                    anchors[kind] = found
        relations.append(
            RelationCues(
                name=name,
                subject=tuple(_strings(table, "subject", where)),
                object=tuple(_strings(table, "object", where)),
                not_subject=tuple(_strings(table, "not_subject", where)),
                patterns=patterns,
                object_suffix=_compile_attached(
                    _strings(table, "object_suffix", where), where=where, before=False
                ),
                object_prefix=_compile_attached(
                    _strings(table, "object_prefix", where), where=where, before=True
                ),
                subject_suffix=_compile_attached(
                    _strings(table, "subject_suffix", where), where=where, before=False
                ),
                topic_fallback=bool(table.get("topic_fallback", False)),
                parenthetical=bool(table.get("parenthetical", False)),
                blocked_by=_compile_blocker(_strings(table, "blocked_by", where), where),
                not_topic=tuple(_strings(table, "not_topic", where)),
                yields_to=str(table.get("yields_to", "")),
                class_objects=bool(table.get("class_objects", False)),
                too_general=frozenset(_strings(table, "too_general", where)),
                compound_object=_compile(
                    _strings(table, "compound_object", where), where=f"{where}.compound_object"
                ),
                anchors=anchors,
            )
        )
    cert = data.get("certainty", {})
    syn = data.get("syntax", {})
    ana = data.get("anaphora", {})
    topic = data.get("topic", {})
    grammar = data.get("grammar", {})
    return Cues(
        relations=tuple(relations),
        hedge=_required(_compile(_strings(cert, "hedge", "certainty"), where="hedge"), "hedge"),
        negation=_required(
            _compile(_strings(cert, "negation", "certainty"), where="negation"), "negation"
        ),
        object_negation=_required(
            _compile(_strings(cert, "object_negation", "certainty"), where="object_negation"),
            "object_negation",
        ),
        clause_negation=_compile(
            _strings(cert, "clause_negation", "certainty"), where="clause_negation"
        ),
        negation_window=int(cert.get("negation_window", 4)),
        list_separators=re.compile(
            "(?:"
            + _alternation(
                [
                    (r"(?<!\w)" + re.escape(s) + r"(?!\w)") if s[:1].isalpha() else re.escape(s)
                    for s in _strings(syn, "list_separators", "syntax")
                ]
            )
            + ")"
        ),
        exemplifiers=_required(
            _compile(_strings(syn, "exemplifiers", "syntax"), where="exemplifiers"), "exemplifiers"
        ),
        clause_breaks=_required(
            _compile(_strings(syn, "clause_breaks", "syntax"), where="clause_breaks"),
            "clause_breaks",
        ),
        max_list_gap_words=int(syn.get("max_list_gap_words", 4)),
        max_cue_gap_words=int(syn.get("max_cue_gap_words", 8)),
        singular_pronouns=frozenset(_strings(ana, "singular_pronouns", "anaphora")),
        plural_pronouns=frozenset(_strings(ana, "plural_pronouns", "anaphora")),
        possessive_pronouns=frozenset(
            w.lower() for w in ana.get("possessive_pronouns", ()) if isinstance(w, str)
        ),
        determiners=frozenset(_strings(ana, "determiners", "anaphora")),
        anaphor_nouns={
            noun: tuple(classes) for noun, classes in sorted(ana.get("nouns", {}).items())
        },
        expletive=_compile(_strings(ana, "expletive", "anaphora"), where="expletive"),
        topic_triggers=_compile(_strings(topic, "triggers", "topic"), where="topic"),
        topic_factor=float(topic.get("confidence_factor", 0.8)),
        auxiliaries=frozenset(_strings(grammar, "auxiliaries", "grammar")),
        relative_pronouns=frozenset(_strings(grammar, "relative_pronouns", "grammar")),
        participle_prepositions=frozenset(_strings(grammar, "participle_prepositions", "grammar")),
        copulas=_compile(_strings(grammar, "copulas", "grammar"), where="copulas"),
        part_classes=tuple(_strings(data.get("parts", {}), "classes", "parts")),
        range_words=_compile(
            [r"^\W*" + w for w in _strings(syn, "range_words", "syntax")], where="range_words"
        ),
        list_blockers=_compile(_strings(syn, "list_blockers", "syntax"), where="list_blockers"),
        list_items=ListItemRules.load(syn.get("list_items")),
        adjacent_negation=_compile(
            [p + r"\s*$" for p in _strings(cert, "adjacent_negation", "certainty")],
            where="adjacent_negation",
        ),
        bullet=re.compile(data["sections"]["bullet"])
        if data.get("sections", {}).get("bullet")
        else None,
        max_heading_words=int(data.get("sections", {}).get("max_heading_words", 6)),
        spelling=tuple((str(a), str(b)) for a, b in data.get("spelling", {}).get("pairs", [])),
        confidence=_confidence(data.get("confidence", {})),
        not_negations=tuple(_strings(cert, "not_negations", "certainty")),
        subject_negation=_regex(cert.get("subject_negation"), "certainty.subject_negation"),
        subject_links=frozenset(_strings(grammar, "subject_links", "grammar")),
        near_subject_links=frozenset(_strings(grammar, "near_subject_links", "grammar")),
        copular_predicate=_regex(grammar.get("copular_predicate"), "grammar.copular_predicate"),
        class_predicate=_regex(grammar.get("class_predicate"), "grammar.class_predicate"),
        listing_verbs=_regex(grammar.get("listing_verbs"), "grammar.listing_verbs"),
        relative_link=_regex(grammar.get("relative_link"), "grammar.relative_link"),
        modifier_participle=_regex(
            grammar.get("modifier_participle"), "grammar.modifier_participle"
        ),
        unnamed_owner=_regex(grammar.get("unnamed_owner"), "grammar.unnamed_owner"),
        renaming=_regex(grammar.get("renaming"), "grammar.renaming"),
        first_verb=_regex(grammar.get("first_verb"), "grammar.first_verb"),
        second_predicate=_regex(grammar.get("second_predicate"), "grammar.second_predicate"),
        predicate_noun=_regex(grammar.get("predicate_noun"), "grammar.predicate_noun"),
        form_classes=tuple(_strings(data.get("topic", {}), "form_classes", "topic")),
        salient_classes=tuple(_strings(ana, "salient_classes", "anaphora")),
        plural_classes=tuple(_strings(ana, "plural_classes", "anaphora")),
        topic_description_class=str(ana.get("topic_description_class", "")),
    )


def _confidence(table: dict[str, Any]) -> Confidence:
    d = DEFAULT_CONFIDENCE
    try:
        return Confidence(
            base={k: float(table.get(k, v)) for k, v in d.base.items()},
            coreference=float(table.get("coreference_factor", d.coreference)),
            discovered=float(table.get("discovered_factor", d.discovered)),
            hedged=float(table.get("hedged_factor", d.hedged)),
        )
    except (TypeError, ValueError) as exc:
        raise OntologyError(f"cues.toml: [confidence] must hold numbers: {exc}") from None


def _regex(pattern: object, where: str) -> re.Pattern[str] | None:
    if pattern is None:
        return None
    if not isinstance(pattern, str):
        raise OntologyError(f"cues.toml: {where} must be a string")
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise OntologyError(f"cues.toml: bad pattern in {where}: {exc}") from None
