"""Export formats: one registry, name -> exporter.

RDF formats (every one reloads, with graph.rdf.files.load_graph, to a graph isomorphic to
the exported one):

- turtle, nt: the whole graph, sorted (graph.rdf.files).
- json-ld: the whole graph, compacted with an @context of the project's prefixes.
- trig, nquads: a dataset. Each document has its own named graph, named by the document
  IRI, holding the document node, its sentences and their evidence nodes. Everything
  else (entities, direct triples, assertion nodes, the ontology) is in the default graph.

Other formats:

- graphml: a networkx MultiDiGraph of the entities (nodes: class, label, identifiers,
  discovered) and the facts that are not negated (edges keyed by relation: relation,
  certainty, evidence_count, confidence, pmids; each edge's id is its assertion's hash, so
  ids are unique); only string and number attributes, so that it
  opens in Gephi and Cytoscape. A multigraph, because two relations may link the same pair.
- csv: one row per assertion, negated ones included, with the PMIDs and sentences that
  state it.
- kgx: a folder with nodes.tsv and edges.tsv in the KGX format (graph.outputs.kgx).

Every writer is atomic and deterministic. Import this module lazily: it imports rdflib.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from graph.domain import namespaces as ns
from graph.errors import FormatError
from graph.rdf.files import atomic_write, is_stream_target
from graph.rdf.memory import KG, NIF, PROV, RDF, RDFS, SKOS, local_name, number
from graph.rdf.publication import PMID
from graph.rdf.turtle import TurtleWriter, bnode_labels, nt_term, to_ntriples, to_turtle


@dataclass(frozen=True)
class Exporter:
    name: str
    extensions: tuple[str, ...]  # the first one is the usual one
    description: str
    write: Callable[[Graph, Path], None]
    rdf: bool  # reloads as RDF (round-trip tested); the others read no evidence node
    folder: bool = False  # writes a folder of files (cannot go to standard output)


def _turtle(g: Graph, out: Path) -> None:
    atomic_write(out, to_turtle(g))


def _nt(g: Graph, out: Path) -> None:
    atomic_write(out, to_ntriples(g))


def _sorted_json(value: Any, keep_order: bool = False) -> Any:
    if isinstance(value, dict):
        return {k: _sorted_json(v, k == "@list") for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        if keep_order:
            return items
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _stable_bnodes(g: Graph) -> Graph:
    """A copy of `g` whose blank nodes carry stable labels (rdflib writes them as is)."""
    labels = bnode_labels(g)
    if not labels:
        return g

    def stable(t: Node) -> Node:
        return BNode(labels[t]) if isinstance(t, BNode) else t

    out = Graph()
    for s, p, o in g:
        out.add((stable(s), p, stable(o)))
    return out


def _jsonld(g: Graph, out: Path) -> None:
    text = _stable_bnodes(g).serialize(
        format="json-ld", context=dict(ns.PREFIXES), auto_compact=True
    )
    doc = _sorted_json(json.loads(text))
    atomic_write(out, json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def document_graphs(g: Graph) -> dict[Node, Node]:
    """Subject -> the document whose named graph holds its triples (documents,
    sentences, evidence); subjects not in the map belong to the default graph."""
    home: dict[Node, Node] = {}
    for doc in g.subjects(RDF.type, KG.Document):
        home[doc] = doc
    for sentence, doc in g.subject_objects(NIF.referenceContext):
        home[sentence] = doc
    for ev in g.subjects(RDF.type, KG.Evidence):
        for sentence in g.objects(ev, PROV.wasDerivedFrom):
            if sentence in home:
                home[ev] = home[sentence]
    return home


def _partition(g: Graph) -> dict[Node | None, list[tuple[Node, Node, Node]]]:
    home = document_graphs(g)
    parts: dict[Node | None, list[tuple[Node, Node, Node]]] = {None: []}
    for s, p, o in g:
        parts.setdefault(home.get(s), []).append((s, p, o))
    return parts


def _trig(g: Graph, out: Path) -> None:
    parts = _partition(g)
    default = TurtleWriter(parts.pop(None))
    chunks = ["\n".join(default.prefix_lines) + "\n"]
    body = default.body()
    if body:
        chunks.append(body)
    for name in sorted((n for n in parts if n is not None), key=str):
        writer = TurtleWriter(parts[name])
        chunks.append(f"{writer.name(name)} {{\n{writer.body()}}}\n")
    atomic_write(out, "\n".join(chunks))


def _nquads(g: Graph, out: Path) -> None:
    labels = bnode_labels(g)
    home = document_graphs(g)
    lines = []
    for s, p, o in g:
        graph = home.get(s)
        name = f" {nt_term(graph, labels)}" if graph is not None else ""
        lines.append(f"{nt_term(s, labels)} {nt_term(p, labels)} {nt_term(o, labels)}{name} .")
    atomic_write(out, "".join(line + "\n" for line in sorted(lines)))


def _entities(g: Graph) -> list[URIRef]:
    return sorted(s for s in set(g.subjects(KG.primaryClass, None)) if isinstance(s, URIRef))


def _facts(g: Graph) -> list[dict[str, Any]]:
    """One dict per assertion (negated included), sorted."""
    docs = {
        d: str(g.value(d, KG.sourcePath) or local_name(d))
        for d in g.subjects(RDF.type, KG.Document)
    }
    pmids = {d: str(g.value(d, URIRef(PMID)) or "") for d in docs}
    rows = []
    for node in g.subjects(RDF.type, KG.Assertion):
        subject, relation, obj = (
            g.value(node, p) for p in (RDF.subject, RDF.predicate, RDF.object)
        )
        sentences = set(g.objects(node, PROV.wasDerivedFrom))
        contexts = {g.value(s, NIF.referenceContext) for s in sentences}
        in_docs = sorted({docs[c] for c in contexts if c in docs})
        evidence = sorted(
            (str(g.value(s, NIF.referenceContext)), number(g.value(s, NIF.beginIndex)),
             str(g.value(s, NIF.anchorOf) or ""))
            for s in sentences
        )  # fmt: skip
        rows.append(
            {
                "node": node,
                "pmids": sorted(
                    {p for c in contexts if c is not None and (p := pmids.get(c, ""))}, key=_numeric
                ),
                "sentences": list(dict.fromkeys(text for _, _, text in evidence)),
                "subject": subject,
                "relation": local_name(relation) if relation is not None else "",
                "object": obj,
                "certainty": local_name(g.value(node, KG.certainty)).lower(),
                "confidence": number(g.value(node, KG.confidence)),
                "evidence_count": int(number(g.value(node, KG.evidenceCount))),
                "documents": in_docs,
            }
        )
    return sorted(
        rows, key=lambda r: (str(r["subject"]), r["relation"], str(r["object"]), r["certainty"])
    )


def _numeric(value: str) -> tuple[int, str]:
    return (int(value), value) if value.isdigit() else (0, value)


def _label(g: Graph, node: Any) -> str:
    return str(g.value(node, RDFS.label) or local_name(node))


def to_networkx(g: Graph) -> Any:
    """The entities and non-negated facts as a networkx MultiDiGraph (string/number attributes)."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    for e in _entities(g):
        attributes = {
            "label": _label(g, e),
            "class": " ".join(sorted(local_name(c) for c in g.objects(e, KG.primaryClass))),
            "classes": " ".join(
                sorted(local_name(c) for c in g.objects(e, RDF.type) if str(c).startswith(ns.KG))
            ),
            "identifiers": " ".join(sorted(str(i) for i in g.objects(e, SKOS.exactMatch))),
            "discovered": "true" if (e, KG.discovered, None) in g else "false",
        }
        graph.add_node(str(e), **attributes)
    for fact in _facts(g):
        if fact["certainty"] == "negated":
            continue
        s, o = str(fact["subject"]), str(fact["object"])
        if s not in graph or o not in graph:
            continue
        graph.add_edge(
            s,
            o,
            key=local_name(fact["node"]),  # the assertion's hash: GraphML edge ids are unique
            relation=fact["relation"],
            certainty=fact["certainty"],
            evidence_count=fact["evidence_count"],
            confidence=fact["confidence"],
            pmids=" ".join(fact["pmids"]),
        )
    return graph


