"""The RDF stage without an rdflib Graph: DocumentResults -> sorted Turtle, streaming.

It writes the same triples as `graph.rdf.memory.results_to_graph` (docs/graph-model.md) and the
same bytes as `graph.rdf.files.write_graph`, but holds in memory only one aggregate per
fact and per entity. Each document is turned into a `DocPart`: the Turtle of its own
subjects (the document, its sentences and evidence nodes, the links of its assertions to
that evidence), pre-rendered in a sortable record form, plus what the aggregates need.
Records go to a `Sink` (sorted runs spilled to temporary files); at the end the runs, the
ontology and the aggregates (entities with their direct triples and role classes,
assertions with certainty, confidence, evidence count, rules, contradictions: what
`graph.rdf.memory.finalize` derives) are merged by subject into graph.ttl.

A record is one line, `subject IRI \\t body`; the body is the subject's predicate lines
separated by \\x1e, each `verb \\x1d object \\x1c object ...` (Turtle text; escaped Turtle
never holds a control character, so the separators are unambiguous). Records of one
subject from several sources (an assertion's links from each document and its
aggregate) are parsed back and merged.

Import lazily: the ontology part uses rdflib (once, on the small ontology graph).
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import re
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from sys import intern
from typing import IO, TYPE_CHECKING, Any

from graph.domain import namespaces as ns
from graph.model import Certainty, Document, DocumentResult, Entity

if TYPE_CHECKING:
    from graph.pipeline import Context

# A term: an IRI (str) or a literal (lexical form, datatype IRI or "" for a plain literal).
Term = str | tuple[str, str]
Key = tuple[int, str, str, str]  # graphio.TurtleWriter._sort_key
Props = dict[str, dict[Key, str]]  # predicate IRI -> object sort key -> object text

RDF_TYPE = ns.RDF + "type"
_XSD_STRING = ns.XSD + "string"
_INTEGER = ns.XSD + "integer"
_DECIMAL = ns.XSD + "decimal"
_BOOLEAN = ns.XSD + "boolean"
_NONNEG = ns.XSD + "nonNegativeInteger"
_BARE = {
    _INTEGER: re.compile(r"[+-]?\d+"),
    _DECIMAL: re.compile(r"[+-]?\d*\.\d+"),
    _BOOLEAN: re.compile(r"true|false"),
}
_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?")
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_UNESCAPE = re.compile(r'\\(u[0-9A-F]{4}|["\\nrt])')
_UNESCAPES = {'"': '"', "\\": "\\", "n": "\n", "r": "\r", "t": "\t"}
PRED_SEP, VERB_SEP, OBJ_SEP = "\x1e", "\x1d", "\x1c"

CERTAINTY = {
    Certainty.ASSERTED: ns.KG + "Asserted",
    Certainty.HEDGED: ns.KG + "Hedged",
    Certainty.NEGATED: ns.KG + "Negated",
}
_K = ns.KG
_TRUE: Term = ("true", _BOOLEAN)
DEFAULT_RUN_LINES = 300_000  # records held before a sorted run is spilled to disk
SUMMARY_MAX_FACTS = 50_000  # direct triples kept for a page without evidence


# ---------------------------------------------------------------- terms as Turtle


def escape_string(text: str) -> str:
    if not _NEEDS_ESCAPE.search(text):
        return text
    return "".join(
        _ESCAPES.get(ch) or (f"\\u{ord(ch):04X}" if ord(ch) < 32 or ord(ch) == 127 else ch)
        for ch in text
    )


def _unescape(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        code = m.group(1)
        return chr(int(code[1:], 16)) if len(code) == 5 else _UNESCAPES[code]

    return _UNESCAPE.sub(one, text) if "\\" in text else text


def iri_ref(iri: str) -> str:
    return (
        "<"
        + "".join(f"\\u{ord(ch):04X}" if ch in '<>"{}|^`\\ ' or ord(ch) < 33 else ch for ch in iri)
        + ">"
    )


_PREFIXES = sorted(ns.PREFIXES.items(), key=lambda kv: -len(kv[1]))
_BY_PREFIX = dict(ns.PREFIXES)


@lru_cache(maxsize=65536)
def qname(iri: str) -> str:
    """The Turtle name of an IRI, as graphio.TurtleWriter writes it."""
    for prefix, space in _PREFIXES:
        if iri.startswith(space) and _LOCAL.fullmatch(iri[len(space) :]):
            return f"{prefix}:{iri[len(space) :]}"
    return iri_ref(iri)


def name(t: Term) -> str:
    if isinstance(t, str):
        return qname(t)
    lex, dt = t
    if dt in _BARE and _BARE[dt].fullmatch(lex):
        return lex
    text = '"' + escape_string(lex) + '"'
    return text if not dt or dt == _XSD_STRING else f"{text}^^{qname(dt)}"


def key(t: Term) -> Key:
    if isinstance(t, str):
        return (0, t, "", "")
    return (2, t[1], "", t[0])


def key_of_text(text: str) -> Key:
    """The sort key of an object from its Turtle text (IRIs and literals of the data)."""
    if text.startswith("<"):
        return (0, _unescape(text[1:-1]), "", "")
    if text.startswith('"'):
        close = text.rfind('"')
        lex, suffix = _unescape(text[1:close]), text[close + 1 :]
        if suffix.startswith("@"):
            return (2, "", suffix[1:], lex)
        return (2, _expand(suffix[2:]) if suffix else "", "", lex)
    if ":" in text:
        return (0, _expand(text), "", "")
    for dt, pattern in _BARE.items():
        if pattern.fullmatch(text):
            return (2, dt, "", text)
    raise ValueError(f"not an object of the data: {text!r}")


def _expand(text: str) -> str:
    if text == "a":
        return RDF_TYPE
    if text.startswith("<"):
        return _unescape(text[1:-1])
    prefix, _, local = text.partition(":")
    return _BY_PREFIX[prefix] + local


def _pred_order(p: str) -> tuple[bool, str]:
    return (p != RDF_TYPE, p)


def render_props(props: Props) -> str:
    """The record body of a subject (graphio.TurtleWriter._predicate_objects)."""
    lines = []
    for p in sorted(props, key=_pred_order):
        verb = "a" if p == RDF_TYPE else qname(p)
        objects = props[p]
        texts = (
            [objects[k] for k in sorted(objects)] if len(objects) > 1 else list(objects.values())
        )
        lines.append(verb + VERB_SEP + OBJ_SEP.join(texts))
    return PRED_SEP.join(lines)


def _turtle(body: str) -> str:
    return body.replace(PRED_SEP, " ;\n    ").replace(VERB_SEP, " ").replace(OBJ_SEP, ", ")


def parse_body(body: str, into: Props) -> None:
    for line in body.split(PRED_SEP):
        verb, _, objects = line.partition(VERB_SEP)
        table = into.setdefault(_expand(verb), {})
        for text in objects.split(OBJ_SEP):
            table[key_of_text(text)] = text


def _props(terms: dict[str, set[Term]]) -> Props:
    return {p: {key(o): name(o) for o in objs} for p, objs in terms.items() if objs}


# ---------------------------------------------------------------- one document


def _hash16(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def decimal_text(value: float) -> str:
    """graph.rdf.memory.decimal_literal's lexical form."""
    text = f"{value:.4f}".rstrip("0")
    if text.endswith("."):
        text += "0"
    return "0.0" if text == "-0.0" else text


