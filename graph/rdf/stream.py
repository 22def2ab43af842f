"""The streaming sink: document parts -> graph.ttl, without an rdflib Graph of the data.

It holds in memory only one aggregate per fact and per entity (`graph.rdf.triples`).
Each document's triples are rendered (in the worker that extracted it) as records, one
per subject; records go to a `Sink` (sorted runs spilled to temporary files). At the end
the runs, the ontology and the derived triples are merged by subject into sorted Turtle,
with the blocks `graph.rdf.turtle` writes: the same bytes as `write_graph` of the same
triples in rdflib.

A record is one line, `subject IRI \\t body`; the body is the subject's predicate lines
separated by \\x1e, each `verb \\x1d object \\x1c object ...` (Turtle text; escaped Turtle
never holds a control character, so the separators are unambiguous). Records of one
subject from several sources (an assertion's links from each document and its derived
triples) are parsed back and merged.

Import lazily: the ontology part uses rdflib (once, on the small ontology graph).
"""

from __future__ import annotations

import heapq
import itertools
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from graph.domain import namespaces as ns
from graph.domain.schema import ontology_graph, schema_of
from graph.filesafety import temp_dir_prefix
from graph.model import DocumentResult, Entity
from graph.rdf.files import atomic_open
from graph.rdf.nodes import Nodes, Shape
from graph.rdf.terms import (
    RDF_TYPE,
    Props,
    Term,
    by_subject,
    expand,
    key,
    key_of_text,
    name,
    pred_order,
    props_of,
    qname,
    render_terms,
)
from graph.rdf.triples import Aggregates, DocPart, document_part
from graph.rdf.turtle import TurtleWriter, predicate_lines

PRED_SEP, VERB_SEP, OBJ_SEP = "\x1e", "\x1d", "\x1c"
DEFAULT_RUN_LINES = 300_000  # records held before a sorted run is spilled to disk
SUMMARY_MAX_FACTS = 50_000  # direct triples kept for a page without evidence


@dataclass(frozen=True)
class StreamPart:
    """A document part whose triples are already rendered as records (what workers send)."""

    part: DocPart  # without its triples
    records: str  # "subject\tbody" lines joined by "\n": one string to pickle, not thousands

    def lines(self) -> list[str]:
        return self.records.split("\n") if self.records else []


def render_props(props: Props) -> str:
    """The record body of a subject."""
    return PRED_SEP.join(predicate_lines(props, qname, VERB_SEP, OBJ_SEP))


def _turtle(body: str) -> str:
    return body.replace(PRED_SEP, " ;\n    ").replace(VERB_SEP, " ").replace(OBJ_SEP, ", ")


@lru_cache(maxsize=1024)
def _verb_iri(verb: str) -> str:
    return expand(verb)


def parse_body(body: str, into: Props) -> None:
    for line in body.split(PRED_SEP):
        verb, _, objects = line.partition(VERB_SEP)
        table = into.setdefault(_verb_iri(verb), {})
        for text in objects.split(OBJ_SEP):
            table[key_of_text(text)] = text


def stream_part(result: DocumentResult) -> StreamPart:
    """A document's part with its triples rendered as records (runs in workers). Equal
    entities of several documents become one object, so that a chunk of documents sent
    back from a worker pickles each once."""
    part = document_part(result, rows=True)
    records = [
        s + "\t" + render_terms(terms, VERB_SEP, OBJ_SEP, PRED_SEP)
        for s, terms in by_subject(part.triples).items()
    ]
    for nodes in part.nodes:
        records += _node_records(nodes)
    shared = replace(part, triples=(), nodes=(), entities=_shared(part.entities))
    return StreamPart(shared, "\n".join(records))


Template = tuple[tuple[str, tuple[int, ...]], ...]  # (verb, positions of its objects)


@lru_cache(maxsize=16)
def _template(shape: Shape) -> Template:
    """A record of a node of `shape`: its predicates in the order the Turtle writer
    puts them (graph.rdf.turtle.predicate_lines), each with its objects' positions."""
    order = sorted(dict.fromkeys(shape), key=pred_order)
    return tuple(
        ("a" if p == RDF_TYPE else qname(p), tuple(i for i, q in enumerate(shape) if q == p))
        for p in order
    )


