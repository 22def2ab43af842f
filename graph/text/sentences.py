"""Split a document's text into sentences with character offsets.

A line break always ends a sentence (headings, list items). Inside a line a
sentence ends at . ! or ? followed by space and a capital, a digit or a quote,
unless the word before the full stop is an abbreviation or a single capital
letter (initials, abbreviated genus names), or the next sentence would open with a
parenthesis that the text goes on after in lower case. Text glued across a full stop with
no space ("future.The") is split as well.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.model import Document, Sentence

# English abbreviations that end in a full stop but do not end a sentence.
_ABBREVIATIONS = frozenset(
    {
        "e.g",
        "i.e",
        "etc",
        "vs",
        "cf",
        "al",
        "approx",
        "ca",
        "fig",
        "figs",
        "no",
        "nos",
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "sp",
        "spp",
        "var",
        "subsp",
        "ssp",
        "inc",
        "ltd",
        "co",
        "corp",
        "jr",
        "sr",
        "vol",
        "pp",
        "ed",
        "eds",
        "min",
        "max",
        "mg",
        "kg",
        "ml",
        "est",
        "dept",
        "univ",
        "u.s",
        "u.k",
        "resp",
        "incl",
        "eq",
        "ref",
        "mt",
        "mts",
        "ft",
        "ave",
        "blvd",
        "gov",
        "gen",
        "rev",
        "lt",
        "col",
        "capt",
        "sgt",
    }
)

_END = re.compile(
    r"""(?=[.!?])  # every end starts with a stop: other positions are passed at once
    (?:(?P<stop>[.!?]+["'”’)\]]*)(?P<space>\s+)(?=["'“‘(\[]?[A-Z0-9])   # . then space, Capital
      | (?<=[a-z]{3})(?P<glued>\.)(?=[A-Z][a-z])                       # future.The
    )""",
    re.VERBOSE,
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
# "C. teeta Wall. (Ranunculaceae) and is used ...": a parenthesis the sentence goes on after
_PAREN_GOES_ON = re.compile(r"\([^()\n]{1,60}\),?\s+[a-z]")


def _is_abbreviation(text: str, stop_at: int) -> bool:
    match = _WORD_BEFORE.search(text, max(0, stop_at - 40), stop_at)
    if not match:
        return False
    word = match.group(1).rstrip(".")
    if len(word) == 1 and word.isupper():
        return True  # initials, "G. species"
    return word.lower() in _ABBREVIATIONS


def _split_line(text: str, begin: int, end: int) -> Iterator[tuple[int, int]]:
    start = begin
    for match in _END.finditer(text, begin, end):
        if match.group("glued"):
            cut = match.end("glued")
            next_start = cut
        else:
            if match.group("stop").startswith(".") and _is_abbreviation(text, match.start("stop")):
                continue
            if _PAREN_GOES_ON.match(text, match.end("space"), end):
                continue
            cut = match.end("stop")
            next_start = match.end("space")
        yield start, cut
        start = next_start
    yield start, end


MAX_SENTENCE = 1000  # characters; longer runs (tables, lists without stops) are cut


def _cut_long(text: str, begin: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut a run longer than MAX_SENTENCE at the last ; , or space before the limit."""
    while end - begin > MAX_SENTENCE:
        window = text[begin : begin + MAX_SENTENCE]
        cut = max(window.rfind(";"), window.rfind(","))
        if cut < MAX_SENTENCE // 2:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = MAX_SENTENCE - 1
        yield begin, begin + cut + 1
        begin += cut + 1
    yield begin, end


def split_sentences(doc: Document) -> tuple[Sentence, ...]:
    """The sentences of `doc`, stripped of surrounding white space, in order."""
    text = doc.text
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        pieces = (
            piece
            for b0, e0 in _split_line(text, line.start(), line.end())
            for piece in _cut_long(text, b0, e0)
        )
        for b, e in pieces:
            while b < e and text[b].isspace():
                b += 1
            while e > b and text[e - 1].isspace():
                e -= 1
            if e > b:
                spans.append((b, e))
    return tuple(
        Sentence(doc_id=doc.id, index=i, begin=b, end=e, text=text[b:e])
        for i, (b, e) in enumerate(spans)
    )
