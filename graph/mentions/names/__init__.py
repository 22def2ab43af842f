"""Open-world names: entities the lexicon lacks, found by how scientific and clinical
English writes them. The rules are data (ontology/names.toml), one module a concern:

- `plants`: Latin binomials, abbreviated genera, genus lists, common names, remedies
  named after their plant ("Garcinia cambogia extract");
- `products`: the title's name, pharmacopoeial Latin ("Radix Aconiti"), the forms of a
  remedy ("X extract", "extracts of X");
- `definitions`: "X is a herbal preparation", "X is an alkaloid";
- `compounds`: "the alkaloid X", "pyrrolizidine alkaloids", constituent lists;
- `targets`: "an antagonist at 5-HT2A and D2", "L-type Ca2+-channels", "a PDE4 inhibitor";
- `effects`: "-itis", "-emia", "-algia" words, "veno-occlusive disease", "sore throat",
  "an antitussive".

The classes they give are names.toml's `[classes]`: the engine names none.
`NameRules.find` maps surface forms (lower case, as `textnorm.normalize` writes them) to
an entity label and class; the discoverer makes every occurrence a mention.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.errors import OntologyError
from graph.mentions.keyscan import has_word
from graph.mentions.names.common import Forms, Named, Spans
from graph.mentions.names.compounds import Compounds
from graph.mentions.names.definitions import Definitions
from graph.mentions.names.effects import Effects
from graph.mentions.names.plants import Plants
from graph.mentions.names.products import Products
from graph.mentions.names.remedies import PlantRemedies
from graph.mentions.names.targets import Targets
from graph.model import Sentence

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["NameRules", "Named"]


@dataclass(frozen=True)
class NameRules:
    plants: Plants
    remedies: PlantRemedies
    products: Products
    definitions: Definitions
    compounds: Compounds
    targets: Targets
    effects: Effects

    @staticmethod
    def read(path: Path) -> dict[str, Any]:
        """The tables of names.toml."""
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            words = data.get("compounds", {}).get("english_words")
            if isinstance(words, str):  # a word list beside names.toml: read it in
                lines = (path.parent / words).read_text(encoding="utf-8").splitlines()
                data["compounds"]["english_words"] = [
                    w.strip() for w in lines if w.strip() and not w.startswith("#")
                ]
            return data
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise OntologyError(f"names.toml: {exc}") from None

    @classmethod
    def load(cls, path: Path, known_genera: Iterable[str] = ()) -> NameRules:
        return cls.from_data(cls.read(path), known_genera)

    @classmethod
    def from_data(cls, d: dict[str, Any], known_genera: Iterable[str] = ()) -> NameRules:
        try:
            classes = d["classes"]
            return cls(
                plants=Plants.load(d["plants"], d["products"], classes, frozenset(known_genera)),
                remedies=PlantRemedies.load(d["plants"], d["products"], classes),
                products=Products.load(d["products"], classes),
                definitions=Definitions.load(d["definitions"]),
                compounds=Compounds.load(d["compounds"], classes),
                targets=Targets.load(d["targets"], classes),
                effects=Effects.load(d["effects"], d.get("therapeutic", {}), classes),
            )
        except KeyError as exc:
            raise OntologyError(f"names.toml: missing key {exc}") from None

    @property
    def product_suffixes(self) -> tuple[str, ...]:
        return self.products.suffixes

    @property
    def product_prefixes(self) -> tuple[str, ...]:
        return self.products.prefixes

    def genus_candidates(self, text: str) -> set[str]:
        """Words that could be genera: a capitalised word before a lower-case one."""
        return self.plants.genus_candidates(text)

    def used_as_remedy(self, lowered_text: str, name: str) -> bool:
        """Whether the text takes, sells or defines `name` as a remedy."""
        return self.products.used_as_remedy(lowered_text, name)

    def _remedies(self, raw: str, out: Forms, genera: frozenset[str]) -> None:
        """A common name the text defines as a plant ("Skullcap is a Native American plant")
        but takes as a remedy ("used to treat ...") names the remedy; its Latin name is the
        plant's. So does a name shaped like a binomial whose genus no lexicon knows
        ("Cascara sagrada is an herbal medication"): a vernacular name, not a Latin one."""
        lowered = raw.lower()
        plant, remedy = self.plants.plant, self.products.remedy
        known = self.plants.known_genera | genera
        vernacular = {
            named.label.split()[0]
            for key, named in out.items()
            if named.rule == "binomial"
            and named.label.split()[0] not in known
            and "." not in key
            and self.used_as_remedy(lowered, key)
        }
        for genus in genera:  # "echinacea is used for colds": the genus in lower case
            name = genus.lower()
            if has_word(raw, name) and self.used_as_remedy(lowered, name):
                out[name] = Named(genus, remedy, "genus-remedy")
        for key, named in list(out.items()):
            if named.cls != plant:
                continue
            if named.rule == "definition" and self.used_as_remedy(lowered, key):
                out[key] = Named(named.label, remedy, "definition")
            elif (
                named.rule in ("binomial", "genus")
                and named.label.split()[0] in vernacular
                and self.used_as_remedy(lowered, named.label.lower())
            ):
                out[key] = Named(named.label, remedy, named.rule)

    def find(
        self,
        text: str,
        norm: str,
        sentences: tuple[Sentence, ...],
        genera: frozenset[str] = frozenset(),
        raw: str | None = None,
    ) -> tuple[Forms, Spans]:
        """Surface forms (lower case) -> what they name, for one document, and spans that
        name something only where they stand. `text` is the folded text (case kept),
        `norm` the same in lower case, `raw` the text with its line breaks (for the title)."""
        out: Forms = {}
        spans: Spans = []
        not_names, not_modifiers = self.definitions.not_names, self.effects.not_modifiers
        self.plants.find(text, out, spans, genera, self.products.used_as_remedy)
        self.remedies.find(text, out, spans)
        self.definitions.find(text, sentences, out)
        self._remedies(raw if raw is not None else text, out, genera)
        self.products.title(text if raw is None else raw, sentences, out, not_names, not_modifiers)
        self.products.pharmacopoeia(text, out, self.plants.not_genus)
        self.products.brands(text, out)
        self.products.listed(raw if raw is not None else text, out)
        self.compounds.find(text, norm, out, spans, not_names, not_modifiers)
        self.targets.find(text, out)
        self.effects.find(norm, out, spans)
        self.effects.therapeutic_spans(text, spans)
        # last: any other reading of a word wins ("hepatotoxins" is a therapeutic word)
        spanned = frozenset(norm[b:e] for b, e, _ in spans)
        self.compounds.repeated(norm, out, not_names | spanned)
        self.products.forms(out, norm)
        return out, spans
