"""KGX export: the graph as `nodes.tsv` and `edges.tsv` in the KGX TSV format.

Nodes are the entities, edges the facts that are not negated. Classes and relations
map to Biolink through the ontology (`kg:biolinkCategory`, `kg:biolinkPredicate`: one
each); the relation itself is kept in `original_predicate`. Identifiers are CURIEs: an
entity's id is its preferred public identifier (CHEBI before PubChem before MeSH, ...),
or `phytokg:<slug>` when it has none; its other identifiers go to `xref`. Edges carry the
publications (PMID, else PMCID or DOI) of the documents that state them, and
`knowledge_level` / `agent_type` as Biolink prescribes for text-mined statements.
Multivalued fields are joined with `|`. Output is sorted: the same graph, the same files.

Import this module lazily: it imports rdflib.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.term import Node

from graph.domain import namespaces as ns
from graph.domain.schema import ontology_graph
from graph.rdf.files import atomic_write
from graph.rdf.memory import KG, NIF, PROV, RDF, RDFS, SKOS, local_name, number
from graph.rdf.publication import PUBLICATION_IDS

BIOLINK = Namespace("https://w3id.org/biolink/vocab/")

KNOWLEDGE_LEVEL = "not_provided"  # Biolink: "most often applied for text-mined edges"
AGENT_TYPE = "text_mining_agent"
KNOWLEDGE_SOURCE = "infores:phytokg"
EDGE_CATEGORY = "biolink:Association"
NAMED_THING = "biolink:NamedThing"

NODE_COLUMNS = (
    "id",
    "category",
    "name",
    "synonym",
    "xref",
    "iri",
    "provided_by",
    "discovered",
)
EDGE_COLUMNS = (
    "id",
    "subject",
    "predicate",
    "object",
    "category",
    "original_predicate",
    "knowledge_level",
    "agent_type",
    "primary_knowledge_source",
    "publications",
    "certainty",
    "confidence",
    "evidence_count",
)

# IRI namespace -> CURIE prefix (Biolink / Bioregistry spelling); the longest match wins.
CURIE_PREFIXES: dict[str, str] = {
    "http://identifiers.org/pubchem.compound/": "PUBCHEM.COMPOUND",
    "http://identifiers.org/hgnc/": "HGNC",
    "http://identifiers.org/ncbigene/": "NCBIGene",
    "http://purl.uniprot.org/uniprot/": "UniProtKB",
    "http://id.nlm.nih.gov/mesh/": "MESH",
    "https://www.gbif.org/species/": "GBIF",
    "https://pubmed.ncbi.nlm.nih.gov/": "PMID",
    "https://www.ncbi.nlm.nih.gov/pmc/articles/": "PMCID",
    "https://doi.org/": "doi",
    str(BIOLINK): "biolink",
    ns.ENT: "phytokg",
    ns.KG: "phytokg.vocab",
    ns.ASSERTION: "phytokg.assertion",
}
_OBO = re.compile(re.escape(ns.OBO) + r"([A-Za-z]+)_(\w+)$")
# Which identifier becomes the node id when an entity has several.
PREFERRED_PREFIXES = (
    "CHEBI",
    "UniProtKB",
    "NCBITaxon",
    "MONDO",
    "HP",
    "DOID",
    "PO",
    "UBERON",
    "GO",
    "HGNC",
    "NCBIGene",
    "PUBCHEM.COMPOUND",
    "MESH",
    "GBIF",
)


def curie(iri: object) -> str:
    """`iri` as a CURIE (OBO PURLs as PREFIX:local); the IRI itself when no prefix fits."""
    text = str(iri)
    match = _OBO.match(text)
    if match:
        return f"{match.group(1)}:{match.group(2)}"
    best = max((base for base in CURIE_PREFIXES if text.startswith(base)), key=len, default="")
    if not best:
        return text
    return f"{CURIE_PREFIXES[best]}:{text[len(best) :].rstrip('/')}"


def _cell(value: object) -> str:
    """A TSV cell: no tabs or line breaks inside."""
    return re.sub(r"[\t\r\n]+", " ", str(value))


def _row(values: Iterable[object]) -> str:
    return "\t".join(_cell(v) for v in values) + "\n"


def _joined(values: Iterable[str]) -> str:
    return "|".join(values)


def biolink_mappings(g: Graph) -> tuple[dict[Node, str], dict[Node, str]]:
    """(class -> Biolink category CURIE, relation -> Biolink predicate CURIE), from `g`'s
    ontology, or from the project ontology when `g` carries none."""
    source = g if (None, KG.biolinkCategory, None) in g else ontology_graph()
    categories = {c: curie(b) for c, b in source.subject_objects(KG.biolinkCategory)}
    predicates = {r: curie(b) for r, b in source.subject_objects(KG.biolinkPredicate)}
    return categories, predicates


def _node_id(entity: URIRef, identifiers: list[str]) -> str:
    for prefix in PREFERRED_PREFIXES:
        for c in identifiers:
            if c.startswith(prefix + ":"):
                return c
    return curie(entity)


def publication_curie(g: Graph, document: Node) -> str:
    """The publication of `document` as a CURIE: PMID, else PMCID, else DOI; "" if none."""
    for prop, prefix in PUBLICATION_IDS:
        value = g.value(document, URIRef(prop))
        if value is not None and str(value):
            return f"{prefix}:{value}"
    return ""


def kgx_tables(g: Graph) -> tuple[list[list[str]], list[list[str]]]:
    """The rows of nodes.tsv and edges.tsv (without headers), sorted."""
    categories, predicates = biolink_mappings(g)
    ids: dict[Node, str] = {}
    nodes: list[list[str]] = []
    for entity in sorted(
        e for e in set(g.subjects(KG.primaryClass, None)) if isinstance(e, URIRef)
    ):
        identifiers = sorted(curie(i) for i in g.objects(entity, SKOS.exactMatch))
        ids[entity] = _node_id(entity, identifiers)
        primary = sorted(categories.get(c, NAMED_THING) for c in g.objects(entity, KG.primaryClass))
        roles = {categories.get(c, NAMED_THING) for c in g.objects(entity, RDF.type)}
        others = sorted(roles - set(primary))
        own = curie(entity)
        nodes.append(
            [
                ids[entity],
                _joined(dict.fromkeys(primary + others)),
                str(g.value(entity, RDFS.label) or local_name(entity)),
                _joined(sorted(str(a) for a in g.objects(entity, SKOS.altLabel))),
                _joined(c for c in [own, *identifiers] if c != ids[entity]),
                str(entity),
                KNOWLEDGE_SOURCE,
                "true" if (entity, KG.discovered, None) in g else "false",
            ]
        )
    edges = [_edge(g, a, ids, predicates) for a in g.subjects(RDF.type, KG.Assertion)]
    edges = [row for row in edges if row]
    return sorted(nodes), sorted(edges, key=lambda r: (r[1], r[2], r[3], r[5], r[0]))


def _edge(g: Graph, node: Node, ids: dict[Node, str], predicates: dict[Node, str]) -> list[str]:
    subject, relation, obj = (g.value(node, p) for p in (RDF.subject, RDF.predicate, RDF.object))
    certainty = local_name(g.value(node, KG.certainty)).lower()
    if certainty == "negated" or subject not in ids or obj not in ids or relation is None:
        return []
    documents = {g.value(s, NIF.referenceContext) for s in g.objects(node, PROV.wasDerivedFrom)}
    publications = sorted({publication_curie(g, d) for d in documents if d is not None} - {""})
    return [
        curie(node),
        ids[subject],
        predicates.get(relation, "biolink:related_to"),
        ids[obj],
        EDGE_CATEGORY,
        curie(relation),
        KNOWLEDGE_LEVEL,
        AGENT_TYPE,
        KNOWLEDGE_SOURCE,
        _joined(publications),
        certainty,
        f"{number(g.value(node, KG.confidence)):g}",
        str(int(number(g.value(node, KG.evidenceCount)))),
    ]


def write_kgx(g: Graph, out_dir: str | Path) -> Path:
    """Write `out_dir`/nodes.tsv and `out_dir`/edges.tsv (each atomically); returns `out_dir`."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"{out} is not a directory (KGX writes nodes.tsv and edges.tsv)")
    out.mkdir(parents=True, exist_ok=True)
    nodes, edges = kgx_tables(g)
    atomic_write(out / "nodes.tsv", "".join(_row(r) for r in [list(NODE_COLUMNS), *nodes]))
    atomic_write(out / "edges.tsv", "".join(_row(r) for r in [list(EDGE_COLUMNS), *edges]))
    return out
