"""Scoring a graph against gold facts: hand-built cases, then the seeds and the test corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

from graph.domain.namespaces import ENT, KG
from graph.errors import InputError
from graph.evaluation.evaluate import evaluate, evaluate_graph, load_aliases, load_gold
from graph.pipeline import Context

ROOT = Path(__file__).resolve().parents[2]
HEADER = "doc\tsubject\tpredicate\tobject\tkind\tnote\n"


def _tsv(path: Path, rows: list[str], header: str = HEADER) -> Path:
    path.write_text(header + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def _graph(
    entities: dict[str, tuple[str, list[str]]], triples: list[tuple[str, str, str]]
) -> Graph:
    """A tiny graph: schema (relations, sub-properties, sub-classes), entities and facts."""
    g = Graph()
    for rel in ("interactsWith", "agonistOf", "partialAgonistOf", "alleviates", "mayCause"):
        g.add((URIRef(KG + rel), RDF.type, OWL.ObjectProperty))
    for sub in ("agonistOf", "partialAgonistOf"):
        g.add((URIRef(KG + sub), RDFS.subPropertyOf, URIRef(KG + "interactsWith")))
    g.add((URIRef(KG + "Alkaloid"), RDFS.subClassOf, URIRef(KG + "Compound")))
    for slug, (cls, labels) in entities.items():
        node = URIRef(ENT + slug)
        g.add((node, RDF.type, URIRef(KG + cls)))
        g.add((node, RDFS.label, Literal(labels[0])))
        for alt in labels[1:]:
            g.add((node, SKOS.altLabel, Literal(alt)))
    for s, p, o in triples:
        g.add((URIRef(ENT + s), URIRef(KG + p), URIRef(ENT + o)))
    return g


ENTITIES = {
    "Kava": ("HerbalProduct", ["Kava", "kava root"]),
    "Kavain": ("Alkaloid", ["Kavain"]),
    "Morphine": ("Alkaloid", ["Morphine"]),
    "MuOpioidReceptor": ("Receptor", ["mu-opioid receptor", "MOR"]),
    "Anxiety": ("Symptom", ["Anxiety"]),
    "Nausea": ("AdverseEffect", ["Nausea"]),
    "Pain": ("Symptom", ["Pain"]),
}


@pytest.fixture
def gold_files(tmp_path: Path) -> tuple[Path, Path]:
    gold = _tsv(
        tmp_path / "gold.tsv",
        [
            "d.txt\tKava\talleviates\tAnxiety\tcore\t",
            "d.txt\tMorphine\tagonistOf\tMu-opioid receptor\tcore\t",
            "d.txt\tMorphine\talleviates\tPain\tcore\t",
            "d.txt\tKava\tmayCause\tNausea\tallowed\tweak claim",
            "d.txt\tKava\tNOT_mayCause\tAnxiety\tcore\tdenied",
            "d.txt\tKava\ttype\tHerbalProduct\tcore\tPlant also accepted",
            "d.txt\tKavain\ttype\tCompound\tcore\t",
            "d.txt\tMorphine\ttype\tReceptor\tcore\t",
        ],
    )
    aliases = _tsv(
        tmp_path / "aliases.tsv",
        ["Kava\tkava|kava root", "Mu-opioid receptor\tmu-opioid receptor|mor"],
        header="canonical\taliases\n",
    )
    return gold, aliases


def test_precision_recall_f1(gold_files: tuple[Path, Path]) -> None:
    g = _graph(
        ENTITIES,
        [
            ("Kava", "alleviates", "Anxiety"),  # core: correct
            ("Kava", "mayCause", "Nausea"),  # allowed: correct, not in recall
            ("Morphine", "alleviates", "Anxiety"),  # wrong
        ],
    )
    report = evaluate(g, [gold_files[0]], [gold_files[1]])
    assert (report.predicted, report.correct) == (3, 2)
    assert (report.core, report.found) == (3, 1)  # NOT_ and type rows are not in recall
    assert report.precision == pytest.approx(2 / 3)
    assert report.recall == pytest.approx(1 / 3)
    assert report.f1 == pytest.approx(2 * (2 / 3) * (1 / 3) / (2 / 3 + 1 / 3))
    assert [(t.subject, t.predicate, t.object) for t in report.false_positives] == [
        ("Morphine", "alleviates", "Anxiety")
    ]
    assert sorted((f.subject, f.predicate, f.object) for f in report.missed) == [
        ("Morphine", "agonistOf", "Mu-opioid receptor"),
        ("Morphine", "alleviates", "Pain"),
    ]


def test_sub_property_entailment_both_ways(gold_files: tuple[Path, Path]) -> None:
    # Gold agonistOf entails a predicted interactsWith (precision) ...
    g = _graph(ENTITIES, [("Morphine", "interactsWith", "MuOpioidReceptor")])
    report = evaluate(g, [gold_files[0]], [gold_files[1]])
    assert (report.predicted, report.correct, report.found) == (1, 1, 0)
    # ... and a predicted agonistOf counts for a gold interactsWith (recall).
    gold = gold_files[0].parent / "super.tsv"
    _tsv(gold, ["d.txt\tMorphine\tinteractsWith\tMu-opioid receptor\tcore\t"])
    g = _graph(ENTITIES, [("Morphine", "agonistOf", "MuOpioidReceptor")])
    report = evaluate(g, [gold], [gold_files[1]])
    assert (report.core, report.found, report.recall) == (1, 1, 1.0)
    assert report.precision == 0.0  # agonistOf is more than gold interactsWith claims


def test_sibling_sub_properties_do_not_match(gold_files: tuple[Path, Path]) -> None:
    g = _graph(ENTITIES, [("Morphine", "partialAgonistOf", "MuOpioidReceptor")])
    report = evaluate(g, [gold_files[0]], [gold_files[1]])
    assert (report.correct, report.found) == (0, 0)


def test_aliases_match_alt_labels(gold_files: tuple[Path, Path]) -> None:
    entities = dict(ENTITIES, Kava=("HerbalProduct", ["Kava root extract", "kava root"]))
    g = _graph(entities, [("Kava", "alleviates", "Anxiety")])
    report = evaluate(g, [gold_files[0]], [gold_files[1]])
    assert report.correct == 1


def test_negated_gold_rows_are_not_counted(gold_files: tuple[Path, Path]) -> None:
    gold = load_gold([gold_files[0]])
    assert [f.negated for f in gold].count(True) == 1
    g = _graph(ENTITIES, [("Kava", "mayCause", "Anxiety")])  # what NOT_mayCause denies
    report = evaluate_graph(g, gold, load_aliases([gold_files[1]]))
    assert (report.predicted, report.correct, report.core) == (1, 0, 3)


def test_type_accuracy_with_also_accepted(gold_files: tuple[Path, Path]) -> None:
    entities = dict(ENTITIES, Kava=("Plant", ["Kava"]))  # "Plant also accepted"
    report = evaluate(_graph(entities, []), [gold_files[0]], [gold_files[1]])
    # Kava as Plant: accepted; Kavain an Alkaloid, hence a Compound; Morphine not a Receptor.
    assert (report.types_total, report.types_correct) == (3, 2)
    assert report.type_accuracy == pytest.approx(2 / 3)
    assert report.wrong_types == (("Morphine", "Receptor", "Alkaloid, Compound"),)


def test_missing_gold_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        load_gold([tmp_path / "nope.tsv"])
    with pytest.raises(InputError):
        load_aliases([tmp_path / "nope.tsv"])


def test_gold_file_without_the_columns_is_an_input_error(tmp_path: Path) -> None:
    bad = _tsv(tmp_path / "bad.tsv", ["x\ty"], header="a\tb\n")
    with pytest.raises(InputError):
        load_gold([bad])


def test_seed_graph_reaches_the_targets(seed_graph: Graph) -> None:
    report = evaluate(
        seed_graph, [ROOT / "tests/gold/seeds-gold.tsv"], [ROOT / "tests/gold/seeds-aliases.tsv"]
    )
    print(
        f"\nseeds: P={report.precision:.3f} R={report.recall:.3f} F1={report.f1:.3f} "
        f"types={report.type_accuracy:.3f} ({report.correct}/{report.predicted} correct, "
        f"{report.found}/{report.core} found)"
    )
    assert report.precision >= 0.90, report.false_positives
    assert report.recall >= 0.90, report.missed
    assert report.type_accuracy >= 0.95, report.wrong_types


@pytest.mark.parametrize(
    ("folder", "f1_floor", "precision_floor"),
    [("corpus", 0.82, 0.90), ("heldout", 0.75, 0.90)],
)
def test_corpus_scores_stay_above_their_floors(
    context: Context, folder: str, f1_floor: float, precision_floor: float
) -> None:
    """Articles written for the project, on plants other than kratom: the rules must hold
    on text they were not written for. Floors sit a few points below the measured scores."""
    from graph.build import build_graph

    corpus = ROOT / "tests" / folder
    texts = sorted(corpus.glob("*.txt"))
    g, summary = build_graph(texts, context=context)
    assert summary.documents == len(texts) == 12
    report = evaluate(g, sorted(corpus.glob("*.gold.tsv")), [corpus / "aliases.tsv"])
    print(
        f"\n{folder}: P={report.precision:.3f} R={report.recall:.3f} F1={report.f1:.3f} "
        f"types={report.type_accuracy:.3f} ({report.correct}/{report.predicted} correct, "
        f"{report.found}/{report.core} found)"
    )
    assert report.precision >= precision_floor, report.false_positives
    assert report.f1 >= f1_floor, report.missed
