"""Effects: conditions, symptoms and adverse effects by how clinical English writes them.

- clinical word forms ("-itis", "-emia", "-algia", "-toxicity"), with an adjective right
  before them ("allergic rhinitis");
- a symptom adjective before an organ ("sore throat", "dry mouth");
- phrases with a clinical head and modifiers ("veno-occlusive disease", "kidney
  disorders"), a first adjective sharing the head ("inflammatory and digestive disorders");
- therapeutic words: "an antitussive" names cough, "an analgesic" pain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from graph.errors import OntologyError
from graph.mentions.names.common import (
    Forms,
    Named,
    Spans,
    alternatives,
    bounded,
    compile_re,
    scan,
    title_case,
)


def _word_forms(patterns: list[str]) -> re.Pattern[str]:
    """One whole-word pattern of the alternatives `patterns`, group s<i> for pattern i."""
    for pattern in patterns:
        bounded(pattern, "effects.suffixes")  # each alone, for a clear error message
        if any(x in pattern for x in (" ", "\\s", ".", "(?P")):
            raise OntologyError(
                f"names.toml: effects.suffixes pattern {pattern!r} must match one word "
                "(no space, '\\s', '.' or named group)"
            )
    alternatives = "|".join(f"(?P<s{i}>{p})" for i, p in enumerate(patterns))
    return compile_re(rf"(?<![\w-])(?:{alternatives or '(?!)'})(?![\w-])", "effects.suffixes")


@dataclass(frozen=True)
class Effects:
    suffixes: re.Pattern[str]  # every clinical word form in one pass: group s<i> -> classes[i]
    suffix_classes: tuple[str, ...]
    not_effects: frozenset[str]
    adjective: re.Pattern[str]
    symptom: re.Pattern[str]
    phrase: re.Pattern[str]
    shared_head: re.Pattern[str]
    shared_list: re.Pattern[str]
    modifier_shape: re.Pattern[str]
    not_modifier_forms: re.Pattern[str]
    not_modifiers: frozenset[str]
    organs: frozenset[str]
    weak_heads: frozenset[str]
    therapeutic: re.Pattern[str]
    therapeutic_labels: dict[str, str]
    therapeutic_prefix: re.Pattern[str]
    symptom_class: str  # the classes of names.toml
    condition_class: str

    @classmethod
    def load(
        cls, e: dict[str, Any], therapeutic: dict[str, Any], classes: dict[str, Any]
    ) -> Effects:
        mod = e["modifier"]
        k = int(e["max_modifiers"])
        words = dict(therapeutic.get("words", {}))
        for w, label in list(words.items()):  # "antiarrhythmic" and "anti-arrhythmic"
            if w.startswith("anti") and len(w) > 6:
                other = "anti" + w[5:] if w[4] == "-" else "anti-" + w[4:]
                words.setdefault(other, label)
        return cls(
            suffixes=_word_forms([x["pattern"] for x in e["suffixes"]]),
            suffix_classes=tuple(str(x["class"]) for x in e["suffixes"]),
            not_effects=frozenset(e["not_effects"]),
            adjective=compile_re(e["adjective"], "effects.adjective"),
            symptom=compile_re(
                rf"(?<![\w-])(?:{alternatives(e['symptom_adjectives'])}) "
                rf"(?:{alternatives(e['organs'])})(?:s|es)?(?![\w-])",
                "effects.symptom_adjectives",
            ),
            phrase=compile_re(
                rf"(?<![\w-])((?:{mod} ){{1,{k}}}){e['heads']}(?![\w-])", "effects.heads"
            ),
            shared_head=compile_re(e["shared_head"], "effects.shared_head"),
            shared_list=compile_re(e.get("shared_list", "(?!)"), "effects.shared_list"),
            modifier_shape=compile_re(e["modifier_shape"], "effects.modifier_shape"),
            not_modifier_forms=compile_re(e["not_modifier_forms"], "effects.not_modifier_forms"),
            not_modifiers=frozenset(e["not_modifiers"]),
            organs=frozenset(e["organs"]),
            weak_heads=frozenset(e["weak_heads"]),
            therapeutic=compile_re(
                rf"(?<![\w-])({alternatives(words or ['(?!)'])})(?![\w-])",
                "therapeutic.words",
                re.IGNORECASE,
            ),
            therapeutic_labels={w.lower(): label for w, label in words.items()},
            therapeutic_prefix=compile_re(therapeutic.get("prefix", "(?!)"), "therapeutic.prefix"),
            symptom_class=str(classes["symptom"]),
            condition_class=str(classes["condition"]),
        )

    def _modifier(self, word: str) -> bool:
        if word in self.not_modifiers:
            return False
        if word in self.organs:
            return True
        if "-" in word:
            last = word.rsplit("-", 1)[-1]
            return last == "like" or (
                last not in self.not_modifiers
                and (last in self.organs or bool(self.modifier_shape.match(last)))
                and not self.not_modifier_forms.search(last)
            )
        return bool(self.modifier_shape.match(word)) and not self.not_modifier_forms.search(word)

    def find(self, norm: str, out: Forms, spans: Spans) -> None:
        # One pass for all forms: each matches whole words only, so a word the first form
        # names is what separate passes would give it too (setdefault keeps the first).
        for m in scan(self.suffixes, norm):
            cls = self.suffix_classes[int(str(m.lastgroup)[1:])]
            word = m.group(0)
            if word in self.not_effects or word.startswith("-") or word.endswith("-"):
                continue
            adjective = self.adjective.search(norm, max(0, m.start() - 30), m.start())
            if adjective is not None and adjective.group(1) not in self.not_modifiers:
                word = f"{adjective.group(1)} {word}"
            out.setdefault(word, Named(title_case(word), cls, "effect-form"))
        for m in scan(self.symptom, norm):
            out.setdefault(
                m.group(0), Named(title_case(m.group(0)), self.symptom_class, "symptom-phrase")
            )
        for m in scan(self.phrase, norm):
            *mods, head = m.group(0).split()
            kept: list[str] = []
            for word in reversed(mods):  # the modifiers right before the head
                if not self._modifier(word):
                    break
                kept.insert(0, word)
            words = [*kept, head]
            if not kept:
                continue
            if words[-1] in self.weak_heads and not self.organs & set(words):
                continue
            key = " ".join(words)
            named = out.setdefault(
                key, Named(title_case(key), self.condition_class, "effect-phrase")
            )
            # "inflammatory and digestive disorders": the first adjective shares the head.
            start = m.end() - len(key)
            shared = self.shared_head.search(norm, max(0, start - 40), start)
            while shared is not None and self._modifier(shared.group(1)):
                other = f"{shared.group(1)} {words[-1]}"
                spans.append(
                    (
                        shared.start(1),
                        shared.end(1),
                        Named(title_case(other), named.cls, "shared-head"),
                    )
                )
                start = shared.start(1)
                shared = self.shared_list.search(norm, max(0, start - 40), start)

    def therapeutic_spans(self, text: str, spans: Spans) -> None:
        """ "an antitussive": the stem after "anti" names cough; "an analgesic" names pain."""
        for m in scan(self.therapeutic, text):
            label = self.therapeutic_labels[m.group(1).lower()]
            anti = self.therapeutic_prefix.match(m.group(1))
            begin = m.start() + (anti.end() if anti else 0)
            spans.append((begin, m.end(), Named(label, self.symptom_class, "therapeutic")))