@dataclass(frozen=True)
class FactPart:
    """What one document says about one fact: its distinct evidence nodes' values."""

    key: tuple[str, str, str, bool]  # subject id, relation local name, object id, negated
    certainties: frozenset[str]  # certainty IRIs of its evidence nodes
    confidences: tuple[float, ...]  # one per distinct evidence node
    rules: frozenset[str]
    raw_certainty: Certainty  # Assertion.certainty (the build summary counts it)


@dataclass(frozen=True)
class DocPart:
    """A document turned into sink records plus what the aggregates need (no text)."""

    doc_id: str
    sentences: int
    entities: tuple[Entity, ...]
    facts: tuple[FactPart, ...]
    records: tuple[str, ...]  # "subject\tbody" lines


def document_part(result: DocumentResult) -> DocPart:
    """The records and aggregate inputs of one document (pure; runs in workers too)."""
    K, P, N = ns.KG, ns.PROV, ns.NIF
    subjects: dict[str, dict[str, set[Term]]] = defaultdict(lambda: defaultdict(set))
    d = result.document
    doc = ns.DOC + d.id[:16]
    node = subjects[doc]
    node[RDF_TYPE].update((K + "Document", P + "Entity"))
    if d.title:
        node[ns.DCTERMS + "title"].add((d.title, ""))
    node[K + "sourcePath"].add((d.source, ""))
    node[K + "sha256"].add((d.id, ""))
    node[K + "size"].add((str(d.size), _INTEGER))
    node[ns.DCTERMS + "format"].add((d.media_type, ""))
    for entity in result.entities:
        node[K + "mentions"].add(ns.ENT + entity.id)
    facts: dict[tuple[str, str, str, bool], dict[str, tuple[str, float, str]]] = {}
    raw: dict[tuple[str, str, str, bool], Certainty] = {}
    for a in result.assertions:
        local = _hash16(f"{a.subject}|{a.relation}|{a.object}|{1 if a.negated else 0}")
        asr = ns.ASSERTION + local
        evidence = facts.setdefault(a.key, {})
        if raw.get(a.key) is not Certainty.ASSERTED:
            raw[a.key] = a.certainty
        for e in a.evidence:
            sentence = f"{ns.DOC}{e.doc_id[:16]}#char={e.sentence_begin},{e.sentence_end}"
            s = subjects[sentence]
            s[RDF_TYPE].update((N + "Sentence", N + "OffsetBasedString"))
            s[N + "anchorOf"].add((e.sentence_text, ""))
            s[N + "beginIndex"].add((str(e.sentence_begin), _NONNEG))
            s[N + "endIndex"].add((str(e.sentence_end), _NONNEG))
            s[N + "referenceContext"].add(ns.DOC + e.doc_id[:16])
            ev = ns.EVIDENCE + _hash16(
                f"{local}|{e.doc_id}|{e.sentence_begin}|{e.subject_begin}|{e.object_begin}|{e.cue}"
            )
            certainty = CERTAINTY[Certainty.NEGATED if a.negated else e.certainty]
            confidence = decimal_text(e.confidence)
            v = subjects[ev]
            v[RDF_TYPE].add(K + "Evidence")
            v[K + "certainty"].add(certainty)
            v[K + "confidence"].add((confidence, _DECIMAL))
            v[K + "rule"].add((e.rule, ""))
            v[K + "cue"].add((e.cue, ""))
            v[K + "subjectBegin"].add((str(e.subject_begin), _INTEGER))
            v[K + "subjectEnd"].add((str(e.subject_end), _INTEGER))
            v[K + "objectBegin"].add((str(e.object_begin), _INTEGER))
            v[K + "objectEnd"].add((str(e.object_end), _INTEGER))
            v[P + "wasDerivedFrom"].add(sentence)
            links = subjects[asr]
            links[K + "hasEvidence"].add(ev)
            links[P + "wasDerivedFrom"].add(sentence)
            # An evidence node stated twice keeps its first values (in rdflib one is picked).
            evidence.setdefault(ev, (certainty, float(confidence), e.rule))
    parts = tuple(
        FactPart(
            k,
            frozenset(c for c, _, _ in evs.values()),
            tuple(x for _, x, _ in evs.values()),
            frozenset(r for _, _, r in evs.values()),
            raw[k],
        )
        for k, evs in facts.items()
    )
    records = tuple(s + "\t" + render_props(_props(props)) for s, props in subjects.items())
    return DocPart(d.id, len(result.sentences), result.entities, parts, records)


