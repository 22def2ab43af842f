"""Names a sentence defines: "NAME is a/an ... CLASS WORD".

Example: "Cytisine, also known as baptitoxine, is an alkaloid that ..." names "Cytisine"
(and "baptitoxine") by the first class word after the article ("alkaloid").
The class words and their classes are `[[definitions.classes]]` of names.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from graph.mentions.names.common import SPLIT, Forms, Named, bounded, compile_re
from graph.model import Sentence


@dataclass(frozen=True)
class Definitions:
    definition: re.Pattern[str]
    classes: tuple[tuple[re.Pattern[str], str], ...]
    not_names: frozenset[str]

    @classmethod
    def load(cls, df: dict[str, Any]) -> Definitions:
        articles = df["articles"]
        n = int(df["max_words_before_class"])
        definition = compile_re(
            r"\s*(?P<name>[A-Za-z0-9α-ω][\w'’+-]*(?: [\w'’+-]+){0,3}?)"
            r"(?: \((?P<abbr>[A-Z][A-Za-z0-9-]{1,9})\))?"
            r"(?:, (?:(?:also |commonly |locally |popularly )?(?:known|called|referred to) as|or) "
            r"(?P<aka>[^,]{2,80}(?:, [^,]{2,60}){0,4}),)?"
            rf" {df['verbs']} {articles} (?P<rest>(?:[\w'’-]+ ){{0,{n}}}[\w'’-]+)",
            "definitions",
        )
        return cls(
            definition=definition,
            classes=tuple(
                (bounded(x["pattern"], "definitions.classes"), x["class"]) for x in df["classes"]
            ),
            not_names=frozenset(df["not_names"]),
        )

    def find(self, text: str, sentences: tuple[Sentence, ...], out: Forms) -> None:
        for s in sentences:
            m = self.definition.match(text, s.begin, s.end)
            if m is None:
                continue
            name = m.group("name")
            key = name.lower()
            words = key.split()
            if words[0] in self.not_names or any(w in self.not_names for w in words[-1:]):
                continue
            if not (name[:1].isupper() or name[:1].isdigit()):
                continue
            found = self._class_of(m.group("rest"))
            if found is None:
                continue
            cls, word = found
            if key in out and out[key].rule in ("genus", "binomial"):
                named = out[key]  # "Tinospora cordifolia, commonly known as giloy, is ..."
            else:
                named = Named(name, cls, "genus-definition" if word == "genus" else "definition")
                out[key] = named
            if m.group("abbr"):
                out.setdefault(m.group("abbr").lower(), named)
            for alias in SPLIT.split(m.group("aka") or ""):
                alias = alias.strip()
                if alias and len(alias) > 2 and alias.lower() not in self.not_names:
                    out.setdefault(alias.lower(), named)

    def _class_of(self, rest: str) -> tuple[str, str] | None:
        """The class of the first class word in `rest`, and the word."""
        best: tuple[int, str, str] | None = None
        for pattern, cls in self.classes:
            hit = pattern.search(rest.lower())
            if hit is not None and (best is None or hit.start() < best[0]):
                best = (hit.start(), cls, hit.group(0))
        return (best[1], best[2]) if best else None