def _graphml(g: Graph, out: Path) -> None:
    import networkx as nx

    graph = to_networkx(g)
    buf = io.BytesIO()
    nx.write_graphml(graph, buf, encoding="utf-8", prettyprint=True)
    atomic_write(out, buf.getvalue())


CSV_COLUMNS = (
    "subject",
    "relation",
    "object",
    "certainty",
    "confidence",
    "evidence_count",
    "documents",
    "subject_iri",
    "object_iri",
    "pmids",  # PubMed ids of the documents that state the fact, ";"-separated
    "evidence",  # the sentences that state it, " | "-separated
)


# A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """`value` as a CSV cell a spreadsheet shows as text: a leading ' before = + - @."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv(g: Graph, out: Path) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for f in _facts(g):
        writer.writerow(
            csv_cell(cell)
            for cell in [
                _label(g, f["subject"]),
                f["relation"],
                _label(g, f["object"]),
                f["certainty"],
                f"{f['confidence']:g}",
                f["evidence_count"],
                ";".join(f["documents"]),
                str(f["subject"]),
                str(f["object"]),
                ";".join(f["pmids"]),
                " | ".join(f["sentences"]),
            ]
        )
    atomic_write(out, buf.getvalue())


def _kgx(g: Graph, out: Path) -> None:
    from graph.outputs.kgx import write_kgx

    write_kgx(g, out)


