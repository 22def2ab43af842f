"""The flow from a document to facts, one named stage after another:

    read (graph.text.read) -> sentences -> mentions (lexicon, discovery, abbreviations)
    -> per sentence: lists -> coreference -> relations -> merged assertions

Each document is processed alone (so documents can be processed in parallel, see
graph.scheduler); the RDF stage (graph.rdf) merges them."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from graph.domain import memo
from graph.domain.cues import CueMatch, Cues, load_cues
from graph.domain.lexicon import Lexicon, load_lexicon
from graph.mentions.abbreviations import abbreviations
from graph.mentions.coreference import AnaphorPatterns, Discourse, resolve
from graph.mentions.discovery import Discoverer, slug
from graph.mentions.known import KnownEntities
from graph.mentions.list_items import Item, complete
from graph.mentions.lists import coordinate, family, outside_items
from graph.mentions.matcher import Matcher
from graph.mentions.names.common import title_case
from graph.mentions.open_lexicon import OpenLexicon
from graph.mentions.own_names import common_names, listed_names, part_names
from graph.model import Assertion, Document, DocumentResult, Entity, Evidence, Mention, Sentence
from graph.paths import ontology_dir
from graph.relations.extractor import Extractor, Topic, View
from graph.text.sections import heading_relation, line_kind
from graph.text.sentences import split_sentences
from graph.text.textnorm import normalize


@dataclass(frozen=True)
class Context:
    """Everything extraction needs, loaded and indexed once from ontology/."""

    lexicon: Lexicon
    cues: Cues
    matcher: Matcher
    extractor: Extractor
    anaphors: AnaphorPatterns
    discoverer: Discoverer
    known: KnownEntities


def load_context(ontology: Path | None = None) -> Context:
    """Read the lexicon and cues from `ontology` (default: the packaged ontology/)."""
    folder = ontology or ontology_dir()
    lexicon = load_lexicon(folder)
    cues = load_cues(folder / "cues.toml")
    matcher = Matcher(lexicon, cues.spelling)
    discoverer = Discoverer.build(folder, lexicon)
    generated = OpenLexicon.open(
        folder / "lexicon" / "open",
        lexicon.entities,
        cues.spelling,
        frozenset({discoverer.classes.get("plant", "")} - {""}),
    )
    memo.save()  # what reading the patterns found, for the next run
    return Context(
        lexicon=lexicon,
        cues=cues,
        matcher=matcher,
        extractor=Extractor(lexicon, cues),
        anaphors=AnaphorPatterns.build(cues),
        discoverer=discoverer,
        known=KnownEntities.build(lexicon, matcher, generated, discoverer.names),
    )


@dataclass
class Reading:
    """What reading a document has gathered so far (the state the sentence stages share)."""

    entities: dict[str, Entity]  # every entity mentioned, by id
    known: dict[str, Entity]  # the lexicon's entities and the discovered ones
    discourse: Discourse = field(default_factory=Discourse)
    section: tuple[str, str] | None = None  # (relation, heading) of the current list
    next_group: int = 0  # the next free list group number
    mentions: list[Mention] = field(default_factory=list)
    assertions: list[Assertion] = field(default_factory=list)


def extract_document(doc: Document, ctx: Context) -> DocumentResult:
    """All mentions and facts of one document. Pure: same document, same result."""
    sentences = split_sentences(doc)
    norm = normalize(doc.text)
    discovered, mentions = find_mentions(doc, sentences, norm, ctx)
    known = {**ctx.lexicon.entities, **discovered}
    reading = Reading(dict(discovered), known, Discourse(salient=ctx.cues.salient_classes))
    for sentence, found in zip(sentences, by_sentence(mentions, sentences), strict=True):
        text = norm[sentence.begin : sentence.end]
        kind = follow_sections(reading, doc, sentence, text, ctx.cues)
        if not found:
            reading.discourse.add(found, ctx.lexicon)
            continue  # no entity, no fact: spend nothing more here
        cue_matches = tuple(ctx.cues.find(text))
        listed = find_lists(reading, sentence, text, found, cue_matches, ctx)
        cue_matches = outside_items(listed, text, sentence.begin, ctx.cues, cue_matches)
        cue_matches = outside_names(listed, sentence.begin, cue_matches)
        resolved = resolve_coreference(reading, sentence, text, listed, ctx)
        if marked_heading(doc, sentence):
            continue  # a title or heading the source marks: a topic, not a fact
        find_facts(reading, View(sentence, text, tuple(resolved), cue_matches), kind, ctx)
    return DocumentResult(
        document=doc,
        sentences=sentences,
        entities=tuple(reading.entities[k] for k in sorted(reading.entities)),
        mentions=tuple(sorted(reading.mentions)),
        assertions=merge_assertions(yield_subjects(reading.assertions, reading.entities, ctx)),
    )


# ---------------------------------------------------------------- the stages


def find_mentions(
    doc: Document, sentences: tuple[Sentence, ...], norm: str, ctx: Context
) -> tuple[dict[str, Entity], list[Mention]]:
    """Lexicon matches, entities discovered by shape (they win where they overlap), and
    the abbreviations the document defines; with the discovered entities."""
    found = ctx.known.find(doc.text)
    lexicon_mentions = [
        Mention(m.begin, m.end, doc.text[m.begin : m.end], m.entity, ctx.known.entity(m.entity).cls)
        for m in found
    ]
    classes = {m.entity: m.cls for m in lexicon_mentions}
    entities, discovered = ctx.discoverer.discover(
        doc, sentences, norm, found, ctx.known.resolve, classes
    )
    if discovered:
        covered = bytearray(len(doc.text))
        for d in discovered:
            covered[d.begin : d.end] = b"\x01" * (d.end - d.begin)
        lexicon_mentions = [m for m in lexicon_mentions if 1 not in covered[m.begin : m.end]]
    lexicon_mentions += abbreviations(doc.text, sorted(lexicon_mentions + discovered))
    mentions = sorted(lexicon_mentions + discovered)
    classes = ctx.discoverer.classes
    entities = {**entities, **common_names(lexicon_mentions, ctx.known, classes.get("plant"))}
    named = part_names(doc.text, mentions, entities, ctx.known, classes.get("remedy"), ctx.cues)
    entities = {**entities, **named}
    line = ctx.discoverer.names.products.names_list if ctx.discoverer.names else None
    entities = {**entities, **listed_names(doc.text, mentions, entities, ctx.known, line)}
    return dict(entities), mentions


def by_sentence(mentions: list[Mention], sentences: tuple[Sentence, ...]) -> list[list[Mention]]:
    """The mentions of each sentence (a mention across a sentence boundary is dropped)."""
    out: list[list[Mention]] = [[] for _ in sentences]
    starts = [s.begin for s in sentences]
    for m in mentions:
        i = bisect.bisect_right(starts, m.begin) - 1
        if 0 <= i < len(sentences) and m.end <= sentences[i].end:
            out[i].append(m)
    return out


def follow_sections(
    reading: Reading, doc: Document, sentence: Sentence, text: str, cues: Cues
) -> str:
    """The sentence's line kind; a heading opens a section, a paragraph closes it."""
    kind = "heading" if marked_heading(doc, sentence) else line_kind(doc.text, sentence, cues)
    if kind == "heading":
        reading.section = heading_relation(text, cues)
    elif kind == "paragraph":
        reading.section = None
    return kind


