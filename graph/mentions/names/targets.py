"""Targets: receptors, enzymes, transporters and ion channels.

- shorthand in a receptor context: "an antagonist at 5-HT2A and D2" names the "5-HT2A
  receptor" and the "D2 receptor"; "CYP3A4" or "SERT" stand as written;
- ion channels, normalised: "L-type Ca2+-channels" -> "L-type calcium channel";
- a target before an action noun: "a PDE4 inhibitor".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from graph.mentions.names.common import Forms, Named, compile_re, scan, title_case

# "5α-reductase" and "5-alpha-reductase": one spelling of the locant and the Greek letter
_GREEK_LOCANT = re.compile(r"(\d)(alpha|beta)")


@dataclass(frozen=True)
class Targets:
    shorthand: re.Pattern[str]
    shorthand_list: re.Pattern[str]
    receptor_context: re.Pattern[str]
    receptor_shorthand: re.Pattern[str]
    receptor_word: str
    receptor_words: tuple[str, ...]
    channel: re.Pattern[str]
    channel_word: str
    ions: dict[str, str]
    before_action: re.Pattern[str]
    always: re.Pattern[str] | None
    enzyme: re.Pattern[str] | None  # a whole word naming an enzyme by its kind
    enzyme_kinds: re.Pattern[str] | None  # the kinds ("reductase"): where to look
    target: str  # the class of names.toml

    @classmethod
    def load(cls, t: dict[str, Any], classes: dict[str, Any]) -> Targets:
        return cls(
            shorthand=compile_re(rf"(?<![\w-])({t['shorthand']})(?![\w+-])", "targets.shorthand"),
            shorthand_list=compile_re(
                rf"\s*((?:{t['shorthand']})"
                rf"(?:\s*(?:,\s*(?:and |or )?|and |or )(?:{t['shorthand']}))*)"
                r"(?![\w+-])",
                "targets.shorthand",
            ),
            receptor_context=compile_re(t["receptor_context"], "targets.receptor_context"),
            receptor_shorthand=compile_re(t["receptor_shorthand"], "targets.receptor_shorthand"),
            receptor_word=str(t["receptor_word"]),
            receptor_words=tuple(t["receptor_words"]),
            channel=compile_re(t["channel"], "targets.channel", re.IGNORECASE),
            channel_word=str(t["channel_word"]),
            ions=dict(t["ions"]),
            before_action=compile_re(t["before_action"], "targets.before_action"),
            always=compile_re(t["always"], "targets.always") if t.get("always") else None,
            enzyme=compile_re(t["enzyme"], "targets.enzyme") if t.get("enzyme") else None,
            enzyme_kinds=(
                compile_re(t["enzyme_kinds"], "targets.enzyme_kinds")
                if t.get("enzyme_kinds")
                else None
            ),
            target=str(classes["target"]),
        )

    def _label(self, token: str) -> str:
        """ "5-HT2A" -> "5-HT2A receptor", "D2" -> "D2 receptor"; enzymes and transporters
        as written."""
        if self.receptor_shorthand.fullmatch(token):
            return f"{token} {self.receptor_word}"
        return token

    def find(self, text: str, out: Forms) -> None:
        for m in scan(self.shorthand_list, text):
            before = text[max(0, m.start() - 60) : m.start()]
            after = text[m.end() : m.end() + 12].lower()
            in_context = self.receptor_context.search(before) or after.lstrip().startswith(
                self.receptor_words
            )
            if not in_context:
                continue
            for item in self.shorthand.finditer(m.group(1)):
                token = item.group(1)
                label = self._label(token)
                out.setdefault(token.lower(), Named(label, self.target, "receptor-shorthand"))
                out.setdefault(label.lower(), Named(label, self.target, "receptor-shorthand"))
        for m in scan(self.channel, text):
            kind, ion = m.group(1), m.group(2).lower()
            label = f"{kind}{self.ions.get(ion, ion)} {self.channel_word}"
            named = Named(title_case(label) if not kind else label, self.target, "channel")
            out.setdefault(m.group(0).lower(), named)
            out.setdefault(m.group(0).lower().rstrip("s"), named)
        for m in scan(self.always, text) if self.always is not None else ():
            out.setdefault(m.group(0).lower(), Named(m.group(0), self.target, "target"))
        self._enzymes(text, out)
        for m in scan(self.before_action, text):
            token = m.group(1)
            out.setdefault(token.lower(), Named(token, self.target, "target-before-action"))

    def _enzymes(self, text: str, out: Forms) -> None:
        """ "5-alpha-reductase", "5α-reductase", "acetylcholinesterase": a word that ends in
        an enzyme's kind and has a prefix; one label however the Greek letter is written."""
        if self.enzyme is None or self.enzyme_kinds is None:
            return
        for m in self.enzyme_kinds.finditer(text):
            start = m.start()
            while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "-"):
                start -= 1
            word = text[start : m.end()]
            if start > 0 and text[start - 1] in "+/":
                continue
            if not self.enzyme.fullmatch(word):
                continue
            label = _GREEK_LOCANT.sub(r"\1-\2", word.replace("α", "alpha").replace("β", "beta"))
            out.setdefault(word.lower(), Named(label, self.target, "target"))
