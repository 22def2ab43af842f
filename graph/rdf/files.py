"""Reading and writing graph files.

`write_graph` writes Turtle (or N-Triples) itself, from sorted triples, so that the same
graph gives the same bytes whatever the Python hash seed: subjects sorted by IRI,
`rdf:type` first then predicates by IRI, objects sorted; blank nodes referenced once are
written inline (`[ ... ]`, RDF lists as `( ... )`), others get labels computed from their
neighbourhood (never from their random ids). Parsing uses pyoxigraph (fast, with line
and column in its errors) except for JSON-LD and RDF/XML, which rdflib reads.

Import this module lazily: it imports rdflib.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from graph.domain.namespaces import PREFIXES, RDF, XSD
from graph.errors import FormatError, GraphFileError
from graph.rdf.stream import escape_string, iri_ref

Triple = tuple[Node, Node, Node]

# extension -> (rdflib parser name, pyoxigraph format name or "" when rdflib parses it)
PARSERS: dict[str, tuple[str, str]] = {
    ".ttl": ("turtle", "TURTLE"),
    ".turtle": ("turtle", "TURTLE"),
    ".nt": ("nt", "N_TRIPLES"),
    ".nq": ("nquads", "N_QUADS"),
    ".trig": ("trig", "TRIG"),
    ".n3": ("n3", "N3"),
    ".jsonld": ("json-ld", ""),
    ".json": ("json-ld", ""),
    ".rdf": ("xml", ""),
    ".owl": ("xml", ""),
    ".xml": ("xml", ""),
}

_RDF_TYPE = RDF + "type"
_RDF_FIRST = RDF + "first"
_RDF_REST = RDF + "rest"
_RDF_NIL = RDF + "nil"
_XSD_STRING = XSD + "string"
_LANG_STRING = RDF + "langString"
_BARE = {
    XSD + "integer": re.compile(r"[+-]?\d+"),
    XSD + "decimal": re.compile(r"[+-]?\d*\.\d+"),
    XSD + "boolean": re.compile(r"true|false"),
}
_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?")


# ---------------------------------------------------------------- reading


def parser_for(path: Path) -> tuple[str, str]:
    try:
        return PARSERS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(PARSERS))
        raise GraphFileError(f"{path}: unknown graph file extension (known: {known})") from None


def check_graph_file(path: Path) -> None:
    if not path.exists():
        raise GraphFileError(f"graph file not found: {path} (build one with `phytokg build`)")
    if not path.is_file():
        raise GraphFileError(f"not a graph file: {path}")


def load_graph(path: str | Path) -> Graph:
    """Parse a graph file (format from the extension); named graphs are merged into one."""
    p = Path(path)
    check_graph_file(p)
    rdflib_format, ox_format = parser_for(p)
    if ox_format:
        return _load_with_pyoxigraph(p, ox_format)
    ds = Dataset()
    try:
        ds.parse(p, format=rdflib_format)
    except Exception as exc:  # parsers raise many kinds of errors; keep one line
        raise GraphFileError(f"{p}: does not parse as {rdflib_format}: {one_line(exc)}") from None
    g = Graph()
    for s, pred, o, _ctx in ds.quads((None, None, None, None)):
        g.add((s, pred, o))
    return g


def _load_with_pyoxigraph(path: Path, format_name: str) -> Graph:
    import pyoxigraph as ox

    g = Graph()
    cache: dict[object, Node] = {}

    def term(t: object) -> Node:
        hit = cache.get(t)
        if hit is None:
            hit = from_oxigraph(t)
            if not isinstance(t, ox.Literal):
                cache[t] = hit
        return hit

    try:
        for quad in ox.parse(path=str(path), format=getattr(ox.RdfFormat, format_name)):
            g.add((term(quad.subject), term(quad.predicate), term(quad.object)))
    except SyntaxError as exc:
        raise GraphFileError(f"{path}: {one_line(exc)}") from None
    except (OSError, ValueError) as exc:
        raise GraphFileError(f"{path}: cannot read: {one_line(exc)}") from None
    return g


def from_oxigraph(t: object) -> Node:
    """A pyoxigraph term as an rdflib term (xsd:string literals become plain literals)."""
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return Literal(t.value, lang=t.language)
        dt = t.datatype.value
        return Literal(t.value) if dt == _XSD_STRING else Literal(t.value, datatype=URIRef(dt))
    raise GraphFileError(f"unsupported RDF term: {t!r}")


def one_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return " ".join(lines)[:300] if lines else type(exc).__name__


# ---------------------------------------------------------------- writing


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def atomic_write(path: str | Path, data: str | bytes) -> None:
    """Write to a temporary file in the same folder, then rename over `path`."""
    if isinstance(data, bytes):
        with atomic_open(path, binary=True) as fh:
            fh.write(data)
    else:
        with atomic_open(path) as fh:
            fh.write(data)


@contextmanager
def atomic_open(path: str | Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    """A file to stream into (UTF-8 text, or bytes); it replaces `path` only when complete."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        if binary:
            with os.fdopen(fd, "wb") as fh:
                yield fh
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                yield fh
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; a graph file is for sharing
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
        if t.datatype is not None and str(t.datatype) != _XSD_STRING:
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
                hit = self._qname(iri)
                self._names[iri] = hit
            return hit
        if isinstance(t, BNode):
            if t in self.inline:
                return self._inline(t)
            return "_:" + self.labels.get(t, str(t))
        if isinstance(t, Literal):
            lex = str(t)
            dt = str(t.datatype) if t.datatype is not None else None
            if t.language:
                return f'"{escape_string(lex)}"@{t.language}'
            if dt in _BARE and _BARE[dt].fullmatch(lex):
                return lex
            text = f'"{escape_string(lex)}"'
            return text if dt is None or dt == _XSD_STRING else f"{text}^^{self.name(URIRef(dt))}"
        raise FormatError(f"unsupported RDF term: {t!r}")

    def _qname(self, iri: str) -> str:
        for prefix, ns in self.prefixes:
            if iri.startswith(ns) and _LOCAL.fullmatch(iri[len(ns) :]):
                return f"{prefix}:{iri[len(ns) :]}"
        return iri_ref(iri)

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

    def _predicate_objects(self, props: dict[Node, list[Node]]) -> Iterator[str]:
        for p in sorted(props, key=lambda p: (str(p) != _RDF_TYPE, str(p))):
            verb = "a" if str(p) == _RDF_TYPE else self.name(p)
            objects = sorted({self._sort_key(o): self.name(o) for o in props[p]}.items())
            yield f"{verb} " + ", ".join(text for _k, text in objects)

    def _sort_key(self, o: Node) -> tuple[int, str, str, str]:
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