def marked_heading(doc: Document, sentence: Sentence) -> bool:
    """Whether the sentence lies in a title or heading the source marks (XML, HTML)."""
    return any(b <= sentence.begin and sentence.end <= e for b, e in doc.headings)


def find_lists(
    reading: Reading,
    sentence: Sentence,
    text: str,
    mentions: list[Mention],
    cue_matches: tuple[CueMatch, ...],
    ctx: Context,
) -> list[Mention]:
    """Coordinated mentions get a shared group number (graph.mentions.lists)."""
    listed = coordinate(
        mentions,
        text,
        sentence.begin,
        ctx.cues,
        ctx.lexicon.hierarchy,
        reading.next_group,
        list(cue_matches),
    )
    reading.next_group += len(listed) + 1
    rules = ctx.cues.list_items
    if rules is None:
        return listed
    items = complete(
        listed, text, sentence.begin, ctx.cues, rules, ctx.lexicon.hierarchy, cue_matches
    )
    added = [item_mention(reading, sentence, item, ctx) for item in items]
    return sorted(listed + [m for m in added if m is not None])


def item_mention(reading: Reading, sentence: Sentence, item: Item, ctx: Context) -> Mention | None:
    """A mention of an unknown list item: the entity of its name if the document knows one
    of the list's family, else a new discovered entity of the list's class."""
    written = sentence.text[item.begin - sentence.begin : item.end - sentence.begin]
    label = title_case(written) if written.islower() else written
    key = slug(label)
    hierarchy = ctx.lexicon.hierarchy
    entity = reading.known.get(key)
    if entity is None:
        alt = (written.lower(),) if written.lower() != label.lower() else ()
        entity = Entity(id=key, label=label, cls=item.cls, alt_labels=alt, discovered=True)
        reading.known[key] = entity
        reading.entities.setdefault(key, entity)
    elif family(entity.cls, hierarchy) != family(item.cls, hierarchy):
        return None
    return Mention(item.begin, item.end, written, entity.id, entity.cls, "discovered", item.group)


