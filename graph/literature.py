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

import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

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


# ---------------------------------------------------------------- shared helpers


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _pmcid(value: str) -> str:
    value = value.strip()
    return value if value.upper().startswith("PMC") else f"PMC{value}" if value else ""


def _year(text: str) -> str:
    match = re.search(r"\b(1[89]\d\d|2\d\d\d)\b", text or "")
    return match.group(1) if match else ""


def _article(meta: dict[str, str], sections: list[Section], ordinal: int) -> Article:
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


# ---------------------------------------------------------------- XML


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _iter_elements(stream: IO[bytes], tags: Iterable[str]) -> Iterator[Any]:
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
            if _local(element.tag) not in wanted:
                continue
            if any(_local(a.tag) in wanted for a in element.iterancestors()):
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


def _text(element: Any, drop: frozenset[str] = frozenset()) -> str:
    """The text of `element` and its descendants, minus the subtrees named in `drop`
    (with the spaces and brackets a dropped citation leaves behind)."""
    parts: list[str] = []

    def walk(e: Any) -> None:
        name = _local(e.tag)
        if name and name not in drop and e.text:
            parts.append(e.text)
        if name and name not in drop:
            for child in e:
                walk(child)
                if child.tail:
                    parts.append(child.tail)

    walk(element)
    text = _clean("".join(parts))
    if drop:
        text = _ORPHAN_SPACE.sub("", _EMPTY_BRACKETS.sub("", text))
    return text


def _find(element: Any, path: str) -> Any:
    """First descendant along `path` (local names separated by /), ignoring namespaces."""
    current = [element]
    for step in path.split("/"):
        current = [c for e in current for c in e if _local(c.tag) == step]
        if not current:
            return None
    return current[0]


def _children(element: Any, name: str) -> list[Any]:
    return [c for c in element if _local(c.tag) == name] if element is not None else []


def read_pubmed_xml(stream: IO[bytes]) -> Iterator[Article]:
    """PubMed XML (efetch or "Save as PubMed XML"): one Article per PubmedArticle."""
    for n, record in enumerate(_iter_elements(stream, ("PubmedArticle",)), 1):
        yield _pubmed_article(record, n)


def _pubmed_article(record: Any, ordinal: int) -> Article:
    citation = _find(record, "MedlineCitation")
    article = _find(citation, "Article") if citation is not None else None
    meta: dict[str, str] = {}
    if citation is not None:
        meta["pmid"] = (
            _clean(_text(_find(citation, "PMID"))) if _find(citation, "PMID") is not None else ""
        )
    for aid in _children(_find(record, "PubmedData/ArticleIdList"), "ArticleId"):
        kind = aid.get("IdType", "")
        value = _clean(aid.text)
        if kind == "pubmed" and not meta.get("pmid"):
            meta["pmid"] = value
        elif kind == "doi":
            meta["doi"] = value
        elif kind == "pmc":
            meta["pmcid"] = _pmcid(value)
    sections: list[Section] = []
    if article is not None:
        for loc in _children(article, "ELocationID"):
            if loc.get("EIdType") == "doi" and not meta.get("doi"):
                meta["doi"] = _clean(loc.text)
        title = _find(article, "ArticleTitle")
        meta["title"] = _text(title).strip("[]") if title is not None else ""
        journal = _find(article, "Journal/Title")
        meta["journal"] = _text(journal) if journal is not None else ""
        date = _find(article, "Journal/JournalIssue/PubDate")
        meta["year"] = _year(_text(date)) if date is not None else ""
        for part in _children(_find(article, "Abstract"), "AbstractText"):
            label = part.get("Label") or ""
            sections.append(
                Section(label.capitalize() if label.isupper() else label, _text(part), "abstract")
            )
    return _article(meta, sections, ordinal)


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
    for n, record in enumerate(_iter_elements(stream, ("article",)), 1):
        yield _jats_article(record, n)


