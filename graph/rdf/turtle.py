"""Sorted, byte-stable Turtle and N-Triples: the one Turtle writer.

Subjects sorted by IRI, `rdf:type` first then predicates by IRI, objects sorted (by
`graph.rdf.terms.key`); blank nodes referenced once are written inline (`[ ... ]`, RDF
lists as `( ... )`), others get labels computed from their neighbourhood (never from
their random ids). `predicate_lines` renders a subject's block for both front ends: an
rdflib graph in memory (`TurtleWriter`) and the streamed records of `graph.rdf.stream`.

Import this module lazily: it imports rdflib.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from graph.domain.namespaces import PREFIXES, RDF
from graph.errors import FormatError
from graph.rdf.files import atomic_write
from graph.rdf.terms import (
    RDF_TYPE,
    XSD_STRING,
    Key,
    Props,
    escape_string,
    iri_ref,
    literal_text,
    pred_order,
    qname,
    qname_with,
)

Triple = tuple[Node, Node, Node]

_RDF_FIRST = RDF + "first"
_RDF_REST = RDF + "rest"
_RDF_NIL = RDF + "nil"


def predicate_lines(
    props: Props, qname_of: Callable[[str], str] = qname, verb_sep: str = " ", obj_sep: str = ", "
) -> list[str]:
    """A subject's predicate lines: `verb object, object`, predicates and objects sorted."""
    lines = []
    for p in sorted(props, key=pred_order):
        verb = "a" if p == RDF_TYPE else qname_of(p)
        objects = props[p]
        texts = (
            [objects[k] for k in sorted(objects)] if len(objects) > 1 else list(objects.values())
        )
        lines.append(verb + verb_sep + obj_sep.join(texts))
    return lines


def write_graph(g: Graph, path: str | Path, fmt: str = "turtle") -> None:
    """Write `g` atomically as sorted, byte-stable Turtle ("turtle") or N-Triples ("nt")."""
    if fmt == "turtle":
        atomic_write(path, to_turtle(g))
    elif fmt == "nt":
        atomic_write(path, to_ntriples(g))
    else:
        raise FormatError(
            f"write_graph writes turtle or nt, not {fmt!r} (see graph.outputs.export)"
        )


def bnode_labels(triples: Iterable[Triple]) -> dict[BNode, str]:
    """Labels for blank nodes derived from their neighbourhood (stable across runs)."""
    edges: dict[BNode, list[tuple[str, str, Node]]] = defaultdict(list)
    for s, p, o in triples:
        if isinstance(s, BNode):
            edges[s].append(("out", str(p), o))
        if isinstance(o, BNode):
            edges[o].append(("in", str(p), s))
    color: dict[BNode, str] = dict.fromkeys(edges, "")
    for _round in range(4):
        new: dict[BNode, str] = {}
        for b, items in edges.items():
            sig = sorted(
                (d, p, "_:" + color[n] if isinstance(n, BNode) else nt_term(n, {}))
                for d, p, n in items
            )
            new[b] = hashlib.sha256(repr(sig).encode("utf-8")).hexdigest()[:16]
        if len(set(new.values())) == len(set(color.values())) and _round:
            color = new
            break
        color = new
    labels: dict[BNode, str] = {}
    seen: dict[str, int] = defaultdict(int)
    for b in sorted(color, key=lambda b: color[b]):
        n = seen[color[b]]
        seen[color[b]] += 1
        labels[b] = f"b{color[b]}" + (f"_{n}" if n else "")
    return labels


def nt_term(t: Node, labels: dict[BNode, str]) -> str:
    """A term in N-Triples syntax."""
    if isinstance(t, URIRef):
        return iri_ref(str(t))
    if isinstance(t, BNode):
        return "_:" + labels.get(t, str(t))
    if isinstance(t, Literal):
        text = '"' + escape_string(str(t)) + '"'
        if t.language:
            return f"{text}@{t.language}"
        if t.datatype is not None and str(t.datatype) != XSD_STRING:
            return f"{text}^^{iri_ref(str(t.datatype))}"
        return text
    raise FormatError(f"unsupported RDF term: {t!r}")


def ntriples_lines(triples: Iterable[Triple], labels: dict[BNode, str] | None = None) -> list[str]:
    items = list(triples)
    labels = labels if labels is not None else bnode_labels(items)
    return sorted(
        f"{nt_term(s, labels)} {nt_term(p, labels)} {nt_term(o, labels)} ." for s, p, o in items
    )


def to_ntriples(g: Iterable[Triple]) -> str:
    return "".join(line + "\n" for line in ntriples_lines(g))


