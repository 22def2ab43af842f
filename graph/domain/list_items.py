"""The shape of an unknown list item (cues.toml [syntax.list_items]); the rule that uses
it is graph.mentions.list_items."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from graph.errors import OntologyError

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass(frozen=True)
class ListItemRules:
    families: frozenset[str]  # top classes whose lists are completed
    not_words: frozenset[str]  # function words: a phrase holding one is no item
    not_last: re.Pattern[str] | None  # a last word of this form is a modifier, not a head
    not_first: re.Pattern[str] | None = None  # a first word of this form: no effect's name
    dropped: frozenset[str] = frozenset()  # first words left out ("severe", "mild")
    max_words: int = 4
    min_known: int = 2
    final: frozenset[str] = frozenset({"and", "or"})  # the separators of a final conjunct

    @classmethod
    def load(cls, table: dict[str, Any] | None) -> ListItemRules | None:
        if not table:
            return None
        try:
            not_last = table.get("not_last")
            not_first = table.get("not_first")
            return cls(
                families=frozenset(str(f) for f in table["families"]),
                not_words=frozenset(str(w).lower() for w in table.get("not_words", ())),
                not_last=re.compile(str(not_last)) if not_last else None,
                not_first=re.compile(str(not_first)) if not_first else None,
                dropped=frozenset(str(w).lower() for w in table.get("dropped_words", ())),
                max_words=int(table.get("max_words", 4)),
                min_known=int(table.get("min_known", 2)),
                final=frozenset(str(w) for w in table.get("final_separators", ["and", "or"])),
            )
        except (KeyError, ValueError, TypeError, re.error) as exc:
            raise OntologyError(f"cues.toml: bad [syntax.list_items]: {exc}") from None

    def item(self, text: str, b: int, e: int) -> tuple[int, int] | None:
        """The span of the item text[b:e] names (without a dropped first word, "severe"),
        if the phrase has the shape of one."""
        words = text[b:e].split()
        while len(words) > 1 and words[0].lower() in self.dropped:
            b = text.index(words[0], b) + len(words.pop(0))
        b = e - len(text[b:e].lstrip())
        if not words or len(words) > self.max_words or e - b < 4:
            return None
        if any(not _WORD.fullmatch(w) or w.lower() in self.not_words for w in words):
            return None
        if self.not_last is not None and self.not_last.search(words[-1].lower()):
            return None
        if self.not_first is not None and self.not_first.search(words[0].lower()):
            return None
        return b, e

    def is_final(self, separator: str) -> bool:
        return any(w in self.final for w in separator.split())
