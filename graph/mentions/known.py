"""Mentions of known entities: the curated lexicon's matches, the generated lexicon's
where those leave room, and a plant's common name read as the remedy or the plant.

The curated lexicon (ontology/lexicon/*.ttl) wins everywhere: its automaton runs first
and the generated index (graph.mentions.open_lexicon) only fills the gaps. A common
name that the generated lexicon pairs with a species ("sacred lotus", Nelumbo nucifera)
names the remedy only where the text uses it as one ("extracts of X", "X tea", "X is
a herbal ..."); elsewhere it is another name of the plant.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from graph.domain.lexicon import Lexicon
from graph.mentions.matcher import Match, Matcher
from graph.mentions.names import NameRules
from graph.mentions.open_lexicon import OpenLexicon
from graph.model import Entity
from graph.text.textnorm import normalize

Resolver = Callable[[Iterable[str]], dict[str, tuple[str, str]]]


@dataclass(frozen=True)
class KnownEntities:
    """The curated lexicon, its automaton, and the generated lexicon's index."""

    lexicon: Lexicon
    matcher: Matcher
    generated: OpenLexicon | None
    names: NameRules | None
    labels: dict[str, Entity]  # lower-case label -> curated entity

    @classmethod
    def build(
        cls,
        lexicon: Lexicon,
        matcher: Matcher,
        generated: OpenLexicon | None,
        names: NameRules | None,
    ) -> KnownEntities:
        labels = {e.label.lower(): e for e in lexicon.entities.values()}
        return cls(lexicon, matcher, generated, names, labels)

    def entity(self, entity_id: str) -> Entity:
        """A lexicon entity, curated or generated."""
        known = self.lexicon.entities.get(entity_id)
        if known is None and self.generated is not None:
            known = self.generated.entity(entity_id)
        if known is None:
            raise KeyError(entity_id)
        return known

    def find(self, text: str) -> list[Match]:
        """Matches of both lexicons in `text`, common names read in context."""
        found = self.matcher.find(text)
        if self.generated is None:
            return found
        extra = self.generated.find(text)
        if not extra:
            return found
        # The longest name wins ("rheumatoid arthritis" over "arthritis"); at equal
        # length the curated lexicon does.
        ranked = [(m, 0) for m in found] + [(m, 1) for m in extra]
        ranked.sort(key=lambda x: (-(x[0].end - x[0].begin), x[1], x[0].begin))
        taken = bytearray(len(text))
        kept: list[Match] = []
        generated: list[Match] = []
        for m, source in ranked:
            if 1 in taken[m.begin : m.end]:
                continue
            taken[m.begin : m.end] = b"\x01" * (m.end - m.begin)
            (generated if source else kept).append(m)
        return sorted(kept + self._common_names(text, generated), key=lambda m: m.begin)

    def _common_names(self, text: str, found: list[Match]) -> list[Match]:
        if self.generated is None or self.names is None:
            return found
        lowered = text.lower()
        out = []
        for m in found:
            plant = self.generated.plant_of(m.entity)
            name = lowered[m.begin : m.end]
            if plant is not None and not self.names.used_as_remedy(lowered, name):
                m = Match(m.begin, m.end, plant)
            out.append(m)
        return out

    def common_name(self, written: str, entity_id: str) -> str | None:
        """The label of the common name `written` when it names the species `entity_id`
        ("ackee" -> "Ackee" for Blighia sapida), else None."""
        if self.generated is None:
            return None
        found = self.generated.lookup([normalize(written)]).get(normalize(written))
        if found is None or found[0] == entity_id:
            return None
        if self.generated.plant_of(found[0]) != entity_id:
            return None
        product = self.generated.entity(found[0])
        return product.label if product is not None else None

    def resolve(self, names: Iterable[str]) -> dict[str, tuple[str, str]]:
        """Names (lower case) -> (id, class) of the lexicon entities they name."""
        wanted = list(names)
        out = {n: (e.id, e.cls) for n in wanted if (e := self.labels.get(n)) is not None}
        if self.generated is not None:
            rest = [n for n in wanted if n not in out]
            for form, (entity_id, exact, _capital) in self.generated.lookup(rest).items():
                entity = self.generated.entity(entity_id)
                if entity is not None and not exact:
                    out[form] = (entity.id, entity.cls)
        return out
