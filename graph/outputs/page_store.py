"""Pages of big graphs, read from a pyoxigraph store instead of a whole rdflib graph.

Both functions pick the entities a page will show with a few SPARQL queries, then copy
into a small rdflib graph everything graph.outputs.page reads about them: their own
triples, every assertion between two of them with its evidence nodes, sentences and
documents, and the schema (classes, relations, their labels and hierarchies). The page
is then drawn by `render_html` as usual, so every fact it shows has its certainty,
confidence, evidence sentences and identifiers, exactly as on a page of the whole graph.

- `focus_subgraph`: the neighbourhood of an entity (`phytokg render --focus X --depth N`);
  the page is the same, byte for byte, as the one drawn from the whole graph.
- `top_subgraph`: a cut-down page of a graph too big to draw whole (`phytokg build`):
  the entities of the facts stated by the most sentences, within a budget, and a note
  saying how the page was cut.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graph.domain.namespaces import ASSERTION, DOC, EVIDENCE, KG, NIF, PROV, RDF, RDFS, SKOS

if TYPE_CHECKING:
    from rdflib import Graph

_PREFIXES = (
    f"PREFIX kg: <{KG}>\nPREFIX rdf: <{RDF}>\nPREFIX rdfs: <{RDFS}>\n"
    f"PREFIX skos: <{SKOS}>\nPREFIX prov: <{PROV}>\nPREFIX nif: <{NIF}>\n"
)
_INTERNAL = (KG, ASSERTION, EVIDENCE, DOC)
_NON_ENTITY = {KG + "Assertion", KG + "Evidence", KG + "Document"}
_CHUNK = 400

# budget of a cut-down page (graph.build draws one for graphs over HTML_MAX_TRIPLES)
TOP_FACTS = 1_000
TOP_ENTITIES = 1_000
# evidence sentences a page lists per fact (render --all-evidence lifts it)
EVIDENCE_PER_FACT = 10


def _rows(store: Any, query: str) -> Iterable[Any]:
    return store.query(_PREFIXES + query, use_default_graph_as_union=True)


def entity_iris(store: Any) -> set[str]:
    """The entities, as graph.outputs.page_index.read_index counts them: IRIs outside
    phytokg's own namespaces typed with a kg: class (one declared in the schema, or
    in a class hierarchy) other than Assertion, Evidence and Document."""
    classes = {
        row[0].value
        for row in _rows(
            store,
            "SELECT DISTINCT ?c WHERE { { ?c rdf:type ?k . VALUES ?k { "
            "<http://www.w3.org/2002/07/owl#Class> rdfs:Class } } "
            "UNION { ?c rdfs:subClassOf ?x } UNION { ?x rdfs:subClassOf ?c } "
            "UNION { ?e kg:primaryClass ?c } FILTER (isIRI(?c)) }",
        )
    }
    wanted = sorted(c for c in classes if c.startswith(KG) and c not in _NON_ENTITY)
    if not wanted:
        return set()
    listed = " ".join(f"<{c}>" for c in wanted)
    rows = _rows(store, f"SELECT DISTINCT ?e WHERE {{ VALUES ?c {{ {listed} }} ?e rdf:type ?c }}")
    return {
        r[0].value
        for r in rows
        if r[0].value.startswith(("http", "urn")) and not r[0].value.startswith(_INTERNAL)
    }


def _relations(store: Any) -> list[str]:
    """Every relation a fact may be stated with: those of the assertions, and their
    super-properties (the direct triples of sub-properties' entailments)."""
    rows = _rows(
        store,
        "SELECT DISTINCT ?p WHERE { { ?a rdf:predicate ?p } UNION "
        "{ ?a rdf:predicate ?q . ?q rdfs:subPropertyOf+ ?p } FILTER (isIRI(?p)) }",
    )
    return sorted({r[0].value for r in rows if r[0].value.startswith(KG)})


def _edges(store: Any, entities: set[str]) -> list[tuple[str, str]]:
    """(subject, object) of every direct triple and assertion between two entities."""
    relations = _relations(store)
    edges: list[tuple[str, str]] = []
    if relations:
        listed = " ".join(f"<{p}>" for p in relations)
        for row in _rows(store, f"SELECT ?s ?o WHERE {{ VALUES ?p {{ {listed} }} ?s ?p ?o }}"):
            edges.append((row[0].value, row[1].value))
    for row in _rows(
        store, "SELECT ?s ?o WHERE { ?a rdf:type kg:Assertion ; rdf:subject ?s ; rdf:object ?o }"
    ):
        edges.append((row[0].value, row[1].value))
    return [(s, o) for s, o in edges if s in entities and o in entities]


def resolve_focus(store: Any, focus: str, entities: set[str]) -> str:
    """The entity `focus` names, as graph.outputs.page_index.find_entity finds it."""
    from graph.outputs.page_index import Index, _best_literal, find_entity
    from graph.rdf.files import from_oxigraph

    labels: dict[str, list[Any]] = {}
    alt: dict[str, list[str]] = {e: [] for e in entities}
    for row in _rows(store, "SELECT ?e ?l WHERE { ?e rdfs:label ?l }"):
        if row[0].value in entities:
            labels.setdefault(row[0].value, []).append(from_oxigraph(row[1]))
    for row in _rows(store, "SELECT ?e ?l WHERE { ?e skos:altLabel ?l }"):
        if row[0].value in entities:
            alt[row[0].value].append(row[1].value)
    index = Index(entities={e: [] for e in entities})
    for e, values in labels.items():
        best = _best_literal(values)
        if best:
            index.labels[e] = best
    return find_entity(focus, index, {e: sorted(v) for e, v in alt.items()})


def _neighbourhood(start: str, edges: list[tuple[str, str]], depth: int) -> set[str]:
    adjacent: dict[str, set[str]] = {}
    for s, o in edges:
        adjacent.setdefault(s, set()).add(o)
        adjacent.setdefault(o, set()).add(s)
    seen, frontier = {start}, {start}
    for _ in range(depth):
        frontier = {n for x in frontier for n in adjacent.get(x, ())} - seen
        seen |= frontier
    return seen


def _iri_chunks(iris: Iterable[str]) -> Iterator[str]:
    """`iris` (sorted) as VALUES lists of at most _CHUNK `<iri>`s each."""
    ordered = sorted(iris)
    for i in range(0, len(ordered), _CHUNK):
        yield " ".join(f"<{x}>" for x in ordered[i : i + _CHUNK])


def _grouped(store: Any, subjects: Iterable[str], predicate: str) -> dict[str, list[str]]:
    """subject -> the IRIs it links to by `predicate` (one row per subject: the IRIs are
    joined in the store, not returned one by one)."""
    out: dict[str, list[str]] = {}
    for chunk in _iri_chunks(subjects):
        query = (
            f"SELECT ?x (GROUP_CONCAT(STR(?o); separator=' ') AS ?os) WHERE {{ "
            f"VALUES ?x {{ {chunk} }} ?x <{predicate}> ?o FILTER (isIRI(?o)) }} GROUP BY ?x"
        )
        for row in _rows(store, query):
            out[row[0].value] = row[1].value.split(" ")
    return out


def subgraph(store: Any, nodes: set[str], per_fact: int | None = -1) -> tuple[Graph, int]:
    """What a page of `nodes` reads: their triples, the assertions between them with
    (at most `per_fact` of) their evidence nodes, sentences and documents, and the
    schema (class and relation hierarchies, the triples of every class and relation used).
    The evidence kept for a fact is the first `per_fact` by IRI (a fixed choice); its
    kg:evidenceCount still counts them all. Returns the graph and the number of facts
    whose evidence was cut.

    Every step is a few SPARQL queries over batches of IRIs, the store doing the joins
    and filters: on a graph of a million triples a fact may have thousands of sentences,
    and only the ones kept cross into Python. The graph is an rdflib SimpleMemory graph
    (no named-graph bookkeeping: a page reads triples only).
    """
    from rdflib import Graph, URIRef

    from graph.rdf.files import memo_converter

    if per_fact == -1:
        per_fact = EVIDENCE_PER_FACT
    g = Graph(store="SimpleMemory")
    term = memo_converter(literals=True)

    def add(query: str) -> None:
        g.addN((term(t.subject), term(t.predicate), term(t.object), g) for t in _rows(store, query))

    def about(iris: Iterable[str], skip: tuple[str, ...] = ()) -> None:
        """Every triple of each IRI but those of the predicates in `skip`."""
        unwanted = ", ".join(f"<{x}>" for x in skip)
        condition = f"FILTER (?p NOT IN ({unwanted}))" if skip else ""
        for chunk in _iri_chunks(iris):
            add(
                f"CONSTRUCT {{ ?x ?p ?o }} WHERE {{ VALUES ?x {{ {chunk} }} ?x ?p ?o {condition} }}"
            )

    add(
        "CONSTRUCT { ?x ?p ?o } WHERE { VALUES ?p { rdfs:subClassOf rdfs:subPropertyOf } ?x ?p ?o }"
    )
    about(nodes)
    keep: set[str] = set()
    for chunk in _iri_chunks(nodes):
        for row in _rows(
            store,
            f"SELECT DISTINCT ?a ?o WHERE {{ VALUES ?s {{ {chunk} }} ?a rdf:subject ?s ; "
            "rdf:object ?o ; rdf:type kg:Assertion FILTER (isIRI(?a)) }",
        ):
            if row[1].value in nodes:
                keep.add(row[0].value)
    has_evidence, derived = KG + "hasEvidence", PROV + "wasDerivedFrom"
    # the assertions' own triples, but their links to evidence and sentences only for
    # the evidence kept (an assertion without evidence nodes keeps its sentences)
    about(keep, skip=(has_evidence, derived))
    links = _grouped(store, keep, has_evidence)
    plain = _grouped(store, (a for a in keep if a not in links), derived)
    evidence: set[str] = set()
    sentences: set[str] = set()
    cut = 0
    ev_link, derived_link = URIRef(has_evidence), URIRef(derived)
    for a in sorted(keep):
        evs = sorted(links.get(a, ()))
        if not evs:  # no evidence node: the page shows the sentences alone
            sentences.update(plain.get(a, ()))
            g.addN((URIRef(a), derived_link, URIRef(x), g) for x in plain.get(a, ()))
            continue
        if per_fact is not None and len(evs) > per_fact:
            evs = evs[:per_fact]
            cut += 1
        evidence.update(evs)
        g.addN((URIRef(a), ev_link, URIRef(e), g) for e in evs)
    about(evidence)
    sentences.update(str(x) for e in evidence for x in g.objects(URIRef(e), derived_link))
    about(sentences)
    context = URIRef(NIF + "referenceContext")
    documents = {str(d) for s in sentences for d in g.objects(URIRef(s), context)}
    about(documents, skip=(KG + "mentions",))
    rdf_type = URIRef(RDF + "type")
    schema = {str(p) for p in g.predicates()} | {str(o) for o in g.objects(None, rdf_type)}
    for s, _p, o in list(g.triples((None, URIRef(RDFS + "subClassOf"), None))) + list(
        g.triples((None, URIRef(RDFS + "subPropertyOf"), None))
    ):
        schema.update((str(s), str(o)))
    about(x for x in schema if x.startswith(("http://", "https://")) and x not in nodes)
    return g, cut


def focus_subgraph(
    store: Any, focus: str, depth: int, per_fact: int | None = EVIDENCE_PER_FACT
) -> tuple[Graph, str, int]:
    """The part of the graph a page of `focus` and `depth` hops around it reads, the
    focus entity's IRI and how many facts' evidence was cut. InputError for an unknown
    focus."""
    entities = entity_iris(store)
    start = resolve_focus(store, focus, entities)
    nodes = _neighbourhood(start, _edges(store, entities), depth)
    g, cut = subgraph(store, nodes, per_fact)
    return g, start, cut


@dataclass(frozen=True)
class Cut:
    """How a cut-down page was chosen."""

    entities: int  # the graph's
    facts: int  # the graph's (asserted or hedged)
    chosen_facts: int
    shown: int  # entities drawn
    evidence_cut: int  # facts shown with only EVIDENCE_PER_FACT of their sentences


def top_subgraph(
    store: Any, max_facts: int | None = None, max_entities: int | None = None
) -> tuple[Graph, Cut]:
    """The entities of the asserted and hedged facts stated by the most sentences (ties
    by IRI), at most `max_facts` facts and `max_entities` entities, with everything a
    page reads about them."""
    max_facts = TOP_FACTS if max_facts is None else max_facts
    max_entities = TOP_ENTITIES if max_entities is None else max_entities
    entities = entity_iris(store)
    ranked = []
    for row in _rows(
        store,
        "SELECT ?a ?s ?o ?n WHERE { ?a rdf:type kg:Assertion ; rdf:subject ?s ; "
        "rdf:object ?o ; kg:certainty ?c . FILTER (?c != kg:Negated) "
        "OPTIONAL { ?a kg:evidenceCount ?n } }",
    ):
        s, o = row[1].value, row[2].value
        if s in entities and o in entities:
            try:
                n = int(row[3].value) if row[3] is not None else 0
            except ValueError:
                n = 0
            ranked.append((-n, row[0].value, s, o))
    ranked.sort()
    nodes: set[str] = set()
    chosen = 0
    for _n, _a, s, o in ranked:
        grown = nodes | {s, o}
        if chosen >= max_facts or len(grown) > max_entities:
            break
        nodes = grown
        chosen += 1
    g, cut = subgraph(store, nodes)
    return g, Cut(len(entities), len(ranked), chosen, len(nodes), cut)


def cut_note(cut: Cut) -> str:
    """What a cut-down page says at its top."""
    text = (
        f"A cut-down page: the graph is too big to draw whole. It shows {cut.shown} of "
        f"{cut.entities} entities: those of the "
        f"{cut.chosen_facts} asserted or hedged facts (of {cut.facts}) stated by the most "
        "sentences, and every fact between them."
    )
    if cut.evidence_cut:
        text += f" Each fact lists at most {EVIDENCE_PER_FACT} of its sentences."
    return text + " Use phytokg render --focus, --class or --relation for the rest."


def evidence_note(cut: int, per_fact: int | None) -> str | None:
    if not cut or per_fact is None:
        return None
    return (
        f"{cut} fact(s) list only {per_fact} of their evidence sentences "
        "(the counts are complete); phytokg query lists them all."
    )