# ---------------------------------------------------------------- aggregates


@dataclass(slots=True)
class _FactAgg:
    certainties: set[str] = field(default_factory=set)
    confidences: dict[float, int] = field(default_factory=dict)
    rules: set[str] = field(default_factory=set)
    count: int = 0


@dataclass(slots=True)
class _EntityAgg:
    classes: set[str] = field(default_factory=set)
    labels: set[str] = field(default_factory=set)
    alts: set[str] = field(default_factory=set)
    identifiers: set[str] = field(default_factory=set)
    discovered: bool = False
    generic: bool = False


class Aggregates:
    """Per-fact and per-entity state; `finalize` derives what graph.rdf.memory.finalize does."""

    def __init__(self) -> None:
        self.facts: dict[tuple[str, str, str, bool], _FactAgg] = {}
        self.entities: dict[str, _EntityAgg] = {}
        self.documents: set[str] = set()

    def add(self, part: DocPart) -> None:
        repeated = part.doc_id in self.documents  # same text again: its evidence is known
        self.documents.add(part.doc_id)
        for e in part.entities:
            agg = self.entities.get(e.id)
            if agg is None:
                agg = self.entities[e.id] = _EntityAgg()
            agg.classes.add(ns.KG + e.cls)
            agg.labels.add(e.label)
            agg.alts.update(e.alt_labels)
            agg.identifiers.update(e.identifiers)
            agg.discovered |= e.discovered
            agg.generic |= e.generic
        for f in part.facts:
            fact = self.facts.get(f.key)
            if fact is None:
                s, rel, o, neg = f.key
                fact = self.facts[(intern(s), intern(rel), intern(o), neg)] = _FactAgg()
            if repeated:
                continue
            fact.certainties |= f.certainties
            fact.rules |= f.rules
            fact.count += len(f.confidences)
            for c in f.confidences:
                fact.confidences[c] = fact.confidences.get(c, 0) + 1

    def finalize(
        self, sink: Sink, max_facts: int = SUMMARY_MAX_FACTS
    ) -> tuple[dict[str, Props], list[tuple[str, str, str]] | None]:
        """Send each assertion node's record to `sink`; return the entities' properties
        (with direct triples and role classes) and the direct triples (None above max_facts).
        """
        from rdflib import Graph

        from graph.rdf.memory import ROLE_CLASSES, schema_of

        schema = schema_of(Graph())
        supers = {str(k): {str(v) for v in vs} for k, vs in schema.super_properties.items()}
        parents = {str(k): {str(v) for v in vs} for k, vs in schema.super_classes.items()}
        roles = [(str(r), str(c), [str(x) for x in ex]) for r, (c, ex) in ROLE_CLASSES.items()]
        disjoint = sorted((str(a), str(b)) for a, b in schema.disjoint_relations)
        out: dict[str, dict[str, set[Term]]] = defaultdict(lambda: defaultdict(set))
        types: dict[str, set[str]] = {}
        for eid, e in self.entities.items():
            node = out[ns.ENT + eid]
            node[RDF_TYPE].update(e.classes)
            node[ns.KG + "primaryClass"].update(e.classes)
            best = min(e.labels)
            node[ns.RDFS + "label"].add((best, ""))
            node[ns.SKOS + "altLabel"].update((a, "") for a in (e.labels | e.alts) - {best})
            node[ns.SKOS + "exactMatch"].update(e.identifiers)
            if e.discovered:
                node[ns.KG + "discovered"].add(_TRUE)
            if e.generic:
                node[ns.KG + "generic"].add(_TRUE)
            types[ns.ENT + eid] = set(e.classes)
        negated_iri = CERTAINTY[Certainty.NEGATED]
        certainty = {k: _certainty(f) for k, f in self.facts.items() if f.count}
        # Role classes depend on the order of the facts only when a role class is itself
        # under an exempt class; then take graph.rdf.memory.finalize's order (assertion IRI).
        keys: Iterable[tuple[str, str, str, bool]] = certainty
        if any(r == x or x in parents.get(r, ()) for _, r, ex in roles for x in ex):
            keys = sorted(certainty, key=_assertion_iri)
        direct: list[tuple[str, str, str]] | None = []
        for k in keys:
            if certainty[k] == negated_iri:
                continue
            s, rel, o = ns.ENT + k[0], ns.KG + k[1], ns.ENT + k[2]
            up = supers.get(rel, set())
            for p in {rel} | up:
                out[s][p].add(o)
                if direct is not None:
                    direct.append((s, p, o))
                    if len(direct) > max_facts:
                        direct = None
            classes = types.setdefault(o, set())
            for role_rel, role, exempt in roles:
                if role_rel not in up and role_rel != rel:
                    continue
                if any(c == x or x in parents.get(c, ()) for c in classes for x in exempt):
                    continue
                classes.add(role)
                out[o][RDF_TYPE].add(role)
        for k, agg in self.facts.items():
            if agg.count:
                sink.extend([self._assertion_record(k, agg, certainty, disjoint)])
        return {s: _props(props) for s, props in out.items()}, direct

    def _assertion_record(
        self,
        k: tuple[str, str, str, bool],
        agg: _FactAgg,
        certainty: dict[tuple[str, str, str, bool], str],
        disjoint: list[tuple[str, str]],
    ) -> str:
        s, rel, o, _negated = k
        mine = certainty[k]
        negated_iri = CERTAINTY[Certainty.NEGATED]
        node: dict[str, set[Term]] = {
            RDF_TYPE: {ns.KG + "Assertion"},
            ns.RDF + "subject": {ns.ENT + s},
            ns.RDF + "predicate": {ns.KG + rel},
            ns.RDF + "object": {ns.ENT + o},
            ns.KG + "certainty": {mine},
            ns.KG + "confidence": {(decimal_text(_noisy_or(agg)), _DECIMAL)},
            ns.KG + "evidenceCount": {(str(agg.count), _INTEGER)},
            ns.KG + "rule": {(r, "") for r in agg.rules},
        }
        # kg:contradicts: the same triple with the other polarity, and disjoint relations
        others: set[tuple[str, str, str, bool]] = set()
        for neg in (False, True):
            other = (s, rel, o, neg)
            denied = mine == negated_iri
            if other != k and other in certainty and (certainty[other] == negated_iri) != denied:
                others.add(other)
        if mine != negated_iri:
            for left, right in disjoint:
                for a, b in ((left, right), (right, left)):
                    if ns.KG + rel != a or not b.startswith(ns.KG):
                        continue
                    for neg in (False, True):
                        other = (s, b[len(ns.KG) :], o, neg)
                        if other in certainty and certainty[other] != negated_iri:
                            others.add(other)
        node[ns.KG + "contradicts"] = {_assertion_iri(x) for x in others}
        return _assertion_iri(k) + "\t" + render_props(_props(node))