def outside_names(
    mentions: list[Mention], offset: int, found: tuple[CueMatch, ...]
) -> tuple[CueMatch, ...]:
    """The cues `found` without those that are a part of a longer name: "rheumatic
    complaints" names a condition and states nothing with its "complaints"."""
    spans = [(m.begin - offset, m.end - offset) for m in mentions]
    return tuple(
        c
        for c in found
        if not any(b <= c.begin and c.end <= e and e - b > c.end - c.begin for b, e in spans)
    )


def resolve_coreference(
    reading: Reading, sentence: Sentence, text: str, mentions: list[Mention], ctx: Context
) -> list[Mention]:
    """Anaphors become mentions of what they refer to (graph.mentions.coreference)."""
    anaphors = resolve(
        text,
        sentence.text,
        sentence.begin,
        mentions,
        reading.discourse,
        ctx.lexicon,
        ctx.cues,
        ctx.anaphors,
        reading.next_group,
    )
    reading.next_group += len(anaphors) + 1
    if anaphors:
        spans = [(a.begin, a.end) for a in anaphors]
        mentions = [m for m in mentions if not any(b < m.end and m.begin < e for b, e in spans)]
        mentions = sorted(mentions + anaphors)
    reading.discourse.add(mentions, ctx.lexicon)
    reading.mentions.extend(mentions)
    for m in mentions:
        if m.entity not in reading.entities:
            known = reading.known.get(m.entity)
            reading.entities[m.entity] = known if known is not None else ctx.known.entity(m.entity)
    return mentions


def find_facts(reading: Reading, view: View, kind: str, ctx: Context) -> None:
    """The sentence's facts (graph.relations), and a bullet's facts under its heading."""
    discourse = reading.discourse
    topic = Topic(source=lambda: discourse.topics(ctx.lexicon))
    reading.assertions.extend(ctx.extractor.facts(view, topic))
    if kind == "bullet" and reading.section is not None:
        relation, heading = reading.section
        reading.assertions.extend(ctx.extractor.section_facts(view, relation, heading, topic))


def yield_subjects(
    assertions: list[Assertion], entities: dict[str, Entity], ctx: Context
) -> list[Assertion]:
    """A fact whose subject is of a class only a named mention may fill (cues.toml
    `not_topic`) goes to what the document says is made from that subject (`yields_to`),
    where it names one: "Germander (Teucrium chamaedrys) is used for fever" is the
    remedy's fact once the text says the remedy is derived from the plant."""
    rules = {r.name: r for r in ctx.cues.relations if r.yields_to}
    if not rules or not any(a.relation in rules for a in assertions):
        return assertions
    is_any = ctx.lexicon.hierarchy.is_any
    # what each source is said to yield, once: relation -> source -> the things made of it
    made_from: dict[str, dict[str, set[str]]] = {r.yields_to: {} for r in rules.values()}
    for b in assertions:
        if b.relation in made_from and not b.negated:
            made_from[b.relation].setdefault(b.object, set()).add(b.subject)
    out = []
    for a in assertions:
        rel = rules.get(a.relation)
        subject = entities.get(a.subject)
        if rel is None or subject is None or not is_any(subject.cls, rel.not_topic):
            out.append(a)
            continue
        # the plant itself, or a species of the genus the subject names
        named = subject.label.lower() + " "
        stand_ins = sorted(
            {
                s
                for source, made in made_from[rel.yields_to].items()
                if source == a.subject
                or (source in entities and entities[source].label.lower().startswith(named))
                for s in made
            }
        )
        out += [replace(a, subject=s) for s in stand_ins] if stand_ins else [a]
    return out


def merge_assertions(assertions: Iterable[Assertion]) -> tuple[Assertion, ...]:
    """One assertion per fact, with the evidence of every sentence that states it."""
    evidence: dict[tuple[str, str, str, bool], set[Evidence]] = {}
    for a in assertions:
        evidence.setdefault(a.key, set()).update(a.evidence)
    return tuple(
        Assertion(k[0], k[1], k[2], k[3], tuple(sorted(evidence[k]))) for k in sorted(evidence)
    )


def extract_documents(
    docs: Iterable[Document], ctx: Context | None = None
) -> Iterator[DocumentResult]:
    """Extract each document in turn (streaming: one document in memory at a time)."""
    context = ctx or load_context()
    for doc in docs:
        yield extract_document(doc, context)
