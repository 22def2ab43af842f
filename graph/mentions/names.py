"""Open-world names: entities the lexicon lacks, found by how scientific and clinical
English writes them. The rules are data (ontology/names.toml):

- plants: Latin binomials (with hybrids and authorities), abbreviated genera resolved
  within the document ("C. racemosa"), genera named alone once the document has used
  them, "common name (Genus species)" and "Genus species (common name)", "syn" synonyms;
- products: a name the text defines as a remedy ("X is a herbal preparation"), a bare
  name before a parenthesised binomial, the title's name, pharmacopoeial Latin
  ("Radix Aconiti"), and their forms "X extract", "extracts of X";
- compounds: "X is an alkaloid", "the alkaloid X", "a compound called X", classes of
  compounds ("pyrrolizidine alkaloids"), chemical-looking names in a constituent list;
- targets: receptor shorthand in a receptor context ("an antagonist at 5-HT2A and D2"),
  ion channels ("L-type Ca2+-channels"), "a PDE4 inhibitor";
- effects: clinical word forms ("-itis", "-emia", "-algia") and phrases with a clinical
  head ("veno-occlusive disease").

`NameRules.find` maps surface forms (lower case, as `textnorm.normalize` writes them) to
an entity label and class; the discoverer makes every occurrence a mention.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import OntologyError
from graph.model import Sentence

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@dataclass(frozen=True)
class Named:
    """What a surface form names."""

    label: str
    cls: str
    rule: str


_WORD = re.compile(r"[A-Za-z0-9α-ω][\w'’+-]*")
_SPLIT = re.compile(r"\s*(?:,\s*(?:and|or)?|\band\b|\bor\b|&)\s*")


def _re(value: Any, where: str, flags: int = 0) -> re.Pattern[str]:
    try:
        return re.compile(str(value), flags)
    except re.error as exc:
        raise OntologyError(f"names.toml: bad pattern in {where}: {exc}") from None


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _title_case(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:]


@dataclass(frozen=True)
class NameRules:
    binomial: re.Pattern[str]
    latin_ending: re.Pattern[str]
    authority: re.Pattern[str]
    context_before: re.Pattern[str]
    family: re.Pattern[str]
    not_genus: frozenset[str]
    not_epithets: frozenset[str]
    not_epithet_forms: re.Pattern[str]
    min_free_epithet: int
    plant_product: re.Pattern[str]
    acid: re.Pattern[str]
    not_acids: frozenset[str]
    principle: re.Pattern[str]
    s_ending: re.Pattern[str]
    genus_list: re.Pattern[str]
    derived: re.Pattern[str]
    not_modifier_forms: re.Pattern[str]
    modifier_shape: re.Pattern[str]
    organs: frozenset[str]
    weak_heads: frozenset[str]
    symptom: re.Pattern[str]
    therapeutic: re.Pattern[str]
    therapeutic_labels: dict[str, str]
    common_before: re.Pattern[str]
    plant_heads: re.Pattern[str]
    determiners: frozenset[str]
    not_common: frozenset[str]
    product_suffixes: tuple[str, ...]
    product_parts: tuple[str, ...]
    product_prefixes: tuple[str, ...]
    pharmacopoeial: re.Pattern[str]
    definition: re.Pattern[str]
    definition_classes: tuple[tuple[re.Pattern[str], str], ...]
    not_names: frozenset[str]
    apposition: re.Pattern[str]
    called: re.Pattern[str]
    compound_class: re.Pattern[str]
    bare_class: re.Pattern[str]
    list_context: re.Pattern[str]
    shorthand: re.Pattern[str]
    receptor_context: re.Pattern[str]
    shorthand_list: re.Pattern[str]
    channel: re.Pattern[str]
    ions: dict[str, str]
    before_action: re.Pattern[str]
    effect_suffixes: tuple[tuple[re.Pattern[str], str], ...]
    not_effects: frozenset[str]
    effect_phrase: re.Pattern[str]
    not_modifiers: frozenset[str]
    known_genera: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def load(cls, path: Path, known_genera: Iterable[str] = ()) -> NameRules:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise OntologyError(f"names.toml: {exc}") from None
        try:
            return cls._build(data, frozenset(known_genera))
        except KeyError as exc:
            raise OntologyError(f"names.toml: missing key {exc}") from None

    @classmethod
    def _build(cls, d: dict[str, Any], genera: frozenset[str]) -> NameRules:
        p, pr, df, c, t, e = (
            d["plants"],
            d["products"],
            d["definitions"],
            d["compounds"],
            d["targets"],
            d["effects"],
        )
        binomial = _re(
            rf"(?<![\w.])({p['genus']}) ({p['epithet']})(?![\w-])({p['authority']})?",
            "plants.genus/epithet",
        )
        articles = df["articles"]
        n = int(df["max_words_before_class"])
        definition = _re(
            r"\s*(?P<name>[A-Za-z0-9α-ω][\w'’+-]*(?: [\w'’+-]+){0,3}?)"
            r"(?: \((?P<abbr>[A-Z][A-Za-z0-9-]{1,9})\))?"
            r"(?:, (?:also (?:known|called|referred to) as|or) (?P<aka>[^,]{2,80}(?:, [^,]{2,60}){0,4}),)?"
            rf" {df['verbs']} {articles} (?P<rest>(?:[\w'’-]+ ){{0,{n}}}[\w'’-]+)",
            "definitions",
        )
        classes = tuple(
            (_re(rf"(?<![\w-])(?:{x['pattern']})(?![\w-])", "definitions.classes"), x["class"])
            for x in df["classes"]
        )
        heads = c["class_heads"]
        modifier = rf"(?:{c['modifier_shape']}|{_alternatives(c['class_adjectives'])})"
        effect_suffixes = tuple(
            (_re(rf"(?<![\w-])(?:{x['pattern']})(?![\w-])", "effects.suffixes"), x["class"])
            for x in e["suffixes"]
        )
        mod = e["modifier"]
        k = int(e["max_modifiers"])
        return cls(
            binomial=binomial,
            latin_ending=_re(p["latin_ending"], "plants.latin_ending"),
            authority=_re(p["authority"], "plants.authority"),
            context_before=_re(p["context_before"], "plants.context_before", re.IGNORECASE),
            family=_re(p["family"], "plants.family"),
            not_genus=frozenset(p["not_genus"]),
            not_epithets=frozenset(p["not_epithets"]),
            not_epithet_forms=_re(p["not_epithet_forms"], "plants.not_epithet_forms"),
            min_free_epithet=int(p["min_free_epithet"]),
            plant_product=_re(pr["plant_product"], "products.plant_product"),
            acid=_re(c["acid"], "compounds.acid"),
            not_acids=frozenset(c["not_acids"]),
            principle=_re(c["principle"], "compounds.principle"),
            s_ending=_re(p["s_ending"], "plants.s_ending"),
            genus_list=_re(
                rf"{p['genus_list']}((?:[A-Z][a-z]{{2,}}(?:,? (?:and|or) |, ))*[A-Z][a-z]{{2,}})(?![\w-])",
                "plants.genus_list",
            ),
            derived=_re(
                rf"(?<![\w.])((?:{p['genus']})(?: {p['epithet']})?{p['authority']}?)({pr['derived']})(?![\w-])",
                "products.derived",
            ),
            not_modifier_forms=_re(e["not_modifier_forms"], "effects.not_modifier_forms"),
            modifier_shape=_re(e["modifier_shape"], "effects.modifier_shape"),
            organs=frozenset(e["organs"]),
            weak_heads=frozenset(e["weak_heads"]),
            symptom=_re(
                rf"(?<![\w-])(?:{_alternatives(e['symptom_adjectives'])}) (?:{_alternatives(e['organs'])})(?:s|es)?(?![\w-])",
                "effects.symptom_adjectives",
            ),
            therapeutic=_re(
                rf"(?<![\w-])({_alternatives(d.get('therapeutic', {}).get('words', {}) or ['(?!)'])})(?![\w-])",
                "therapeutic.words",
                re.IGNORECASE,
            ),
            therapeutic_labels={k.lower(): v for k, v in d.get("therapeutic", {}).get("words", {}).items()},
            common_before=_re(rf"({p['common_name']}) \($", "plants.common_name"),
            plant_heads=_re(p["plant_heads"], "plants.plant_heads"),
            determiners=frozenset(p["determiners"]),
            not_common=frozenset(p["not_common"]),
            product_suffixes=tuple(pr["suffixes"]),
            product_parts=tuple(pr.get("parts", ())),
            product_prefixes=tuple(pr["prefixes"]),
            pharmacopoeial=_re(rf"(?<![\w-])(?:{pr['pharmacopoeial']})(?![\w-])", "products"),
            definition=definition,
            definition_classes=classes,
            not_names=frozenset(df["not_names"]),
            apposition=_re(c["apposition"], "compounds.apposition", re.IGNORECASE),
            called=_re(c["called"], "compounds.called", re.IGNORECASE),
            compound_class=_re(
                rf"(?<![\w-])((?:{modifier} ){{1,2}}{heads})(?![\w-])", "compounds.class_heads"
            ),
            bare_class=_re(rf"(?<![\w-])({c['bare_classes']})(?![\w-])", "compounds"),
            list_context=_re(c["list_context"], "compounds.list_context"),
            shorthand=_re(rf"(?<![\w-])({t['shorthand']})(?![\w+-])", "targets.shorthand"),
            receptor_context=_re(t["receptor_context"], "targets.receptor_context"),
            shorthand_list=_re(
                rf"\s*((?:{t['shorthand']})(?:\s*(?:,\s*(?:and |or )?|and |or )(?:{t['shorthand']}))*)"
                r"(?![\w+-])",
                "targets.shorthand",
            ),
            channel=_re(t["channel"], "targets.channel", re.IGNORECASE),
            ions=dict(t["ions"]),
            before_action=_re(t["before_action"], "targets.before_action"),
            effect_suffixes=effect_suffixes,
            not_effects=frozenset(e["not_effects"]),
            effect_phrase=_re(
                rf"(?<![\w-])((?:{mod} ){{1,{k}}}){e['heads']}(?![\w-])", "effects.heads"
            ),
            not_modifiers=frozenset(e["not_modifiers"]),
            known_genera=genera,
        )

    # --- the stage ---------------------------------------------------------------------

    def genus_candidates(self, text: str) -> set[str]:
        """Words that could be genera: a capitalised word before a lower-case one."""
        return {m.group(1) for m in self.binomial.finditer(text)}

    def find(
        self,
        text: str,
        norm: str,
        sentences: tuple[Sentence, ...],
        genera: frozenset[str] = frozenset(),
        raw: str | None = None,
    ) -> tuple[dict[str, Named], list[tuple[int, int, Named]]]:
        """Surface forms (lower case) -> what they name, for one document, and spans that
        name something only where they stand. `text` is the folded text (case kept),
        `norm` the same in lower case."""
        out: dict[str, Named] = {}
        spans: list[tuple[int, int, Named]] = []
        plants = self._plants(text, out, self.known_genera | genera)
        self._plant_products(text, out, spans)
        self._genus_lists(text, out)
        self._derived(text, out, spans)
        self._commons(text, plants, out)
        self._definitions(text, sentences, out)
        self._title(text if raw is None else raw, sentences, out)
        for m in self.pharmacopoeial.finditer(text):
            named = Named(m.group(0), "HerbalProduct", "pharmacopoeial")
            lead = re.search(r"(?<![\w-])([A-Z][a-z]+(?: [A-Z][a-z]+)?) \($", text[max(0, m.start() - 40) : m.start()])
            if lead is not None and lead.group(1) not in self.not_genus:
                named = out.setdefault(lead.group(1).lower(), Named(lead.group(1), "HerbalProduct", "pharmacopoeial"))
            out.setdefault(m.group(0).lower(), named)
        self._compounds(text, norm, out, spans)
        self._targets(text, out)
        self._effects(norm, out, spans)
        self._therapeutic(text, spans)
        self._product_forms(out)
        return out, spans

    # plants

    def _is_plant(
        self, text: str, m: re.Match[str], accepted: set[str], known: frozenset[str] = frozenset()
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
        starts = not before.strip() or before.rstrip().endswith((".", "!", "?", ":", "\n")) or "\n" in before[-3:]
        return bool(
            m.group(3)
            or (len(last) >= self.min_free_epithet and not starts)
            or self.plant_product.match(text, m.end())
            or before.endswith(("(", "; ", ", "))
            or self.context_before.search(before)
            or re.search(rf"(?<![\w-]){genus[0]}\. {re.escape(epithet)}(?![\w-])", text)
        )

    def _plants(
        self, text: str, out: dict[str, Named], known: frozenset[str]
    ) -> dict[str, tuple[int, int, str]]:
        """Binomials, their abbreviations and synonyms, and their genera named alone.
        Returns the binomials found: label -> (begin, end, genus)."""
        found: dict[str, tuple[int, int, str]] = {}
        accepted: set[str] = set()
        previous: tuple[int, str] | None = None
        # Two passes: a genus accepted late in the text still counts earlier.
        for _ in range(2):
            for m in self.binomial.finditer(text):
                if not self._is_plant(text, m, accepted, known):
                    continue
                genus, epithet = m.group(1), m.group(2)
                accepted.add(genus)
                label = f"{genus} {epithet}"
                key = label.lower()
                gap = text[previous[0] : m.start()] if previous else ""
                if previous and re.fullmatch(r"[,;]?\s*(?:syn\.?|synonym:?)\s*", gap):
                    out.setdefault(key, out[previous[1].lower()])  # "A, syn B": one plant
                else:
                    out.setdefault(key, Named(label, "Plant", "binomial"))
                found.setdefault(label, (m.start(), m.end(), genus))
                previous = (m.end(), label)
        firsts = sorted(found.items(), key=lambda kv: kv[1][0])
        for m in _ABBREVIATED.finditer(text):
            owners = [g for _, (b, _e, g) in firsts if g[0] == m.group(1) and b < m.start()]
            owners = owners or [g for _, (_b, _e, g) in firsts if g[0] == m.group(1)]
            if owners:
                label = f"{owners[-1]} {m.group(2)}"
                out.setdefault(label.lower(), Named(label, "Plant", "abbreviated"))
                found.setdefault(label, (m.start(), m.end(), owners[-1]))
        for label, (_b, _e, genus) in sorted(found.items(), key=lambda kv: kv[1][0]):
            epithet = label[len(genus) + 1 :]
            named = out[label.lower()]
            out.setdefault(f"{genus[0].lower()}. {epithet}", named)
            if genus not in known:
                out.setdefault(genus.lower(), Named(genus, "Plant", "genus"))
        return found

    def _plant_products(
        self, text: str, out: dict[str, Named], spans: list[tuple[int, int, Named]]
    ) -> None:
        """ "Garcinia cambogia extract": a remedy right after its plant's name."""
        for key, named in list(out.items()):
            if named.cls != "Plant" or named.rule not in ("binomial", "abbreviated"):
                continue
            for m in re.finditer(rf"(?i)(?<![\w-]){re.escape(key)}", text):
                tail = self.plant_product.match(text, m.end())
                if tail is not None:
                    words = tail.group(0).strip()
                    label = f"{named.label} {words.lower()}"
                    spans.append((tail.start() + 1, tail.end(), Named(label, "HerbalProduct", "plant-product")))

    def used_as_remedy(self, lowered_text: str, name: str) -> bool:
        """Whether the text takes, sells or defines `name` as a remedy ("comfrey products",
        "extracts of chasteberry", "X is a herbal ..."), not only as a plant."""
        forms = "|".join(re.escape(x) for x in self.product_suffixes)
        lead = "|".join(re.escape(x) for x in self.product_prefixes)
        return bool(
            re.search(rf"(?<![\w-]){re.escape(name)}e?s? (?:{forms})", lowered_text)
            or re.search(rf"(?:{lead}) {re.escape(name)}(?![\w-])", lowered_text)
            or re.search(rf"(?<![\w-]){re.escape(name)} (?:is|was|has been|are) (?:an? |the )?(?:\w+ )?(?:herbal|botanical|remedy|supplement|medication|medicine)", lowered_text)
        )

    def _genus_lists(self, text: str, out: dict[str, Named]) -> None:
        """ "plant genera, such as Laburnum and Cytisus", "genus: Teucrium"."""
        for m in self.genus_list.finditer(text):
            for genus in re.findall(r"[A-Z][a-z]{2,}", m.group(1)):
                if genus not in self.not_genus and not self.family.match(genus):
                    out.setdefault(genus.lower(), Named(genus, "Plant", "genus"))

    def _derived(self, text: str, out: dict[str, Named], spans: list[tuple[int, int, Named]]) -> None:
        """ "Aconitum carmichaeli Debx.-derived herbal medicine": the remedy after the plant."""
        for m in self.derived.finditer(text):
            plant = m.group(1).split()[0]
            if plant in self.not_genus or self.family.match(plant):
                continue
            words = m.group(2).lstrip("-").split(" ", 1)[1]
            label = f"{plant} {words}"
            spans.append((m.end() - len(words), m.end(), Named(label, "HerbalProduct", "derived")))

    def _therapeutic(self, text: str, spans: list[tuple[int, int, Named]]) -> None:
        """ "an antitussive": the stem after "anti" names cough; "an analgesic" names pain."""
        for m in self.therapeutic.finditer(text):
            label = self.therapeutic_labels[m.group(1).lower()]
            anti = re.match(r"(?i)anti-?", m.group(1))
            begin = m.start() + (anti.end() if anti else 0)
            spans.append((begin, m.end(), Named(label, "Symptom", "therapeutic")))

    def _commons(
        self, text: str, plants: dict[str, tuple[int, int, str]], out: dict[str, Named]
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
                core = words[:-1] if len(words) > 1 and self.plant_heads.search(words[-1].lower()) else words
                if words and not any(w.lower() in self.not_common for w in core):
                    name = " ".join(words)
                    before = prior[-1].lower() if prior else ""
                    lowered = name.lower()
                    if before in self.determiners or self.plant_heads.search(lowered):
                        out.setdefault(lowered, plant)
                    elif not name[:1].isupper() or b - len(name) - 2 <= 0 or _starts(text, b):
                        # The name of a remedy when the text also sells or takes it as one
                        # ("comfrey products", "extracts of chasteberry"); else the plant's.
                        out.setdefault(
                            lowered,
                            Named(_title_case(name), "HerbalProduct", "common-name")
                            if self.used_as_remedy(text.lower(), lowered)
                            else plant,
                        )
            tail = re.match(r" \(([a-z][a-z'’-]+(?: [a-z][a-z'’-]+){0,2})\)", text[e : e + 50])
            if tail is None:
                tail = re.match(r" \(((?:[A-Z][a-z]+ )?[a-z][a-z'’-]+)\)", text[e : e + 50])
            if tail is not None and not any(
                w.lower() in self.not_common for w in tail.group(1).split()
            ):
                out.setdefault(tail.group(1).lower(), plant)

    # definitions and titles

    def _definitions(self, text: str, sentences: tuple[Sentence, ...], out: dict[str, Named]) -> None:
        for s in sentences:
            m = self.definition.match(text, s.begin, s.end)
            if m is None:
                continue
            name = m.group("name")
            key = name.lower()
            words = key.split()
            if words[0] in self.not_names or any(w in self.not_names for w in words[-1:]):
                continue
            if not (name[:1].isupper() or name[:1].isdigit()):
                continue
            cls = self._class_of(m.group("rest"))
            if cls is None:
                continue
            if key in out and out[key].rule in ("genus", "binomial"):
                continue
            named = Named(name, cls, "definition")
            out[key] = named
            if m.group("abbr"):
                out.setdefault(m.group("abbr").lower(), named)
            for alias in _SPLIT.split(m.group("aka") or ""):
                alias = alias.strip()
                if alias and len(alias) > 2 and alias.lower() not in self.not_names:
                    out.setdefault(alias.lower(), named)

    def _class_of(self, rest: str) -> str | None:
        best: tuple[int, str] | None = None
        for pattern, cls in self.definition_classes:
            hit = pattern.search(rest.lower())
            if hit is not None and (best is None or hit.start() < best[0]):
                best = (hit.start(), cls)
        return best[1] if best else None

    def _title(self, text: str, sentences: tuple[Sentence, ...], out: dict[str, Named]) -> None:
        """The document's title names its subject: "Licorice Root", "Butterbur"."""
        if not sentences:
            return
        first = sentences[0]
        line = text[first.begin : first.end].strip()
        ends_line = first.end == len(text) or text[first.end] in "\r\n"
        if "\n" in line or line.endswith((".", "?", "!")) or not line or not ends_line:
            return
        words = line.split()
        if len(words) > 3 or not all(w[:1].isalpha() for w in words):
            return
        key = line.lower()
        if key in out or any(w in self.not_names or w in self.not_modifiers for w in key.split()):
            return
        cls = None
        rest = text[first.end :]
        head = key.split()[-1]
        if re.search(rf"(?i)(?<![\w-]){re.escape(line)} \(", rest) or re.search(
            r"(?im)^\s*(?:latin|botanical|scientific) names?\s*(?:[—:-]|$)", rest
        ):
            cls = "HerbalProduct"
        elif head in {"root", "roots", "leaf", "leaves", "bark", "seed", "seeds", "berry", "oil", "tea", "flower", "fruit", "resin"}:
            cls = "HerbalProduct"
        if cls is None:
            return
        named = Named(_title_case(key), cls, "title")
        out[key] = named
        if len(key.split()) > 1 and head in {"root", "roots", "leaf", "leaves", "bark", "seed", "seeds", "berry", "flower", "fruit"}:
            out.setdefault(key.rsplit(" ", 1)[0], named)

    # compounds

    def _compounds(
        self, text: str, norm: str, out: dict[str, Named], spans: list[tuple[int, int, Named]]
    ) -> None:
        for m in self.acid.finditer(norm):
            if m.group(1) not in self.not_acids:
                name = m.group(1)
                out.setdefault(name, Named(name, "Compound", "acid"))
        for m in self.principle.finditer(norm):
            name = m.group(1)
            if _chemical(name) and name not in self.not_names:
                out.setdefault(name, Named(name, "Alkaloid" if name.endswith("ine") else "Compound", "principle"))
        for pattern in (self.apposition, self.called):
            for m in pattern.finditer(text):
                name = m.group(1).rstrip(",)")
                if name.lower() in self.not_names or not re.search(r"[a-z]{3}", name.lower()):
                    continue
                if not _chemical(name.lower()):
                    continue
                cls = "Alkaloid" if "alkaloid" in m.group(0).lower() or name.lower().endswith("ine") else "Compound"
                out.setdefault(name.lower(), Named(name.lower(), cls, "apposition"))
        # A class of compounds names one thing unless its members follow
        # ("steroidal lactones called withanolides, such as ..."): then they are meant.
        for m in [*self.compound_class.finditer(norm), *self.bare_class.finditer(norm)]:
            words = m.group(1).split()
            while len(words) > 1 and words[0] in self.not_modifiers:
                words.pop(0)
            if _MEMBERS_FOLLOW.match(norm, m.end()):
                continue
            key = " ".join(words)
            named = Named(_title_case(key), "Compound", "compound-class")
            spans.append((m.end() - len(key), m.end(), named))
        for m in self.list_context.finditer(norm):
            end = norm.find(")", m.end()) if m.group(0).endswith("(") else -1
            stop = re.compile(r"[.;:!?)]|\b(?:which|that|but|while|in|at|with|after|during)\b")
            hit = stop.search(norm, m.end())
            limit = end if end >= 0 else (hit.start() if hit else len(norm))
            for item in _SPLIT.split(norm[m.end() : limit]):
                item = item.strip()
                if item and " " not in item and len(item) > 4 and _chemical(item):
                    out.setdefault(item, Named(item, "Alkaloid" if item.endswith("ine") else "Compound", "constituent-list"))

    # targets

    def _targets(self, text: str, out: dict[str, Named]) -> None:
        for m in self.shorthand_list.finditer(text):
            before = text[max(0, m.start() - 60) : m.start()]
            after = text[m.end() : m.end() + 12].lower()
            in_context = self.receptor_context.search(before) or after.lstrip().startswith(
                ("receptor", "receptors")
            )
            if not in_context:
                continue
            for item in self.shorthand.finditer(m.group(1)):
                token = item.group(1)
                label = _receptor_label(token)
                out.setdefault(token.lower(), Named(label, "Receptor", "receptor-shorthand"))
                out.setdefault(label.lower(), Named(label, "Receptor", "receptor-shorthand"))
        for m in self.channel.finditer(text):
            kind, ion = m.group(1), m.group(2).lower()
            label = f"{kind}{self.ions.get(ion, ion)} channel"
            named = Named(_title_case(label) if not kind else label, "Receptor", "channel")
            out.setdefault(m.group(0).lower(), named)
            out.setdefault(m.group(0).lower().rstrip("s"), named)
        for m in self.before_action.finditer(text):
            token = m.group(1)
            out.setdefault(token.lower(), Named(token, "Receptor", "target-before-action"))

    # effects

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

    def _effects(
        self, norm: str, out: dict[str, Named], spans: list[tuple[int, int, Named]]
    ) -> None:
        for pattern, cls in self.effect_suffixes:
            for m in pattern.finditer(norm):
                word = m.group(0)
                if word in self.not_effects or word.startswith("-") or word.endswith("-"):
                    continue
                adjective = _ADJECTIVE.search(norm, max(0, m.start() - 30), m.start())
                if adjective is not None and adjective.group(1) not in self.not_modifiers:
                    word = f"{adjective.group(1)} {word}"
                out.setdefault(word, Named(_title_case(word), cls, "effect-form"))
        for m in self.symptom.finditer(norm):
            out.setdefault(m.group(0), Named(_title_case(m.group(0)), "Symptom", "symptom-phrase"))
        for m in self.effect_phrase.finditer(norm):
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
            named = out.setdefault(key, Named(_title_case(key), "Condition", "effect-phrase"))
            # "inflammatory and digestive disorders": the first adjective shares the head.
            start = m.end() - len(key)
            shared = _SHARED_HEAD.search(norm, max(0, start - 40), start)
            if shared is not None and self._modifier(shared.group(1)):
                other = f"{shared.group(1)} {words[-1]}"
                spans.append((shared.start(1), shared.end(1), Named(_title_case(other), named.cls, "shared-head")))

    def _product_forms(self, out: dict[str, Named]) -> None:
        """ "X extract", "extracts of X", "X tea": forms of a remedy X."""
        for key, named in list(out.items()):
            if named.cls != "HerbalProduct":
                continue
            for suffix in self.product_suffixes:
                out.setdefault(f"{key} {suffix}", named)
                for part in self.product_parts:
                    out.setdefault(f"{key} {part} {suffix}", named)
            for prefix in self.product_prefixes:
                out.setdefault(f"{prefix} {key}", named)


def _starts(text: str, pos: int) -> bool:
    """Whether the name right before `pos` (and its " (") starts a sentence or line."""
    lead = text[:pos].rstrip(" (")
    head = lead.rsplit(" ", 3)
    return len(head) < 2 or head[0].endswith((".", "\n")) or "\n" in lead[-60:]


_MEMBERS_FOLLOW = re.compile(r",? ?(?:called|named|known as|such as|including|like|e\.g\.|namely)")
_SHARED_HEAD = re.compile(r"(?<![\w-])([a-z][a-z-]{3,}(?:al|ic|ory|ary|ous|ive|ar)) (?:and|or) $")
_ABBREVIATED = re.compile(r"(?<![\w.])([A-Z])\. ((?:x |× )?[a-z]{4,})(?![\w-])")
_ADJECTIVE = re.compile(r"([a-z][a-z-]+(?:ic|al|ory|ary|ous|ive)) $")

_CHEMICAL = re.compile(
    r"^(?:\(?[+-]?\)?-?|\d+[a-z]?(?:,\d+)*-|[nos](?:,[nos])*-)?[a-z0-9α-ω'-]*?"
    r"(?:ines?|ins?|ols?|ones?|ides?|osides?|anes?|enes?|ates?|oids?|acids?|ynes?|ims?|ans?|ates?)$"
)


def _chemical(name: str) -> bool:
    return bool(_CHEMICAL.match(name)) and len(name) >= 5


def _receptor_label(token: str) -> str:
    """ "5-HT2A" -> "5-HT2A receptor", "D2" -> "D2 receptor"; enzymes and transporters as written."""
    if re.fullmatch(r"5-HT\d[A-F]?|[DHM][1-5]|A[12][AB]?|CB[12]", token):
        return f"{token} receptor"
    return token
