"""IRIs of the project's vocabulary and of the standard vocabularies it uses."""

from __future__ import annotations

BASE = "https://w3id.org/phytokg/"
KG = BASE + "vocab#"  # classes, relations, annotation properties (kg:)
ENT = BASE + "entity/"  # entities (ent:Quinine)
DOC = BASE + "doc/"  # documents (doc:<sha256[:16]>); sentences doc:<h>#char=b,e
ASSERTION = BASE + "assertion/"  # assertion nodes (asr:<hash>)
EVIDENCE = BASE + "evidence/"  # evidence nodes (ev:<hash>)

PROV = "http://www.w3.org/ns/prov#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
OBO = "http://purl.obolibrary.org/obo/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SH = "http://www.w3.org/ns/shacl#"
# Publication metadata of documents read from PubMed, MEDLINE, BioC and JATS files
BIBO = "http://purl.org/ontology/bibo/"
FABIO = "http://purl.org/spar/fabio/"
PRISM = "http://prismstandard.org/namespaces/basic/2.0/"

PREFIXES: dict[str, str] = {
    "kg": KG,
    "ent": ENT,
    "doc": DOC,
    "asr": ASSERTION,
    "ev": EVIDENCE,
    "prov": PROV,
    "nif": NIF,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "obo": OBO,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
}
