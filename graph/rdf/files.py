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

import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from graph.domain.namespaces import RDF, XSD
from graph.errors import GraphFileError
from graph.filesafety import temp_prefix

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
    check_rdflib_input(p, rdflib_format)
    ds = Dataset()
    try:
        ds.parse(p, format=rdflib_format)
    except Exception as exc:  # parsers raise many kinds of errors; keep one line
        raise GraphFileError(f"{p}: does not parse as {rdflib_format}: {one_line(exc)}") from None
    g = Graph()
    for s, pred, o, _ctx in ds.quads((None, None, None, None)):
        g.add((s, pred, o))
    return g


# rdflib parses RDF/XML and JSON-LD in memory (several times the file's size): larger
# files are refused, with the advice to convert them.
MAX_RDFLIB_BYTES = 256 * 1024 * 1024
_XML_PROLOG_BYTES = 1024 * 1024


def check_rdflib_input(path: Path, rdflib_format: str) -> None:
    """GraphFileError for a file rdflib should not parse: too large, or RDF/XML with a
    document type declaration (entity expansion can make a 500-byte file unbounded)."""
    size = path.stat().st_size
    if size > MAX_RDFLIB_BYTES:
        raise GraphFileError(
            f"{path}: too large to read as {rdflib_format} ({size // 1_000_000} MB, at most "
            f"{MAX_RDFLIB_BYTES // 1_000_000} MB); convert it to N-Triples or Turtle"
        )
    if rdflib_format == "xml" and _has_doctype(path):
        raise GraphFileError(
            f"{path}: RDF/XML with a DOCTYPE is refused (its entity declarations could "
            "expand without bound); remove the DOCTYPE and its entities"
        )


def _has_doctype(path: Path) -> bool:
    """Whether the XML prolog (before the root element) has <!DOCTYPE ...> or <!ENTITY;
    a prolog longer than the first megabyte counts as one."""
    with path.open("rb") as fh:
        head = fh.read(_XML_PROLOG_BYTES)
    truncated = len(head) == _XML_PROLOG_BYTES
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom) :].decode(codec, "replace").encode("utf-8")
            break
    text = head.decode("utf-8", "replace").lstrip("\ufeff")
    i = 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return truncated
        for opening, closing in (("<?", "?>"), ("<!--", "-->")):
            if text.startswith(opening, i):
                end = text.find(closing, i + len(opening))
                if end < 0:
                    return truncated
                i = end + len(closing)
                break
        else:
            return text[i : i + 9].upper().startswith(("<!DOCTYPE", "<!ENTITY"))


def memo_converter(literals: bool = False) -> Callable[[Any], Node]:
    """from_oxigraph with a memo for IRIs and blank nodes (they repeat many times), and
    for literals too with `literals` (numbers and certainties repeat as well; the memo
    then holds every distinct literal, as the graph being filled does)."""
    import pyoxigraph as ox

    memo: dict[object, Node] = {}

    def convert(t: Any) -> Node:
        hit = memo.get(t)
        if hit is None:
            hit = from_oxigraph(t)
            if literals or not isinstance(t, ox.Literal):
                memo[t] = hit
        return hit

    return convert


def _load_with_pyoxigraph(path: Path, format_name: str) -> Graph:
    import pyoxigraph as ox

    g = Graph()
    term = memo_converter()

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


STDOUT = "-"


def is_stream_target(path: str | Path) -> bool:
    """`-` (standard output), or an existing path that is not a regular file or a folder:
    a device (/dev/stdout, /dev/null), a pipe or a socket. These are written directly,
    never replaced by a rename."""
    if str(path) == STDOUT:
        return True
    p = Path(path)
    return p.exists() and not p.is_file() and not p.is_dir()


@contextmanager
def _direct_open(path: str | Path, binary: bool) -> Iterator[IO[Any]]:
    if str(path) == STDOUT:
        stream: IO[Any] = sys.stdout.buffer if binary else sys.stdout
        yield stream
        stream.flush()
        return
    mode = "wb" if binary else "w"
    encoding = None if binary else "utf-8"
    with open(path, mode, encoding=encoding, newline=None if binary else "\n") as fh:
        yield fh


@contextmanager
def atomic_open(path: str | Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    """A file to stream into (UTF-8 text, or bytes); it replaces `path` only when complete.
    Standard output (`-`), devices and pipes are written directly (see is_stream_target)."""
    if is_stream_target(path):
        with _direct_open(path, binary) as fh:
            yield fh
        return
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(p.name), suffix=".tmp", dir=p.parent)
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