def _node_records(nodes: Nodes) -> Iterator[str]:
    """The records of nodes of one shape, each from the template of the shape (a node
    stated with different values goes the general way: every row's objects)."""
    template = _template(nodes.shape)
    for subject, rows in nodes.rows.items():
        if len(rows) > 1:
            table: dict[str, set[Term]] = {}
            for row in rows:
                for p, o in zip(nodes.shape, row, strict=True):
                    table.setdefault(p, set()).add(o)
            yield subject + "\t" + render_terms(table, VERB_SEP, OBJ_SEP, PRED_SEP)
            continue
        row = rows[0]
        lines = []
        for verb, at in template:
            if len(at) == 1:
                lines.append(verb + VERB_SEP + name(row[at[0]]))
            else:  # objects sorted by key, equal ones once (a set of objects)
                objects = {key(row[i]): name(row[i]) for i in at}
                lines.append(verb + VERB_SEP + OBJ_SEP.join(objects[k] for k in sorted(objects)))
        yield subject + "\t" + PRED_SEP.join(lines)


# Entities seen by this process, each equal value once (graph.model.Entity is frozen).
_ENTITIES: dict[Entity, Entity] = {}
_ENTITIES_MAX = 200_000


def _shared(entities: tuple[Entity, ...]) -> tuple[Entity, ...]:
    if len(_ENTITIES) > _ENTITIES_MAX:
        _ENTITIES.clear()
    return tuple(_ENTITIES.setdefault(e, e) for e in entities)


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
    from rdflib import BNode, URIRef

    g = ontology_graph()
    writer = TurtleWriter(g)
    props = {
        str(s): writer.props(table)
        for s, table in writer.by_subject.items()
        if isinstance(s, URIRef)
    }
    blank = [text for key_, text in sorted(writer.blocks()) if key_[0] != 0]
    return props, blank, sum(1 for s, _p, _o in g if isinstance(s, BNode))


def write_turtle(
    out: IO[str], sink: Sink, memory_props: dict[str, Props], *, ontology: bool = True
) -> TurtleStats:
    """Merge the sink, the subjects in memory and the ontology into sorted Turtle."""
    stats = TurtleStats()
    memory = dict(memory_props)
    blank: list[str] = []
    if ontology:
        onto, blank, blank_triples = _ontology_blocks()
        stats.triples += blank_triples
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
    return stats


# ---------------------------------------------------------------- the whole stage


@dataclass(frozen=True)
class StreamResult:
    """What `write_results` wrote."""

    triples: int
    entities: dict[str, Props]  # entity subjects, with their direct triples
    direct: list[tuple[str, str, str]] | None  # direct triples; None when too many to draw


def write_results(
    parts: Iterable[StreamPart],
    out: Path,
    *,
    ontology: bool = True,
    on_part: Callable[[DocPart], None] | None = None,
    run_lines: int = DEFAULT_RUN_LINES,
) -> StreamResult:
    """Write the graph of `parts` to `out` (atomically), as `write_graph` would write it."""
    aggregates = Aggregates()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=temp_dir_prefix(), dir=out.parent) as tmp:
        sink = Sink(Path(tmp), run_lines)
        for sp in parts:
            if on_part is not None:
                on_part(sp.part)
            aggregates.add(sp.part)
            sink.extend(sp.lines())
        derived = aggregates.derive(schema_of(), max_facts=SUMMARY_MAX_FACTS)
        del aggregates
        sink.extend(s + "\t" + render_props(props_of(props)) for s, props in derived.assertions)
        entities = {s: props_of(props) for s, props in derived.entities.items()}
        with atomic_open(out) as fh:
            stats = write_turtle(fh, sink, entities, ontology=ontology)
    return StreamResult(stats.triples, entities, derived.direct)


def summary_graph(result: StreamResult) -> Any:
    """An rdflib Graph of the ontology, the entities and their direct triples (no
    assertion or evidence nodes); empty of facts when `result.direct` is None."""
    from rdflib import Graph, Literal, URIRef

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
