"""Compounds: names the text calls compounds, and classes of compounds.

- acids by their adjective ("aristolochic acid"), the active principle ("aescin is the
  main active ingredient");
- a name next to a class word: "the alkaloid glaucine", "a compound called X";
- classes of compounds ("pyrrolizidine alkaloids", "triterpene glycosides"), unless their
  members follow ("lactones called withanolides, such as ...");
- chemical-looking names in a constituent list ("constituents include A, B and C").

A chemical name ending like an alkaloid (names.toml `alkaloid_ending`) is an alkaloid.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from graph.mentions.names.common import (
    SPLIT,
    Forms,
    Named,
    Spans,
    alternatives,
    compile_re,
    scan,
    title_case,
)

_WORD = re.compile(r"(?<![\w-])([a-z][a-z-]{3,40}[a-z])(?![\w-])")


@dataclass(frozen=True)
class Compounds:
    acid: re.Pattern[str]
    not_acids: frozenset[str]
    principle: re.Pattern[str]
    apposition: re.Pattern[str]
    apposition_after: re.Pattern[str]
    called: re.Pattern[str]
    compound_class: re.Pattern[str]
    bare_class: re.Pattern[str]
    class_word: re.Pattern[str]  # a head noun of a compound class: never a compound's name
    list_context: re.Pattern[str]
    members_follow: re.Pattern[str]
    chemical: re.Pattern[str]
    min_chemical: int
    alkaloid_ending: str
    alkaloid_word: str
    compound: str  # the classes of names.toml
    alkaloid: str
    english_words: frozenset[str] = frozenset()  # chemical-looking English words
    repeated_min: int = 0  # 0: the repeated-word rule is off
    repeated_min_chars: int = 7

    @classmethod
    def load(cls, c: dict[str, Any], classes: dict[str, Any]) -> Compounds:
        heads = c["class_heads"]
        modifier = rf"(?:{c['modifier_shape']}|{alternatives(c['class_adjectives'])})"
        return cls(
            acid=compile_re(c["acid"], "compounds.acid"),
            not_acids=frozenset(c["not_acids"]),
            principle=compile_re(c["principle"], "compounds.principle"),
            apposition=compile_re(c["apposition"], "compounds.apposition", re.IGNORECASE),
            apposition_after=compile_re(
                c["apposition_after"], "compounds.apposition_after", re.IGNORECASE
            ),
            called=compile_re(c["called"], "compounds.called", re.IGNORECASE),
            compound_class=compile_re(
                rf"(?<![\w-])((?:{modifier} ){{1,2}}{heads})(?![\w-])", "compounds.class_heads"
            ),
            bare_class=compile_re(rf"(?<![\w-])({c['bare_classes']})(?![\w-])", "compounds"),
            class_word=compile_re(
                rf"(?:{heads}|{alternatives(c['class_words'])})", "compounds.class_words"
            ),
            list_context=compile_re(c["list_context"], "compounds.list_context"),
            members_follow=compile_re(c["members_follow"], "compounds.members_follow"),
            chemical=compile_re(c["chemical"], "compounds.chemical"),
            min_chemical=int(c["min_chemical"]),
            alkaloid_ending=str(c["alkaloid_ending"]),
            alkaloid_word=str(c["alkaloid_word"]),
            compound=str(classes["compound"]),
            alkaloid=str(classes["alkaloid"]),
            english_words=frozenset(c.get("english_words", ())),
            repeated_min=int(c.get("repeated_min", 0)),
            repeated_min_chars=int(c.get("repeated_min_chars", 7)),
        )

    def _chemical(self, name: str) -> bool:
        return bool(self.chemical.match(name)) and len(name) >= self.min_chemical

    def _by_ending(self, name: str) -> str:
        return self.alkaloid if name.endswith(self.alkaloid_ending) else self.compound

    def find(
        self,
        text: str,
        norm: str,
        out: Forms,
        spans: Spans,
        not_names: frozenset[str],
        not_modifiers: frozenset[str],
    ) -> None:
        for m in scan(self.acid, norm):
            if m.group(1) not in self.not_acids:
                name = m.group(1)
                out.setdefault(name, Named(name, self.compound, "acid"))
        for m in scan(self.principle, norm):
            name = m.group(1)
            if self._chemical(name) and name not in not_names:
                out.setdefault(name, Named(name, self._by_ending(name), "principle"))
        for pattern in (self.apposition, self.apposition_after, self.called):
            for m in scan(pattern, text):
                name = m.group(1).rstrip(",)")
                if name.lower() in not_names or not re.search(r"[a-z]{3}", name.lower()):
                    continue
                if not self._chemical(name.lower()):
                    continue
                if pattern is self.apposition and name.lower() in self.english_words:
                    continue  # "the alkaloid provide(s) ...": a verb
                alkaloid = self.alkaloid_word in m.group(0).lower() or name.lower().endswith(
                    self.alkaloid_ending
                )
                cls = self.alkaloid if alkaloid else self.compound
                out.setdefault(name.lower(), Named(name.lower(), cls, "apposition"))
        # A class of compounds names one thing unless its members follow
        # ("steroidal lactones called withanolides, such as ..."): then they are meant.
        for m in [*scan(self.compound_class, norm), *scan(self.bare_class, norm)]:
            words = m.group(1).split()
            while len(words) > 1 and words[0] in not_modifiers:
                words.pop(0)
            if self.members_follow.match(norm, m.end()):
                continue
            key = " ".join(words)
            named = Named(title_case(key), self.compound, "compound-class")
            spans.append((m.end() - len(key), m.end(), named))
        for m in scan(self.list_context, norm):
            end = norm.find(")", m.end()) if m.group(0).endswith("(") else -1
            stop = re.compile(r"[.;:!?)]|\b(?:which|that|but|while|in|at|with|after|during)\b")
            hit = stop.search(norm, m.end())
            limit = end if end >= 0 else (hit.start() if hit else len(norm))
            for item in SPLIT.split(norm[m.end() : limit]):
                item = re.sub(r"\s*\([^()]*\)?$", "", item.strip())  # "X (ACA)": its abbreviation
                words = item.split()
                # one chemical word, or two ("acetoxychavicol acetate", "ferulic acid")
                if not item or len(item) <= 4 or len(words) > 2:
                    continue
                if self.class_word.fullmatch(words[-1]):
                    continue  # "contains alkaloids that ...": a class, not a name
                if all(self._chemical(w) for w in words):
                    out.setdefault(item, Named(item, self._by_ending(item), "constituent-list"))

    def repeated(self, norm: str, out: Forms, not_names: frozenset[str]) -> None:
        """A chemical-looking word the text repeats as a name that is no English word and
        names nothing else yet: "sinomenine" (not "oxindole" of "oxindole alkaloids")."""
        if not self.repeated_min:
            return
        counts = Counter(_WORD.findall(norm))
        for word, n in sorted(counts.items()):
            if (
                n < self.repeated_min
                or len(word) < self.repeated_min_chars
                or word in out
                or word in self.english_words
                or word in not_names
                or not self._chemical(word)
            ):
                continue
            # only its uses as a name count, not as a modifier of a class word
            uses = re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", norm)
            named = sum(1 for m in uses if not self.class_word.match(norm, m.end() + 1))
            if named >= self.repeated_min:
                out.setdefault(word, Named(word, self._by_ending(word), "repeated"))
