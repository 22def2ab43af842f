"""Length-preserving text normalisation, so offsets into normalised text are offsets
into the original: lower case, straight quotes, ASCII hyphens, plain spaces, Greek mu."""

from __future__ import annotations

_MAP = {
    **{ord(c): "'" for c in "‘’‚‛′`´"},
    **{ord(c): '"' for c in "“”„‟″"},
    **{ord(c): "-" for c in "‐‑‒–—―−"},
    **{ord(c): " " for c in "\u00a0\u2002\u2003\u2009\u200a\u202f\u205f\u3000\t\r\n\f\v"},
    ord("\u00b5"): "\u03bc",  # the micro sign written for the Greek mu ("µ-receptor")
}


_PAIRS = tuple((chr(k), v) for k, v in sorted(_MAP.items()))


def fold(text: str) -> str:
    """Quotes, dashes and spaces folded; case kept. Same length as `text`."""
    # str.replace per character present is many times faster than str.translate with a
    # mapping, which looks every character of the text up in a dict.
    for old, new in _PAIRS:
        if old in text:
            text = text.replace(old, new)
    return text


def normalize(text: str) -> str:
    """fold() and lower case, character by character, so the length never changes."""
    folded = fold(text)
    lowered = folded.lower()
    if len(lowered) == len(folded):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)
