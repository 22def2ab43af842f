"""Read documents: .txt, .md, .html and .pdf files into Document objects.

Readers are registered by file extension; a directory is read recursively in
sorted order. Text is decoded as UTF-8, with charset detection as a fallback.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from graph.errors import InputError
from graph.model import Document

Reader = Callable[[bytes], str]


@dataclass(frozen=True)
class Skipped:
    """A file that was passed over, and why (reported as a warning)."""

    path: str
    reason: str


def _decode(data: bytes) -> str:
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


class _VisibleText(HTMLParser):
    """Collect the visible text of an HTML page; scripts, styles and templates dropped."""

    _HIDDEN = frozenset({"script", "style", "template", "noscript", "head", "svg", "iframe"})
    _BLOCK = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "ul",
            "ol",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "tr",
            "table",
            "section",
            "article",
            "header",
            "footer",
            "blockquote",
            "pre",
            "dd",
            "dt",
            "title",
            "figcaption",
            "main",
            "nav",
            "aside",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._hidden = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in self._HIDDEN:
            self._hidden += 1
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in self._HIDDEN and self._hidden:
            self._hidden -= 1
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._hidden:
            self.parts.append(data)


def read_html(data: bytes) -> str:
    """Visible text of an HTML page, one block per line."""
    parser = _VisibleText()
    parser.feed(_decode(data))
    parser.close()
    text = html.unescape("".join(parser.parts))
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def read_pdf(data: bytes) -> str:
    """Text of a PDF, page by page (pypdf)."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise ValueError(f"unreadable PDF ({exc})") from None
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


def _title(text: str, path: Path) -> str:
    for line in text.splitlines():
        line = line.strip().strip("“”\"'‘’#* ")
        if line:
            return line[:120]
    return path.stem


def read_document(path: Path, source: str | None = None) -> Document:
    """Read one file; ValueError for binary, undecodable, empty or unsupported files."""
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise ValueError(f"unsupported file type {suffix or '(none)'}")
    media_type, reader = READERS[suffix]
    data = path.read_bytes()
    if not data.strip():
        raise ValueError("empty file")
    text = reader(data)
    if not text.strip():
        raise ValueError("no text in file")
    title = _title(text, path)
    if suffix in (".html", ".htm", ".xhtml"):
        parser = _VisibleText()
        parser.feed(_decode(data))
        page_title = " ".join("".join(parser.title).split())
        title = page_title or title
    return Document(
        id=document_id(text),
        text=text,
        source=source or path.name,
        title=title,
        media_type=media_type,
        size=len(data),
    )


def collect_files(paths: Iterable[Path]) -> list[tuple[Path, str]]:
    """Every readable-looking file under `paths`, with its name relative to the given root."""
    found: list[tuple[Path, str]] = []
    for root in paths:
        if not root.exists():
            raise InputError(f"no such file or directory: {root}")
        if root.is_dir():
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in path.relative_to(root).parts):
                    continue
                found.append((path, path.relative_to(root).as_posix()))
        else:
            found.append((root, root.name))
    return found


def read_documents(
    paths: Iterable[Path], on_skip: Callable[[Skipped], None] | None = None
) -> Iterator[Document]:
    """Yield each readable document under `paths` once (by content), in sorted order.

    Files that cannot be read are reported to `on_skip` and passed over. Raises
    InputError for a missing path, or when nothing readable is found at all.
    """
    paths = list(paths)
    files = collect_files(paths)
    seen: set[str] = set()
    count = 0
    skipped: list[Skipped] = []

    def skip(s: Skipped) -> None:
        skipped.append(s)
        if on_skip is not None:
            on_skip(s)

    for path, source in files:
        if path.suffix.lower() not in READERS:
            if path.suffix:
                skip(Skipped(source, f"unsupported file type {path.suffix}"))
            continue
        try:
            doc = read_document(path, source)
        except (ValueError, OSError) as exc:
            if len(files) == 1:
                raise InputError(f"{path}: {exc}") from None
            skip(Skipped(source, str(exc)))
            continue
        if doc.id in seen:
            continue
        seen.add(doc.id)
        count += 1
        yield doc
    if count == 0:
        if len(files) == 1 and skipped:
            raise InputError(f"{files[0][0]}: {skipped[0].reason}")  # unsupported type
        where = ", ".join(str(p) for p in paths)
        raise InputError(f"no readable documents in {where} (.txt, .md, .html, .pdf)")
