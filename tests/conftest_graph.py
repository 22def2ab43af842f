"""Fixtures for the graph tests: a tiny stand-in ontology and three hand-made documents.

Test modules load it with `pytest_plugins = ["conftest_graph"]`. The stand-in schema
lives in a temporary folder (PHYTOKG_ONTOLOGY), so the tests do not depend on the real
ontology/ while it evolves.

Documents:
- A: kratom may relieve anxiety (hedged); contains mitragynine; mitragynine is an agonist
  of the mu-opioid receptor; kratom does NOT cause nausea (negated).
- B: kratom relieves anxiety (asserted; merges with A); causes nausea (contradicts A);
  can cause anxiety (hedged; alleviates + mayCause on one pair); ibogaline (discovered)
  binds the mu-opioid receptor.
- C: valerian alleviates insomnia (a Condition: no Symptom role class).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Graph

from graph.model import (
    Assertion,
    Certainty,
    Document,
    DocumentResult,
    Entity,
    Evidence,
    Mention,
    Sentence,
)

ONTOLOGY = """\
@prefix kg: <https://w3id.org/phytokg/vocab#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

kg:Plant a owl:Class .
kg:HerbalProduct a owl:Class .
kg:Compound a owl:Class .
kg:Alkaloid a owl:Class ; rdfs:subClassOf kg:Compound .
kg:Receptor a owl:Class .
kg:Effect a owl:Class .
kg:Symptom a owl:Class ; rdfs:subClassOf kg:Effect .
kg:Condition a owl:Class ; rdfs:subClassOf kg:Effect .
kg:AdverseEffect a owl:Class ; rdfs:subClassOf kg:Effect .
kg:Assertion a owl:Class ; rdfs:subClassOf rdf:Statement .
kg:hasConstituent a owl:ObjectProperty ; rdfs:range kg:Compound .
kg:interactsWith a owl:ObjectProperty ;
    rdfs:domain [ a owl:Class ; owl:unionOf ( kg:Compound kg:HerbalProduct ) ] ;
    rdfs:range kg:Receptor .
kg:agonistOf a owl:ObjectProperty ; rdfs:subPropertyOf kg:interactsWith .
kg:alleviates a owl:ObjectProperty .
kg:mayCause a owl:ObjectProperty .
"""

SHAPES = """\
@prefix kg: <https://w3id.org/phytokg/vocab#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

kg:AssertionShape a sh:NodeShape ;
    sh:targetClass kg:Assertion ;
    sh:property [ sh:path kg:certainty ; sh:minCount 1 ; sh:maxCount 1 ;
                  sh:in ( kg:Asserted kg:Hedged kg:Negated ) ] ;
    sh:property [ sh:path kg:confidence ; sh:minCount 1 ; sh:datatype xsd:decimal ;
                  sh:minInclusive 0 ; sh:maxInclusive 1 ] .
kg:EntityShape a sh:NodeShape ;
    sh:targetSubjectsOf kg:primaryClass ;
    sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:maxCount 1 ] .
"""

QUERIES = {
    "effects-of.rq": """\
# title: Effects of an entity
# description: What an entity alleviates or may cause.
# param: name rdfs:label of the subject
SELECT ?relation ?effect WHERE {
  ?s rdfs:label ?name ; ?relation ?e .
  VALUES ?relation { kg:alleviates kg:mayCause }
  ?e rdfs:label ?effect .
} ORDER BY ?relation ?effect
""",
    "count-facts.rq": """\
# title: Facts per relation
SELECT ?relation (COUNT(*) AS ?n) WHERE {
  ?a a kg:Assertion ; rdf:predicate ?relation .
} GROUP BY ?relation ORDER BY ?relation
""",
}


# The graph-model and stats rules of ontology/cues.toml (role classes, contradicting
# relations, mechanism chains).
GRAPH_MODEL_RULES = """
[graph_model]
roles = [
  { relation = "mayCause", role = "AdverseEffect", unless = [] },
  { relation = "alleviates", role = "Symptom", unless = ["Condition"] },
]
contradicting = [["alleviates", "mayCause"]]

