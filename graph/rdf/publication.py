"""Publication metadata as triples: what a document node says about the article it is.

Vocabularies: BIBO for PMID and DOI, FaBiO for PMCID and year, PRISM for the journal name,
Dublin Core terms for dcterms:source, the resolvable IRIs of the record (PubMed, PubMed
Central, doi.org); the title is the document's dcterms:title, as for every document. Only
the keys a source gives are written, so a plain-text document gets none of these triples.
Terms are plain values (graph.rdf.terms); no rdflib here.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

from graph.domain import namespaces as ns
from graph.rdf.terms import Triple

PMID = ns.BIBO + "pmid"
DOI = ns.BIBO + "doi"
PMCID = ns.FABIO + "hasPubMedCentralId"
YEAR = ns.FABIO + "hasPublicationYear"
JOURNAL = ns.PRISM + "publicationName"
SOURCE = ns.DCTERMS + "source"
GYEAR = ns.XSD + "gYear"

PUBMED_PAGE = "https://pubmed.ncbi.nlm.nih.gov/"
PMC_PAGE = "https://www.ncbi.nlm.nih.gov/pmc/articles/"
DOI_RESOLVER = "https://doi.org/"

# (property, CURIE prefix) in the order a publication is named: PMID, else PMCID, else DOI
PUBLICATION_IDS = ((PMID, "PMID"), (PMCID, "PMCID"), (DOI, "doi"))


def publication_links(meta: Mapping[str, str]) -> list[str]:
    """Resolvable IRIs of the publication, the most specific first: PubMed, PMC, doi.org."""
    links = []
    if meta.get("pmid"):
        links.append(f"{PUBMED_PAGE}{meta['pmid']}/")
    if meta.get("pmcid"):
        links.append(f"{PMC_PAGE}{meta['pmcid']}/")
    if meta.get("doi"):
        links.append(DOI_RESOLVER + quote(meta["doi"], safe="/:;()._-<>"))
    return links


def publication_triples(node: str, meta: Mapping[str, str]) -> list[Triple]:
    """The triples that describe `node`'s publication (its title is written elsewhere)."""
    triples: list[Triple] = []
    for key, prop in (("pmid", PMID), ("doi", DOI), ("pmcid", PMCID), ("journal", JOURNAL)):
        if meta.get(key):
            triples.append((node, prop, (meta[key], "")))
    if meta.get("year"):
        triples.append((node, YEAR, (meta["year"], GYEAR)))
    triples.extend((node, SOURCE, link) for link in publication_links(meta))
    return triples
