"""RDF terms as plain Python values, and their Turtle text.

A term is an IRI (`str`) or a literal (`(lexical form, datatype IRI)`, datatype "" for a
plain string). `graph.rdf.triples` yields triples of these; the Turtle writer
(`graph.rdf.turtle`) names them with `name` and orders them with `key`, so that every
sink writes the same bytes. No rdflib here.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache

from graph.domain import namespaces as ns

Term = str | tuple[str, str]
Triple = tuple[str, str, Term]
Key = tuple[int, str, str, str]  # (0 IRI | 1 blank node | 2 literal, IRI or datatype, lang, lex)
Props = dict[str, dict[Key, str]]  # predicate IRI -> object sort key -> object text
Subjects = dict[str, dict[str, set[Term]]]  # subject IRI -> predicate IRI -> objects

RDF_TYPE = ns.RDF + "type"
XSD_STRING = ns.XSD + "string"
INTEGER = ns.XSD + "integer"
DECIMAL = ns.XSD + "decimal"
BOOLEAN = ns.XSD + "boolean"
NONNEG = ns.XSD + "nonNegativeInteger"
TRUE: Term = ("true", BOOLEAN)
# Literals written bare in Turtle when their lexical form allows it.
BARE = {
    INTEGER: re.compile(r"[+-]?\d+"),
    DECIMAL: re.compile(r"[+-]?\d*\.\d+"),
    BOOLEAN: re.compile(r"true|false"),
}
_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?")
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_UNESCAPE = re.compile(r'\\(u[0-9A-F]{4}|["\\nrt])')
_UNESCAPES = {'"': '"', "\\": "\\", "n": "\n", "r": "\r", "t": "\t"}
_PREFIXES = sorted(ns.PREFIXES.items(), key=lambda kv: -len(kv[1]))
_BY_PREFIX = dict(ns.PREFIXES)


def hash16(text: str) -> str:
    """The first 16 hex digits of the SHA-256 of `text` (IRIs of content)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def decimal_text(value: float) -> str:
    """The canonical lexical form of an xsd:decimal with at most 4 decimals ("0.91", "1.0")."""
    text = f"{value:.4f}".rstrip("0")
    if text.endswith("."):
        text += "0"
    return "0.0" if text == "-0.0" else text


def escape_string(text: str) -> str:
    if not _NEEDS_ESCAPE.search(text):
        return text
    return "".join(
        _ESCAPES.get(ch) or (f"\\u{ord(ch):04X}" if ord(ch) < 32 or ord(ch) == 127 else ch)
        for ch in text
    )


def unescape(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        code = m.group(1)
        return chr(int(code[1:], 16)) if len(code) == 5 else _UNESCAPES[code]

    return _UNESCAPE.sub(one, text) if "\\" in text else text


_IRI_ESCAPE = re.compile(r'[<>"{}|^`\\\x00-\x20]')


def iri_ref(iri: str) -> str:
    if not _IRI_ESCAPE.search(iri):  # most IRIs: nothing to escape
        return "<" + iri + ">"
    return (
        "<"
        + "".join(f"\\u{ord(ch):04X}" if ch in '<>"{}|^`\\ ' or ord(ch) < 33 else ch for ch in iri)
        + ">"
    )


@lru_cache(maxsize=65536)
def qname(iri: str) -> str:
    """The Turtle name of an IRI with the project's prefixes."""
    return qname_with(iri, _PREFIXES)


def qname_with(iri: str, prefixes: list[tuple[str, str]]) -> str:
    """The Turtle name of an IRI; `prefixes` longest namespace first."""
    for prefix, space in prefixes:
        if iri.startswith(space) and _LOCAL.fullmatch(iri[len(space) :]):
            return f"{prefix}:{iri[len(space) :]}"
    return iri_ref(iri)


def literal_text(lex: str, datatype: str, lang: str, qname_of: object = qname) -> str:
    """A literal in Turtle: bare numbers and booleans, else quoted with lang or datatype."""
    if lang:
        return f'"{escape_string(lex)}"@{lang}'
    if datatype in BARE and BARE[datatype].fullmatch(lex):
        return lex
    text = '"' + escape_string(lex) + '"'
    if not datatype or datatype == XSD_STRING:
        return text
    return f"{text}^^{qname_of(datatype)}"  # type: ignore[operator]


def name(t: Term) -> str:
    """The Turtle text of a term."""
    if isinstance(t, str):
        return qname(t)
    return literal_text(t[0], t[1], "")


_NAMES: dict[Term, str] = {}
_NAMES_MAX = 1 << 16


def named(t: Term) -> str:
    """name(t), remembered for terms seen before (types, classes, small numbers, rules)."""
    known = _NAMES.get(t)
    if known is None:
        known = name(t)
        if len(_NAMES) >= _NAMES_MAX:
            _NAMES.clear()
        _NAMES[t] = known
    return known


def render_terms(terms: dict[str, set[Term]], verb_sep: str, obj_sep: str, pred_sep: str) -> str:
    """A subject's block from its predicate -> objects: what predicate_lines(props_of(
    terms)) joins, without building the keyed tables (a single object needs no order)."""
    lines = []
    for p in sorted(terms, key=pred_order):
        objs = terms[p]
        if not objs:
            continue
        verb = "a" if p == RDF_TYPE else qname(p)
        if len(objs) == 1:
            texts = [named(o) for o in objs]
        else:
            texts = [named(o) for o in sorted(objs, key=key)]
        lines.append(verb + verb_sep + obj_sep.join(texts))
    return pred_sep.join(lines)


def pred_order(p: str) -> tuple[bool, str]:
    """Predicates in Turtle order: rdf:type ("a") first, then by IRI."""
    return (p != RDF_TYPE, p)


def key(t: Term) -> Key:
    """The sort key of a term among the objects of one predicate."""
    if isinstance(t, str):
        return (0, t, "", "")
    return (2, t[1], "", t[0])


def key_of_text(text: str) -> Key:
    """The sort key of an object from its Turtle text (IRIs and literals of the data)."""
    if text.startswith("<"):
        return (0, unescape(text[1:-1]), "", "")
    if text.startswith('"'):
        close = text.rfind('"')
        lex, suffix = unescape(text[1:close]), text[close + 1 :]
        if suffix.startswith("@"):
            return (2, "", suffix[1:], lex)
        return (2, expand(suffix[2:]) if suffix else "", "", lex)
    if ":" in text:
        return (0, expand(text), "", "")
    for dt, pattern in BARE.items():
        if pattern.fullmatch(text):
            return (2, dt, "", text)
    raise ValueError(f"not an object of the data: {text!r}")


def expand(text: str) -> str:
    """The IRI of a Turtle name (`a`, `<...>` or `prefix:local`)."""
    if text == "a":
        return RDF_TYPE
    if text.startswith("<"):
        return unescape(text[1:-1])
    prefix, _, local = text.partition(":")
    return _BY_PREFIX[prefix] + local


def props_of(terms: dict[str, set[Term]]) -> Props:
    """A subject's predicate -> objects as Props (objects named and keyed)."""
    return {p: {key(o): name(o) for o in objs} for p, objs in terms.items() if objs}


def by_subject(triples: Iterable[Triple]) -> Subjects:
    """Triples grouped by subject, then predicate (objects as sets)."""
    out: Subjects = {}
    for s, p, o in triples:
        table = out.get(s)
        if table is None:
            out[s] = {p: {o}}
            continue
        objects = table.get(p)
        if objects is None:
            table[p] = {o}
        else:
            objects.add(o)
    return out