[stats]
chain_classes = [["Plant", "HerbalProduct"], ["Compound"], ["Receptor"]]
chain_relations = ["derivedFrom", "hasConstituent", "interactsWith"]
"""


def write_stand_in(folder: Path) -> Path:
    (folder / "queries").mkdir(parents=True, exist_ok=True)
    (folder / "phytokg.ttl").write_text(ONTOLOGY, encoding="utf-8")
    (folder / "shapes.ttl").write_text(SHAPES, encoding="utf-8")
    (folder / "cues.toml").write_text(GRAPH_MODEL_RULES, encoding="utf-8")
    for name, text in QUERIES.items():
        (folder / "queries" / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def stand_in_ontology(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    folder = write_stand_in(tmp_path_factory.mktemp("ontology"))
    monkeypatch.setenv("PHYTOKG_ONTOLOGY", str(folder))
    return folder


KRATOM = Entity("Kratom", "Kratom", "HerbalProduct", alt_labels=("ketum",))
ANXIETY = Entity("Anxiety", "anxiety", "Symptom")
NAUSEA = Entity("Nausea", "nausea", "Symptom")
MITRAGYNINE = Entity(
    "Mitragynine",
    "Mitragynine",
    "Alkaloid",
    identifiers=("http://purl.obolibrary.org/obo/CHEBI_6956",),
)
MOR = Entity("MuOpioidReceptor", "mu-opioid receptor", "Receptor", alt_labels=("MOR",))
IBOGALINE = Entity("Ibogaline", "ibogaline", "Alkaloid", discovered=True)
VALERIAN = Entity("Valerian", "valerian", "HerbalProduct")
INSOMNIA = Entity("Insomnia", "insomnia", "Condition")

A, H, N = Certainty.ASSERTED, Certainty.HEDGED, Certainty.NEGATED

# (sentence, subject text, subject, relation, object text, object, certainty, confidence, cue, rule)
Fact = tuple[str, str, Entity, str, str, Entity, Certainty, float, str, str]


def make_result(source: str, title: str, text: str, facts: list[Fact]) -> DocumentResult:
    doc_id = hashlib.sha256(text.encode("utf-8")).hexdigest()
    document = Document(doc_id, text, source, title, "text/plain", len(text.encode("utf-8")))
    sentences: dict[str, Sentence] = {}
    entities: dict[str, Entity] = {}
    mentions: set[Mention] = set()
    evidence: dict[tuple[str, str, str, bool], list[Evidence]] = defaultdict(list)
    for sent, s_text, subj, rel, o_text, obj, cert, conf, cue, rule in facts:
        begin = text.index(sent)
        sentences.setdefault(sent, Sentence(doc_id, len(sentences), begin, begin + len(sent), sent))
        sb = begin + sent.index(s_text)
        ob = begin + sent.index(o_text)
        for ent, b, t in ((subj, sb, s_text), (obj, ob, o_text)):
            entities[ent.id] = ent
            mentions.add(Mention(b, b + len(t), t, ent.id, ent.cls))
        ev = Evidence(
            doc_id,
            begin,
            begin + len(sent),
            sent,
            sb,
            sb + len(s_text),
            ob,
            ob + len(o_text),
            cue,
            rule,
            cert,
            conf,
        )
        evidence[(subj.id, rel, obj.id, cert is Certainty.NEGATED)].append(ev)
    assertions = tuple(
        Assertion(s, r, o, neg, tuple(evs)) for (s, r, o, neg), evs in sorted(evidence.items())
    )
    return DocumentResult(
        document,
        tuple(sorted(sentences.values())),
        tuple(sorted(entities.values())),
        tuple(sorted(mentions)),
        assertions,
    )


def doc_a() -> DocumentResult:
    s1 = "Kratom may relieve anxiety."
    s2 = "Kratom contains mitragynine."
    s3 = "Mitragynine is an agonist of the mu-opioid receptor."
    s4 = "Kratom does not cause nausea."
    return make_result(
        "a.txt",
        "Kratom notes",
        " ".join([s1, s2, s3, s4]),
        [
            (
                s1,
                "Kratom",
                KRATOM,
                "alleviates",
                "anxiety",
                ANXIETY,
                H,
                0.6,
                "may relieve",
                "forward-cue",
            ),
            (
                s2,
                "Kratom",
                KRATOM,
                "hasConstituent",
                "mitragynine",
                MITRAGYNINE,
                A,
                0.9,
                "contains",
                "forward-cue",
            ),
            (
                s3,
                "Mitragynine",
                MITRAGYNINE,
                "agonistOf",
                "mu-opioid receptor",
                MOR,
                A,
                0.8,
                "agonist of",
                "nominal-cue",
            ),
            (s4, "Kratom", KRATOM, "mayCause", "nausea", NAUSEA, N, 0.7, "cause", "forward-cue"),
        ],
    )


def doc_b() -> DocumentResult:
    s1 = "Kratom relieves anxiety."
    s2 = "Kratom causes nausea."
    s3 = "Kratom can cause anxiety."
    s4 = "Ibogaline binds the mu-opioid receptor."
    return make_result(
        "sub/b.txt",
        "Kratom side effects",
        "\n".join([s1, s2, s3, s4]),
        [
            (
                s1,
                "Kratom",
                KRATOM,
                "alleviates",
                "anxiety",
                ANXIETY,
                A,
                0.8,
                "relieves",
                "forward-cue",
            ),
            (s2, "Kratom", KRATOM, "mayCause", "nausea", NAUSEA, A, 0.75, "causes", "forward-cue"),
            (
                s3,
                "Kratom",
                KRATOM,
                "mayCause",
                "anxiety",
                ANXIETY,
                H,
                0.5,
                "can cause",
                "forward-cue",
            ),
            (
                s4,
                "Ibogaline",
                IBOGALINE,
                "interactsWith",
                "mu-opioid receptor",
                MOR,
                A,
                0.6,
                "binds",
                "verb-cue",
            ),
        ],
    )


def doc_c() -> DocumentResult:
    s1 = 'Valerian alleviates insomnia, a "sleep" disorder.'
    return make_result(
        "c.txt",
        "",
        s1,
        [
            (
                s1,
                "Valerian",
                VALERIAN,
                "alleviates",
                "insomnia",
                INSOMNIA,
                A,
                0.7,
                "alleviates",
                "forward-cue",
            )
        ],
    )


@pytest.fixture
def results() -> tuple[DocumentResult, DocumentResult, DocumentResult]:
    return (doc_a(), doc_b(), doc_c())


@pytest.fixture
def fixture_graph(stand_in_ontology: Path, results: tuple[DocumentResult, ...]) -> Graph:
    from graph.rdf.memory import results_to_graph

    return results_to_graph(results)


@pytest.fixture
def graph_file(tmp_path: Path, fixture_graph: Graph) -> Path:
    from graph.rdf.turtle import write_graph

    path = tmp_path / "out" / "graph.ttl"
    write_graph(fixture_graph, path)
    return path
