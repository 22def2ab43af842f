"""Article records: what every bibliographic reader yields, and their plain text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

METADATA_KEYS = ("pmid", "pmcid", "doi", "title", "journal", "year")


@dataclass(frozen=True)
class Section:
    """A run of text under one heading ("" when the source gives none)."""

    heading: str
    text: str
    kind: str = "body"  # abstract | body


@dataclass(frozen=True)
class Article:
    """One article of a bibliographic file."""

    id: str  # "pmid:123", "pmc:PMC123", "doi:10...", or "#n" (n-th record) when none
    title: str
    sections: tuple[Section, ...]
    # pmid, pmcid, doi, title, journal, year: only the keys the source gives
    metadata: Mapping[str, str] = field(default_factory=dict, hash=False, compare=False)


def article_text(article: Article) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The article as plain text, and the spans of its title and headings.

    Paragraphs are separated by a blank line; the title comes first. A heading is its
    own paragraph, so it is its own sentence (its span is returned: not a fact, a topic).
    """
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    offset = 0

    def add(text: str, heading: bool) -> None:
        nonlocal offset
        if parts:
            offset += 2
        if heading:
            spans.append((offset, offset + len(text)))
        parts.append(text)
        offset += len(text)

    if article.title:
        add(article.title, True)
    for section in article.sections:
        if section.heading:
            add(section.heading, True)
        for paragraph in section.text.split("\n\n"):
            if paragraph.strip():
                add(paragraph.strip(), False)
    return "\n\n".join(parts), tuple(spans)


def clean(text: str | None) -> str:
    return " ".join((text or "").split())


def pmcid(value: str) -> str:
    value = value.strip()
    return value if value.upper().startswith("PMC") else f"PMC{value}" if value else ""


def year(text: str) -> str:
    match = re.search(r"\b(1[89]\d\d|2\d\d\d)\b", text or "")
    return match.group(1) if match else ""


def make_article(meta: dict[str, str], sections: list[Section], ordinal: int) -> Article:
    meta = {k: v for k, v in meta.items() if v}
    if meta.get("pmid"):
        ident = f"pmid:{meta['pmid']}"
    elif meta.get("pmcid"):
        ident = f"pmc:{meta['pmcid']}"
    elif meta.get("doi"):
        ident = f"doi:{meta['doi']}"
    else:
        ident = f"#{ordinal}"
    kept = tuple(s for s in sections if s.text.strip() or s.heading)
    return Article(ident, meta.get("title", ""), kept, meta)
