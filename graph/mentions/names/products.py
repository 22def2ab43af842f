"""Remedies: the document's title, pharmacopoeial Latin and the forms of a remedy.

- the title names the document's subject when it ends in a part ("Licorice Root") or a
  line of Latin names follows it ("Butterbur" ... "Latin name: Petasites hybridus");
- pharmacopoeial Latin for a drug made of a plant part ("Radix Aconiti", "Evodiae
  fructus"), with the name before it ("Fuzi (Radix Aconiti)");
- forms of a remedy X: "X extract", "X root extract", "extracts of X";
- `used_as_remedy`: whether a text takes, sells or defines a name as a remedy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from graph.mentions.keyscan import wordish
from graph.mentions.matcher import plural
from graph.mentions.names.common import (
    Forms,
    Named,
    alternatives,
    bounded,
    compile_re,
    listed_items,
    scan,
    title_case,
)
from graph.model import Sentence

# "uses of X", "X has been used": the text takes the name as a remedy; read around each
# place the name stands (\x00 stands for it).
_TAKEN_WORDS = ("use", "uses", "benefits", "user", "users", "dose", "doses", "intake")
_TAKEN_BEFORE = tuple(
    f"{word} {link} "
    for word in (*_TAKEN_WORDS, "consumption", "ingestion")
    for link in ("of", "for")
)
_TAKEN_AFTER = re.compile(
    r" (?:is|are|was|were|has been|have been) (?:\w+ )?(?:used|taken|sold|marketed|given)"
)


def _taken(taken: str) -> bool:
    """Whether the text (the name replaced by \x00) uses, doses or sells the name."""
    pos = taken.find("\x00")
    while pos >= 0:
        after = pos + 1
        if taken.endswith(_TAKEN_BEFORE, 0, pos) and (
            after >= len(taken) or not wordish(taken[after])
        ):
            return True  # "uses of X", "doses for X"
        if (pos == 0 or not wordish(taken[pos - 1])) and _TAKEN_AFTER.match(taken, after):
            return True  # "X has been used"
        pos = taken.find("\x00", after)
    return False


@dataclass(frozen=True)
class Products:
    suffixes: tuple[str, ...]
    parts: tuple[str, ...]
    prefixes: tuple[str, ...]
    pharmacopoeial: re.Pattern[str]
    remedy_words: str
    title_heads: frozenset[str]
    part_heads: frozenset[str]
    names_line: re.Pattern[str]
    remedy: str  # the class of names.toml
    after_name: tuple[re.Pattern[str], ...] = ()  # "X extract", "X is a herbal medicine"
    quoted: re.Pattern[str] | None = None  # the product "Chomper": words before the quote
    names_list: re.Pattern[str] | None = None  # "Common Names: A, B, C": names of A
    quoted_name: re.Pattern[str] | None = None  # the name in quotes

    @classmethod
    def load(cls, pr: dict[str, Any], classes: dict[str, Any]) -> Products:
        return cls(
            suffixes=tuple(pr["suffixes"]),
            parts=tuple(pr.get("parts", ())),
            prefixes=tuple(pr["prefixes"]),
            pharmacopoeial=bounded(pr["pharmacopoeial"], "products"),
            remedy_words=str(pr["remedy_words"]),
            title_heads=frozenset(pr["title_heads"]),
            part_heads=frozenset(pr["part_heads"]),
            names_line=compile_re(pr["names_line"], "products.names_line"),
            remedy=str(classes["remedy"]),
            quoted=compile_re(pr["quoted"], "products.quoted") if pr.get("quoted") else None,
            names_list=(
                compile_re(pr["names_list"], "products.names_list")
                if pr.get("names_list")
                else None
            ),
            quoted_name=(
                compile_re(pr["quoted_name"], "products.quoted_name")
                if pr.get("quoted_name")
                else None
            ),
            after_name=(
                compile_re(rf"e?s? (?:{alternatives(pr['suffixes'])})", "products.suffixes"),
                compile_re(
                    rf" (?:is|was|has been|are) (?:an? |the )?(?:\w+ )?{pr['remedy_words']}",
                    "products.remedy_words",
                ),
            ),
        )

    def used_as_remedy(self, lowered_text: str, name: str) -> bool:
        """Whether the text takes, sells or defines `name` as a remedy ("comfrey products",
        "extracts of chasteberry", "X is a herbal ..."), not only as a plant."""
        title = lowered_text.lstrip().split("\n", 1)[0].strip()
        if name == title:
            return True
        if not name or name not in lowered_text:
            return False
        taken = lowered_text.replace(name, "\x00")
        if _taken(taken):
            return True
        # Each occurrence of the name, and what stands right before or after it.
        size = len(name)
        pos = lowered_text.find(name)
        while pos >= 0:
            end = pos + size
            free_before = pos == 0 or not wordish(lowered_text[pos - 1])
            if free_before and any(p.match(lowered_text, end) for p in self.after_name):
                return True  # "X extract", "X is a herbal medicine"
            if (end >= len(lowered_text) or not wordish(lowered_text[end])) and any(
                lowered_text.endswith(lead + " ", 0, pos) for lead in self.prefixes
            ):
                return True  # "extracts of X"
            pos = lowered_text.find(name, pos + 1)
        return False

    def title(
        self,
        text: str,
        sentences: tuple[Sentence, ...],
        out: Forms,
        not_names: frozenset[str],
        not_modifiers: frozenset[str],
    ) -> None:
        """The document's title names its subject: "Licorice Root", "Butterbur"."""
        if not sentences:
            return
        first = sentences[0]
        line = text[first.begin : first.end].strip()
        ends_line = first.end == len(text) or text[first.end] in "\r\n"
        if "\n" in line or line.endswith((".", "?", "!")) or not line or not ends_line:
            return
        words = line.split()
        if len(words) > 3 or not all(w[:1].isalpha() for w in words):
            return
        key = line.lower()
        if key in out or any(w in not_names or w in not_modifiers for w in key.split()):
            return
        rest = text[first.end :]
        head = key.split()[-1]
        base = key.rsplit(" ", 1)[0]
        known = out.get(base) if len(words) > 1 and head in self.title_heads else None
        if known is not None and known.cls == self.remedy:
            out[key] = known  # "Kombucha Tea" over "Kombucha is a tea ..."
            return
        named_after = re.search(rf"(?i)(?<![\w-]){re.escape(line)} \(", rest)
        if not (named_after or self.names_line.search(rest) or head in self.title_heads):
            return
        named = Named(title_case(key), self.remedy, "title")
        out[key] = named
        if len(key.split()) > 1 and head in self.part_heads:
            out.setdefault(key.rsplit(" ", 1)[0], named)

    def pharmacopoeia(self, text: str, out: Forms, not_genus: frozenset[str]) -> None:
        """ "Radix Aconiti", and the name right before it: "Fuzi (Radix Aconiti)"."""
        for m in scan(self.pharmacopoeial, text):
            named = Named(m.group(0), self.remedy, "pharmacopoeial")
            lead = re.search(
                r"(?<![\w-])([A-Z][a-z]+(?: [A-Z][a-z]+)?) \($",
                text[max(0, m.start() - 40) : m.start()],
            )
            if lead is not None and lead.group(1) not in not_genus:
                named = out.setdefault(
                    lead.group(1).lower(), Named(lead.group(1), self.remedy, "pharmacopoeial")
                )
            key = m.group(0).lower()
            if out.get(key, named).rule in ("binomial", "genus"):
                out[key] = named  # "Coptidis rhizoma" reads like a binomial: a part names a drug
            out.setdefault(key, named)

    def brands(self, text: str, out: Forms) -> None:
        """A product the text names in quotes: 'the product "Chomper"'."""
        if self.quoted is None or self.quoted_name is None:
            return
        for m in self.quoted_name.finditer(text):  # the quotes first: few, and cheap to find
            if not self.quoted.search(text, max(0, m.start() - 60), m.start()):
                continue
            name = m.group(1).strip()
            known = out.get(name.lower())
            if known is None or (known.rule == "brand" and known.label.isupper()):
                # a headline's capitals ("CHOMPER") yield to the name as written elsewhere
                out[name.lower()] = Named(title_case(name), self.remedy, "brand")

    def listed(self, text: str, out: Forms) -> None:
        """ "Common Names: European elder, black elder, elder, elderberry": every name the
        line lists after the first is a name of what the first names (the first may be a
        lexicon entry: discovery resolves the label)."""
        for m in self.names_list.finditer(text) if self.names_list is not None else ():
            items = listed_items(m.group(1))
            if len(items) < 2:
                continue
            first = out.get(items[0].lower()) or Named(title_case(items[0]), self.remedy, "listed")
            for item in items[1:]:
                key = item.lower()
                words = key.rsplit(" ", 1)
                # "elderberries" as well as "elderberry"
                for form in (key, " ".join([*words[:-1], plural(words[-1])])):
                    out.setdefault(form, first)

    def forms(self, out: Forms, norm: str) -> None:
        """ "X extract", "extracts of X", "X tea": forms of a remedy X (those `norm`, the
        lower-case text, has: the rest would only make every document's search longer)."""
        for key, named in list(out.items()):
            if named.cls != self.remedy or key not in norm:
                continue
            # "<key> <tail>" is in the text iff some occurrence of the key is followed by
            # " <tail>": look after (and before) the key's few occurrences only
            ends = occurrence_ends(norm, key)
            for suffix in self.suffixes:
                tails = [suffix, *(f"{part} {suffix}" for part in self.parts)]
                for tail in tails:
                    if any(norm.startswith(" " + tail, end) for end in ends):
                        out.setdefault(f"{key} {tail}", named)
            for prefix in self.prefixes:
                lead = prefix + " "
                if any(norm.endswith(lead, 0, end - len(key)) for end in ends):
                    out.setdefault(f"{prefix} {key}", named)


def occurrence_ends(text: str, key: str) -> list[int]:
    """Where each occurrence of `key` in `text` ends (overlapping ones too)."""
    ends = []
    at = text.find(key)
    while at >= 0:
        ends.append(at + len(key))
        at = text.find(key, at + 1)
    return ends
