"""Statistics of a built graph: counts, grounding, contradictions, network measures.

Import this module lazily: it imports rdflib (and networkx when computing measures).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from rdflib import Graph, URIRef

from graph.domain import namespaces as ns
from graph.errors import OntologyError
from graph.rdf.memory import KG, NIF, RDF, RDFS, SKOS, local_name, schema_of

TOP = 10
CHAIN_LIMIT = 10
MAX_CHAIN_EDGES = 6
# Mechanism chains: the classes and relations are data (ontology/cues.toml [stats]).


@dataclass(frozen=True)
class GraphStats:
    triples: int
    documents: int
    sentences: int
    entities: int
    entities_per_class: tuple[tuple[str, int], ...]
    facts: int  # assertions that are not negated
    facts_per_relation: tuple[tuple[str, int], ...]
    assertions_by_certainty: tuple[tuple[str, int], ...]
    grounded_entities: int  # with at least one skos:exactMatch
    grounding_coverage: float  # grounded / entities
    discovered_entities: int
    contradictions: int  # pairs of contradicting assertions
    weakly_connected_components: int
    top_degree: tuple[tuple[str, int], ...]  # (label, degree)
    top_betweenness: tuple[tuple[str, float], ...]  # (label, betweenness centrality)
    longest_chains: tuple[tuple[str, ...], ...]  # labels, alternating entity / relation

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("entities_per_class", "facts_per_relation", "assertions_by_certainty"):
            data[key] = dict(data[key])
        data["top_degree"] = [{"entity": k, "degree": v} for k, v in self.top_degree]
        data["top_betweenness"] = [{"entity": k, "betweenness": v} for k, v in self.top_betweenness]
        data["longest_chains"] = [list(c) for c in self.longest_chains]
        return data


def _label(g: Graph, node: Any) -> str:
    return str(g.value(node, RDFS.label) or local_name(node))


def graph_stats(
    g: Graph, *, triples: int | None = None, sentences: int | None = None
) -> GraphStats:
    """Count what a graph holds and measure its network of facts. `triples` and
    `sentences`, when given, are the counts of the whole graph `g` is a part of
    (graph.outputs.store_view: the statistics of a big graph read from its store)."""
    entities = sorted({e for e in g.subjects(KG.primaryClass, None) if isinstance(e, URIRef)})
    per_class = Counter(local_name(c) for e in entities for c in g.objects(e, KG.primaryClass))
    grounded = sum(1 for e in entities if (e, SKOS.exactMatch, None) in g)
    assertions = list(g.subjects(RDF.type, KG.Assertion))
    certainty = Counter(local_name(g.value(a, KG.certainty)) for a in assertions)
    relations = Counter(
        local_name(g.value(a, RDF.predicate))
        for a in assertions
        if g.value(a, KG.certainty) != KG.Negated
    )
    pairs = {frozenset((a, b)) for a, b in g.subject_objects(KG.contradicts)}
    network = _network(g, entities)
    return GraphStats(
        triples=len(g) if triples is None else triples,
        documents=len(set(g.subjects(RDF.type, KG.Document))),
        sentences=len(set(g.subjects(RDF.type, NIF.Sentence))) if sentences is None else sentences,
        entities=len(entities),
        entities_per_class=tuple(sorted(per_class.items())),
        facts=sum(relations.values()),
        facts_per_relation=tuple(sorted(relations.items())),
        assertions_by_certainty=tuple(sorted(certainty.items())),
        grounded_entities=grounded,
        grounding_coverage=round(grounded / len(entities), 4) if entities else 0.0,
        discovered_entities=sum(1 for e in entities if (e, KG.discovered, None) in g),
        contradictions=len(pairs),
        **network,
    )


def _network(g: Graph, entities: list[URIRef]) -> dict[str, Any]:
    import networkx as nx

    from graph.outputs.export import to_networkx

    multi = to_networkx(g)
    simple = nx.DiGraph(multi)
    labels = {str(e): _label(g, e) for e in entities}
    degree = sorted(((labels[n], d) for n, d in multi.degree()), key=lambda x: (-x[1], x[0]))
    k = None if simple.number_of_nodes() <= 2000 else 500
    between = nx.betweenness_centrality(simple, k=k, seed=0)
    top_between = sorted(
        ((labels[n], round(v, 4)) for n, v in between.items()), key=lambda x: (-x[1], x[0])
    )
    return {
        "weakly_connected_components": nx.number_weakly_connected_components(multi)
        if multi.number_of_nodes()
        else 0,
        "top_degree": tuple(degree[:TOP]),
        "top_betweenness": tuple(top_between[:TOP]),
        "longest_chains": _chains(g, multi, labels),
    }


def _kinds(g: Graph, classes: tuple[str, ...]) -> set[str]:
    """Entities (as strings) whose type is one of `classes` or a subclass of one."""
    schema = schema_of(g)
    wanted = [KG[c] for c in classes]
    out = set()
    for e, cls in g.subject_objects(RDF.type):
        if isinstance(cls, URIRef) and any(schema.is_a(cls, w) for w in wanted):
            out.add(str(e))
    return out


def _chain_rules() -> tuple[list[list[str]], list[str]]:
    """The classes (start, middle, end) and relations of a mechanism chain: cues.toml [stats]."""
    import sys

    from graph.paths import ontology_dir

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        data = tomllib.loads((ontology_dir() / "cues.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return [[], [], []], []
    rules = data.get("stats", {})
    classes = rules.get("chain_classes", [[], [], []])
    if len(classes) != 3:
        raise OntologyError("cues.toml: stats.chain_classes must list start, middle, end classes")
    return classes, list(rules.get("chain_relations", []))


def _chains(g: Graph, multi: Any, labels: Mapping[str, str]) -> tuple[tuple[str, ...], ...]:
    """The longest paths start -> ... -> compound -> ... -> receptor over mechanism relations."""
    schema = schema_of(g)
    chain_classes, chain_relations = _chain_rules()
    allowed = {ns.KG + r for r in chain_relations}
    starts, middles, ends = (_kinds(g, tuple(c)) for c in chain_classes)
    edges: dict[str, list[tuple[str, str]]] = {}
    for s, o, data in multi.edges(data=True):
        rel = data["relation"]
        rel_iri = KG[rel]
        if str(rel_iri) in allowed or any(str(p) in allowed for p in schema.supers(rel_iri)):
            edges.setdefault(s, []).append((rel, o))
    found: list[tuple[str, ...]] = []

    def walk(path: list[str], seen: set[str]) -> None:
        node = path[-1]
        if node in ends and any(n in middles for n in path[2:-1:2]):
            found.append(tuple(labels[p] if i % 2 == 0 else p for i, p in enumerate(path)))
        if len(path) // 2 >= MAX_CHAIN_EDGES:
            return
        for rel, nxt in sorted(edges.get(node, [])):
            if nxt not in seen:
                walk([*path, rel, nxt], seen | {nxt})

    for start in sorted(starts & set(edges)):
        walk([start], {start})
    found.sort(key=lambda c: (-len(c), c))
    return tuple(found[:CHAIN_LIMIT])


def render_text(stats: GraphStats, extra: Mapping[str, Mapping[str, int]] | None = None) -> str:
    """A plain-text report; `extra` adds sections (title -> name -> count) at the end."""
    lines = [
        f"triples              {stats.triples}",
        f"documents            {stats.documents}",
        f"sentences            {stats.sentences}",
        f"entities             {stats.entities}",
        f"facts                {stats.facts}",
        f"grounded entities    {stats.grounded_entities} ({stats.grounding_coverage:.1%})",
        f"discovered entities  {stats.discovered_entities}",
        f"contradictions       {stats.contradictions}",
        f"components           {stats.weakly_connected_components} (weakly connected)",
    ]

    def section(title: str, items: Any) -> None:
        lines.append("")
        lines.append(title)
        lines.extend(f"  {name:<30} {value}" for name, value in items)

    section("entities per class", stats.entities_per_class)
    section("facts per relation", stats.facts_per_relation)
    section("assertions by certainty", stats.assertions_by_certainty)
    section("top entities by degree", stats.top_degree)
    section("top entities by betweenness", stats.top_betweenness)
    lines.append("")
    lines.append("longest mechanism chains")
    lines.extend(
        "  " + " ".join(p if i % 2 == 0 else f"-{p}->" for i, p in enumerate(c))
        for c in stats.longest_chains
    )
    for title, counts in (extra or {}).items():
        section(title, sorted(counts.items()))
    return "\n".join(lines) + "\n"