def _assertion_iri(k: tuple[str, str, str, bool]) -> str:
    return ns.ASSERTION + _hash16(f"{k[0]}|{k[1]}|{k[2]}|{1 if k[3] else 0}")


def _certainty(agg: _FactAgg) -> str:
    for c in (Certainty.NEGATED, Certainty.ASSERTED):
        if CERTAINTY[c] in agg.certainties:
            return CERTAINTY[c]
    return CERTAINTY[Certainty.HEDGED]


def _noisy_or(agg: _FactAgg) -> float:
    remaining = 1.0
    for c in sorted(agg.confidences):
        for _ in range(agg.confidences[c]):
            remaining *= 1.0 - c
            if remaining == 0.0:
                return round(1.0, 4)
    return round(1.0 - remaining, 4)


# ---------------------------------------------------------------- the sink


class Sink:
    """Records kept sorted in runs of `run_lines`; full runs are spilled to `folder`."""

    def __init__(self, folder: Path, run_lines: int = DEFAULT_RUN_LINES) -> None:
        self.folder = folder
        self.run_lines = run_lines
        self.buffer: list[str] = []
        self.runs: list[Path] = []

    def extend(self, records: Iterable[str]) -> None:
        self.buffer.extend(records)
        if len(self.buffer) >= self.run_lines:
            self._spill()

    def _spill(self) -> None:
        self.buffer.sort()
        path = self.folder / f"run-{len(self.runs):05d}.txt"
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.writelines(line + "\n" for line in self.buffer)
        self.runs.append(path)
        self.buffer = []

    def streams(self) -> list[Iterator[tuple[str, str | Props]]]:
        self.buffer.sort()
        out = [_split(iter(self.buffer))]
        out += [_split(_lines(p)) for p in self.runs]
        return out