class TurtleWriter:
    """Sorted Turtle for a set of triples; `body()` without prefixes (TriG reuses it)."""

    def __init__(self, triples: Iterable[Triple], prefixes: dict[str, str] | None = None):
        self.prefixes = sorted((prefixes or PREFIXES).items(), key=lambda kv: -len(kv[1]))
        self.prefix_lines = [f"@prefix {p}: <{iri}> ." for p, iri in (prefixes or PREFIXES).items()]
        self.by_subject: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
        refs: dict[BNode, int] = defaultdict(int)
        items = list(triples)
        for s, p, o in items:
            self.by_subject[s][p].append(o)
            if isinstance(o, BNode):
                refs[o] += 1
        self.refs = refs
        self.inline = {b for b, n in refs.items() if n == 1}
        self.labels: dict[BNode, str] = {}
        self._names: dict[str, str] = {}
        self._printed: set[BNode] = set()
        self._find_unreachable(items)

    def _find_unreachable(self, items: list[Triple]) -> None:
        # Inline nodes must be reachable from a written subject; cycles of blank nodes are not.
        reachable: set[BNode] = set()
        stack = [s for s in self.by_subject if not (isinstance(s, BNode) and s in self.inline)]
        while stack:
            node = stack.pop()
            for objs in self.by_subject.get(node, {}).values():
                for o in objs:
                    if isinstance(o, BNode) and o in self.inline and o not in reachable:
                        reachable.add(o)
                        stack.append(o)
        stuck = self.inline - reachable
        if stuck:
            self.inline -= stuck
        # Blank nodes used as objects more than once (or in a cycle) need a label; those
        # never used as objects are written as top-level `[] ...` statements.
        labelled = {b for b, n in self.refs.items() if n >= 1 and b not in self.inline}
        if labelled:
            all_labels = bnode_labels(items)
            self.labels = {b: all_labels[b] for b in labelled if b in all_labels}

    def name(self, t: Node) -> str:
        if isinstance(t, URIRef):
            iri = str(t)
            hit = self._names.get(iri)
            if hit is None:
                hit = qname_with(iri, self.prefixes)
                self._names[iri] = hit
            return hit
        if isinstance(t, BNode):
            if t in self.inline:
                return self._inline(t)
            return "_:" + self.labels.get(t, str(t))
        if isinstance(t, Literal):
            dt = str(t.datatype) if t.datatype is not None else ""
            return literal_text(str(t), dt, t.language or "", lambda d: self.name(URIRef(d)))
        raise FormatError(f"unsupported RDF term: {t!r}")

    def _list_items(self, b: BNode) -> list[Node] | None:
        items: list[Node] = []
        node: Node = b
        seen: set[Node] = set()
        while node != URIRef(_RDF_NIL):
            if not isinstance(node, BNode) or node in seen or node not in self.inline:
                return None
            seen.add(node)
            props = self.by_subject.get(node, {})
            first, rest = props.get(URIRef(_RDF_FIRST), []), props.get(URIRef(_RDF_REST), [])
            if (
                set(props) != {URIRef(_RDF_FIRST), URIRef(_RDF_REST)}
                or len(first) != 1
                or len(rest) != 1
            ):
                return None
            items.append(first[0])
            node = rest[0]
        return items

    def _inline(self, b: BNode) -> str:
        items = self._list_items(b)
        if items is not None:
            return "( " + " ".join(self.name(i) for i in items) + " )" if items else "()"
        props = self.by_subject.get(b, {})
        if not props:
            return "[]"
        return "[ " + " ; ".join(self._predicate_objects(props)) + " ]"

    def _predicate_objects(self, props: dict[Node, list[Node]]) -> list[str]:
        return predicate_lines(self.props(props), lambda p: self.name(URIRef(p)))

    def props(self, props: dict[Node, list[Node]]) -> Props:
        """A subject's predicates and objects as named, keyed text (see graph.rdf.terms)."""
        return {str(p): {self.sort_key(o): self.name(o) for o in objs} for p, objs in props.items()}

    def sort_key(self, o: Node) -> Key:
        if isinstance(o, URIRef):
            return (0, str(o), "", "")
        if isinstance(o, BNode):
            return (1, self.name(o), "", "")
        if isinstance(o, Literal):
            return (2, str(o.datatype or ""), o.language or "", str(o))
        return (3, str(o), "", "")

    def blocks(self) -> list[tuple[tuple[int, str], str]]:
        """(sort key, text) of each top-level block, unsorted."""
        blocks: list[tuple[tuple[int, str], str]] = []
        for s, props in self.by_subject.items():
            if isinstance(s, BNode) and s in self.inline:
                continue
            lines = list(self._predicate_objects(props))
            head = self.name(s)
            if isinstance(s, BNode) and s not in self.labels:
                head, key = "[]", (2, ";".join(lines))
            else:
                key = (0 if isinstance(s, URIRef) else 1, str(s) if isinstance(s, URIRef) else head)
            blocks.append((key, head + " " + " ;\n    ".join(lines) + " .\n"))
        return blocks

    def body(self) -> str:
        return "\n".join(text for _k, text in sorted(self.blocks()))

    def document(self) -> str:
        body = self.body()
        return "\n".join(self.prefix_lines) + "\n" + ("\n" + body if body else "")


def to_turtle(triples: Iterable[Triple], prefixes: dict[str, str] | None = None) -> str:
    return TurtleWriter(triples, prefixes).document()
