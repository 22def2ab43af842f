"""PubMed XML (PubmedArticleSet) and MEDLINE (.nbib): one Article per citation."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import IO, Any

from .records import Article, Section, clean, make_article, pmcid, year
from .xmltext import children, find, iter_elements, xml_text


def read_pubmed_xml(stream: IO[bytes]) -> Iterator[Article]:
    """PubMed XML (efetch or "Save as PubMed XML"): one Article per PubmedArticle."""
    for n, record in enumerate(iter_elements(stream, ("PubmedArticle",)), 1):
        yield _pubmed_article(record, n)


def _pubmed_article(record: Any, ordinal: int) -> Article:
    citation = find(record, "MedlineCitation")
    article = find(citation, "Article") if citation is not None else None
    meta: dict[str, str] = {}
    if citation is not None:
        meta["pmid"] = (
            clean(xml_text(find(citation, "PMID"))) if find(citation, "PMID") is not None else ""
        )
    for aid in children(find(record, "PubmedData/ArticleIdList"), "ArticleId"):
        kind = aid.get("IdType", "")
        value = clean(aid.text)
        if kind == "pubmed" and not meta.get("pmid"):
            meta["pmid"] = value
        elif kind == "doi":
            meta["doi"] = value
        elif kind == "pmc":
            meta["pmcid"] = pmcid(value)
    sections: list[Section] = []
    if article is not None:
        for loc in children(article, "ELocationID"):
            if loc.get("EIdType") == "doi" and not meta.get("doi"):
                meta["doi"] = clean(loc.text)
        title = find(article, "ArticleTitle")
        meta["title"] = xml_text(title).strip("[]") if title is not None else ""
        journal = find(article, "Journal/Title")
        meta["journal"] = xml_text(journal) if journal is not None else ""
        date = find(article, "Journal/JournalIssue/PubDate")
        meta["year"] = year(xml_text(date)) if date is not None else ""
        for part in children(find(article, "Abstract"), "AbstractText"):
            label = part.get("Label") or ""
            sections.append(
                Section(
                    label.capitalize() if label.isupper() else label, xml_text(part), "abstract"
                )
            )
    return make_article(meta, sections, ordinal)


# ---------------------------------------------------------------- MEDLINE

_MEDLINE_LINE = re.compile(r"^([A-Z][A-Z0-9 ]{1,3})- ?(.*)$")
_ABSTRACT_LABEL = re.compile(r"(?:(?<=^)|(?<=\. ))([A-Z][A-Z ,/&-]{2,40}): ")


def read_medline(stream: IO[bytes]) -> Iterator[Article]:
    """MEDLINE / .nbib (PubMed "Save as PubMed format", citation managers)."""
    fields: list[tuple[str, str]] = []
    n = 0
    for raw in io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace"):
        line = raw.rstrip("\r\n")
        if not line.strip():
            if fields:
                n += 1
                yield _medline_article(fields, n)
                fields = []
            continue
        match = _MEDLINE_LINE.match(line)
        if match and not line.startswith(" "):
            fields.append((match.group(1).strip(), match.group(2).strip()))
        elif fields:
            tag, value = fields[-1]
            fields[-1] = (tag, f"{value} {line.strip()}")
    if fields:
        yield _medline_article(fields, n + 1)


def _medline_article(fields: list[tuple[str, str]], ordinal: int) -> Article:
    meta: dict[str, str] = {}
    abstract = ""
    for tag, value in fields:
        if tag == "PMID":
            meta["pmid"] = value
        elif tag == "PMC":
            meta["pmcid"] = pmcid(value)
        elif tag in ("LID", "AID") and value.endswith("[doi]") and "doi" not in meta:
            meta["doi"] = value[: -len("[doi]")].strip()
        elif tag == "TI":
            meta["title"] = value.strip("[]")
        elif tag == "JT":
            meta["journal"] = value
        elif tag == "DP":
            meta["year"] = year(value)
        elif tag == "AB":
            abstract = value
    return make_article(meta, _labelled_abstract(abstract), ordinal)


def _labelled_abstract(text: str) -> list[Section]:
    """ "BACKGROUND: ... METHODS: ..." -> one Section per label."""
    pieces = _ABSTRACT_LABEL.split(text)
    sections = [Section("", pieces[0].strip(), "abstract")] if pieces[0].strip() else []
    for label, body in zip(pieces[1::2], pieces[2::2], strict=True):
        sections.append(Section(label.strip().capitalize(), body.strip(), "abstract"))
    return sections