def _jats_article(record: Any, ordinal: int) -> Article:
    front = _find(record, "front")
    meta: dict[str, str] = {}
    sections: list[Section] = []
    article_meta = _find(front, "article-meta") if front is not None else None
    if front is not None:
        journal = _find(front, "journal-meta/journal-title-group/journal-title")
        meta["journal"] = _text(journal) if journal is not None else ""
    if article_meta is not None:
        for aid in _children(article_meta, "article-id"):
            kind, value = aid.get("pub-id-type", ""), _clean(aid.text)
            if kind == "pmid":
                meta["pmid"] = value
            elif kind in ("pmc", "pmcid"):
                meta["pmcid"] = _pmcid(value)
            elif kind == "doi":
                meta["doi"] = value
        title = _find(article_meta, "title-group/article-title")
        meta["title"] = _text(title, frozenset({"xref"})) if title is not None else ""
        meta["year"] = _jats_year(article_meta)
        abstracts = _children(article_meta, "abstract")
        plain = [a for a in abstracts if not a.get("abstract-type")] or abstracts[:1]
        for abstract in plain:
            sections.extend(_jats_sections(abstract, "abstract", ""))
    body = _find(record, "body")
    if body is not None:
        sections.extend(_jats_sections(body, "body", ""))
    return _article(meta, sections, ordinal)


def _jats_year(article_meta: Any) -> str:
    dates = _children(article_meta, "pub-date")
    order = ("ppub", "epub", "collection", "pub", "epub-ppub")

    def rank(d: Any) -> int:
        kind = d.get("pub-type") or d.get("date-type") or ""
        return order.index(kind) if kind in order else len(order)

    for d in sorted(dates, key=rank):
        year = _find(d, "year")
        if year is not None and _year(year.text or ""):
            return _year(year.text or "")
    return ""


def _jats_sections(element: Any, kind: str, heading: str) -> list[Section]:
    """`element`'s paragraphs under `heading`, then each <sec> under its own title."""
    out: list[Section] = []
    paragraphs = [_text(p, _JATS_DROP) for p in element if _local(p.tag) == "p"]
    if any(paragraphs) or heading:
        out.append(Section(heading, "\n\n".join(p for p in paragraphs if p), kind))
    for sec in _children(element, "sec"):
        if sec.get("sec-type") in _JATS_SKIP_SECTIONS:
            continue
        title = _find(sec, "title")
        out.extend(_jats_sections(sec, kind, _text(title) if title is not None else ""))
    return out


# ---------------------------------------------------------------- BioC (XML and JSON)

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
        text = _clean(text)
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
        meta["pmcid"] = _pmcid(meta["pmcid"])
    if meta.get("year"):
        meta["year"] = _year(meta["year"])
    if doc_id and not meta.get("pmid") and not meta.get("pmcid"):
        if doc_id.upper().startswith("PMC"):
            meta["pmcid"] = _pmcid(doc_id)
        elif doc_id.isdigit():
            meta["pmid"] = doc_id
    return _article(meta, _merge_headings(sections), ordinal)


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
    for n, doc in enumerate(_iter_elements(stream, ("document",)), 1):
        passages = []
        for passage in _children(doc, "passage"):
            infons = {i.get("key", ""): _clean(i.text) for i in _children(passage, "infon")}
            text = _find(passage, "text")
            passages.append((infons, text.text or "" if text is not None else ""))
        ident = _find(doc, "id")
        yield _bioc_article(_clean(ident.text) if ident is not None else "", passages, {}, n)


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
            "year": _year(str(doc.get("date") or "")),
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
            meta["pmcid"] = _pmcid(value)
        elif tag in ("LID", "AID") and value.endswith("[doi]") and "doi" not in meta:
            meta["doi"] = value[: -len("[doi]")].strip()
        elif tag == "TI":
            meta["title"] = value.strip("[]")
        elif tag == "JT":
            meta["journal"] = value
        elif tag == "DP":
            meta["year"] = _year(value)
        elif tag == "AB":
            abstract = value
    return _article(meta, _labelled_abstract(abstract), ordinal)


def _labelled_abstract(text: str) -> list[Section]:
    """ "BACKGROUND: ... METHODS: ..." -> one Section per label."""
    pieces = _ABSTRACT_LABEL.split(text)
    sections = [Section("", pieces[0].strip(), "abstract")] if pieces[0].strip() else []
    for label, body in zip(pieces[1::2], pieces[2::2], strict=True):
        sections.append(Section(label.strip().capitalize(), body.strip(), "abstract"))
    return sections


# ---------------------------------------------------------------- dispatch

READERS = {
    "pubmed-xml": read_pubmed_xml,
    "medline": read_medline,
    "bioc-xml": read_bioc_xml,
    "bioc-json": read_bioc_json,
    "jats": read_jats,
}


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
