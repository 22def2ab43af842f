"""Score a graph against gold facts, as DESIGN.md defines it.

Gold: TSV rows (doc, subject, predicate, object, kind, note), `kind` core or allowed,
`predicate` a relation, `NOT_<relation>` for a negated statement, or `type`.
Aliases: canonical name -> `|`-separated surface forms. A graph entity matches a
gold entity when one of its labels (rdfs:label, skos:altLabel) is among the forms.

- precision: predicted direct triples that match a core or allowed fact, or that a
  gold fact entails through sub-properties (gold agonistOf entails interactsWith);
- recall: core positive facts found (a found sub-property fact counts for its
  super-property);
- type accuracy: core type rows whose entity has that class or a sub-class of it.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from graph.domain.namespaces import ENT, KG, RDF, RDFS, SKOS
from graph.errors import InputError

if TYPE_CHECKING:
    import rdflib


@dataclass(frozen=True)
class GoldFact:
    doc: str
    subject: str
    predicate: str  # relation local name; negated facts keep their NOT_ prefix
    object: str
    kind: str  # core | allowed
    note: str = ""

    @property
    def negated(self) -> bool:
        return self.predicate.startswith("NOT_")


@dataclass(frozen=True)
class Triple:
    subject: str  # label of the graph entity
    predicate: str
    object: str


@dataclass(frozen=True)
class EvaluationReport:
    precision: float
    recall: float
    f1: float
    type_accuracy: float
    predicted: int
    correct: int
    core: int
    found: int
    types_total: int
    types_correct: int
    missed: tuple[GoldFact, ...] = ()
    false_positives: tuple[Triple, ...] = ()
    wrong_types: tuple[tuple[str, str, str], ...] = ()  # entity, expected, found

    def to_dict(self) -> dict[str, object]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "type_accuracy": round(self.type_accuracy, 4),
            "predicted": self.predicted,
            "correct": self.correct,
            "core": self.core,
            "found": self.found,
            "types_total": self.types_total,
            "types_correct": self.types_correct,
            "missed": [f"{g.subject} {g.predicate} {g.object}" for g in self.missed],
            "false_positives": [
                f"{t.subject} {t.predicate} {t.object}" for t in self.false_positives
            ],
            "wrong_types": [f"{e}: expected {x}, found {f}" for e, x, f in self.wrong_types],
        }


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        rows = list(reader)
    if rows and not {"subject", "predicate", "object"} <= set(rows[0]):
        raise InputError(f"{path}: expected columns doc, subject, predicate, object, kind, note")
    return rows


def load_gold(paths: Iterable[Path]) -> list[GoldFact]:
    facts = []
    for path in paths:
        for row in _rows(path):
            facts.append(
                GoldFact(
                    doc=(row.get("doc") or "").strip(),
                    subject=row["subject"].strip(),
                    predicate=row["predicate"].strip(),
                    object=row["object"].strip(),
                    kind=(row.get("kind") or "core").strip(),
                    note=(row.get("note") or "").strip(),
                )
            )
    return facts


def load_aliases(paths: Iterable[Path]) -> dict[str, frozenset[str]]:
    aliases: dict[str, set[str]] = defaultdict(set)
    for path in paths:
        for row in _rows_aliases(path):
            name, forms = row
            aliases[name].add(name.lower())
            aliases[name].update(f.strip().lower() for f in forms.split("|") if f.strip())
    return {k: frozenset(v) for k, v in aliases.items()}


def _rows_aliases(path: Path) -> list[tuple[str, str]]:
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for i, line in enumerate(fh):
            parts = line.rstrip("\n").split("\t")
            if i == 0 and parts[0].lower() == "canonical":
                continue
            if len(parts) >= 2 and parts[0].strip():
                out.append((parts[0].strip(), parts[1]))
    return out


@dataclass
class _GraphView:
    labels: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    triples: list[tuple[str, str, str]] = field(default_factory=list)
    sub_properties: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    sub_classes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def _closure(direct: dict[str, set[str]], item: str) -> set[str]:
    out = {item}
    todo = [item]
    while todo:
        for parent in direct.get(todo.pop(), ()):
            if parent not in out:
                out.add(parent)
                todo.append(parent)
    return out


def _view(g: rdflib.Graph) -> _GraphView:
    from rdflib import Literal, URIRef

    v = _GraphView()
    relations: set[str] = set()
    for s, p, o in g:
        if not isinstance(s, URIRef):
            continue
        ps = str(p)
        if ps == RDFS + "subPropertyOf" and str(s).startswith(KG) and str(o).startswith(KG):
            v.sub_properties[str(s)[len(KG) :]].add(str(o)[len(KG) :])
        elif ps == RDFS + "subClassOf" and str(s).startswith(KG) and str(o).startswith(KG):
            v.sub_classes[str(s)[len(KG) :]].add(str(o)[len(KG) :])
        elif (
            ps == RDF + "type"
            and str(o) == "http://www.w3.org/2002/07/owl#ObjectProperty"
            and str(s).startswith(KG)
        ):
            relations.add(str(s)[len(KG) :])
        if ps in (RDFS + "label", SKOS + "altLabel") and isinstance(o, Literal):
            v.labels[str(s)].add(str(o).strip().lower())
        elif ps == RDF + "type" and str(o).startswith(KG):
            v.types[str(s)].add(str(o)[len(KG) :])
    for s, p, o in g:
        ps = str(p)
        if (
            ps.startswith(KG)
            and ps[len(KG) :] in relations
            and isinstance(o, URIRef)
            and str(s).startswith(ENT)
            and str(o).startswith(ENT)
        ):
            v.triples.append((str(s), ps[len(KG) :], str(o)))
    return v


def evaluate_graph(
    g: rdflib.Graph, gold: Sequence[GoldFact], aliases: dict[str, frozenset[str]]
) -> EvaluationReport:
    v = _view(g)

    def forms(name: str) -> frozenset[str]:
        return aliases.get(name, frozenset({name.lower()}))

    def matches(iri: str, name: str) -> bool:
        return bool(v.labels.get(iri, set()) & forms(name))

    positive = [f for f in gold if f.predicate != "type" and not f.negated]
    correct = 0
    false_positives = []
    for s, p, o in sorted(set(v.triples)):
        ok = any(
            matches(s, f.subject)
            and matches(o, f.object)
            and p in _closure(v.sub_properties, f.predicate)
            for f in positive
        )
        correct += ok
        if not ok:
            false_positives.append(Triple(_label(v, s), p, _label(v, o)))
    core = [f for f in positive if f.kind == "core"]
    core_keys = sorted({(f.subject, f.predicate, f.object): f for f in core}.items())
    missed = []
    found = 0
    for _, f in core_keys:
        hit = any(
            f.predicate in _closure(v.sub_properties, p)
            and matches(s, f.subject)
            and matches(o, f.object)
            for s, p, o in v.triples
        )
        found += hit
        if not hit:
            missed.append(f)
    type_rows = sorted(
        {
            (f.subject, f.object): f for f in gold if f.predicate == "type" and f.kind == "core"
        }.items()
    )
    types_correct = 0
    wrong_types = []
    for (name, cls), f in type_rows:
        accepted = {cls} | _also_accepted(f.note)
        entities = [iri for iri, labels in v.labels.items() if labels & forms(name)]
        has = set()
        for iri in entities:
            for t in v.types.get(iri, ()):
                has |= _closure(v.sub_classes, t)
        if has & accepted:
            types_correct += 1
        else:
            wrong_types.append((name, cls, ", ".join(sorted(has)) or "(not in graph)"))
    predicted = len(set(v.triples))
    precision = correct / predicted if predicted else 0.0
    recall = found / len(core_keys) if core_keys else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return EvaluationReport(
        precision=precision,
        recall=recall,
        f1=f1,
        type_accuracy=types_correct / len(type_rows) if type_rows else 1.0,
        predicted=predicted,
        correct=correct,
        core=len(core_keys),
        found=found,
        types_total=len(type_rows),
        types_correct=types_correct,
        missed=tuple(missed),
        false_positives=tuple(false_positives),
        wrong_types=tuple(wrong_types),
    )


def _also_accepted(note: str) -> set[str]:
    """ "Plant also accepted" in a gold note widens a type row."""
    words = note.replace(",", " ").split()
    return {w for i, w in enumerate(words[:-1]) if words[i + 1] == "also" and w[:1].isupper()}


def _label(v: _GraphView, iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def evaluate(g: rdflib.Graph, gold: Sequence[Path], aliases: Sequence[Path]) -> EvaluationReport:
    """Score graph `g` against gold files and alias files."""
    return evaluate_graph(g, load_gold(gold), load_aliases(aliases))
