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

import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.domain.namespaces import (
    DCTERMS,
    KG,
    NIF,
    OBO,
    PROV,
    SKOS,
)
from graph.outputs.page_html import page_html, script_json, write_atomic
from graph.outputs.page_index import (
    Fact,
    Index,
    ancestors,
    entity_names,
    fact_id,
    find_entity,
    label_of,
    literal_int,
    literal_number,
    local_name,
    read_index,
    select_facts,
)
from graph.outputs.page_layout import layout

__all__ = ["RenderSummary", "layout", "render_html", "script_json"]

if TYPE_CHECKING:  # rdflib and numpy are imported lazily, inside the functions
    from rdflib import Graph
    from rdflib.term import Node

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
_SHAPES = ("dot", "diamond", "square", "triangle", "star", "triangleDown", "hexagon")


@dataclass(frozen=True)
class RenderSummary:
    """What render_html wrote."""

    path: Path
    nodes: int
    edges: int


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
        begin = literal_int(g, sentence, NIF + "beginIndex") or 0
        spans = []
        if ev is not None:
            for kind, name in (("s", "subject"), ("o", "object")):
                b, e = literal_int(g, ev, f"{KG}{name}Begin"), literal_int(g, ev, f"{KG}{name}End")
                if b is not None and e is not None:
                    spans.append((kind, b - begin, e - begin))
        doc = g.value(sentence, URIRef(NIF + "referenceContext"))
        doc_key = str(doc) if doc is not None else ""
        if doc_key and doc_key not in docs:
            path = str(g.value(doc, URIRef(KG + "sourcePath")) or "")
            title = str(g.value(doc, URIRef(DCTERMS + "title")) or "")
            docs[doc_key] = {"title": title or path or local_name(doc_key), "path": path}
            docs[doc_key].update(_publication(g, doc))
        item: dict[str, Any] = {"doc": doc_key, "begin": begin, "segments": _segments(text, spans)}
        if ev is not None:
            cert = g.value(ev, URIRef(KG + "certainty"))
            cue = g.value(ev, URIRef(KG + "cue"))
            item["certainty"] = local_name(str(cert)).lower() if cert is not None else ""
            item["confidence"] = literal_number(g, ev, KG + "confidence")
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


def _publication(g: Graph, doc: Any) -> dict[str, str]:
    """The article a document is, for the evidence panel: a resolvable https link (PubMed,
    PMC or doi.org, in that order) and a short citation; nothing for a plain document."""
    from rdflib import URIRef

    from graph.rdf.publication import DOI, JOURNAL, PMCID, PMID, SOURCE, YEAR

    links = sorted(str(o) for o in g.objects(doc, URIRef(SOURCE)) if str(o).startswith("https://"))
    if not links:
        return {}
    order = ("https://pubmed.", "https://www.ncbi.nlm.nih.gov/pmc/", "https://doi.org/")
    links.sort(key=lambda u: next((i for i, p in enumerate(order) if u.startswith(p)), 9))
    parts = [
        f"{label} {value}"
        for label, prop in (("PMID", PMID), ("PMCID", PMCID), ("doi", DOI))
        if (value := g.value(doc, URIRef(prop))) is not None
    ][:1]
    parts += [str(v) for p in (JOURNAL, YEAR) if (v := g.value(doc, URIRef(p))) is not None]
    return {"url": links[0], "cite": " \u00b7 ".join(parts)}


def _edge_data(
    g: Graph, index: Index, f: Fact, count: int, docs: dict[str, dict[str, str]]
) -> dict[str, Any]:
    from rdflib import URIRef

    certainty, confidence, contradicts = "asserted", None, []
    if f.assertion:
        a = URIRef(f.assertion)
        cert = g.value(a, URIRef(KG + "certainty"))
        certainty = local_name(str(cert)).lower() if cert is not None else certainty
        confidence = literal_number(g, a, KG + "confidence")
        contradicts = sorted({str(x) for x in g.objects(a, URIRef(KG + "contradicts"))})
    if f.negated:
        certainty = "negated"
    return {
        "id": fact_id(f),
        "from": f.subject,
        "to": f.object,
        "rel": f.relation,
        "certainty": certainty,
        "confidence": confidence,
        "count": count,
        "contradicts": contradicts,
        "evidence": _evidence(g, f.assertion, docs) if f.assertion else [],
    }


def _class_styles(index: Index, used: set[str]) -> dict[str, dict[str, str]]:
    """Colour by class, shape by top-level class, in the order of the class tree."""

    def depth(c: str) -> int:
        return len(ancestors(index.class_parents, c))

    def root(c: str) -> str:
        anc = [a for a in ancestors(index.class_parents, c) if a.startswith(KG)]
        return min(anc, key=lambda a: (depth(a), a)) if anc else c

    def path(c: str) -> tuple[str, ...]:
        chain = sorted(
            (a for a in ancestors(index.class_parents, c) if a.startswith(KG)), key=depth
        )
        return (*chain, c)

    ordered = sorted(used, key=path)
    roots = sorted({root(c) for c in used})
    return {
        c: {
            "color": _PALETTE[i % len(_PALETTE)],
            "shape": _SHAPES[roots.index(root(c)) % len(_SHAPES)],
            "label": label_of(index, c),
        }
        for i, c in enumerate(ordered)
    }


def _primary_class(index: Index, classes: list[str]) -> str:
    return max(
        classes, key=lambda c: (len(ancestors(index.class_parents, c)), [-ord(x) for x in c])
    )


def _page_data(
    g: Graph,
    index: Index,
    nodes: list[str],
    facts: list[Fact],
    counts: dict[str, int],
    title: str,
    focus: str | None,
) -> dict[str, Any]:
    from rdflib import Literal, URIRef

    docs: dict[str, dict[str, str]] = {}
    edges = [_edge_data(g, index, f, counts[fact_id(f)], docs) for f in facts]
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
                "label": label_of(index, n),
                "cls": primary[n],
                "classes": [label_of(index, c) for c in index.entities[n]],
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
                "label": label_of(index, r),
                "color": _EDGE_PALETTE[i % len(_EDGE_PALETTE)],
                "count": sum(1 for e in edges if e["rel"] == r),
            }
            for i, r in enumerate(rel_used)
        ],
        "certainties": sorted({e["certainty"] for e in edges}),
        "nodes": node_data,
        "edges": edges,
    }


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
    note: str | None = None,
) -> RenderSummary:
    """Write the interactive page for `g` to `out`; return how many entities and facts it shows.

    Filters: `classes` and `relations` (local names, labels, CURIEs or IRIs; sub-classes and
    sub-properties included), `min_evidence` (facts with fewer evidence sentences are left out;
    1 keeps all), `focus` (label, synonym or IRI of an entity) with `depth` hops around it.
    Negated facts are drawn only with `show_negated`. `note` is shown at the top of the
    page (what a cut-down page leaves out). Raises InputError for an unknown class,
    relation or focus.
    """
    index = read_index(g, show_negated)
    nodes, facts, counts = select_facts(g, index, classes, relations, min_evidence, focus, depth)
    focus_iri = find_entity(focus, index, entity_names(g, index)) if focus else None
    data = _page_data(g, index, nodes, facts, counts, title, focus_iri)
    if note:
        data["note"] = note
    write_atomic(Path(out), page_html(data, title))
    return RenderSummary(path=Path(out), nodes=len(nodes), edges=len(facts))
