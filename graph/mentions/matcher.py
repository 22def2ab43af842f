"""Find lexicon terms in text: longest match, word-bounded, via Aho-Corasick.

Terms are indexed once with their regular variants (plurals, hyphen/space,
Greek letters spelled out or not). Matching runs over the normalised text, so
offsets are offsets into the original. Short all-capital terms ("MOR") match
case-sensitively, over the case-kept text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from graph.domain.lexicon import Lexicon
from graph.text.textnorm import fold, normalize

_GREEK = {
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "kappa": "κ",
    "mu": "μ",
    "sigma": "σ",
    "epsilon": "ε",
    "theta": "θ",
    "zeta": "ζ",
}
_GREEK_WORD = re.compile(r"\b(" + "|".join(_GREEK) + r")(?=[\s-]|$)")
_GREEK_CHAR = re.compile("(" + "|".join(_GREEK.values()) + ")")
_REVERSE_GREEK = {v: k for k, v in _GREEK.items()}
_VOWELS = "aeiou"
_SUSPENDED = re.compile(r"(?<![\w-])([a-z0-9α-ω]+)(-?) (?:and|or|to|and/or|,) ?")


def is_case_sensitive(term: str) -> bool:
    """Short abbreviations written in capitals ("ABC", "X-Y", "AB1") keep their case."""
    letters = [c for c in term if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(term) <= 7


def plural(word: str) -> str:
    if not word or not word[-1].isalpha():
        return word + "s"
    if word.endswith("is") and len(word) > 4:
        return word[:-2] + "es"  # psychosis -> psychoses
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 2 and word[-2] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def variants(term: str, spelling: tuple[tuple[str, str], ...] = ()) -> set[str]:
    """Regular surface variants of a normalised term."""
    forms = {term}
    for a, b in spelling:
        for form in list(forms):
            if a in form:
                forms.add(form.replace(a, b))
            elif b in form:
                forms.add(form.replace(b, a))
    if "-" in term:
        forms.add(term.replace("-", " "))
    if " " in term and len(term.split()) <= 3:
        forms.add(term.replace(" ", "-"))
    for form in list(forms):
        forms.add(_GREEK_WORD.sub(lambda m: _GREEK[m.group(1)], form))
        forms.add(_GREEK_CHAR.sub(lambda m: _REVERSE_GREEK[m.group(1)], form))
    for form in list(forms):
        last = form.rsplit(" ", 1)[-1]
        if (
            len(last) > 2
            and last.isalpha()
            and (
                not last.endswith("s")
                or last.endswith("ss")
                or (last.endswith("is") and len(last) > 4)
            )
        ):
            forms.add(form[: len(form) - len(last)] + plural(last))
    return {f for f in forms if f.strip()}


@dataclass(frozen=True)
class Match:
    begin: int
    end: int
    entity: str


class Matcher:
    """An index of every lexicon term, built once, used for every document."""

    def __init__(self, lexicon: Lexicon, spelling: tuple[tuple[str, str], ...] = ()) -> None:
        import ahocorasick

        self._lower = ahocorasick.Automaton()
        self._exact = ahocorasick.Automaton()
        index: dict[tuple[bool, str], set[str]] = {}
        for entity in lexicon.entities.values():
            for term in (entity.label, *entity.alt_labels):
                term = " ".join(term.split())
                if len(term) < 2:
                    continue
                if is_case_sensitive(term):
                    index.setdefault((True, fold(term)), set()).add(entity.id)
                    continue
                for form in variants(normalize(term), spelling):
                    index.setdefault((False, form), set()).add(entity.id)
        self._forms = {
            form: tuple(sorted(ids)) for (exact, form), ids in index.items() if not exact
        }
        for (exact, form), ids in index.items():
            automaton = self._exact if exact else self._lower
            automaton.add_word(form, (len(form), tuple(sorted(ids))))
        self.size = len(index)
        for automaton in (self._lower, self._exact):
            if len(automaton):
                automaton.make_automaton()

    def _scan(self, automaton: object, text: str) -> Iterator[tuple[int, int, tuple[str, ...]]]:
        if not len(automaton):  # type: ignore[arg-type]
            return
        for end_index, (length, ids) in automaton.iter(text):  # type: ignore[attr-defined]
            end = end_index + 1
            begin = end - length
            if begin > 0 and text[begin - 1].isalnum():
                continue
            if end < len(text) and text[end].isalnum():
                continue
            yield begin, end, ids

    def find(
        self, text: str, choose: Callable[[tuple[str, ...]], str] | None = None
    ) -> list[Match]:
        """Non-overlapping matches in `text`: longest first, then leftmost."""
        candidates: list[tuple[int, int, tuple[str, ...]]] = []
        candidates.extend(self._scan(self._lower, normalize(text)))
        candidates.extend(self._scan(self._exact, fold(text)))
        candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
        taken = bytearray(len(text))
        out: list[Match] = []
        for begin, end, ids in candidates:
            if 1 in taken[begin:end]:
                continue
            taken[begin:end] = b"\x01" * (end - begin)
            entity = choose(ids) if choose and len(ids) > 1 else ids[0]
            out.append(Match(begin, end, entity))
        out.extend(self._suspended(text, out, taken))
        out.sort(key=lambda m: m.begin)
        return out

    def _suspended(self, text: str, found: list[Match], taken: bytearray) -> list[Match]:
        """ "alpha- and beta-adrenergic receptors": "alpha-" borrows the head of the
        term that follows it, and names the term "alpha-adrenergic receptors"."""
        norm = normalize(text)
        out = []
        starts = {m.begin: m for m in found}
        for s in _SUSPENDED.finditer(norm):
            nxt = starts.get(s.end())
            if nxt is None:
                continue
            tail = norm[nxt.begin : nxt.end]
            # "alpha- and beta-X receptors": the head after the hyphen; "alpha and beta
            # X receptors": the head after the first word.
            cut = tail.find("-") if s.group(2) else tail.find(" ")
            if cut <= 0:
                continue
            ids = self._forms.get(s.group(1) + tail[cut:])
            b, e = s.start(1), s.end(2)
            if ids and 1 not in taken[b:e]:
                out.append(Match(b, e, ids[0]))
        return out
