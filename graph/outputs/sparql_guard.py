"""Checks on SPARQL text before it reaches the engine.

Oxigraph parses and evaluates queries recursively: a query nested a few thousand levels
deep, or with a few thousand operators or groups in a row, overflows its stack and kills
the process (`phytokg query`) or the server (`phytokg serve`). `check_query` refuses
such queries with one linear scan of the text, before any parsing, and also refuses
SPARQL updates (phytokg reads graphs) and, unless allowed, federated queries (`SERVICE`
makes the engine send HTTP requests on the query's behalf).

The scan skips string literals, IRIs and comments, so that a `{` or the word SERVICE in
a string, an IRI, a variable (`?service`) or a prefixed name (`ex:service`) counts for
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.errors import QueryError

# Deepest bracket nesting ({ ( [) accepted; the engine overflows at about 3,000.
MAX_DEPTH = 256
# Most tree-building tokens accepted: brackets opened, operators, UNION/OPTIONAL/MINUS
# (a flat run of 20,000 groups or `||` operands overflows the engine too, and a
# few thousand groups take minutes). Rows of a
# VALUES block are flat and do not count.
MAX_NODES = 1000

UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)
_PROLOGUE = frozenset({"PREFIX", "BASE"})
_NODE_KEYWORDS = frozenset({"UNION", "OPTIONAL", "MINUS"})
_OPENERS = "{(["
_CLOSERS = "})]"
_OPERATORS = "|&=!<>+-*/^"
_IRI_FORBIDDEN = frozenset('<"{}|^`\\ \t\r\n')
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")


@dataclass(frozen=True)
class QueryShape:
    """What the scan found: deepest nesting, tree-building tokens, keywords of note."""

    depth: int
    nodes: int
    first_keyword: str  # the first keyword after PREFIX/BASE declarations, upper case
    service: bool  # a SERVICE clause


def scan(text: str) -> QueryShape:
    """One pass over `text`, outside strings, IRIs and comments."""
    depth = max_depth = nodes = 0
    first = ""
    service = False
    flat: list[bool] = []  # per open bracket: inside a VALUES data block
    values_pending = False
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in "\"'":
            i = _skip_string(text, i)
            continue
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        if c == "<":
            end = _iri_end(text, i)
            if end > 0:
                i = end
                continue
            nodes += 1  # a comparison operator
            i += 1
            continue
        if c in _OPENERS:
            in_flat = bool(flat) and flat[-1]
            opens_values = values_pending and c in "{("
            flat.append(in_flat or opens_values)
            if values_pending and c == "{":
                values_pending = False  # the data block; a "(" before it lists variables
            if not in_flat and not opens_values:
                nodes += 1
            depth += 1
            max_depth = max(max_depth, depth)
            i += 1
            continue
        if c in _CLOSERS:
            if flat:
                flat.pop()
            depth = max(0, depth - 1)
            i += 1
            continue
        if c in "?$":
            i = _skip_name(text, i + 1)
            continue
        if c == "@":  # a language tag
            i = _skip_name(text, i + 1)
            continue
        if c.isalpha() or c == "_":
            end = _skip_name(text, i)
            word = text[i:end]
            if end < n and text[end] == ":":  # a prefix of a prefixed name
                i = _skip_name(text, end + 1)
                continue
            upper = word.upper()
            if not first and upper not in _PROLOGUE:
                first = upper
            if upper == "SERVICE":
                service = True
            elif upper == "VALUES":
                values_pending = True
            elif upper in _NODE_KEYWORDS:
                nodes += 1
            i = end
            continue
        if c == ":":  # a name in the default prefix
            i = _skip_name(text, i + 1)
            continue
        if c in _OPERATORS:
            nodes += 1
        i += 1
    return QueryShape(max_depth, nodes, first, service)


def _skip_string(text: str, i: int) -> int:
    quote = text[i]
    n = len(text)
    if text.startswith(quote * 3, i):
        end = i + 3
        while end < n:
            if text[end] == "\\":
                end += 2
                continue
            if text.startswith(quote * 3, end):
                return end + 3
            end += 1
        return n
    end = i + 1
    while end < n:
        ch = text[end]
        if ch == "\\":
            end += 2
            continue
        if ch == quote or ch == "\n":
            return end + 1
        end += 1
    return n


def _iri_end(text: str, i: int) -> int:
    """The index after the IRI starting at `i` (a `<`), or 0 when `<` is an operator."""
    end = i + 1
    n = len(text)
    while end < n:
        ch = text[end]
        if ch == ">":
            return end + 1
        if ch in _IRI_FORBIDDEN:
            return 0
        end += 1
    return 0


def _skip_name(text: str, start: int) -> int:
    """The end of the name starting at `start` (at least `start`)."""
    i, n = start, len(text)
    while i < n and (text[i] in _NAME_CHARS or text[i] == "%" or ord(text[i]) > 127):
        i += 1
    # a name does not end with '.' (that dot ends a triple pattern)
    while i > start and text[i - 1] == ".":
        i -= 1
    return i


def check_query(
    text: str,
    *,
    allow_federation: bool = False,
    max_depth: int = MAX_DEPTH,
    max_nodes: int = MAX_NODES,
) -> QueryShape:
    """Refuse (QueryError) an update, an over-deep or over-long query, or SERVICE."""
    shape = scan(text)
    if shape.first_keyword in UPDATE_KEYWORDS:
        raise QueryError(
            f"SPARQL updates are not allowed ({shape.first_keyword}): phytokg only reads "
            "graphs; use SELECT, ASK, CONSTRUCT or DESCRIBE"
        )
    if shape.depth > max_depth:
        raise QueryError(
            f"query nested too deeply: {shape.depth} levels of brackets (at most {max_depth})"
        )
    if shape.nodes > max_nodes:
        raise QueryError(
            f"query too complex to nest safely: {shape.nodes} operators, groups and "
            f"brackets (at most {max_nodes})"
        )
    if shape.service and not allow_federation:
        raise QueryError(
            "SERVICE (federated query) is refused: it would send HTTP requests on the "
            "query's behalf; pass --allow-federation to allow it"
        )
    return shape
