"""Discovery: entities the lexicon lacks, found by their shape in a telling context.

A new article still yields a graph when it names compounds, receptors, effects or
plants that ontology/lexicon does not list: "minor alkaloids such as hygrine and
cuscohygrine", "the TAAR1 receptor", "side effects include X and Y", "(Genus
species)". Patterns and stop words are data (ontology/cues.toml, [discovery]).
A discovered entity gets a class from its context, a deterministic id from its
name, no public identifier and `discovered=True`; every occurrence of its name in
the document becomes a mention.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.domain.lexicon import Lexicon
from graph.errors import OntologyError
from graph.mentions.matcher import Match
from graph.model import Document, Entity, Mention, Sentence
from graph.text.textnorm import fold, normalize

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_SPLIT = re.compile(r",|;|\band/or\b|\band\b|\bor\b|\bas well as\b")
_STOP = re.compile(r"[.;:!?]|\b(?:which|that|but|while|whereas|because|in|at|with|after|during)\b")
_DETERMINER = re.compile(r"^(?:a|an|the|some|mild|severe|rare|occasional|serious|transient)\s+")


def slug(label: str) -> str:
    """A readable, deterministic local name: "tetrahydro harmine" -> "TetrahydroHarmine"."""
    parts = [p for p in re.split(r"[^0-9A-Za-zα-ωΑ-Ω]+", label) if p]
    return "".join(p[:1].upper() + p[1:] for p in parts) or "Entity"


def _compile(value: Any, where: str) -> re.Pattern[str] | None:
    if not value:
        return None
    text = "|".join(f"(?:{v})" for v in value) if isinstance(value, list) else str(value)
    try:
        return re.compile(text)
    except re.error as exc:
        raise OntologyError(f"cues.toml: bad pattern in discovery.{where}: {exc}") from None


@dataclass(frozen=True)
class Discoverer:
    compound_context: re.Pattern[str] | None = None
    compound_name: re.Pattern[str] | None = None
    alkaloid_hint: re.Pattern[str] | None = None
    not_names: frozenset[str] = frozenset()
    receptor: re.Pattern[str] | None = None
    not_receptor_words: frozenset[str] = frozenset()
    effect_context: re.Pattern[str] | None = None
    plant: re.Pattern[str] | None = None
    plant_context: re.Pattern[str] | None = None
    compound_apposition: re.Pattern[str] | None = None
    target_after_verb: re.Pattern[str] | None = None
    known_terms: frozenset[str] = frozenset()
    known_ids: frozenset[str] = frozenset()
    generic_ids: frozenset[str] = frozenset()
    # kind of discovered name (compound, alkaloid, receptor, effect, plant) -> its class
    classes: dict[str, str] = field(default_factory=dict)
    keep_spelling: frozenset[str] = frozenset()  # classes whose names keep their spelling

    @classmethod
    def build(cls, ontology: Path, lexicon: Lexicon) -> Discoverer:
        try:
            data = tomllib.loads((ontology / "cues.toml").read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise OntologyError(f"cues.toml: {exc}") from None
        d = data.get("discovery", {})
        if not d:
            return cls()
        shape = d.get("compound_shape", "")
        locant = d.get("compound_locant", "")
        effect = None
        if d.get("effect_context"):
            effect = re.compile(
                "(?:" + "|".join(d["effect_context"]) + r")\s+" + d.get("effect_list_intro", "")
            )
        terms = {normalize(t) for e in lexicon.entities.values() for t in (e.label, *e.alt_labels)}
        missing = sorted(
            {"compound", "alkaloid", "receptor", "effect", "plant"} - set(d.get("classes", {}))
        )
        if missing:
            raise OntologyError(f"cues.toml: discovery.classes lacks {', '.join(missing)}")
        return cls(
            compound_context=_compile(d.get("compound_context"), "compound_context"),
            compound_name=re.compile(f"(?:{locant})?{shape}") if shape else None,
            alkaloid_hint=_compile(d.get("alkaloid_hint"), "alkaloid_hint"),
            not_names=frozenset(d.get("not_names", [])),
            receptor=_compile(d.get("receptor_pattern"), "receptor_pattern"),
            not_receptor_words=frozenset(d.get("not_receptor_words", [])),
            effect_context=effect,
            plant=_compile(d.get("plant_pattern"), "plant_pattern"),
            plant_context=_compile(d.get("plant_context"), "plant_context"),
            compound_apposition=_compile(d.get("compound_apposition"), "compound_apposition"),
            target_after_verb=_compile(d.get("target_after_verb"), "target_after_verb"),
            known_terms=frozenset(terms),
            known_ids=frozenset(lexicon.entities),
            generic_ids=frozenset(e.id for e in lexicon.entities.values() if e.generic),
            classes={str(k): str(v) for k, v in d.get("classes", {}).items()},
            keep_spelling=frozenset(d.get("keep_spelling", [])),
        )

    # --- finding names ---------------------------------------------------------------

    def _list_items(self, text: str, start: int) -> list[tuple[int, int]]:
        """Spans of the items of a list that starts at `start` (up to a clause end)."""
        stop = _STOP.search(text, start)
        end = stop.start() if stop else len(text)
        items = []
        pos = start
        for sep in [*_SPLIT.finditer(text, start, end), None]:
            item_end = sep.start() if sep else end
            raw = text[pos:item_end]
            b = pos + len(raw) - len(raw.lstrip())
            e = pos + len(raw.rstrip())
            if e > b:
                items.append((b, e))
            if sep is None:
                break
            pos = sep.end()
        return items[:10]

    def _compounds(self, norm: str) -> list[tuple[int, int, str]]:
        if self.compound_context is None or self.compound_name is None:
            return []
        out = []
        for ctx in self.compound_context.finditer(norm):
            alkaloid = bool(self.alkaloid_hint and self.alkaloid_hint.search(ctx.group(0)))
            for b, e in self._list_items(norm, ctx.end()):
                name = norm[b:e]
                if name in self.known_terms:
                    continue  # a lexicon entity: the list goes on
                if (" " in name.strip() and not re.fullmatch(r"\S+ [a-z]", name)) or len(name) < 4:
                    break
                if name in self.not_names or not self.compound_name.fullmatch(name):
                    break
                is_alkaloid = alkaloid or bool(
                    self.alkaloid_hint and self.alkaloid_hint.search(name)
                )
                out.append((b, e, self.classes["alkaloid" if is_alkaloid else "compound"]))
        return out

    def _appositions(self, text: str) -> list[tuple[int, int, str]]:
        """ "Pipermethystine, an alkaloid found in ...": a chemical-looking name."""
        if self.compound_apposition is None or self.compound_name is None:
            return []
        out = []
        for m in self.compound_apposition.finditer(text):
            name = m.group(1).lower()
            if name in self.not_names or not self.compound_name.fullmatch(name):
                continue
            alkaloid = bool(self.alkaloid_hint and self.alkaloid_hint.search(m.group(0).lower()))
            out.append((m.start(1), m.end(1), self.classes["alkaloid" if alkaloid else "compound"]))
        return out

    def _receptors(self, text: str) -> list[tuple[int, int, str]]:
        out = []
        if self.target_after_verb is not None:
            for m in self.target_after_verb.finditer(text):
                out.append((m.start(1), m.end(1), self.classes["receptor"]))
        if self.receptor is None:
            return out
        for m in self.receptor.finditer(text):
            names = [w for w in (m.group(1), m.group(2)) if w]
            while names and names[0].lower() in self.not_receptor_words:
                names.pop(0)
            if not names:
                continue
            # "pregnane X receptor" keeps its first word; "brain D2 receptor" drops it.
            if not re.search(r"[0-9A-Zα-ωµ]", names[0]) and (len(names) < 2 or len(names[1]) > 2):
                names.pop(0)
            if not names or not any(re.search(r"[0-9A-Zα-ωµ]", w) for w in names):
                continue
            start = m.start() + m.group(0).rindex(" ".join(names) + " receptor")
            end = m.end() - (1 if m.group(0).endswith("s") else 0)
            out.append((start, end, self.classes["receptor"]))
        return out

    def _effects(self, norm: str) -> list[tuple[int, int, str]]:
        if self.effect_context is None:
            return []
        out = []
        for ctx in self.effect_context.finditer(norm):
            for b, e in self._list_items(norm, ctx.end()):
                phrase = norm[b:e]
                det = _DETERMINER.match(phrase)
                if det:
                    b += det.end()
                    phrase = norm[b:e]
                words = phrase.split()
                if not words or len(words) > 2 or not all(w.isalpha() for w in words):
                    break
                if words[0].endswith("ly"):  # "rarely", "usually": not an effect
                    break
                if phrase in self.not_names or len(phrase) < 4:
                    break
                out.append((b, e, self.classes["effect"]))
        return out

    def _plants(self, text: str) -> list[tuple[int, int, str]]:
        if self.plant is None:
            return []
        out = []
        for m in self.plant.finditer(text):
            before = text[max(0, m.start() - 30) : m.start()]
            in_parens = before.endswith("(") and text[m.end() : m.end() + 1] == ")"
            if in_parens or (self.plant_context and self.plant_context.search(before.lower())):
                out.append((m.start(), m.end(), self.classes["plant"]))
        return out

    # --- the stage ---------------------------------------------------------------------

    def discover(
        self, doc: Document, sentences: tuple[Sentence, ...], norm: str, found: list[Match]
    ) -> tuple[dict[str, Entity], list[Mention]]:
        """New entities of `doc` and every mention of them that the lexicon left free."""
        taken = bytearray(len(doc.text))
        for m in found:
            if m.entity not in self.generic_ids:  # "the X receptor" may swallow "receptor"
                taken[m.begin : m.end] = b"\x01" * (m.end - m.begin)
        folded = fold(doc.text)
        names: dict[str, tuple[str, str]] = {}  # normalised name -> (label, class)
        for s in sentences:
            ns = norm[s.begin : s.end]
            fs = folded[s.begin : s.end]
            spans = self._compounds(ns) + self._effects(ns)
            spans += self._receptors(fs) + self._plants(fs) + self._appositions(fs)
            for b, e, cls in spans:
                if 1 in taken[s.begin + b : s.begin + e]:
                    continue
                key = ns[b:e]
                if key in self.known_terms or key in names:
                    continue
                label = fs[b:e] if cls in self.keep_spelling else key
                if slug(label) in self.known_ids:
                    continue
                names[key] = (label, cls)
        if not names:
            return {}, []
        entities: dict[str, Entity] = {}
        mentions: list[Mention] = []
        pattern = re.compile(
            r"(?<![\w-])("
            + "|".join(re.escape(k) for k in sorted(names, key=len, reverse=True))
            + r")(?:s|es)?(?![\w-])"
        )
        for hit in pattern.finditer(norm):
            b, e = hit.start(), hit.end()
            if 1 in taken[b:e]:
                continue
            taken[b:e] = b"\x01" * (e - b)
            label, cls = names[hit.group(1)]
            entity = Entity(id=slug(label), label=label, cls=cls, discovered=True)
            entities[entity.id] = entity
            mentions.append(Mention(b, e, doc.text[b:e], entity.id, cls, "discovered"))
        return entities, mentions
