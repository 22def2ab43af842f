"""Streaming, safe XML reading shared by the PubMed, JATS and BioC readers (lxml)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import IO, Any

from .records import clean


def local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def iter_elements(stream: IO[bytes], tags: Iterable[str]) -> Iterator[Any]:
    """Each complete element named in `tags` (any namespace), cleared after use."""
    from lxml import etree

    wanted = set(tags)
    context = etree.iterparse(
        stream,
        events=("end",),
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        recover=False,
    )
    try:
        for _event, element in context:
            if local(element.tag) not in wanted:
                continue
            if any(local(a.tag) in wanted for a in element.iterancestors()):
                continue  # nested inside a wanted element: its ancestor handles it
            yield element
            element.clear()
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"malformed XML ({exc})") from None


_ORPHAN_SPACE = re.compile(r"\s+(?=[.,;:)\]])|(?<=[(\[])\s+")
_EMPTY_BRACKETS = re.compile(r"\s*(\(\s*[,;–-]*\s*\)|\[\s*[,;–-]*\s*\])")


def xml_text(element: Any, drop: frozenset[str] = frozenset()) -> str:
    """The text of `element` and its descendants, minus the subtrees named in `drop`
    (with the spaces and brackets a dropped citation leaves behind)."""
    parts: list[str] = []

    def walk(e: Any) -> None:
        name = local(e.tag)
        if name and name not in drop and e.text:
            parts.append(e.text)
        if name and name not in drop:
            for child in e:
                walk(child)
                if child.tail:
                    parts.append(child.tail)

    walk(element)
    text = clean("".join(parts))
    if drop:
        text = _ORPHAN_SPACE.sub("", _EMPTY_BRACKETS.sub("", text))
    return text


def find(element: Any, path: str) -> Any:
    """First descendant along `path` (local names separated by /), ignoring namespaces."""
    current = [element]
    for step in path.split("/"):
        current = [c for e in current for c in e if local(c.tag) == step]
        if not current:
            return None
    return current[0]


def children(element: Any, name: str) -> list[Any]:
    return [c for c in element if local(c.tag) == name] if element is not None else []
