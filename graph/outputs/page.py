"""The interactive graph page: an RDF graph in, one self-contained HTML file out.

The page is vis-network (the copy that pyvis ships, inlined) driven by our own
template in graph/outputs/assets/. It makes no network request: every script, style and
datum is inlined, and a Content-Security-Policy forbids anything else. Text that
comes from documents travels only as escaped JSON and is put on the page with
textContent, never as HTML. Positions are computed here (seeded, so the same
graph gives the same bytes) and the page starts with physics off, so even
thousands of entities are drawn at once.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import math
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.domain.namespaces import (
    ASSERTION,
    DCTERMS,
    DOC,
    EVIDENCE,
    KG,
    NIF,
    OBO,
    PROV,
    RDF,
    RDFS,
    SKOS,
)
from graph.errors import InputError, PhytokgError

if TYPE_CHECKING:  # rdflib and numpy are imported lazily, inside the functions
    import numpy as np
    from rdflib import Graph
    from rdflib.term import Node

ASSETS = Path(__file__).resolve().parent / "assets"
_NON_ENTITY_CLASSES = {KG + "Assertion", KG + "Evidence", KG + "Document"}
_INTERNAL = (KG, ASSERTION, EVIDENCE, DOC)
_PALETTE = (
    "#1f77b4",
    "#2ca02c",
    "#ff7f0e",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
    "#393b79",
    "#637939",
    "#8c6d31",
    "#843c39",
    "#7b4173",
    "#3182bd",
    "#31a354",
)
_EDGE_PALETTE = ("#5b6b82", "#3b7d4f", "#a0661c", "#6a4c93", "#2b7a8c", "#8a5a44", "#4d5d9e")
_EXACT = 800  # above this many nodes, repulsion from a sample of pivots
_PIVOTS = 300
_SHAPES = ("dot", "diamond", "square", "triangle", "star", "triangleDown", "hexagon")


@dataclass(frozen=True)
class RenderSummary:
    """What render_html wrote."""

    path: Path
    nodes: int
    edges: int


@dataclass(frozen=True)
class _Fact:
    """One edge of the page: a direct triple (or a negated assertion)."""

    subject: str
    relation: str
    object: str
    assertion: str | None  # IRI of its kg:Assertion node, if the graph has one
    negated: bool = False


@dataclass
class _Index:
    """What the page needs from the graph, read once."""

    labels: dict[str, str] = field(default_factory=dict)
    entities: dict[str, list[str]] = field(default_factory=dict)  # entity -> its classes
    class_parents: dict[str, set[str]] = field(default_factory=dict)
    prop_parents: dict[str, set[str]] = field(default_factory=dict)
    facts: list[_Fact] = field(default_factory=list)
    negated: list[_Fact] = field(default_factory=list)


# --------------------------------------------------------------------------- reading


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1] or iri


def _label(index: _Index, iri: str) -> str:
    return index.labels.get(iri) or _local(iri)


def _best_literal(values: Iterable[Node]) -> str | None:
    """The untagged or English value, the smallest first: deterministic."""
    ranked = sorted((getattr(v, "language", None) not in (None, "en"), str(v)) for v in values)
    return ranked[0][1] if ranked else None


def _ancestors(parents: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for p in parents.get(todo.pop(), ()):
            if p not in seen and p != start:
                seen.add(p)
                todo.append(p)
    return seen


def _read_index(g: Graph, show_negated: bool) -> _Index:
    from rdflib import URIRef

    rdf_type, label = URIRef(RDF + "type"), URIRef(RDFS + "label")
    index = _Index()
    for s in set(g.subjects(label, None)):
        if isinstance(s, URIRef):
            best = _best_literal(g.objects(s, label))
            if best:
                index.labels[str(s)] = best
    for pred, table in (
        (RDFS + "subClassOf", index.class_parents),
        (RDFS + "subPropertyOf", index.prop_parents),
    ):
        for s, o in g.subject_objects(URIRef(pred)):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                table.setdefault(str(s), set()).add(str(o))
    for s, o in g.subject_objects(rdf_type):
        cls = str(o)
        internal = str(s).startswith(_INTERNAL) or cls in _NON_ENTITY_CLASSES
        if isinstance(s, URIRef) and cls.startswith(KG) and not internal:
            index.entities.setdefault(str(s), []).append(cls)
    for classes in index.entities.values():
        classes.sort()
    assertions = _assertion_keys(g)
    triples = {
        (str(s), str(p), str(o))
        for s, p, o in g
        if str(p).startswith(KG) and str(s) in index.entities and str(o) in index.entities
    }
    supers = {q: _ancestors(index.prop_parents, q) for q in index.prop_parents}
    for subj, rel, obj in sorted(triples):
        # skip the entailed super-property triple when a sub-property states the fact
        if any(rel in ups and (subj, q, obj) in triples for q, ups in supers.items() if q != rel):
            continue
        index.facts.append(_Fact(subj, rel, obj, assertions.get((subj, rel, obj, False))))
    if show_negated:
        for (subj, rel, obj, neg), iri in sorted(assertions.items()):
            if neg and subj in index.entities and obj in index.entities:
                index.negated.append(_Fact(subj, rel, obj, iri, negated=True))
    return index


def _assertion_keys(g: Graph) -> dict[tuple[str, str, str, bool], str]:
    from rdflib import URIRef

    keys: dict[tuple[str, str, str, bool], str] = {}
    for a in sorted(g.subjects(URIRef(RDF + "type"), URIRef(KG + "Assertion")), key=str):
        s, p, o = (g.value(a, URIRef(RDF + x)) for x in ("subject", "predicate", "object"))
        if s is None or p is None or o is None:
            continue
        negated = str(g.value(a, URIRef(KG + "certainty"))) == KG + "Negated"
        keys.setdefault((str(s), str(p), str(o), negated), str(a))
    return keys


# --------------------------------------------------------------------------- choosing


def _resolve(name: str, candidates: dict[str, str], what: str) -> str:
    """A user's name for a class, relation or entity -> its IRI (local name, label, CURIE, IRI)."""
    wanted = name.strip()
    low = wanted.casefold()
    if wanted in candidates:
        return wanted
    if ":" in wanted and not wanted.startswith("http"):
        prefix, _, rest = wanted.partition(":")
        from graph.domain.namespaces import PREFIXES

        if prefix in PREFIXES and PREFIXES[prefix] + rest in candidates:
            return PREFIXES[prefix] + rest
    for key in ("local", "label"):
        hits = sorted(
            iri
            for iri, label in candidates.items()
            if (_local(iri) if key == "local" else label).casefold() == low
        )
        if hits:
            return hits[0]
    known = ", ".join(sorted({_local(i) for i in candidates})[:30])
    raise InputError(f"unknown {what} {name!r}" + (f" (known: {known})" if known else ""))