EXPORTERS: dict[str, Exporter] = {
    e.name: e
    for e in (
        Exporter("turtle", (".ttl",), "Turtle, sorted (the graph file format)", _turtle, True),
        Exporter(
            "json-ld", (".jsonld", ".json"), "JSON-LD with the project's @context", _jsonld, True
        ),
        Exporter("nt", (".nt",), "N-Triples, sorted", _nt, True),
        Exporter("trig", (".trig",), "TriG: one named graph per document", _trig, True),
        Exporter("nquads", (".nq",), "N-Quads: one named graph per document", _nquads, True),
        Exporter(
            "graphml",
            (".graphml",),
            "GraphML of entities and facts (Gephi, Cytoscape)",
            _graphml,
            False,
        ),
        Exporter("csv", (".csv",), "CSV: one row per assertion", _csv, False),
        Exporter(
            "kgx",
            (".kgx",),
            "KGX TSV: a folder with nodes.tsv and edges.tsv (Biolink)",
            _kgx,
            False,
            folder=True,
        ),
    )
}


def format_names() -> list[str]:
    return list(EXPORTERS)


def get_exporter(fmt: str) -> Exporter:
    try:
        return EXPORTERS[fmt]
    except KeyError:
        raise FormatError(
            f"unknown export format {fmt!r} (known: {', '.join(EXPORTERS)})"
        ) from None


def format_for_path(path: str | Path) -> str:
    """The export format whose extension `path` has."""
    suffix = Path(path).suffix.lower()
    for e in EXPORTERS.values():
        if suffix in e.extensions:
            return e.name
    raise FormatError(
        f"cannot tell the format of {Path(path).name!r} from its extension; "
        f"give one of: {', '.join(EXPORTERS)}"
    )


def export(g: Graph, fmt: str, out_path: str | Path) -> Path:
    """Write `g` to `out_path` in format `fmt` (atomically); returns the path written."""
    exporter = get_exporter(fmt)
    out = Path(out_path)
    if exporter.folder and is_stream_target(out):
        raise FormatError(f"{fmt} writes a folder (nodes.tsv, edges.tsv): give --out DIR")
    exporter.write(g, out)
    return out
