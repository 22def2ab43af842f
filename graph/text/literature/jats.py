"""PMC JATS (.nxml; efetch db=pmc): one Article per <article>, body sections kept,
references, figures, tables, formulas and supplementary material dropped."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from .records import Article, Section, clean, make_article, pmcid, year
from .xmltext import children, find, iter_elements, local, xml_text

_JATS_DROP = frozenset(
    {
        "xref", "fig", "fig-group", "table-wrap", "table-wrap-group", "table", "disp-formula",
        "inline-formula", "supplementary-material", "ref-list", "label", "graphic", "media",
        "alternatives", "fn-group", "object-id", "title",
    }
)  # fmt: skip
_JATS_SKIP_SECTIONS = frozenset({"supplementary-material", "COI-statement", "data-availability"})


def read_jats(stream: IO[bytes]) -> Iterator[Article]:
    """PMC JATS (.nxml, efetch db=pmc): one Article per <article>."""
    for n, record in enumerate(iter_elements(stream, ("article",)), 1):
        yield _jats_article(record, n)


def _jats_article(record: Any, ordinal: int) -> Article:
    front = find(record, "front")
    meta: dict[str, str] = {}
    sections: list[Section] = []
    article_meta = find(front, "article-meta") if front is not None else None
    if front is not None:
        journal = find(front, "journal-meta/journal-title-group/journal-title")
        meta["journal"] = xml_text(journal) if journal is not None else ""
    if article_meta is not None:
        for aid in children(article_meta, "article-id"):
            kind, value = aid.get("pub-id-type", ""), clean(aid.text)
            if kind == "pmid":
                meta["pmid"] = value
            elif kind in ("pmc", "pmcid"):
                meta["pmcid"] = pmcid(value)
            elif kind == "doi":
                meta["doi"] = value
        title = find(article_meta, "title-group/article-title")
        meta["title"] = xml_text(title, frozenset({"xref"})) if title is not None else ""
        meta["year"] = _jats_year(article_meta)
        abstracts = children(article_meta, "abstract")
        plain = [a for a in abstracts if not a.get("abstract-type")] or abstracts[:1]
        for abstract in plain:
            sections.extend(_jats_sections(abstract, "abstract", ""))
    body = find(record, "body")
    if body is not None:
        sections.extend(_jats_sections(body, "body", ""))
    return make_article(meta, sections, ordinal)


def _jats_year(article_meta: Any) -> str:
    dates = children(article_meta, "pub-date")
    order = ("ppub", "epub", "collection", "pub", "epub-ppub")

    def rank(d: Any) -> int:
        kind = d.get("pub-type") or d.get("date-type") or ""
        return order.index(kind) if kind in order else len(order)

    for d in sorted(dates, key=rank):
        found = find(d, "year")
        if found is not None and year(found.text or ""):
            return year(found.text or "")
    return ""


def _blocks(element: Any) -> list[str]:
    """The text of a paragraph, or of each item of a list; other blocks (figures, tables,
    boxed text) give nothing."""
    name = local(element.tag)
    if name == "p":
        return [xml_text(element, _JATS_DROP)]
    if name == "list":
        # "- item": the reader's bullet, so that a list under a heading such as "Adverse
        # effects" gives the heading's relation to each item (graph.text.sections)
        items = (xml_text(item, _JATS_DROP | {"list"}) for item in children(element, "list-item"))
        return [f"- {text}" for text in items if text]
    return []


def _jats_sections(element: Any, kind: str, heading: str) -> list[Section]:
    """`element`'s paragraphs under `heading`, then each <sec> under its own title."""
    out: list[Section] = []
    paragraphs = [text for block in element for text in _blocks(block)]
    if any(paragraphs) or heading:
        out.append(Section(heading, "\n\n".join(p for p in paragraphs if p), kind))
    for sec in children(element, "sec"):
        if sec.get("sec-type") in _JATS_SKIP_SECTIONS:
            continue
        title = find(sec, "title")
        out.extend(_jats_sections(sec, kind, xml_text(title) if title is not None else ""))
    return out