def _known_classes(g: Graph, index: _Index) -> dict[str, str]:
    names = {c for classes in index.entities.values() for c in classes}
    names |= {c for c in index.class_parents if c.startswith(KG)}
    names |= {p for ps in index.class_parents.values() for p in ps if p.startswith(KG)}
    return {c: _label(index, c) for c in names - _NON_ENTITY_CLASSES}


def _known_relations(index: _Index) -> dict[str, str]:
    names = {f.relation for f in index.facts + index.negated}
    names |= {p for p in index.prop_parents if p.startswith(KG)}
    names |= {q for qs in index.prop_parents.values() for q in qs if q.startswith(KG)}
    return {r: _label(index, r) for r in names}


def _closure_down(
    parents: dict[str, set[str]], roots: set[str], universe: Iterable[str]
) -> set[str]:
    return {x for x in universe if x in roots or _ancestors(parents, x) & roots}


def _entity_names(g: Graph, index: _Index) -> dict[str, list[str]]:
    from rdflib import URIRef

    alt = URIRef(SKOS + "altLabel")
    return {e: sorted(str(v) for v in g.objects(URIRef(e), alt)) for e in index.entities}


def _find_entity(focus: str, index: _Index, alt_labels: dict[str, list[str]]) -> str:
    if focus in index.entities:
        return focus
    low = focus.strip().casefold()
    for matcher in (
        lambda e: _label(index, e).casefold() == low,
        lambda e: _local(e).casefold() == low,
        lambda e: any(a.casefold() == low for a in alt_labels[e]),
    ):
        hits = sorted(e for e in index.entities if matcher(e))
        if hits:
            return hits[0]
    raise InputError(f"unknown focus entity {focus!r}: no entity has this label, synonym or IRI")


