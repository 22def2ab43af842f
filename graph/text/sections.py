"""The layout of a document's lines: headings, bullets and paragraphs, and the relation a
heading announces ("Adverse effects" -> mayCause) for the list under it."""

from __future__ import annotations

from graph.domain.cues import Cues
from graph.model import Sentence


def line_kind(text: str, sentence: Sentence, cues: Cues) -> str:
    """heading, bullet, paragraph (a sentence starting a line) or inline."""
    starts_line = sentence.begin == 0 or text[sentence.begin - 1] == "\n"
    if not starts_line:
        return "inline"
    if cues.bullet is not None and cues.bullet.match(sentence.text):
        return "bullet"
    words = sentence.text.split()
    ends_line = sentence.end == len(text) or text[sentence.end] == "\n"
    if ends_line and len(words) <= cues.max_heading_words and sentence.text[-1] not in ".!?":
        return "heading"
    return "paragraph"


def heading_relation(text: str, cues: Cues) -> tuple[str, str] | None:
    """The relation a heading announces ("Adverse effects" -> mayCause), if any."""
    for cue in cues.find(text):
        if cue.kind == "nominal":
            return cue.relation, text.strip().rstrip(":")
    return None
