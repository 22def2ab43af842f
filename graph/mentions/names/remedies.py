"""Remedies named by their plant: "Garcinia cambogia extract", "the ethanolic extract of
Hypericum androsaemum", "Aconitum carmichaeli Debx.-derived herbal medicine". The plant
stays a mention of its own; the product word is a mention of the remedy, so the plant
glued to it is what the remedy is derived from (cues.toml derivedFrom `object_suffix`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from graph.mentions.keyscan import word_starts
from graph.mentions.names.common import Forms, Named, Spans, compile_re, scan


@dataclass(frozen=True)
class PlantRemedies:
    plant_product: re.Pattern[str]
    product_of: re.Pattern[str]
    derived: re.Pattern[str]
    not_genus: frozenset[str]
    family: re.Pattern[str]
    plant: str  # the classes of names.toml
    remedy: str

    @classmethod
    def load(
        cls, p: dict[str, Any], products: dict[str, Any], classes: dict[str, Any]
    ) -> PlantRemedies:
        return cls(
            plant_product=compile_re(products["plant_product"], "products.plant_product"),
            product_of=compile_re(products["product_of"], "products.product_of"),
            derived=compile_re(
                rf"(?<![\w.])((?:{p['genus']})(?: {p['epithet']})?{p['authority']}?)"
                rf"({products['derived']})(?![\w-])",
                "products.derived",
            ),
            not_genus=frozenset(p["not_genus"]),
            family=compile_re(p["family"], "plants.family"),
            plant=str(classes["plant"]),
            remedy=str(classes["remedy"]),
        )

    def find(self, text: str, out: Forms, spans: Spans) -> None:
        """Spans of the remedies named by the plants found so far (`out`)."""
        self._plant_products(text, out, spans)
        self._derived(text, spans)

    def _plant_products(self, text: str, out: Forms, spans: Spans) -> None:
        """ "Garcinia cambogia extract": a remedy right after its plant's name."""
        lowered = text.lower()
        for key, named in list(out.items()):
            if named.cls != self.plant or named.rule not in ("binomial", "abbreviated"):
                continue
            if len(lowered) == len(text) and key == key.lower():
                starts = word_starts(text, lowered, key)
            else:
                found = re.finditer(rf"(?i)(?<![\w-]){re.escape(key)}", text)
                starts = [m.start() for m in found]
            for start in starts:
                tail = self.plant_product.match(text, start + len(key))
                if tail is not None:
                    words = tail.group(0).strip()
                    label = f"{named.label} {words.lower()}"
                    spans.append(
                        (tail.start() + 1, tail.end(), Named(label, self.remedy, "plant-product"))
                    )
                # "the ethanolic extract of Hypericum androsaemum": the same remedy.
                lead = self.product_of.search(text, max(0, start - 60), start)
                if lead is not None:
                    word = lead.group(1).lower().rstrip("s")
                    label = f"{named.label} {word}"
                    spans.append(
                        (lead.start(1), lead.end(1), Named(label, self.remedy, "plant-product"))
                    )

    def _derived(self, text: str, spans: Spans) -> None:
        """ "Aconitum carmichaeli Debx.-derived herbal medicine": the remedy after the plant."""
        for m in scan(self.derived, text):
            plant = m.group(1).split()[0]
            if plant in self.not_genus or self.family.match(plant):
                continue
            words = m.group(2).lstrip("-").split(" ", 1)[1]
            label = f"{plant} {words}"
            spans.append((m.end() - len(words), m.end(), Named(label, self.remedy, "derived")))