def _evidence_count(g: Graph, fact: _Fact) -> int:
    from rdflib import URIRef

    if fact.assertion is None:
        return 0
    a = URIRef(fact.assertion)
    count = _number(g, a, KG + "evidenceCount")
    if count is not None:
        return int(count)
    return len(set(g.objects(a, URIRef(KG + "hasEvidence"))))


def _select(
    g: Graph,
    index: _Index,
    classes: Sequence[str] | None,
    relations: Sequence[str] | None,
    min_evidence: int,
    focus: str | None,
    depth: int,
) -> tuple[list[str], list[_Fact], dict[str, int]]:
    """Entities and facts that pass the filters, sorted."""
    if min_evidence < 0 or depth < 0:
        raise InputError("--min-evidence and --depth must be 0 or more")
    nodes = set(index.entities)
    if classes:
        known = _known_classes(g, index)
        wanted = {_resolve(c, known, "class") for c in classes}
        keep = _closure_down(index.class_parents, wanted, known)
        nodes = {e for e in nodes if keep & set(index.entities[e])}
    facts = [f for f in index.facts + index.negated if f.subject in nodes and f.object in nodes]
    if relations:
        known_rel = _known_relations(index)
        wanted_rel = {_resolve(r, known_rel, "relation") for r in relations}
        keep_rel = _closure_down(index.prop_parents, wanted_rel, known_rel)
        facts = [f for f in facts if f.relation in keep_rel]
    counts = {_fact_id(f): _evidence_count(g, f) for f in facts}
    if min_evidence > 1:  # 1 (the default) keeps every fact, even one without recorded evidence
        facts = [f for f in facts if counts[_fact_id(f)] >= min_evidence]
    if relations or min_evidence > 1:
        nodes = {e for f in facts for e in (f.subject, f.object)}
    if focus is not None:
        start = _find_entity(focus, index, _entity_names(g, index))
        nodes = _neighbourhood(start, facts, depth) if start in nodes else {start}
        facts = [f for f in facts if f.subject in nodes and f.object in nodes]
    facts.sort(key=lambda f: (f.subject, f.relation, f.object, f.negated))
    return sorted(nodes), facts, counts


def _neighbourhood(start: str, facts: list[_Fact], depth: int) -> set[str]:
    adjacent: dict[str, set[str]] = {}
    for f in facts:
        adjacent.setdefault(f.subject, set()).add(f.object)
        adjacent.setdefault(f.object, set()).add(f.subject)
    seen, frontier = {start}, {start}
    for _ in range(depth):
        frontier = {n for x in frontier for n in adjacent.get(x, ())} - seen
        seen |= frontier
    return seen


def _fact_id(f: _Fact) -> str:
    if f.assertion:
        return f.assertion
    return (
        "fact:" + hashlib.sha256(f"{f.subject}|{f.relation}|{f.object}".encode()).hexdigest()[:16]
    )


# --------------------------------------------------------------------------- page data


def _display_id(iri: str) -> str:
    if iri.startswith(OBO):
        return iri[len(OBO) :].replace("_", ":", 1)
    for prefix in ("https://identifiers.org/", "http://identifiers.org/"):
        if iri.startswith(prefix):
            return iri[len(prefix) :]
    return iri


