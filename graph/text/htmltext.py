"""The main text of an HTML page: what the article says, without the page around it.

Dropped: scripts, styles, templates and other invisible elements; navigation, asides,
footers, forms and the page header (elements `nav`, `aside`, `footer`, `form`, a `header`
outside the article, and the ARIA roles navigation, banner, contentinfo, complementary,
search). When the page has a `<main>` element (or else `<article>` elements), only their
text is read. Headings (`h1`-`h6`) are their own lines and their spans are returned: they
set the topic, they are not facts. One block per line, whitespace collapsed.

A main-content extractor such as trafilatura was considered; on article pages it keeps
about what this keeps, and it brings a dozen dependencies and heuristics whose output
changes between releases, where this reader is deterministic (same page, same graph).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

_HIDDEN = frozenset({"script", "style", "template", "noscript", "head", "svg", "iframe"})
_BOILERPLATE = frozenset({"nav", "aside", "footer", "form", "menu", "dialog"})
_BOILERPLATE_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCK = frozenset(
    {
        "p", "div", "br", "li", "ul", "ol", "tr", "table", "section", "article", "header",
        "footer", "blockquote", "pre", "dd", "dt", "title", "figcaption", "main", "nav",
        "aside", "td", "th", "caption",
    }
) | _HEADINGS  # fmt: skip
_VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "col"})
_MAIN = re.compile(r"<main[\s>]", re.I)
_ARTICLE = re.compile(r"<article[\s>]", re.I)


@dataclass(frozen=True)
class PageText:
    """The main text of a page, its title and the spans of its headings in the text."""

    text: str
    title: str
    headings: tuple[tuple[int, int], ...]


class _MainText(HTMLParser):
    def __init__(self, scope: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.scope = scope  # "main", "article" or None (the whole body)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, whether it hides its content)
        self._hidden = 0
        self._in_scope = 0
        self._in_article = 0
        self._in_title = False

    def _hides(self, tag: str, attrs: dict[str, str | None]) -> bool:
        if tag in _HIDDEN or tag in _BOILERPLATE or attrs.get("hidden") is not None:
            return True
        if (attrs.get("role") or "").lower() in _BOILERPLATE_ROLES:
            return True
        return tag == "header" and not self._in_article

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
            return
        if tag in _VOID:
            if tag == "br":
                self.parts.append("\n")
            return
        hides = self._hides(tag, dict(attrs))
        self._stack.append((tag, hides))
        self._hidden += hides
        self._in_scope += tag == self.scope
        self._in_article += tag in ("article", "main")
        if tag in _HEADINGS:
            self.parts.append("\n\x01")
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
            return
        if tag in _VOID or not any(t == tag for t, _ in self._stack):
            return  # a stray end tag
        while self._stack:
            open_tag, hides = self._stack.pop()
            self._hidden -= hides
            self._in_scope -= open_tag == self.scope
            self._in_article -= open_tag in ("article", "main")
            if open_tag in _HEADINGS:
                self.parts.append("\x02\n")
            elif open_tag in _BLOCK:
                self.parts.append("\n")
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._hidden and (self.scope is None or self._in_scope):
            self.parts.append(data)


def read_page(source: str) -> PageText:
    """The main text of the HTML page `source` (see the module docstring)."""
    scope = "main" if _MAIN.search(source) else "article" if _ARTICLE.search(source) else None
    parser = _MainText(scope)
    parser.feed(source)
    parser.close()
    raw = html.unescape("".join(parser.parts))
    lines: list[str] = []
    headings: list[tuple[int, int]] = []
    offset = 0
    for line in raw.split("\n"):
        heading = "\x01" in line or "\x02" in line
        line = re.sub(r"[ \t\r\f\v\x01\x02]+", " ", line).strip()
        if not line:
            continue
        if lines:
            offset += 1
        if heading:
            headings.append((offset, offset + len(line)))
        lines.append(line)
        offset += len(line)
    title = " ".join("".join(parser.title).split())
    return PageText("\n".join(lines), title, tuple(headings))
