"""BioC XML and JSON (PubTator, PMC BioC): one Article per document."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO, Any

from .records import Article, Section, clean, make_article, pmcid, year
from .xmltext import children, find, iter_elements

_BIOC_DROP_TYPES = re.compile(r"^(ref|table|table_caption|table_footnote|fig|fig_caption|"
                              r"fig_title_caption|footnote|suppl.*)$", re.I)  # fmt: skip
_BIOC_DROP_SECTIONS = frozenset(
    {"REF", "TABLE", "FIG", "SUPPL", "COMP_INT", "AUTH_CONT", "ACK_FUND", "ABBR", "REVIEW_INFO"}
)


def _bioc_article(doc_id: str, passages: list[tuple[dict[str, str], str]], extra: dict[str, str],
                  ordinal: int) -> Article:  # fmt: skip
    """One BioC document: `passages` are (infons, text) in order."""
    meta: dict[str, str] = dict(extra)
    sections: list[Section] = []
    heading = ""
    for infons, text in passages:
        kind = (infons.get("type") or "").lower()
        section_type = (infons.get("section_type") or "").upper()
        for key, name in (("article-id_pmid", "pmid"), ("article-id_doi", "doi"),
                          ("article-id_pmc", "pmcid"), ("year", "year")):  # fmt: skip
            if infons.get(key) and not meta.get(name):
                meta[name] = infons[key]
        if infons.get("journal") and not meta.get("journal"):
            meta["journal"] = infons["journal"].split(";")[0].strip()
        text = clean(text)
        if _BIOC_DROP_TYPES.match(kind) or section_type in _BIOC_DROP_SECTIONS or not text:
            continue
        if kind in ("title", "front") or section_type == "TITLE":
            meta.setdefault("title", text)
        elif kind.startswith(("title", "abstract_title")):
            heading = text
        else:
            part = "abstract" if kind == "abstract" or section_type == "ABSTRACT" else "body"
            sections.append(Section(heading, text, part))
            heading = ""
    if meta.get("pmcid"):
        meta["pmcid"] = pmcid(meta["pmcid"])
    if meta.get("year"):
        meta["year"] = year(meta["year"])
    if doc_id and not meta.get("pmid") and not meta.get("pmcid"):
        if doc_id.upper().startswith("PMC"):
            meta["pmcid"] = pmcid(doc_id)
        elif doc_id.isdigit():
            meta["pmid"] = doc_id
    return make_article(meta, _merge_headings(sections), ordinal)


def _merge_headings(sections: list[Section]) -> list[Section]:
    """Consecutive passages under one heading (or none) become one Section."""
    merged: list[Section] = []
    for s in sections:
        if merged and not s.heading and merged[-1].kind == s.kind:
            last = merged[-1]
            merged[-1] = Section(last.heading, last.text + "\n\n" + s.text, last.kind)
        else:
            merged.append(s)
    return merged


def read_bioc_xml(stream: IO[bytes]) -> Iterator[Article]:
    """BioC XML (PubTator, PMC BioC): one Article per <document>."""
    for n, doc in enumerate(iter_elements(stream, ("document",)), 1):
        passages = []
        for passage in children(doc, "passage"):
            infons = {i.get("key", ""): clean(i.text) for i in children(passage, "infon")}
            text = find(passage, "text")
            passages.append((infons, text.text or "" if text is not None else ""))
        ident = find(doc, "id")
        yield _bioc_article(clean(ident.text) if ident is not None else "", passages, {}, n)


def read_bioc_json(stream: IO[bytes]) -> Iterator[Article]:
    """BioC JSON: a collection ({"documents": [...]}), PubTator3 ({"PubTator3": [...]}),
    a list of documents, one document, or JSON Lines of documents."""
    data = stream.read()
    try:
        loaded: Any = json.loads(data)
        docs = _bioc_json_documents(loaded)
    except json.JSONDecodeError:
        try:
            docs = [json.loads(line) for line in data.splitlines() if line.strip()]
        except json.JSONDecodeError as exc:
            raise ValueError(f"malformed JSON ({exc})") from None
    for n, doc in enumerate(docs, 1):
        if not isinstance(doc, dict):
            raise ValueError("malformed BioC JSON (a document is not an object)")
        passages = [
            ({str(k): str(v) for k, v in (p.get("infons") or {}).items() if v is not None},
             str(p.get("text") or ""))
            for p in doc.get("passages") or []
        ]  # fmt: skip
        extra = {
            "pmid": str(doc.get("pmid") or ""),
            "pmcid": str(doc.get("pmcid") or ""),
            "journal": str(doc.get("journal") or "").split(";")[0].strip(),
            "year": year(str(doc.get("date") or "")),
        }
        yield _bioc_article(str(doc.get("id") or ""), passages, extra, n)


def _bioc_json_documents(loaded: Any) -> list[Any]:
    if isinstance(loaded, list):
        return loaded
    if isinstance(loaded, dict):
        for key in ("documents", "PubTator3"):
            if isinstance(loaded.get(key), list):
                return list(loaded[key])
        if "passages" in loaded:
            return [loaded]
    raise ValueError("not a BioC JSON collection or document")