def _lines(path: Path) -> Iterator[str]:
    with open(path, encoding="utf-8", newline="\n") as fh:
        for line in fh:
            yield line[:-1]


def _split(lines: Iterable[str]) -> Iterator[tuple[str, str | Props]]:
    for line in lines:
        subject, _, body = line.partition("\t")
        yield subject, body


# ---------------------------------------------------------------- writing


@dataclass
class TurtleStats:
    triples: int = 0
    subjects: int = 0


def _ontology_blocks() -> tuple[dict[str, Props], list[str], int]:
    """The ontology's IRI subjects as Props, its top-level blank-node blocks, its size."""
    from rdflib import URIRef

    from graph.rdf.files import TurtleWriter
    from graph.rdf.memory import ontology_graph

    g = ontology_graph()
    writer = TurtleWriter(g)
    props: dict[str, Props] = {}
    for s, table in writer.by_subject.items():
        if isinstance(s, URIRef):
            props[str(s)] = {
                str(p): {writer._sort_key(o): writer.name(o) for o in objs}
                for p, objs in table.items()
            }
    blank = [text for key_, text in sorted(writer.blocks()) if key_[0] != 0]
    return props, blank, len(g)


def write_turtle(
    out: IO[str],
    sink: Sink,
    aggregates: dict[str, Props],
    *,
    ontology: bool = True,
) -> TurtleStats:
    """Merge the sink, the aggregates and the ontology into sorted Turtle on `out`."""
    stats = TurtleStats()
    memory = dict(aggregates)
    blank: list[str] = []
    if ontology:
        onto, blank, _size = _ontology_blocks()
        for s, table in onto.items():
            mine = {p: dict(objs) for p, objs in memory.get(s, {}).items()}
            for p, objs in table.items():
                mine.setdefault(p, {}).update(objs)
            memory[s] = mine
    in_memory: Iterator[tuple[str, str | Props]] = iter(sorted(memory.items()))
    merged = heapq.merge(in_memory, *sink.streams(), key=lambda item: item[0])
    out.write("\n".join(f"@prefix {p}: <{iri}> ." for p, iri in ns.PREFIXES.items()) + "\n")
    for subject, group in itertools.groupby(merged, key=lambda item: item[0]):
        items = [body for _, body in group]
        if len(items) == 1 and isinstance(items[0], str):
            body = items[0]
            stats.triples += body.count(OBJ_SEP) + body.count(PRED_SEP) + 1
        else:
            props: Props = {}
            for item in items:
                if isinstance(item, str):
                    parse_body(item, props)
                else:
                    for p, objs in item.items():
                        props.setdefault(p, {}).update(objs)
            body = render_props(props)
            stats.triples += sum(len(objs) for objs in props.values())
        stats.subjects += 1
        out.write("\n" + qname(subject) + " " + _turtle(body) + " .\n")
    for text in blank:
        out.write("\n" + text)
    if ontology:
        stats.triples += _blank_triples()
    return stats