def _segments(text: str, spans: list[tuple[str, int, int]]) -> list[list[str]]:
    """Split a sentence into [piece, marks] with marks "s", "o", "so" or ""."""
    ok = [(k, b, e) for k, b, e in spans if 0 <= b < e <= len(text)]
    cuts = sorted({0, len(text), *(b for _, b, _ in ok), *(e for _, _, e in ok)})
    out: list[list[str]] = []
    for b, e in itertools.pairwise(cuts):
        kind = "".join(k for k, sb, se in sorted(ok) if sb <= b and e <= se)
        if out and out[-1][1] == kind:
            out[-1][0] += text[b:e]
        else:
            out.append([text[b:e], kind])
    return out


def _number(g: Graph, s: Node, p: str) -> float | None:
    """The numeric literal value of (s, p), or None if there is none or it is not a number."""
    from rdflib import Literal, URIRef

    value = g.value(s, URIRef(p))
    if not isinstance(value, Literal):
        return None
    try:
        return float(value.toPython())
    except (TypeError, ValueError):
        return None


def _int(g: Graph, s: Node, p: str) -> int | None:
    value = _number(g, s, p)
    return int(value) if value is not None else None


def _evidence(g: Graph, assertion: str, docs: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    from rdflib import URIRef

    a = URIRef(assertion)
    out = []
    evs = sorted(g.objects(a, URIRef(KG + "hasEvidence")), key=str)
    sources: list[tuple[Node | None, Node | None]] = [
        (ev, g.value(ev, URIRef(PROV + "wasDerivedFrom"))) for ev in evs
    ]
    if not sources:  # no evidence node: the sentences alone, unmarked
        derived = sorted(g.objects(a, URIRef(PROV + "wasDerivedFrom")), key=str)
        sources = [(None, s) for s in derived]
    for ev, sentence in sources:
        if sentence is None:
            continue
        text = str(g.value(sentence, URIRef(NIF + "anchorOf")) or "")
        begin = _int(g, sentence, NIF + "beginIndex") or 0
        spans = []
        if ev is not None:
            for kind, name in (("s", "subject"), ("o", "object")):
                b, e = _int(g, ev, f"{KG}{name}Begin"), _int(g, ev, f"{KG}{name}End")
                if b is not None and e is not None:
                    spans.append((kind, b - begin, e - begin))
        doc = g.value(sentence, URIRef(NIF + "referenceContext"))
        doc_key = str(doc) if doc is not None else ""
        if doc_key and doc_key not in docs:
            path = str(g.value(doc, URIRef(KG + "sourcePath")) or "")
            title = str(g.value(doc, URIRef(DCTERMS + "title")) or "")
            docs[doc_key] = {"title": title or path or _local(doc_key), "path": path}
        item: dict[str, Any] = {"doc": doc_key, "begin": begin, "segments": _segments(text, spans)}
        if ev is not None:
            cert = g.value(ev, URIRef(KG + "certainty"))
            cue = g.value(ev, URIRef(KG + "cue"))
            item["certainty"] = _local(str(cert)).lower() if cert is not None else ""
            item["confidence"] = _number(g, ev, KG + "confidence")
            item["cue"] = str(cue) if cue is not None else ""
        out.append(item)
    out.sort(
        key=lambda x: (
            docs.get(x["doc"], {}).get("title", ""),
            x["begin"],
            json.dumps(x["segments"]),
        )
    )
    return out


def _edge_data(
    g: Graph, index: _Index, f: _Fact, count: int, docs: dict[str, dict[str, str]]
) -> dict[str, Any]:
    from rdflib import URIRef

    certainty, confidence, contradicts = "asserted", None, []
    if f.assertion:
        a = URIRef(f.assertion)
        cert = g.value(a, URIRef(KG + "certainty"))
        certainty = _local(str(cert)).lower() if cert is not None else certainty
        confidence = _number(g, a, KG + "confidence")
        contradicts = sorted({str(x) for x in g.objects(a, URIRef(KG + "contradicts"))})
    if f.negated:
        certainty = "negated"
    return {
        "id": _fact_id(f),
        "from": f.subject,
        "to": f.object,
        "rel": f.relation,
        "certainty": certainty,
        "confidence": confidence,
        "count": count,
        "contradicts": contradicts,
        "evidence": _evidence(g, f.assertion, docs) if f.assertion else [],
    }


def _class_styles(index: _Index, used: set[str]) -> dict[str, dict[str, str]]:
    """Colour by class, shape by top-level class, in the order of the class tree."""

    def depth(c: str) -> int:
        return len(_ancestors(index.class_parents, c))

    def root(c: str) -> str:
        anc = [a for a in _ancestors(index.class_parents, c) if a.startswith(KG)]
        return min(anc, key=lambda a: (depth(a), a)) if anc else c

    def path(c: str) -> tuple[str, ...]:
        chain = sorted(
            (a for a in _ancestors(index.class_parents, c) if a.startswith(KG)), key=depth
        )
        return (*chain, c)

    ordered = sorted(used, key=path)
    roots = sorted({root(c) for c in used})
    return {
        c: {
            "color": _PALETTE[i % len(_PALETTE)],
            "shape": _SHAPES[roots.index(root(c)) % len(_SHAPES)],
            "label": _label(index, c),
        }
        for i, c in enumerate(ordered)
    }


def _primary_class(index: _Index, classes: list[str]) -> str:
    return max(
        classes, key=lambda c: (len(_ancestors(index.class_parents, c)), [-ord(x) for x in c])
    )


def _page_data(
    g: Graph,
    index: _Index,
    nodes: list[str],
    facts: list[_Fact],
    counts: dict[str, int],
    title: str,
    focus: str | None,
) -> dict[str, Any]:
    from rdflib import Literal, URIRef

    docs: dict[str, dict[str, str]] = {}
    edges = [_edge_data(g, index, f, counts[_fact_id(f)], docs) for f in facts]
    degree = {n: 0 for n in nodes}
    for e in edges:
        degree[e["from"]] += 1
        degree[e["to"]] += 1
    positions = layout(nodes, [(e["from"], e["to"]) for e in edges])
    primary = {n: _primary_class(index, index.entities[n]) for n in nodes}
    styles = _class_styles(index, set(primary.values()))
    node_data = []
    for n in nodes:
        ref = URIRef(n)
        ids = sorted(
            {
                str(o)
                for p in ("exactMatch", "closeMatch")
                for o in g.objects(ref, URIRef(SKOS + p))
                if isinstance(o, URIRef)
            }
        )
        discovered = g.value(ref, URIRef(KG + "discovered"))
        x, y = positions[n]
        node_data.append(
            {
                "id": n,
                "label": _label(index, n),
                "cls": primary[n],
                "classes": [_label(index, c) for c in index.entities[n]],
                "alt": sorted(str(v) for v in g.objects(ref, URIRef(SKOS + "altLabel"))),
                "ids": [
                    {
                        "iri": i,
                        "text": _display_id(i),
                        "link": i.startswith(("http://", "https://")),
                    }
                    for i in ids
                ],
                "discovered": isinstance(discovered, Literal) and discovered.toPython() is True,
                "degree": degree[n],
                "x": x,
                "y": y,
            }
        )
    rel_used = sorted({e["rel"] for e in edges})
    return {
        "title": title,
        "focus": focus,
        "docs": docs,
        "classes": [
            {"id": c, **styles[c], "count": sum(1 for n in nodes if primary[n] == c)}
            for c in sorted(styles, key=lambda c: list(styles).index(c))
        ],
        "relations": [
            {
                "id": r,
                "label": _label(index, r),
                "color": _EDGE_PALETTE[i % len(_EDGE_PALETTE)],
                "count": sum(1 for e in edges if e["rel"] == r),
            }
            for i, r in enumerate(rel_used)
        ],
        "certainties": sorted({e["certainty"] for e in edges}),
        "nodes": node_data,
        "edges": edges,
    }


# --------------------------------------------------------------------------- layout


def _spring(n: int, src: np.ndarray, dst: np.ndarray, iterations: int, seed: int) -> np.ndarray:
    """Fruchterman-Reingold in numpy. Up to _EXACT nodes every pair repels; above that each
    node is pushed by a seeded sample of _PIVOTS nodes (scaled up), so 5,000 nodes take
    seconds, not minutes."""
    import numpy as np

    rng = np.random.default_rng(seed)
    x, y = rng.random(n), rng.random(n)
    k2 = 1.0 / n
    k = math.sqrt(k2)
    t = 0.1
    dt = t / (iterations + 1)
    chunk = max(1, 2_000_000 // min(n, _EXACT))
    for _ in range(iterations):
        if n <= _EXACT:
            px, py, scale = x, y, 1.0
        else:
            pick = rng.choice(n, size=_PIVOTS, replace=False)
            px, py, scale = x[pick], y[pick], n / _PIVOTS
        fx, fy = np.empty(n), np.empty(n)
        for a in range(0, n, chunk):
            dx = x[a : a + chunk, None] - px[None, :]
            dy = y[a : a + chunk, None] - py[None, :]
            w = k2 / np.maximum(dx * dx + dy * dy, 1e-6)
            fx[a : a + chunk] = (dx * w).sum(axis=1) * scale
            fy[a : a + chunk] = (dy * w).sum(axis=1) * scale
        ex, ey = x[src] - x[dst], y[src] - y[dst]
        pull = np.sqrt(ex * ex + ey * ey) / k
        np.subtract.at(fx, src, ex * pull)
        np.add.at(fx, dst, ex * pull)
        np.subtract.at(fy, src, ey * pull)
        np.add.at(fy, dst, ey * pull)
        length = np.maximum(np.sqrt(fx * fx + fy * fy), 1e-9)
        step = np.minimum(length, t) / length
        x += fx * step
        y += fy * step
        t -= dt
    return np.column_stack((x, y))


def _components(nodes: list[str], edges: list[tuple[str, str]]) -> list[list[str]]:
    parent = {n: n for n in nodes}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for n in nodes:
        groups.setdefault(find(n), []).append(n)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), g[0]))


