"""Abbreviations a document defines: "paynantheine (PAY)" makes every later "PAY" a mention."""

from __future__ import annotations

import re

from graph.model import Mention

_DEFINED = re.compile(r" \(([A-Z][A-Za-z0-9-]{1,9})\)")


def abbreviations(text: str, mentions: list[Mention]) -> list[Mention]:
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
