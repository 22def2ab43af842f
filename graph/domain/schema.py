"""What the graph model needs from ontology/: the schema graph, the closures of its
property and class hierarchies, the role classes and the contradicting relations.

IRIs are plain strings here (`graph.rdf.triples` works without rdflib); the schema graph
itself is parsed with rdflib, once per process.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.domain import namespaces as ns
from graph.errors import OntologyError
from graph.paths import ontology_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

if TYPE_CHECKING:
    from rdflib import Graph


@dataclass(frozen=True)
class RoleRule:
    """The object of `relation` (or of a sub-property) is also a `role`, unless it already
    is one of `unless`."""

    relation: str
    role: str
    unless: tuple[str, ...]


@dataclass(frozen=True)
class Schema:
    """Closures of the hierarchies (IRIs as strings) and the graph-model rules."""

    super_properties: dict[str, frozenset[str]]  # transitive, kg: namespace only
    super_classes: dict[str, frozenset[str]]  # transitive
    disjoint_relations: frozenset[tuple[str, str]]
    roles: tuple[RoleRule, ...]

    def supers(self, prop: str) -> frozenset[str]:
        return self.super_properties.get(str(prop), frozenset())

    def is_a(self, cls: str, ancestor: str) -> bool:
        cls, ancestor = str(cls), str(ancestor)
        return cls == ancestor or ancestor in self.super_classes.get(cls, frozenset())

    @property
    def role_classes(self) -> frozenset[str]:
        return frozenset(r.role for r in self.roles)


@lru_cache(maxsize=4)
def _parse_ontology(path: str, mtime: float) -> Graph:
    from rdflib import Graph

    g = Graph()
    try:
        g.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many types; report one line
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise OntologyError(f"{path}: does not parse as Turtle: {first}") from None
    return g


def ontology_graph() -> Graph:
    """ontology/phytokg.ttl, parsed once per process. Do not modify the returned graph."""
    path = ontology_dir() / "phytokg.ttl"
    return _parse_ontology(str(path), Path(path).stat().st_mtime)


@lru_cache(maxsize=4)
def _graph_model_rules(path: str, mtime: float) -> tuple[tuple[RoleRule, ...], tuple[Any, ...]]:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8")).get("graph_model", {})
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise OntologyError(f"cues.toml: {exc}") from None
    try:
        roles = tuple(
            RoleRule(
                ns.KG + r["relation"], ns.KG + r["role"], tuple(ns.KG + u for u in r["unless"])
            )
            for r in data.get("roles", [])
        )
        pairs = tuple((ns.KG + a, ns.KG + b) for a, b in data.get("contradicting", []))
    except (KeyError, TypeError, ValueError) as exc:
        raise OntologyError(f"cues.toml: [graph_model] is malformed: {exc}") from None
    return roles, pairs


def graph_model_rules() -> tuple[tuple[RoleRule, ...], tuple[tuple[str, str], ...]]:
    """The role rules and contradicting relation pairs of ontology/cues.toml [graph_model]."""
    try:
        path = ontology_dir() / "cues.toml"
    except OntologyError:
        return (), ()
    if not path.is_file():
        return (), ()
    return _graph_model_rules(str(path), path.stat().st_mtime)


def _closure(pairs: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
    direct: dict[str, set[str]] = defaultdict(set)
    for child, parent in pairs:
        if child != parent:
            direct[child].add(parent)
    result: dict[str, frozenset[str]] = {}
    for start in direct:
        seen: set[str] = set()
        stack = list(direct[start])
        while stack:
            node = stack.pop()
            if node not in seen and node != start:
                seen.add(node)
                stack.extend(direct.get(node, ()))
        result[start] = frozenset(seen)
    return result


def schema_of(g: Graph | None = None) -> Schema:
    """The hierarchies declared in `g` and in ontology/phytokg.ttl (if it can be found)."""
    from rdflib import URIRef
    from rdflib.namespace import OWL, RDFS

    sources = [g] if g is not None else []
    try:
        sources.append(ontology_graph())
    except OntologyError:
        if g is None or (None, RDFS.subPropertyOf, None) not in g:
            raise
    roles, contradicting = graph_model_rules()
    sub_props: list[tuple[str, str]] = []
    sub_classes: list[tuple[str, str]] = []
    disjoint: set[tuple[str, str]] = set(contradicting)
    for src in sources:
        for s, o in src.subject_objects(RDFS.subPropertyOf):
            if isinstance(s, URIRef) and isinstance(o, URIRef) and str(o).startswith(ns.KG):
                sub_props.append((str(s), str(o)))
        for s, o in src.subject_objects(RDFS.subClassOf):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                sub_classes.append((str(s), str(o)))
        for s, o in src.subject_objects(OWL.propertyDisjointWith):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                disjoint.add((str(s), str(o)))
    return Schema(_closure(sub_props), _closure(sub_classes), frozenset(disjoint), roles)