def _blank_triples() -> int:
    from rdflib import BNode

    from graph.rdf.memory import ontology_graph

    return sum(1 for s, _p, _o in ontology_graph() if isinstance(s, BNode))


# ---------------------------------------------------------------- the whole stage


@dataclass(frozen=True)
class FastResult:
    """What `write_results` wrote."""

    triples: int
    entities: dict[str, Props]  # entity subjects, with their direct triples
    direct: list[tuple[str, str, str]] | None  # direct triples; None when too many to draw


def write_results(
    parts: Iterable[DocPart],
    out: Path,
    *,
    ontology: bool = True,
    on_part: Callable[[DocPart], None] | None = None,
    run_lines: int = DEFAULT_RUN_LINES,
) -> FastResult:
    """Write the graph of `parts` to `out` (atomically) as graphio.write_graph would."""
    from graph.rdf.files import atomic_open

    aggregates = Aggregates()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".phytokg-", dir=out.parent) as tmp:
        sink = Sink(Path(tmp), run_lines)
        for part in parts:
            if on_part is not None:
                on_part(part)
            aggregates.add(part)
            sink.extend(part.records)
        entities, direct = aggregates.finalize(sink)
        del aggregates
        with atomic_open(out) as fh:
            stats = write_turtle(fh, sink, entities, ontology=ontology)
    return FastResult(stats.triples, entities, direct)


