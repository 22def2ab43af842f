"""Read documents: .txt, .md, .html and .pdf files, and bibliographic files (PubMed XML,
MEDLINE, BioC, JATS: one Document per article), into Document objects.

A file is recognised by its content first (a PubMed export renamed .txt is still read as
one), then by its extension; a directory is read recursively in sorted order; `-` is
standard input. Text is decoded as UTF-8, with charset detection as a fallback.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from graph.errors import InputError
from graph.model import Document
from graph.text import literature
from graph.text.htmltext import read_page

Reader = Callable[[bytes], str]


@dataclass(frozen=True)
class Skipped:
    """A file that was passed over, and why (reported as a warning)."""

    path: str
    reason: str


# Byte-order marks of the UTF-16 and UTF-32 encodings (UTF-32 first: its little-endian
# mark begins with UTF-16's); UTF-8's is handled by the utf-8-sig codec.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode(data: bytes) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(codec))
            except UnicodeDecodeError:
                raise ValueError(f"cannot decode as {codec.upper()} (it has its BOM)") from None
    if b"\x00" in data[:8192]:
        raise ValueError("binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            # The commonest legacy encoding of Western text; it leaves five bytes
            # undefined, so a file in another code page usually fails here.
            return _check_text(data.decode("cp1252"))
        except UnicodeDecodeError:
            pass
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise ValueError("cannot decode as text") from None
        text = str(best)
    return _check_text(text)


def _check_text(text: str) -> str:
    if _control_ratio(text) > 0.05:
        raise ValueError("binary file (mostly control characters)")
    return text


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    return len(_CONTROL.findall(sample)) / len(sample)


def read_text(data: bytes) -> str:
    return _decode(data)


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPH = re.compile(r"(\*\*|__|\*|`)")
_MD_HEAD = re.compile(r"^\s{0,3}(#{1,6}|>)\s*", re.MULTILINE)


def read_markdown(data: bytes) -> str:
    """Markdown to plain text: links keep their text, markup characters are dropped."""
    text = _decode(data)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEAD.sub("", text)
    return _MD_EMPH.sub("", text)


def read_html(data: bytes) -> str:
    """The main text of an HTML page, one block per line (graph.text.htmltext)."""
    return read_page(_decode(data)).text


class _Notes(logging.Handler):
    """Keeps pypdf's log messages (instead of letting them reach stderr)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(" ".join(record.getMessage().split()))


def read_pdf(data: bytes) -> str:
    """Text of a PDF, page by page (pypdf).

    pypdf's warnings are kept off stderr; when the file cannot be read, the first of
    them is the reason given (pypdf logs the cause, "EOF marker not found", and then
    fails on a consequence of it).
    """
    import io

    from pypdf import PdfReader

    logger = logging.getLogger("pypdf")
    notes = _Notes()
    propagate = logger.propagate
    logger.addHandler(notes)
    logger.propagate = False
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # a damaged PDF raises many kinds of errors in pypdf
        reason = notes.messages[0] if notes.messages else " ".join(str(exc).split())
        raise ValueError(f"unreadable PDF ({reason or type(exc).__name__})") from None
    finally:
        logger.removeHandler(notes)
        logger.propagate = propagate
    return "\n\n".join(p.strip() for p in pages if p.strip())


READERS: dict[str, tuple[str, Reader]] = {
    ".txt": ("text/plain", read_text),
    ".text": ("text/plain", read_text),
    ".md": ("text/markdown", read_markdown),
    ".markdown": ("text/markdown", read_markdown),
    ".html": ("text/html", read_html),
    ".htm": ("text/html", read_html),
    ".xhtml": ("text/html", read_html),
    ".pdf": ("application/pdf", read_pdf),
}


def document_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _title(text: str, stem: str) -> str:
    for line in text.splitlines():
        line = line.strip().strip("“”\"'‘’#* ")
        if line:
            return line[:120]
    return stem


def read_document(path: Path, source: str | None = None) -> Document:
    """Read one single-document file; ValueError for binary, undecodable, empty or
    unsupported files (bibliographic files: `read_path`)."""
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise ValueError(f"unsupported file type {suffix or '(none)'}")
    return _document(_read_bytes(path), suffix, source or path.name, path.stem)


def _read_bytes(path: Path) -> bytes:
    return sys.stdin.buffer.read() if str(path) == STDIN else path.read_bytes()


def _document(data: bytes, suffix: str, source: str, stem: str) -> Document:
    media_type, reader = READERS[suffix]
    if not data.strip():
        raise ValueError("empty file")
    if media_type == "text/html" and written_by_phytokg(data):
        raise ValueError("a page written by phytokg, not a document")
    headings: tuple[tuple[int, int], ...] = ()
    if media_type == "text/html":
        page = read_page(_decode(data))
        text, page_title, headings = page.text, page.title, page.headings
    else:
        text, page_title = reader(data), ""
    if not text.strip():
        raise ValueError("no text in file")
    return Document(
        id=document_id(text),
        text=text,
        source=source,
        title=page_title or _title(text, stem),
        media_type=media_type,
        size=len(data),
        headings=headings,
    )


# The interactive page phytokg writes says so in its head; pages of earlier versions
# are known by their header element.
GENERATOR_META = b'<meta name="generator" content="phytokg">'
_PAGE_HEADER = b'<header id="kg-header">'


