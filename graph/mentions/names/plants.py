"""Plants and the remedies named after them.

- Latin binomials, with hybrids and authorities ("Symphytum x uplandicum", "Piper
  methysticum G. Forst."), and "A, syn. B" synonyms;
- abbreviated genera resolved within the document ("C. racemosa" after "Cimicifuga
  racemosa"), and genera named alone once the document has used them;
- genus lists ("plant genera, such as Laburnum and Cytisus");
- common names around a binomial ("the sacred lotus (Nelumbo nucifera)", "Symphytum
  officinale (common comfrey)");
- remedies right after their plant ("Garcinia cambogia extract", "Aconitum carmichaeli
  Debx.-derived herbal medicine").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graph.mentions.names.common import (
    Forms,
    Named,
    Spans,
    compile_re,
    scan,
    starts,
    title_case,
)

Found = dict[str, tuple[int, int, str]]  # binomial label -> (begin, end, genus)


# the last text searched for binomial shapes, the pattern, and its matches
_SHAPES: list[tuple[str, re.Pattern[str], list[re.Match[str]]]] = []


@dataclass(frozen=True)
class Plants:
    binomial: re.Pattern[str]
    latin_ending: re.Pattern[str]
    context_before: re.Pattern[str]
    family: re.Pattern[str]
    not_genus: frozenset[str]
    not_epithets: frozenset[str]
    not_epithet_forms: re.Pattern[str]
    min_free_epithet: int
    s_ending: re.Pattern[str]
    abbreviated: re.Pattern[str]
    synonym_gap: re.Pattern[str]
    genus_list: re.Pattern[str]
    genus_species: re.Pattern[str]
    plant_product: re.Pattern[str]  # "Garcinia cambogia extract": the name before is a plant
    common_before: re.Pattern[str]
    described: re.Pattern[str]
    plant_heads: re.Pattern[str]
    determiners: frozenset[str]
    not_common: frozenset[str]
    known_genera: frozenset[str]
    plant: str  # the classes of names.toml
    remedy: str

    @classmethod
    def load(
        cls,
        p: dict[str, Any],
        products: dict[str, Any],
        classes: dict[str, Any],
        genera: frozenset[str],
    ) -> Plants:
        return cls(
            binomial=compile_re(
                rf"(?<![\w.])({p['genus']}) ({p['epithet']})(?![\w-])({p['authority']})?",
                "plants.genus/epithet",
            ),
            latin_ending=compile_re(p["latin_ending"], "plants.latin_ending"),
            context_before=compile_re(p["context_before"], "plants.context_before", re.IGNORECASE),
            family=compile_re(p["family"], "plants.family"),
            not_genus=frozenset(p["not_genus"]),
            not_epithets=frozenset(p["not_epithets"]),
            not_epithet_forms=compile_re(p["not_epithet_forms"], "plants.not_epithet_forms"),
            min_free_epithet=int(p["min_free_epithet"]),
            s_ending=compile_re(p["s_ending"], "plants.s_ending"),
            abbreviated=compile_re(p["abbreviated"], "plants.abbreviated"),
            synonym_gap=compile_re(p["synonym_gap"], "plants.synonym_gap"),
            genus_list=compile_re(
                rf"{p['genus_list']}"
                r"((?:[A-Z][a-z]{2,}(?:,? (?:and|or) |, ))*[A-Z][a-z]{2,})(?![\w-])",
                "plants.genus_list",
            ),
            genus_species=compile_re(p["genus_species"], "plants.genus_species"),
            plant_product=compile_re(products["plant_product"], "products.plant_product"),
            common_before=compile_re(rf"({p['common_name']}) \($", "plants.common_name"),
            described=compile_re(p["described"], "plants.described", re.IGNORECASE),
            plant_heads=compile_re(p["plant_heads"], "plants.plant_heads"),
            determiners=frozenset(p["determiners"]),
            not_common=frozenset(p["not_common"]),
            known_genera=genera,
            plant=str(classes["plant"]),
            remedy=str(classes["remedy"]),
        )

    def genus_candidates(self, text: str) -> set[str]:
        """Words that could be genera: a capitalised word before a lower-case one."""
        return {m.group(1) for m in self._binomial_shapes(text)}

    def _binomial_shapes(self, text: str) -> list[re.Match[str]]:
        """The matches of the binomial pattern in `text`: found once per text (the
        discoverer asks for the genus candidates, then the binomials, twice)."""
        last = _SHAPES[-1] if _SHAPES else None  # one read: threads may share the slot
        if last is not None and last[0] is text and last[1] is self.binomial:
            return last[2]
        found = list(scan(self.binomial, text))
        _SHAPES[:] = [(text, self.binomial, found)]  # one text's matches at a time
        return found

    def find(
        self,
        text: str,
        out: Forms,
        spans: Spans,
        genera: frozenset[str],
        used_as_remedy: Callable[[str, str], bool],
    ) -> None:
        plants = self._binomials(text, out, self.known_genera | genera)
        self._genus_lists(text, out)
        self._commons(text, plants, out, used_as_remedy)
        self._described(text, plants, out, spans)

    def _described(self, text: str, plants: Found, out: Forms, spans: Spans) -> None:
        """ "a plant of the buttercup family ... (Actaea racemosa)": the plant noun is a
        mention of the binomial in the parentheses."""
        for label in plants:
            for m in re.finditer(rf"\({re.escape(label)}(?![\w-])", text):
                lead = self.described.search(text, max(0, m.start() - 130), m.start() + 1)
                if lead is not None:
                    spans.append((lead.start(1), lead.end(1), out[label.lower()]))

    def _is_plant(
        self, text: str, m: re.Match[str], accepted: set[str], known: frozenset[str]
    ) -> bool:
        genus, epithet = m.group(1), m.group(2)
        if genus in self.not_genus or self.family.match(genus):
            return False
        last = epithet.split()[-1]
        if epithet.split()[0] in self.not_epithets or last in self.not_epithets:
            return False
        if last.endswith("s") and not self.s_ending.search(last):
            return False
        if self.not_epithet_forms.search(last):
            return False
        if genus in known or genus in accepted:
            return True
        if not self.latin_ending.search(epithet.split()[-1]):
            return False
        before = text[max(0, m.start() - 60) : m.start()]
        opens = (
            not before.strip()
            or before.rstrip().endswith((".", "!", "?", ":", "\n"))
            or "\n" in before[-3:]
        )
        return bool(
            m.group(3)
            or (len(last) >= self.min_free_epithet and not opens)
            or self.plant_product.match(text, m.end())
            or before.endswith(("(", "; ", ", "))
            or self.context_before.search(before)
            or re.search(rf"(?<![\w-]){genus[0]}\. {re.escape(epithet)}(?![\w-])", text)
        )

    def _binomials(self, text: str, out: Forms, known: frozenset[str]) -> Found:
        """Binomials, their abbreviations and synonyms, and their genera named alone.
        Returns the binomials found: label -> (begin, end, genus)."""
        found: Found = {}
        accepted: set[str] = set()
        previous: tuple[int, str] | None = None
        # Two passes: a genus accepted late in the text still counts earlier.
        for _ in range(2):
            for m in self._binomial_shapes(text):
                if not self._is_plant(text, m, accepted, known):
                    continue
                genus, epithet = m.group(1), m.group(2)
                accepted.add(genus)
                label = f"{genus} {epithet}"
                key = label.lower()
                gap = text[previous[0] : m.start()] if previous else ""
                if previous and self.synonym_gap.fullmatch(gap):
                    out.setdefault(key, out[previous[1].lower()])  # "A, syn B": one plant
                else:
                    out.setdefault(key, Named(label, self.plant, "binomial"))
                found.setdefault(label, (m.start(), m.end(), genus))
                previous = (m.end(), label)
        firsts = sorted(found.items(), key=lambda kv: kv[1][0])
        for m in scan(self.abbreviated, text):
            owners = [g for _, (b, _e, g) in firsts if g[0] == m.group(1) and b < m.start()]
            owners = owners or [g for _, (_b, _e, g) in firsts if g[0] == m.group(1)]
            if owners:
                label = f"{owners[-1]} {m.group(2)}"
                out.setdefault(label.lower(), Named(label, self.plant, "abbreviated"))
                found.setdefault(label, (m.start(), m.end(), owners[-1]))
        for label, (_b, _e, genus) in sorted(found.items(), key=lambda kv: kv[1][0]):
            epithet = label[len(genus) + 1 :]
            named = out[label.lower()]
            out.setdefault(f"{genus[0].lower()}. {epithet}", named)
            if genus not in known:
                out.setdefault(genus.lower(), Named(genus, self.plant, "genus"))
        return found

    def _genus_lists(self, text: str, out: Forms) -> None:
        """ "plant genera, such as Laburnum and Cytisus", "genus: Teucrium", "Asarum spp."."""
        for m in scan(self.genus_species, text):
            genus = m.group(1)
            if genus not in self.not_genus and not self.family.match(genus):
                out.setdefault(genus.lower(), Named(genus, self.plant, "genus"))
        for m in scan(self.genus_list, text):
            for genus in re.findall(r"[A-Z][a-z]{2,}", m.group(1)):
                if genus not in self.not_genus and not self.family.match(genus):
                    out.setdefault(genus.lower(), Named(genus, self.plant, "genus"))

    def _commons(
        self, text: str, plants: Found, out: Forms, used_as_remedy: Callable[[str, str], bool]
    ) -> None:
        """ "the sacred lotus (Nelumbo nucifera)", "chasteberry (Vitex agnus castus)",
        "Symphytum officionale (common comfrey)"."""
        for label, (b, e, _) in plants.items():
            plant = out[label.lower()]
            lead = self.common_before.search(text[max(0, b - 50) : b])
            if lead is not None:
                words = lead.group(1).split()
                prior = text[max(0, b - 50) : b][: lead.start()].split()
                while words and words[0].lower() in self.not_common:
                    prior.append(words.pop(0))
                core = (
                    words[:-1]
                    if len(words) > 1 and self.plant_heads.search(words[-1].lower())
                    else words
                )
                if words and not any(w.lower() in self.not_common for w in core):
                    name = " ".join(words)
                    before = prior[-1].lower() if prior else ""
                    lowered = name.lower()
                    if before in self.determiners or self.plant_heads.search(lowered):
                        out.setdefault(lowered, plant)
                    elif not name[:1].isupper() or b - len(name) - 2 <= 0 or starts(text, b):
                        # The name of a remedy when the text also sells or takes it as one
                        # ("comfrey products", "extracts of chasteberry"); else the plant's.
                        out.setdefault(
                            lowered,
                            Named(title_case(name), self.remedy, "common-name")
                            if used_as_remedy(text.lower(), lowered)
                            else plant,
                        )
            tail = re.match(r" \(([a-z][a-z'’-]+(?: [a-z][a-z'’-]+){0,2})\)", text[e : e + 50])
            if tail is None:
                tail = re.match(r" \(((?:[A-Z][a-z]+ )?[a-z][a-z'’-]+)\)", text[e : e + 50])
            if tail is not None and not any(
                w.lower() in self.not_common for w in tail.group(1).split()
            ):
                out.setdefault(tail.group(1).lower(), plant)
