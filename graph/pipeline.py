"""The flow from documents to facts: read -> sentences -> mentions -> coreference ->
assertions. Each document is processed alone (so documents can be processed in
parallel); the RDF stage merges them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graph.domain.cues import Cues, load_cues
from graph.domain.lexicon import Lexicon, load_lexicon
from graph.mentions.open_lexicon import OpenLexicon
from graph.mentions.coreference import AnaphorPatterns, Discourse, resolve
from graph.mentions.discovery import Discoverer
from graph.mentions.lists import coordinate
from graph.mentions.matcher import Match, Matcher
from graph.model import Assertion, Document, DocumentResult, Entity, Evidence, Mention, Sentence
from graph.paths import ontology_dir
from graph.relations.extractor import Extractor, Topic, View
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
    open_lexicon: OpenLexicon | None = None
    labels: dict[str, Entity] = field(default_factory=dict)  # lower-case label -> entity


def load_context(ontology: Path | None = None) -> Context:
    """Read the lexicon and cues from `ontology` (default: the packaged ontology/)."""
    folder = ontology or ontology_dir()
    lexicon = load_lexicon(folder)
    cues = load_cues(folder / "cues.toml")
    return Context(
        lexicon=lexicon,
        cues=cues,
        matcher=Matcher(lexicon, cues.spelling),
        extractor=Extractor(lexicon, cues),
        anaphors=AnaphorPatterns.build(cues),
        discoverer=Discoverer.build(folder, lexicon),
        open_lexicon=OpenLexicon.open(folder / "lexicon" / "open", lexicon.entities, cues.spelling),
        labels={e.label.lower(): e for e in lexicon.entities.values()},
    )


def _merge(assertions: Iterable[Assertion]) -> tuple[Assertion, ...]:
    """One assertion per fact, with the evidence of every sentence that states it."""
    evidence: dict[tuple[str, str, str, bool], set[Evidence]] = {}
    for a in assertions:
        evidence.setdefault(a.key, set()).update(a.evidence)
    return tuple(
        Assertion(k[0], k[1], k[2], k[3], tuple(sorted(evidence[k]))) for k in sorted(evidence)
    )


def extract_document(doc: Document, ctx: Context) -> DocumentResult:
    """All mentions and facts of one document. Pure: same document, same result."""
    sentences = split_sentences(doc)
    norm = normalize(doc.text)
    found = _common_names(doc, ctx, _with_open_lexicon(doc, ctx, ctx.matcher.find(doc.text)))
    entities: dict[str, Entity] = {}
    lexicon_mentions = [
        Mention(m.begin, m.end, doc.text[m.begin : m.end], m.entity, _entity(ctx, m.entity).cls)
        for m in found
    ]
    discovered_entities, discovered = ctx.discoverer.discover(
        doc, sentences, norm, found, _resolver(ctx), {m.entity: m.cls for m in lexicon_mentions}
    )
    entities.update(discovered_entities)
    if discovered:
        covered = bytearray(len(doc.text))
        for d in discovered:
            covered[d.begin : d.end] = b"\x01" * (d.end - d.begin)
        lexicon_mentions = [m for m in lexicon_mentions if 1 not in covered[m.begin : m.end]]
    lexicon_mentions += _abbreviations(doc.text, sorted(lexicon_mentions + discovered))
    by_sentence: list[list[Mention]] = [[] for _ in sentences]
    starts = [s.begin for s in sentences]
    import bisect

    for m in sorted(lexicon_mentions + discovered):
        i = bisect.bisect_right(starts, m.begin) - 1
        if 0 <= i < len(sentences) and m.end <= sentences[i].end:
            by_sentence[i].append(m)
    discourse = Discourse()
    section: tuple[str, str] | None = None  # (relation, heading) of the current list
    all_mentions: list[Mention] = []
    assertions: list[Assertion] = []
    next_group = 0
    known = {**ctx.lexicon.entities, **entities}
    for sentence, mentions in zip(sentences, by_sentence, strict=True):
        text = norm[sentence.begin : sentence.end]
        kind = _line_kind(doc.text, sentence, ctx.cues)
        if kind == "heading":
            section = _heading_relation(text, ctx.cues)
        elif kind == "paragraph":
            section = None
        if not mentions:
            discourse.add(mentions, ctx.lexicon)
            continue  # no entity, no fact: spend nothing more here
        cue_matches = ctx.cues.find(text)
        mentions = coordinate(
            mentions,
            text,
            sentence.begin,
            ctx.cues,
            ctx.lexicon.hierarchy,
            next_group,
            cue_matches,
        )
        next_group += len(mentions) + 1
        anaphors = resolve(
            text,
            sentence.text,
            sentence.begin,
            mentions,
            discourse,
            ctx.lexicon,
            ctx.cues,
            ctx.anaphors,
            next_group,
        )
        next_group += len(anaphors) + 1
        if anaphors:
            spans = [(a.begin, a.end) for a in anaphors]
            mentions = [m for m in mentions if not any(b < m.end and m.begin < e for b, e in spans)]
            mentions = sorted(mentions + anaphors)
        discourse.add(mentions, ctx.lexicon)
        all_mentions.extend(mentions)
        for m in mentions:
            if m.entity not in entities:
                entities[m.entity] = known.get(m.entity) or _entity(ctx, m.entity)
        view = View(sentence, text, tuple(mentions), tuple(cue_matches))
        topic = Topic(source=lambda: discourse.topics(ctx.lexicon))
        assertions.extend(ctx.extractor.facts(view, topic))
        if kind == "bullet" and section is not None:
            assertions.extend(ctx.extractor.section_facts(view, section[0], section[1], topic))
    return DocumentResult(
        document=doc,
        sentences=sentences,
        entities=tuple(entities[k] for k in sorted(entities)),
        mentions=tuple(sorted(all_mentions)),
        assertions=_merge(assertions),
    )


def _entity(ctx: Context, entity_id: str) -> Entity:
    """A lexicon entity, curated or generated."""
    known = ctx.lexicon.entities.get(entity_id)
    if known is None and ctx.open_lexicon is not None:
        known = ctx.open_lexicon.entity(entity_id)
    if known is None:
        raise KeyError(entity_id)
    return known


def _with_open_lexicon(doc: Document, ctx: Context, found: list[Match]) -> list[Match]:
    """The curated lexicon's matches, and the generated lexicon's where those leave room."""
    if ctx.open_lexicon is None:
        return found
    taken = bytearray(len(doc.text))
    for m in found:
        taken[m.begin : m.end] = b"\x01" * (m.end - m.begin)
    extra = [m for m in ctx.open_lexicon.find(doc.text) if 1 not in taken[m.begin : m.end]]
    return sorted(found + extra, key=lambda m: m.begin) if extra else found


def _resolver(ctx: Context) -> Callable[[Iterable[str]], dict[str, tuple[str, str]]]:
    """Names (lower case) -> (id, class) of the lexicon entities they are labels of."""

    def resolve(names: Iterable[str]) -> dict[str, tuple[str, str]]:
        wanted = list(names)
        out = {n: (e.id, e.cls) for n in wanted if (e := ctx.labels.get(n)) is not None}
        if ctx.open_lexicon is not None:
            rest = [n for n in wanted if n not in out]
            for form, (entity, exact, _capital) in ctx.open_lexicon.lookup(rest).items():
                found = ctx.open_lexicon.entity(entity)
                if found is not None and not exact:
                    out[form] = (found.id, found.cls)
        return out

    return resolve


def _common_names(doc: Document, ctx: Context, found: list[Match]) -> list[Match]:
    """A plant's common name names the remedy only where the text uses it as one;
    elsewhere ("the sacred lotus (Nelumbo nucifera)") it is the plant's."""
    rules = ctx.discoverer.names
    if ctx.open_lexicon is None or rules is None:
        return found
    lowered = doc.text.lower()
    out = []
    for m in found:
        entity = ctx.lexicon.entities.get(m.entity)
        if entity is None:
            plant = ctx.open_lexicon.plant_of(m.entity)
            if plant is not None and not rules.used_as_remedy(lowered, lowered[m.begin : m.end]):
                m = Match(m.begin, m.end, plant)
        out.append(m)
    return out


