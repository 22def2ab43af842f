"""Discovery: entities the lexicon lacks, found by their shape in a telling context.

A new article still yields a graph when it names compounds, receptors, effects or plants
that ontology/lexicon does not list: "minor alkaloids such as hygrine and cuscohygrine",
"the TAAR1 receptor", "side effects include X and Y", "(Genus species)". Patterns and
stop words are data (ontology/cues.toml [discovery]; ontology/names.toml [classes]). A
discovered entity gets a class from its context, a deterministic id from its name, no
public identifier and `discovered=True`; every occurrence of it becomes a mention.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from graph.domain.cue_anchors import compile_gated
from graph.domain.lexicon import Lexicon
from graph.errors import OntologyError
from graph.mentions.keyscan import find_keys
from graph.mentions.matcher import Match
from graph.mentions.names import NameRules
from graph.mentions.names.common import scan
from graph.model import Document, Entity, Mention, Sentence
from graph.text.textnorm import fold, normalize

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_SPLIT = re.compile(r",|;|\band/or\b|\band\b|\bor\b|\bas well as\b")
_STOP = re.compile(r"[.;:!?]|\b(?:which|that|but|while|whereas|because|in|at|with|after|during)\b")
_NUMBERED = re.compile(r"\s*\(\d{1,3}[a-z]?\)\s*$")  # a compound's number in a paper
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
        return compile_gated(text)  # same matches, found sooner
    except re.error as exc:
        raise OntologyError(f"cues.toml: bad pattern in discovery.{where}: {exc}") from None


_Spans = list[tuple[int, int, str]]
_DASHES = re.compile("[—–―]")  # punctuation dashes: they bound a name


@dataclass(frozen=True)
class ContextRules:
    """Names by their shape in a telling context (cues.toml [discovery]), with the class
    each gives (names.toml [classes])."""

    compound_context: re.Pattern[str] | None = None
    compound_name: re.Pattern[str] | None = None
    alkaloid_hint: re.Pattern[str] | None = None
    not_names: frozenset[str] = frozenset()
    receptor: re.Pattern[str] | None = None
    not_receptor_words: frozenset[str] = frozenset()
    effect_context: re.Pattern[str] | None = None
    plant_list: re.Pattern[str] | None = None  # "plants such as juniper, sage and ..."
    plant: re.Pattern[str] | None = None
    plant_context: re.Pattern[str] | None = None
    compound_apposition: re.Pattern[str] | None = None
    target_after_verb: re.Pattern[str] | None = None
    known_terms: frozenset[str] = frozenset()
    classes: dict[str, str] = field(default_factory=dict)  # names.toml [classes]

    @classmethod
    def load(
        cls, d: dict[str, Any], terms: frozenset[str], classes: dict[str, str]
    ) -> ContextRules:
        shape = d.get("compound_shape", "")
        locant = d.get("compound_locant", "")
        effect = None
        if d.get("effect_context"):
            effect = re.compile(
                "(?:" + "|".join(d["effect_context"]) + r")\s+" + d.get("effect_list_intro", "")
            )
        return cls(
            compound_context=_compile(d.get("compound_context"), "compound_context"),
            compound_name=re.compile(f"(?:{locant})?{shape}") if shape else None,
            alkaloid_hint=_compile(d.get("alkaloid_hint"), "alkaloid_hint"),
            not_names=frozenset(d.get("not_names", [])),
            receptor=_compile(d.get("receptor_pattern"), "receptor_pattern"),
            not_receptor_words=frozenset(d.get("not_receptor_words", [])),
            effect_context=effect,
            plant_list=_compile(d.get("plant_list_context"), "plant_list_context"),
            plant=_compile(d.get("plant_pattern"), "plant_pattern"),
            plant_context=_compile(d.get("plant_context"), "plant_context"),
            compound_apposition=_compile(d.get("compound_apposition"), "compound_apposition"),
            target_after_verb=_compile(d.get("target_after_verb"), "target_after_verb"),
            known_terms=terms,
            classes=classes,
        )

    def _class(self, kind: str) -> str:
        return self.classes.get(kind, "")

    def find(self, norm: str, folded: str) -> list[tuple[int, int, str]]:
        """Spans (begin, end, class) of names in one sentence (`norm`: lower case)."""
        spans = self._compounds(norm) + self._lists(norm, self.effect_context, "adverse")
        spans += self._lists(norm, self.plant_list, "plant")
        return spans + self._receptors(folded) + self._plants(folded) + self._appositions(folded)

    def _list_items(self, text: str, start: int) -> list[tuple[int, int]]:
        """Spans of the items of a list that starts at `start` (up to a clause end)."""
        stop = _STOP.search(text, start)
        end = stop.start() if stop else len(text)
        items = []
        pos = start
        for sep in [*_SPLIT.finditer(text, start, end), None]:
            item_end = sep.start() if sep else end
            raw = _NUMBERED.sub("", text[pos:item_end])  # "cyclopamine (1)"
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
        for ctx in scan(self.compound_context, norm):
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
                out.append((b, e, self._class("alkaloid" if is_alkaloid else "compound")))
        return out

    def _appositions(self, text: str) -> list[tuple[int, int, str]]:
        """ "Pipermethystine, an alkaloid found in ...": a chemical-looking name."""
        if self.compound_apposition is None or self.compound_name is None:
            return []
        out = []
        for m in scan(self.compound_apposition, text):
            name = m.group(1).lower()
            if name in self.not_names or not self.compound_name.fullmatch(name):
                continue
            alkaloid = bool(self.alkaloid_hint and self.alkaloid_hint.search(m.group(0).lower()))
            out.append((m.start(1), m.end(1), self._class("alkaloid" if alkaloid else "compound")))
        return out

    def _receptors(self, text: str) -> list[tuple[int, int, str]]:
        out = []
        if self.target_after_verb is not None:
            for m in scan(self.target_after_verb, text):
                out.append((m.start(1), m.end(1), self._class("target")))
        if self.receptor is None:
            return out
        for m in scan(self.receptor, text):
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
            out.append((start, end, self._class("target")))
        return out

    def _lists(self, norm: str, context: re.Pattern[str] | None, kind: str) -> _Spans:
        if context is None:  # names of one or two words listed after a context
            return []
        out = []
        for ctx in scan(context, norm):
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
                out.append((b, e, self._class(kind)))
        return out

    def _plants(self, text: str) -> list[tuple[int, int, str]]:
        if self.plant is None:
            return []
        out = []
        for m in scan(self.plant, text):
            before = text[max(0, m.start() - 30) : m.start()]
            in_parens = before.endswith("(") and text[m.end() : m.end() + 1] == ")"
            if in_parens or (self.plant_context and self.plant_context.search(before.lower())):
                out.append((m.start(), m.end(), self._class("plant")))
        return out


@dataclass(frozen=True)
class Discoverer:
    cues: ContextRules = field(default_factory=ContextRules)
    known_terms: frozenset[str] = frozenset()
    known_ids: frozenset[str] = frozenset()
    generic_ids: frozenset[str] = frozenset()
    names: NameRules | None = None
    families: tuple[tuple[str, str], ...] = ()  # (entity id, top class) of lexicon entities
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)  # label -> (id, class)
    classes: dict[str, str] = field(default_factory=dict)  # names.toml [classes]
    contains: dict[str, tuple[str, ...]] = field(default_factory=dict)  # top class -> classes
    weak_tails: frozenset[str] = frozenset()  # "X symptoms" for a lexicon term X is X

    @classmethod
    def build(cls, ontology: Path, lexicon: Lexicon) -> Discoverer:
        try:
            data = tomllib.loads((ontology / "cues.toml").read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise OntologyError(f"cues.toml: {exc}") from None
        d = data.get("discovery", {})
        path = ontology / "names.toml"
        rules = NameRules.read(path) if path.is_file() else {}
        classes = {k: str(v) for k, v in rules.get("classes", {}).items()}
        mentions = rules.get("mentions", {})
        genera = {
            e.label
            for e in lexicon.entities.values()
            if e.cls == classes.get("plant") and re.fullmatch(r"[A-Z][a-z]+", e.label)
        }
        names = NameRules.from_data(rules, genera) if path.is_file() else None
        contains = {k: tuple(v) for k, v in mentions.get("contains", {}).items()}
        if not d:
            return cls(names=names, classes=classes, contains=contains)
        terms = {normalize(t) for e in lexicon.entities.values() for t in (e.label, *e.alt_labels)}
        return cls(
            cues=ContextRules.load(d, frozenset(terms), classes),
            known_terms=frozenset(terms),
            known_ids=frozenset(lexicon.entities),
            generic_ids=frozenset(e.id for e in lexicon.entities.values() if e.generic),
            names=names,
            families=_families(lexicon, tuple(mentions.get("top_classes", ()))),
            labels={e.label.lower(): (e.id, e.cls) for e in lexicon.entities.values()},
            classes=classes,
            contains=contains,
            weak_tails=frozenset(mentions.get("weak_tails", ())),
        )

    def discover(
        self,
        doc: Document,
        sentences: tuple[Sentence, ...],
        norm: str,
        found: list[Match],
        resolve: Callable[[Iterable[str]], dict[str, tuple[str, str]]] | None = None,
        classes: dict[str, str] | None = None,
    ) -> tuple[dict[str, Entity], list[Mention]]:
        """New entities of `doc` and every mention of them that the lexicon left free."""
        taken = bytearray(len(doc.text))
        for m in found:
            if m.entity not in self.generic_ids:  # "the X receptor" may swallow "receptor"
                taken[m.begin : m.end] = b"\x01" * (m.end - m.begin)
        folded = fold(doc.text)
        names: dict[str, tuple[str, str]] = {}  # normalised name -> (label, class)
        cased = (self.classes.get("target"), self.classes.get("plant"))  # labels as written
        for s in sentences:
            ns = norm[s.begin : s.end]
            fs = folded[s.begin : s.end]
            for b, e, cls in self.cues.find(ns, fs):
                if 1 in taken[s.begin + b : s.begin + e]:
                    continue
                key = ns[b:e]
                if key in self.known_terms or key in names:
                    continue
                label = fs[b:e] if cls in cased else key
                if slug(label) in self.known_ids:
                    continue
                names[key] = (label, cls)
        spans: list[tuple[int, int, str, str]] = []  # begin, end, label, class
        labels = self.labels
        if self.names is not None:
            genera: frozenset[str] = frozenset()
            if resolve is not None:
                candidates = self.names.genus_candidates(folded)
                genera = frozenset(
                    g
                    for g, (_, cls) in resolve(c.lower() for c in candidates).items()
                    if cls == self.classes.get("plant")
                    for g in [g[:1].upper() + g[1:]]
                )
            named_forms, placed = self.names.find(folded, norm, sentences, genera, doc.text)
            labels = dict(self.labels)
            if resolve is not None:
                wanted = {n.label.lower() for n in named_forms.values()}
                labels.update(resolve(wanted | {n.label.lower() for _, _, n in placed}))
            for key, named in named_forms.items():
                if key in self.known_terms or key in names:
                    continue
                if slug(named.label) in self.known_ids and named.label.lower() not in labels:
                    continue
                names[key] = (named.label, named.cls)
            spans = [(b, e, n.label, n.cls) for b, e, n in placed]
        if not names and not spans:
            return {}, []
        entities: dict[str, Entity] = {}
        mentions: list[Mention] = []
        forms: dict[str, set[str]] = {}
        family = dict(self.families)
        remedy_of_plant = (self.classes.get("remedy"), self.classes.get("plant"))
        classes = classes or {}

        def top(entity: str) -> str:
            return family.get(entity) or family.get("?" + classes.get(entity, ""), "")

        inside = sorted((m.begin, m.end, top(m.entity)) for m in found)
        starts = [x[0] for x in inside]
        # Dashes that are punctuation ("Latin Name—Glycyrrhiza glabra") bound a name.
        searched = norm
        dashes = [m.start() for m in _DASHES.finditer(doc.text)]
        if dashes:
            chars = list(norm)
            for i in dashes:
                chars[i] = " "
            searched = "".join(chars)
        keys = sorted(names, key=len, reverse=True)  # the longest name first
        hits = [(b, e, key, *names[key]) for b, e, key in find_keys(searched, keys)]
        hits += [(b, e, norm[b:e], label, cls) for b, e, label, cls in spans]
        for b, e, key, label, cls in sorted(hits, key=lambda h: (h[0], -h[1])):
            known = labels.get(label.lower())
            if known is not None and (cls, known[1]) != remedy_of_plant:  # "antitussive"
                if taken[b:e].strip(b"\x00"):
                    continue
                taken[b:e] = b"\x02" * (e - b)
                mentions.append(Mention(b, e, doc.text[b:e], known[0], known[1], "discovered"))
                continue
            if 2 in taken[b:e]:
                continue
            if 1 in taken[b:e]:
                # A longer name of the same kind may contain lexicon terms
                # ("allergic rhinitis" around "rhinitis"); nothing else may.
                lo = bisect.bisect_left(starts, b - 200)
                near = [x for x in inside[lo:] if x[0] < e and x[1] > b]
                own = family.get("?" + cls, cls)
                allowed = {own, *self.contains.get(own, ())}
                if not near or any(
                    x[0] < b
                    or x[1] > e
                    or ((x[0], x[1]) == (b, e) and (cls, x[2]) != remedy_of_plant)
                    or x[2] not in allowed
                    for x in near
                ):
                    continue
                if near[0][0] == b and norm[near[-1][1] : e].strip() in self.weak_tails:
                    continue  # "rheumatoid arthritis symptoms": the lexicon's term
            taken[b:e] = b"\x02" * (e - b)
            forms.setdefault(slug(label), set()).update((key, norm[b:e]))
            entity = Entity(id=slug(label), label=label, cls=cls, discovered=True)
            entities[entity.id] = entity
            mentions.append(Mention(b, e, doc.text[b:e], entity.id, cls, "discovered"))
        for key, entity in entities.items():
            if alt := tuple(sorted(forms[key] - {entity.label.lower()})):
                entities[key] = replace(entity, alt_labels=alt)
        return entities, mentions


def _families(lexicon: Lexicon, top_classes: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The top class (one of `top_classes`) of every lexicon entity and class ("?Class")."""
    h = lexicon.hierarchy

    def top(cls: str) -> str:
        return next((a for a in h.ancestors(cls) if a in top_classes), cls)

    classes = {e.cls for e in lexicon.entities.values()} | set(h.parents)
    out = [(e.id, top(e.cls)) for e in lexicon.entities.values() if not e.generic]
    out += [("?" + c, top(c)) for c in classes]
    return tuple(sorted(out))