def written_by_phytokg(data: bytes) -> bool:
    """Whether an HTML file is a page phytokg wrote (`render`, `build`), not a document."""
    return GENERATOR_META in data[:4096] or _PAGE_HEADER in data


STDIN = "-"
_HTML_START = re.compile(rb"^\s*(<!doctype html|<html)", re.I)


def read_path(path: Path, source: str | None = None) -> Iterator[Document]:
    """The documents of one file (`-`: standard input): one per article of a bibliographic
    file, else one. ValueError when the file cannot be read."""
    source = source or path.name
    if str(path) == STDIN:
        data = sys.stdin.buffer.read()
        kind = literature.sniff(data[:4096])
        if kind is not None:
            import io

            yield from article_documents(io.BytesIO(data), kind, source)
        else:
            yield _document(data, ".html" if _HTML_START.match(data) else ".txt", source, "stdin")
        return
    with path.open("rb") as stream:
        kind = literature.kind_of(path, stream.read(4096))
    if kind is not None:
        yielded = False
        try:
            with path.open("rb") as stream:
                for doc in article_documents(stream, kind, source):
                    yielded = True
                    yield doc
        except ValueError:
            # A .txt, .md or .html file that only looked like an export is read as what
            # its extension says; a broken export past its first article is an error.
            if yielded or path.suffix.lower() not in READERS:
                raise
            yield read_document(path, source)
    elif path.suffix.lower() in literature.EXTENSIONS:
        raise ValueError("not a PubMed, MEDLINE, BioC or JATS file")
    else:
        yield read_document(path, source)


def article_documents(stream: IO[bytes], kind: str, source: str) -> Iterator[Document]:
    """One Document per article of a bibliographic stream, read one record at a time."""
    for article in literature.read_articles(stream, kind):
        text, spans = literature.article_text(article)
        if not text.strip():
            continue
        meta = {k: v for k, v in article.metadata.items() if k != "title"}
        yield Document(
            id=document_id(text),
            text=text,
            source=f"{source}#{article.id}",
            title=article.title or _title(text, article.id),
            media_type=literature.MEDIA_TYPES[kind],
            size=len(text.encode("utf-8")),
            metadata=tuple(sorted(meta.items())),
            headings=spans,
        )


def _readable(path: Path) -> bool:
    suffix = path.suffix.lower()
    return str(path) == STDIN or suffix in READERS or suffix in literature.EXTENSIONS


def collect_files(paths: Iterable[Path], exclude: Iterable[Path] = ()) -> list[tuple[Path, str]]:
    """Every readable-looking file under `paths`, with its name relative to the given root.

    Folders in `exclude` (an output folder inside an input folder) are not entered.
    """
    found: list[tuple[Path, str]] = []
    excluded = [p.resolve() for p in exclude]
    for root in paths:
        if str(root) == STDIN:
            found.append((root, "stdin"))
            continue
        if not root.exists():
            raise InputError(f"no such file or directory: {root}")
        if root.is_dir():
            top = root.resolve()
            skip = [e for e in excluded if e != top and e.is_relative_to(top)]
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in path.relative_to(root).parts):
                    continue
                if skip and any(path.resolve().is_relative_to(e) for e in skip):
                    continue
                found.append((path, path.relative_to(root).as_posix()))
        else:
            found.append((root, root.name))
    return found


def estimate_documents(paths: Iterable[Path]) -> int | None:
    """About how many documents `paths` hold (for a progress bar); None when unknown."""
    total = 0
    for path, _ in collect_files(list(paths)):
        if str(path) == STDIN:
            return None
        if not _readable(path):
            continue
        try:
            with path.open("rb") as stream:
                kind = literature.kind_of(path, stream.read(4096))
            total += literature.count_records(path, kind) if kind else 1
        except OSError:
            total += 1
    return total


def read_documents(
    paths: Iterable[Path],
    on_skip: Callable[[Skipped], None] | None = None,
    exclude: Iterable[Path] = (),
) -> Iterator[Document]:
    """Yield each readable document under `paths` once (by content), in sorted order.

    Files that cannot be read are reported to `on_skip` and passed over, and so are
    pages phytokg wrote; folders in `exclude` (the build's output folder) are not read.
    Raises InputError for a missing path, or when nothing readable is found at all.
    """
    paths = list(paths)
    files = collect_files(paths, exclude)
    seen: set[str] = set()
    count = 0
    skipped: list[Skipped] = []

    def skip(s: Skipped) -> None:
        skipped.append(s)
        if on_skip is not None:
            on_skip(s)

    for path, source in files:
        if not _readable(path):
            if path.suffix:
                skip(Skipped(source, f"unsupported file type {path.suffix}"))
            continue
        try:
            for doc in read_path(path, source):
                if doc.id in seen:
                    continue
                seen.add(doc.id)
                count += 1
                yield doc
        except (ValueError, OSError) as exc:
            if len(files) == 1 and count == 0:
                raise InputError(f"{path}: {exc}") from None
            skip(Skipped(source, str(exc)))
    if count == 0:
        if len(files) == 1 and skipped:
            raise InputError(f"{files[0][0]}: {skipped[0].reason}")  # unsupported type
        where = ", ".join(str(p) for p in paths)
        raise InputError(
            f"no readable documents in {where} "
            "(.txt, .md, .html, .pdf, PubMed XML, MEDLINE, BioC, JATS)"
        )