def layout(
    nodes: Sequence[str], edges: Sequence[tuple[str, str]], spacing: float = 170.0
) -> dict[str, tuple[int, int]]:
    """Integer positions for every node: each connected component laid out alone, then packed.

    Seeded, so the same nodes and edges always give the same positions.
    """
    import numpy as np

    out: dict[str, tuple[int, int]] = {}
    comps = _components(sorted(nodes), list(edges))
    boxes: list[tuple[list[str], np.ndarray, float]] = []
    singles = [c[0] for c in comps if len(c) == 1]
    for comp in (c for c in comps if len(c) > 1):
        where = {n: i for i, n in enumerate(comp)}
        pairs = sorted(
            {(where[a], where[b]) for a, b in edges if a in where and b in where and a != b}
        )
        src = np.array([p[0] for p in pairs], dtype=int)
        dst = np.array([p[1] for p in pairs], dtype=int)
        n = len(comp)
        iterations = 100 if n <= 300 else 60
        pos = _spring(n, src, dst, iterations, seed=n)
        pos -= pos.mean(axis=0)
        pos /= max(float(np.abs(pos).max()), 1e-9)
        side = spacing * max(2.0, 1.2 * math.sqrt(n))
        boxes.append((comp, pos * side / 2, side))
    width = max(
        [b[2] for b in boxes]
        + [math.sqrt(sum(b[2] ** 2 for b in boxes) + len(singles) * spacing**2) * 1.3]
    )
    x = y = row = 0.0
    for comp, pos, side in boxes:
        if x > 0 and x + side > width:
            x, y, row = 0.0, y + row + spacing, 0.0
        for name, (px, py) in zip(comp, pos, strict=True):
            out[name] = (round(x + side / 2 + px), round(y + side / 2 + py))
        x += side + spacing
        row = max(row, side)
    y += row + (spacing if boxes else 0)
    cols = max(1, int(width // spacing))
    for i, name in enumerate(singles):
        out[name] = (round((i % cols) * spacing), round(y + (i // cols) * spacing))
    return out


# --------------------------------------------------------------------------- HTML


def script_json(data: Any) -> str:
    """JSON safe inside <script>: no '<', '>', '&', U+2028 or U+2029 left raw.

    Escaping every '<' (so '</script>' and '<!--' can never appear) is stricter
    than escaping '</' as '<\\/'; JSON.parse reads both the same.
    """
    text = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    for raw, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, esc)
    return text


def _vis_assets() -> tuple[str, str]:
    import importlib.util

    spec = importlib.util.find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise PhytokgError("pyvis is not installed: install phytokg with its dependencies")
    base = Path(spec.origin).parent
    for folder in (base / "templates" / "lib" / "vis-9.1.2", base / "lib" / "vis-9.1.2"):
        js, css = folder / "vis-network.min.js", folder / "vis-network.css"
        if js.is_file() and css.is_file():
            code = re.sub(r"//# sourceMappingURL=\S*", "", js.read_text(encoding="utf-8"))
            code = re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)
            return code, css.read_text(encoding="utf-8")
    raise PhytokgError(f"vis-network not found in pyvis ({base}); reinstall pyvis 0.3.2")


def _csp_hash(code: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"
    )


def page_html(data: dict[str, Any], title: str) -> str:
    """The whole page as text: template, vis-network, our script and the data, all inline."""
    import html

    vis_js, vis_css = _vis_assets()
    page_js = (ASSETS / "page.js").read_text(encoding="utf-8")
    csp = (
        "default-src 'none'; "
        f"script-src {_csp_hash(vis_js)} {_csp_hash(page_js)}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; "
        "connect-src 'none'; form-action 'none'; base-uri 'none'"
    )
    values = {
        "TITLE": html.escape(title),
        "CSP": html.escape(csp),
        "VIS_CSS": vis_css,
        "PAGE_CSS": (ASSETS / "page.css").read_text(encoding="utf-8"),
        "VIS_JS": vis_js,
        "DATA": script_json(data),
        "PAGE_JS": page_js,
    }
    template = (ASSETS / "page.html").read_text(encoding="utf-8")
    # one pass over the template only: nothing inserted is scanned again
    return re.sub(r"@@([A-Z_]+)@@", lambda m: values[m.group(1)], template)


def write_atomic(out: Path, text: str) -> None:
    """Write `text` to `out` through a temporary file in the same folder."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp makes 0600; a page is for reading
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render_html(
    g: Graph,
    out: Path,
    *,
    title: str = "phytokg",
    classes: Sequence[str] | None = None,
    relations: Sequence[str] | None = None,
    min_evidence: int = 1,
    focus: str | None = None,
    depth: int = 1,
    show_negated: bool = False,
) -> RenderSummary:
    """Write the interactive page for `g` to `out`; return how many entities and facts it shows.

    Filters: `classes` and `relations` (local names, labels, CURIEs or IRIs; sub-classes and
    sub-properties included), `min_evidence` (facts with fewer evidence sentences are left out;
    1 keeps all), `focus` (label, synonym or IRI of an entity) with `depth` hops around it.
    Negated facts are drawn only with `show_negated`. Raises InputError for an unknown
    class, relation or focus.
    """
    index = _read_index(g, show_negated)
    nodes, facts, counts = _select(g, index, classes, relations, min_evidence, focus, depth)
    focus_iri = _find_entity(focus, index, _entity_names(g, index)) if focus else None
    data = _page_data(g, index, nodes, facts, counts, title, focus_iri)
    write_atomic(Path(out), page_html(data, title))
    return RenderSummary(path=Path(out), nodes=len(nodes), edges=len(facts))
