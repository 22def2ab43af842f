"""The lexicon: known entities and the class hierarchy, read once from ontology/.

Entities come from ontology/lexicon/*.ttl (label, synonyms, class, identifiers);
the class hierarchy from ontology/phytokg.ttl. The Lexicon is indexed once and
shared, read-only, by every document.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graph.domain.namespaces import ENT, KG, OWL, RDF, RDFS, SKOS
from graph.errors import OntologyError
from graph.model import Entity


@dataclass(frozen=True)
class ClassHierarchy:
    """Sub-class links between the vocabulary's classes (local names)."""

    parents: dict[str, tuple[str, ...]]
    _cache: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)
    _is_any: dict[tuple[str, tuple[str, ...]], bool] = field(
        default_factory=dict, compare=False, repr=False
    )

    def ancestors(self, cls: str) -> tuple[str, ...]:
        """`cls` itself and every class above it, nearest first."""
        known = self._cache.get(cls)
        if known is not None:
            return known
        out: list[str] = [cls]
        i = 0
        while i < len(out):
            for parent in self.parents.get(out[i], ()):
                if parent not in out:
                    out.append(parent)
            i += 1
        self._cache[cls] = tuple(out)
        return self._cache[cls]

    def is_a(self, cls: str, ancestor: str) -> bool:
        return ancestor in self.ancestors(cls)

    def is_any(self, cls: str, ancestors: Iterable[str]) -> bool:
        key = (cls, ancestors if isinstance(ancestors, tuple) else tuple(ancestors))
        known = self._is_any.get(key)
        if known is None:
            mine = self.ancestors(cls)
            known = self._is_any[key] = any(a in mine for a in key[1])
        return known


@dataclass(frozen=True)
class Lexicon:
    entities: dict[str, Entity]
    hierarchy: ClassHierarchy
    relations: dict[str, tuple[str, ...]] = field(default_factory=dict)  # sub-property -> parents

    def entity(self, entity_id: str) -> Entity:
        return self.entities[entity_id]


def _local(iri: str, base: str) -> str | None:
    return iri[len(base) :] if iri.startswith(base) else None


def _parse(path: Path) -> list[tuple[str, str, str, bool]]:
    """(subject, predicate, object, object-is-literal) of a Turtle file, via pyoxigraph."""
    import pyoxigraph as ox

    try:
        quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (SyntaxError, ValueError) as exc:
        raise OntologyError(f"{path.name}: {exc}") from None
    out = []
    for q in quads:
        obj = q.object
        is_lit = isinstance(obj, ox.Literal)
        out.append((q.subject.value, q.predicate.value, obj.value, is_lit))
    return out


def load_hierarchy(schema: Path) -> tuple[ClassHierarchy, dict[str, tuple[str, ...]]]:
    parents: dict[str, list[str]] = defaultdict(list)
    props: dict[str, list[str]] = defaultdict(list)
    for s, p, o, _ in _parse(schema):
        s_local, o_local = _local(s, KG), _local(o, KG)
        if s_local is None or o_local is None:
            continue
        if p == RDFS + "subClassOf":
            parents[s_local].append(o_local)
        elif p == RDFS + "subPropertyOf":
            props[s_local].append(o_local)
    return (
        ClassHierarchy({k: tuple(sorted(v)) for k, v in parents.items()}),
        {k: tuple(sorted(v)) for k, v in props.items()},
    )


def load_lexicon(ontology: Path) -> Lexicon:
    """Read the schema and every lexicon file under `ontology`."""
    hierarchy, relations = load_hierarchy(ontology / "phytokg.ttl")
    fields: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    files = sorted((ontology / "lexicon").glob("*.ttl"))
    if not files:
        raise OntologyError(f"no lexicon files in {ontology / 'lexicon'}")
    for path in files:
        for s, p, o, _ in _parse(path):
            slug = _local(s, ENT)
            if slug is None:
                continue
            f = fields[slug]
            if p == RDF + "type":
                cls = _local(o, KG)
                if cls is not None and o != OWL + "NamedIndividual":
                    f["cls"].append(cls)
            elif p == RDFS + "label":
                f["label"].append(o)
            elif p == SKOS + "altLabel":
                f["alt"].append(o)
            elif p == SKOS + "exactMatch":
                f["ids"].append(o)
            elif p == KG + "generic":
                f["generic"].append(o)
    entities: dict[str, Entity] = {}
    for slug, f in sorted(fields.items()):
        if not f["label"] or not f["cls"]:
            raise OntologyError(f"lexicon entity {slug} lacks a label or a class")
        entities[slug] = Entity(
            id=slug,
            label=sorted(f["label"])[0],
            cls=sorted(f["cls"])[0],
            alt_labels=tuple(sorted(set(f["alt"]))),
            identifiers=tuple(sorted(set(f["ids"]))),
            generic=any(v in ("true", "1") for v in f["generic"]),
        )
    return Lexicon(entities=entities, hierarchy=hierarchy, relations=relations)


def ontology_coverage(ontology: Path | None = None) -> dict[str, int]:
    """How much of the field the lexicon covers: entities per kind, synonyms, identifiers."""
    from graph.paths import ontology_dir

    folder = ontology or ontology_dir()
    lexicon = load_lexicon(folder)
    h = lexicon.hierarchy
    kinds = coverage_kinds(folder / "cues.toml")
    out = {
        name: sum(1 for e in lexicon.entities.values() if h.is_any(e.cls, classes))
        for name, classes in kinds.items()
    }
    out["entities"] = len(lexicon.entities)
    out["synonyms"] = sum(len(e.alt_labels) for e in lexicon.entities.values())
    out["entities with a public identifier"] = sum(
        1 for e in lexicon.entities.values() if e.identifiers
    )
    return out


def coverage_kinds(cues: Path) -> dict[str, tuple[str, ...]]:
    """The kinds `ontology_coverage` counts, by name: cues.toml `[stats] coverage`."""
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    try:
        table = tomllib.loads(cues.read_text(encoding="utf-8")).get("stats", {})
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise OntologyError(f"cues.toml: {exc}") from None
    return {str(k["name"]): tuple(k["classes"]) for k in table.get("coverage", [])}
