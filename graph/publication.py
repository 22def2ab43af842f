"""Publication metadata as RDF: what a document node says about the article it comes from.

Vocabularies: BIBO for PMID and DOI, FaBiO for PMCID and year, PRISM for the journal name,
Dublin Core terms for the title (dcterms:title, as for every document) and dcterms:source,
the resolvable IRIs of the record (PubMed, PubMed Central, doi.org). Only the keys a source
gives are written, so a plain-text document gets none of these triples.

Import this module lazily: it imports rdflib.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from . import namespaces as ns

BIBO = Namespace("http://purl.org/ontology/bibo/")
FABIO = Namespace("http://purl.org/spar/fabio/")
PRISM = Namespace("http://prismstandard.org/namespaces/basic/2.0/")
DCTERMS = Namespace(ns.DCTERMS)
XSD = Namespace(ns.XSD)

PREFIXES = {"bibo": str(BIBO), "fabio": str(FABIO), "prism": str(PRISM)}

PUBMED = "https://pubmed.ncbi.nlm.nih.gov/"
PMC = "https://www.ncbi.nlm.nih.gov/pmc/articles/"
DOI = "https://doi.org/"

Triple = tuple[Node, Node, Node]


def publication_links(meta: Mapping[str, str]) -> list[str]:
    """Resolvable IRIs of the publication, the most specific first: PubMed, PMC, doi.org."""
    links = []
    if meta.get("pmid"):
        links.append(f"{PUBMED}{meta['pmid']}/")
    if meta.get("pmcid"):
        links.append(f"{PMC}{meta['pmcid']}/")
    if meta.get("doi"):
        links.append(DOI + quote(meta["doi"], safe="/:;()._-"))
    return links


def publication_triples(node: Node, meta: Mapping[str, str]) -> list[Triple]:
    """The triples that describe `node`'s publication (the title is written elsewhere)."""
    triples: list[Triple] = []
    if meta.get("pmid"):
        triples.append((node, BIBO.pmid, Literal(meta["pmid"])))
    if meta.get("doi"):
        triples.append((node, BIBO.doi, Literal(meta["doi"])))
    if meta.get("pmcid"):
        triples.append((node, FABIO.hasPubMedCentralId, Literal(meta["pmcid"])))
    if meta.get("journal"):
        triples.append((node, PRISM.publicationName, Literal(meta["journal"])))
    if meta.get("year"):
        year = Literal(meta["year"], datatype=XSD.gYear)
        triples.append((node, FABIO.hasPublicationYear, year))
    triples.extend((node, DCTERMS.source, URIRef(link)) for link in publication_links(meta))
    return triples


PUBLICATION_IDS = ((BIBO.pmid, "PMID"), (FABIO.hasPubMedCentralId, "PMCID"), (BIBO.doi, "doi"))


def publication_curie(g: Graph, document: Node) -> str:
    """The publication of `document` in graph `g` as a CURIE: PMID, else PMCID, else DOI;
    "" when the document has none."""
    for prop, prefix in PUBLICATION_IDS:
        value = g.value(document, prop)
        if value is not None and str(value):
            return f"{prefix}:{value}"
    return ""