_DEFINED = re.compile(r" \(([A-Z][A-Za-z0-9-]{1,9})\)")


def _abbreviations(text: str, mentions: list[Mention]) -> list[Mention]:
    """Abbreviations a document defines: "paynantheine (PAY)" makes every later "PAY" a
    mention of paynantheine. Only a short token in capitals that names nothing else."""
    taken = bytearray(len(text))
    for m in mentions:
        taken[m.begin : m.end] = b"\x01" * (m.end - m.begin)
    defined: dict[str, Mention] = {}
    for m in mentions:
        hit = _DEFINED.match(text, m.end)
        if hit is None or sum(c.isupper() for c in hit.group(1)) < 2:
            continue
        if 1 in taken[hit.start(1) : hit.end(1)]:
            continue  # the lexicon knows it already
        defined.setdefault(hit.group(1), m)
    out = []
    for short, owner in sorted(defined.items()):
        for hit in re.finditer(r"(?<![\w-])" + re.escape(short) + r"(?![\w-])", text):
            b, e = hit.span()
            if b > owner.begin and 1 not in taken[b:e]:
                taken[b:e] = b"\x01" * (e - b)
                out.append(Mention(b, e, text[b:e], owner.entity, owner.cls, owner.source))
    return out


def _line_kind(text: str, sentence: Sentence, cues: Cues) -> str:
    """heading, bullet, paragraph (a sentence starting a line) or inline."""
    starts_line = sentence.begin == 0 or text[sentence.begin - 1] == "\n"
    if not starts_line:
        return "inline"
    if cues.bullet is not None and cues.bullet.match(sentence.text):
        return "bullet"
    words = sentence.text.split()
    ends_line = sentence.end == len(text) or text[sentence.end] == "\n"
    if ends_line and len(words) <= cues.max_heading_words and sentence.text[-1] not in ".!?":
        return "heading"
    return "paragraph"


def _heading_relation(text: str, cues: Cues) -> tuple[str, str] | None:
    """The relation a heading announces ("Adverse effects" -> mayCause), if any."""
    for cue in cues.find(text):
        if cue.kind == "nominal":
            return cue.relation, text.strip().rstrip(":")
    return None


def extract_documents(
    docs: Iterable[Document], ctx: Context | None = None
) -> Iterator[DocumentResult]:
    """Extract each document in turn (streaming: one document in memory at a time)."""
    context = ctx or load_context()
    for doc in docs:
        yield extract_document(doc, context)