def summary_graph(result: FastResult) -> Any:
    """An rdflib Graph of the ontology, the entities and their direct triples (no
    assertion or evidence nodes); empty of facts when `result.direct` is None."""
    from rdflib import Graph, Literal, URIRef

    from graph.rdf.memory import ontology_graph

    g = Graph()
    g += ontology_graph()
    triples: list[Any] = []
    allowed = {ns.RDFS + "label", ns.SKOS + "altLabel", RDF_TYPE, ns.KG + "primaryClass"}
    for s, props in result.entities.items():
        subject = URIRef(s)
        for p, objects in props.items():
            if p not in allowed:
                continue
            pred = URIRef(p)
            for kind, a, lang, lex in objects:
                if kind == 0:
                    triples.append((subject, pred, URIRef(a), g))
                else:
                    literal = Literal(lex, lang=lang or None, datatype=URIRef(a) if a else None)
                    triples.append((subject, pred, literal, g))
    for s, p, o in result.direct or ():
        triples.append((URIRef(s), URIRef(p), URIRef(o), g))
    g.addN(triples)
    return g


def document_parts(
    docs: Iterable[Document],
    context: Context | None,
    workers: int,
    dask: bool,
    dask_scheduler: str | None,
) -> Iterator[DocPart]:
    """Extract and convert each document; with workers > 1 both happen in the workers."""
    if workers > 1 and not (dask or dask_scheduler):
        yield from _parts_parallel(docs, workers, context)
        return
    from graph.build import _extract

    for result in _extract(docs, context, workers, dask, dask_scheduler):
        yield document_part(result)


def _parts_chunk(docs: list[Document], ontology: str | None = None) -> list[DocPart]:
    from graph.pipeline import extract_document
    from graph.scheduler import _worker_context

    ctx = _worker_context(ontology)
    return [document_part(extract_document(d, ctx)) for d in docs]


def _parts_parallel(
    docs: Iterable[Document], workers: int, context: Context | None
) -> Iterator[DocPart]:
    from collections import deque

    from graph.scheduler import (
        _IN_FLIGHT_PER_WORKER,
        _init_worker,
        _mp_context,
        check_workers,
        chunks,
    )

    check_workers(workers)
    mp = _mp_context()
    pending: deque[Any] = deque()
    with mp.Pool(workers, initializer=_init_worker, initargs=(None, context)) as pool:
        for batch in chunks(docs):
            pending.append(pool.apply_async(_parts_chunk, (batch, None)))
            while len(pending) >= workers * _IN_FLIGHT_PER_WORKER:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
