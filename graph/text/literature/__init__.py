"""Read bibliographic files: one Article per article, with its publication metadata.

Formats: PubMed XML (PubmedArticleSet), MEDLINE (.nbib, .medline), BioC XML and JSON
(PubTator, PMC BioC) and PMC JATS (.nxml, .xml). `sniff` tells them apart by content,
so a renamed file is still read for what it is. Every reader is a generator over a
binary stream: a 10,000-record export is read one record at a time (XML with lxml's
iterparse, each record cleared once yielded; MEDLINE line by line).

XML is parsed with external entities, DTD loading and network access disabled.
Titles, labelled abstract sections and body sections become `Section`s; references,
tables, figures, formulas and supplementary material are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .bioc import read_bioc_json, read_bioc_xml
from .jats import read_jats
from .pubmed import read_medline, read_pubmed_xml
from .records import METADATA_KEYS, Article, Section, article_text

__all__ = [
    "EXTENSIONS",
    "KINDS",
    "MEDIA_TYPES",
    "METADATA_KEYS",
    "Article",
    "Section",
    "article_text",
    "count_records",
    "kind_of",
    "read_article_file",
    "read_articles",
    "sniff",
]

KINDS = ("pubmed-xml", "medline", "bioc-xml", "bioc-json", "jats")
MEDIA_TYPES: dict[str, str] = {
    "pubmed-xml": "application/vnd.pubmed+xml",
    "medline": "application/x-medline",
    "bioc-xml": "application/vnd.bioc+xml",
    "bioc-json": "application/vnd.bioc+json",
    "jats": "application/jats+xml",
}
EXTENSIONS: dict[str, str | None] = {  # None: the content decides
    ".nbib": "medline",
    ".medline": "medline",
    ".nxml": "jats",
    ".xml": None,
    ".json": None,
    ".jsonl": None,
    ".bioc": None,
}

# ---------------------------------------------------------------- sniffing

_XML_PROLOG = re.compile(rb"^(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*<([A-Za-z][\w.:-]*)", re.S)
_MEDLINE_FIRST = re.compile(rb"^\s*PMID- *\d+", re.S)
_XML_ROOTS = {
    "PubmedArticleSet": "pubmed-xml",
    "PubmedArticle": "pubmed-xml",
    "collection": "bioc-xml",
    "article": "jats",
    "pmc-articleset": "jats",
}


def sniff(head: bytes) -> str | None:
    """The kind of bibliographic file whose first bytes are `head`, or None."""
    head = head.lstrip(b"\xef\xbb\xbf")
    if _MEDLINE_FIRST.match(head):
        return "medline"
    root = _XML_PROLOG.match(head)
    if root:
        name = root.group(1).decode("ascii", "replace").split(":")[-1]
        return _XML_ROOTS.get(name)
    stripped = head.lstrip()
    if stripped[:1] in (b"{", b"[") and (
        b'"passages"' in head or b'"documents"' in head or b'"PubTator3"' in head
    ):
        return "bioc-json"
    return None


def kind_of(path: Path, head: bytes) -> str | None:
    """The kind of `path`: by content first, then by an extension that fixes it."""
    return sniff(head) or EXTENSIONS.get(path.suffix.lower())


# ---------------------------------------------------------------- dispatch

READERS = {
    "pubmed-xml": read_pubmed_xml,
    "medline": read_medline,
    "bioc-xml": read_bioc_xml,
    "bioc-json": read_bioc_json,
    "jats": read_jats,
}


_RECORD_MARKS = {
    "pubmed-xml": re.compile(rb"<PubmedArticle[\s>]"),
    "medline": re.compile(rb"(?:^|\n)PMID- "),
    "bioc-xml": re.compile(rb"<document[\s>]"),
    "bioc-json": re.compile(rb'"passages"\s*:'),
    "jats": re.compile(rb"<article[\s>]"),
}


def count_records(path: Path, kind: str) -> int:
    """How many articles the file holds, by a quick scan for record marks (an estimate for
    progress bars: no parsing)."""
    mark = _RECORD_MARKS[kind]
    count, tail = 0, b""
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            data = tail + chunk
            count += len(mark.findall(data))
            tail = data[-32:]
            count -= len(mark.findall(tail))  # marks in the carried tail are counted next time
    return count + len(mark.findall(tail))


def read_articles(stream: IO[bytes], kind: str) -> Iterator[Article]:
    """Every article of a bibliographic `stream` of the given kind (see KINDS)."""
    try:
        reader = READERS[kind]
    except KeyError:
        raise ValueError(f"unknown bibliographic format {kind!r}") from None
    return reader(stream)


def read_article_file(path: Path) -> Iterator[Article]:
    """Every article of the file at `path`; ValueError when it is not a bibliographic file."""
    with path.open("rb") as stream:
        kind = kind_of(path, stream.read(4096))
        if kind is None:
            raise ValueError("not a PubMed, MEDLINE, BioC or JATS file")
        stream.seek(0)
        yield from read_articles(stream, kind)
