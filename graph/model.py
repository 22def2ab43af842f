"""Value objects that travel through the pipeline.

Every stage is a pure function from these objects to these objects:
read -> Document; sentences -> Sentence; mentions/coref -> Mention;
extract -> Assertion (with Evidence). All are frozen, hashable and ordered
so that the same input always yields the same output.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum


class Certainty(str, Enum):
    """How firmly a sentence states a fact."""

    ASSERTED = "asserted"
    HEDGED = "hedged"  # "may", "can", "potential", "reported", "suggest"
    NEGATED = "negated"  # "does not", "no", "without", "neither"


# The one place where evidence combines into a fact's certainty and confidence; the graph
# model (graph.rdf.triples) uses these for assertion nodes.


def combine_certainty(certainties: Iterable[Certainty], *, denial: bool = True) -> Certainty:
    """A fact's certainty from its evidence: negated if any evidence denies it (when
    `denial`), else asserted if any asserts it, else hedged."""
    seen = set(certainties)
    if denial and Certainty.NEGATED in seen:
        return Certainty.NEGATED
    return Certainty.ASSERTED if Certainty.ASSERTED in seen else Certainty.HEDGED


def noisy_or(confidences: Iterable[float]) -> float:
    """Noisy-OR, 1 - prod(1 - c_i), over confidences in ascending order, to 4 decimals."""
    remaining = 1.0
    for c in sorted(confidences):
        remaining *= 1.0 - c
    return round(1.0 - remaining, 4)


@dataclass(frozen=True, order=True)
class Document:
    """One input document, identified by the SHA-256 of its decoded text."""

    id: str  # hex SHA-256 of the UTF-8 encoded text: same text, same id
    text: str
    source: str  # path as given relative to the corpus root (never an absolute machine path)
    title: str
    media_type: str  # text/plain, text/markdown, text/html, application/pdf, ...
    size: int  # bytes of the original file (of the article's text, for one of many)
    # Publication metadata where the source gives it (pmid, pmcid, doi, journal, year),
    # as sorted (key, value) pairs so that the document stays hashable.
    metadata: tuple[tuple[str, str], ...] = ()
    # Spans of the title and headings the source marks (XML, HTML): their sentences set
    # the topic but state no facts.
    headings: tuple[tuple[int, int], ...] = ()

    @property
    def meta(self) -> dict[str, str]:
        return dict(self.metadata)


@dataclass(frozen=True, order=True)
class Sentence:
    """A sentence with character offsets into its document's text."""

    doc_id: str
    index: int
    begin: int
    end: int
    text: str  # == document.text[begin:end]


@dataclass(frozen=True, order=True)
class Entity:
    """A thing the graph talks about: from the lexicon, or discovered in text."""

    id: str  # readable slug, local name of the entity IRI ("Quinine")
    label: str
    cls: str  # local name of its class in the vocabulary ("Alkaloid")
    alt_labels: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()  # full IRIs of verified public identifiers
    discovered: bool = False  # found by shape and context, not in the lexicon
    generic: bool = False  # names a class of things ("alkaloids"), not one thing


@dataclass(frozen=True, order=True)
class Mention:
    """A span of a sentence that refers to an entity."""

    begin: int  # offsets into the document text
    end: int
    text: str  # == document.text[begin:end]
    entity: str  # Entity.id
    cls: str  # class local name of the entity
    source: str = "lexicon"  # lexicon | discovered | coreference
    group: int = -1  # mentions of one coordinated list share a group number (-1: alone)

    def in_group(self, group: int) -> Mention:
        """This mention in list `group` (what dataclasses.replace gives, at a third of
        its cost: lists regroup every mention of every sentence)."""
        return Mention(self.begin, self.end, self.text, self.entity, self.cls, self.source, group)


@dataclass(frozen=True, order=True)
class Evidence:
    """One sentence that states a fact, with where the parts of the fact are."""

    doc_id: str
    sentence_begin: int
    sentence_end: int
    sentence_text: str
    subject_begin: int
    subject_end: int
    object_begin: int
    object_end: int
    cue: str  # the cue phrase as written ("relief from")
    rule: str  # the rule that found the fact ("forward-cue", "nominal-cue", ...)
    certainty: Certainty
    confidence: float  # in [0, 1]


@dataclass(frozen=True, order=True)
class Assertion:
    """A fact: (subject, relation, object) and whether the text denies it.

    Identity is (subject, relation, object, negated); evidence is excluded from
    equality so that the same fact from several sentences merges into one.
    """

    subject: str  # Entity.id
    relation: str  # relation local name ("alleviates")
    object: str  # Entity.id
    negated: bool = False
    evidence: tuple[Evidence, ...] = field(default=(), compare=False, hash=False)

    @property
    def key(self) -> tuple[str, str, str, bool]:
        return (self.subject, self.relation, self.object, self.negated)

    @property
    def certainty(self) -> Certainty:
        """Negated if denied; otherwise asserted if any evidence asserts it, else hedged."""
        if self.negated:
            return Certainty.NEGATED
        return combine_certainty((e.certainty for e in self.evidence), denial=False)

    @property
    def confidence(self) -> float:
        """Noisy-OR over the evidence: 1 - prod(1 - c_i)."""
        return noisy_or(e.confidence for e in self.evidence)


@dataclass(frozen=True)
class DocumentResult:
    """What extraction yields for one document."""

    document: Document
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]  # every entity mentioned in the document
    mentions: tuple[Mention, ...]
    assertions: tuple[Assertion, ...]
