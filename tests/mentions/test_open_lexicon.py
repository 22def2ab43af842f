"""The generated lexicon's on-disk index (graph.mentions.open_lexicon)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.mentions.open_lexicon import COLUMNS, PAIR_COLUMNS, OpenLexicon
from graph.model import Entity

OBO = "http://purl.obolibrary.org/obo/"
ROWS = [
    ("GlycyrrhizaGlabra", "Plant", "Glycyrrhiza glabra", "", f"{OBO}NCBITaxon_49827", "NCBITaxon"),
    ("Vitex", "Plant", "Vitex", "", "", "NCBITaxon"),
    ("Liquorice", "HerbalProduct", "Liquorice", "licorice", "", "NCBITaxon"),
    ("Kava", "HerbalProduct", "Kava", "", "", "NCBITaxon"),  # the curated lexicon has it
    ("TwinA", "Condition", "Twin one", "shared name", "", "DOID"),
    ("TwinB", "Condition", "Twin two", "shared name", "", "DOID"),
    ("TRPV1", "Receptor", "TRPV1", "VR1", "https://identifiers.org/hgnc:12716", "GtoPdb"),
]


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PHYTOKG_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "open"
    out.mkdir()
    lines = ["\t".join(COLUMNS)] + ["\t".join(r) for r in ROWS]
    (out / "plants.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pairs = ["\t".join(PAIR_COLUMNS), "Liquorice\tGlycyrrhizaGlabra\tNCBITaxon"]
    (out / "common-names.tsv").write_text("\n".join(pairs) + "\n", encoding="utf-8")
    return out


PLANTS = frozenset({"Plant"})
CURATED = {"Kava": Entity(id="Kava", label="Kava", cls="HerbalProduct")}


def _found(index: OpenLexicon, text: str) -> list[tuple[str, str]]:
    return [(text[m.begin : m.end], m.entity) for m in index.find(text)]


def test_terms_found_with_their_identifiers(folder: Path) -> None:
    index = OpenLexicon.open(folder, CURATED, (), PLANTS)
    assert index is not None
    text = "Liquorice root (Glycyrrhiza glabra) acts on TRPV1; licorice teas."
    assert _found(index, text) == [
        ("Liquorice", "Liquorice"),
        ("Glycyrrhiza glabra", "GlycyrrhizaGlabra"),
        ("TRPV1", "TRPV1"),
        ("licorice", "Liquorice"),
    ]
    plant = index.entity("GlycyrrhizaGlabra")
    assert plant is not None and plant.identifiers == (
        "http://purl.obolibrary.org/obo/NCBITaxon_49827",
    )
    assert index.plant_of("Liquorice") == "GlycyrrhizaGlabra"


def test_scientific_names_only_where_capitalised(folder: Path) -> None:
    index = OpenLexicon.open(folder, CURATED, (), PLANTS)
    assert index is not None
    assert _found(index, "Vitex extracts") == [("Vitex", "Vitex")]
    assert _found(index, "a vitex of sorts") == []


def test_the_curated_lexicon_wins_and_shared_names_match_nothing(folder: Path) -> None:
    index = OpenLexicon.open(folder, CURATED, (), PLANTS)
    assert index is not None
    assert index.entity("Kava") is None
    assert _found(index, "kava and a shared name") == []


def test_the_index_is_built_once_per_content(folder: Path) -> None:
    first = OpenLexicon.open(folder, CURATED, (), PLANTS)
    assert first is not None
    stamp = first.path.stat().st_ino  # a rebuild writes a new file (os.replace)
    again = OpenLexicon.open(folder, CURATED, (), PLANTS)
    assert again is not None and again.path == first.path
    assert again.path.stat().st_ino == stamp
    with (folder / "plants.tsv").open("a", encoding="utf-8") as fh:
        fh.write("\t".join(("Bacopa", "Plant", "Bacopa", "", "", "NCBITaxon")) + "\n")
    changed = OpenLexicon.open(folder, CURATED, (), PLANTS)
    assert changed is not None and changed.path != first.path
    assert _found(changed, "Bacopa leaves") == [("Bacopa", "Bacopa")]


def test_an_open_index_stays_readable_when_another_build_removes_it(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = OpenLexicon.open(folder, CURATED, (), PLANTS)
    assert first is not None
    first.path.unlink()  # what _drop_others does to an index other builds no longer keep
    assert _found(first, "Liquorice root") == [("Liquorice", "Liquorice")]  # open connection


def test_a_malformed_row_is_an_ontology_error(folder: Path) -> None:
    from graph.errors import OntologyError

    with (folder / "plants.tsv").open("a", encoding="utf-8") as fh:
        fh.write("only\ttwo\n")
    with pytest.raises(OntologyError, match="expected 6 columns"):
        OpenLexicon.open(folder, CURATED, (), PLANTS)


def test_the_committed_lexicon_grounds_a_species(context: object) -> None:
    from graph.pipeline import Context

    assert isinstance(context, Context)
    found = context.known.find("Latin name: Glycyrrhiza glabra.")
    entities = {m.entity for m in found}
    assert "GlycyrrhizaGlabra" in entities
    assert context.known.entity("GlycyrrhizaGlabra").identifiers


def test_old_indexes_do_not_pile_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.mentions import open_lexicon

    cache = tmp_path / "cache"
    monkeypatch.setenv("PHYTOKG_CACHE", str(cache))
    cache.mkdir()
    for i in range(4):
        old = cache / f"open-lexicon-old{i}.sqlite"
        old.write_bytes(b"")
        os.utime(old, (1000 + i, 1000 + i))
    folder = tmp_path / "open"
    folder.mkdir()
    (folder / "x.tsv").write_text(
        "\t".join(COLUMNS) + "\nFooBar\tPlant\tFoo bar\t\t\tT\n", encoding="utf-8"
    )
    OpenLexicon.open(folder, CURATED, (), PLANTS)
    left = sorted(p.name for p in cache.glob("open-lexicon-*.sqlite"))
    assert len(left) == 1 + open_lexicon.KEEP_OTHER_INDEXES
    assert "open-lexicon-old3.sqlite" in left and "open-lexicon-old0.sqlite" not in left
