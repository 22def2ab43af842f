"""Finding lexicon terms in text: the forms real articles write, and nothing inside other words."""

from __future__ import annotations

import pytest

from graph.domain.lexicon import Lexicon
from graph.mentions.matcher import Matcher, plural, variants
from graph.pipeline import Context


@pytest.fixture(scope="module")
def matcher(context: Context) -> Matcher:
    return context.matcher


def _found(matcher: Matcher, text: str) -> list[tuple[str, str]]:
    return [(text[m.begin : m.end], m.entity) for m in matcher.find(text)]


def test_lexicon_has_entities_of_every_class(context: Context) -> None:
    lexicon: Lexicon = context.lexicon
    classes = {e.cls for e in lexicon.entities.values()}
    assert {
        "Plant",
        "PlantPart",
        "HerbalProduct",
        "Alkaloid",
        "Compound",
        "Neurotransmitter",
        "Receptor",
        "Symptom",
        "Condition",
        "AdverseEffect",
        "Therapy",
    } <= classes
    assert lexicon.entity("Mitragynine").cls == "Alkaloid"
    assert lexicon.hierarchy.is_a("Alkaloid", "Compound")
    assert lexicon.hierarchy.is_a("AdverseEffect", "Effect")
    for sub in ("agonistOf", "partialAgonistOf", "antagonistOf"):
        assert lexicon.relations[sub] == ("interactsWith",)


def test_longest_match_wins(matcher: Matcher) -> None:
    assert _found(matcher, "the kava plant grows in Fiji") == [("kava plant", "PiperMethysticum")]
    assert _found(matcher, "kratom leaves are dried") == [("kratom leaves", "Kratom")]
    assert _found(matcher, "the mu-opioid receptor") == [("mu-opioid receptor", "MuOpioidReceptor")]
    assert _found(matcher, "opioid withdrawal symptoms") == [
        ("opioid withdrawal symptoms", "OpioidWithdrawal")
    ]


@pytest.mark.parametrize("text", ["kava", "Kava", "KAVA", "kAvA"])
def test_case_insensitive(matcher: Matcher, text: str) -> None:
    assert _found(matcher, f"{text} is popular") == [(text, "Kava")]


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("opioid receptors", "OpioidReceptor"),
        ("seizures", "Seizure"),
        ("arrhythmias", "Arrhythmia"),
        ("alkaloids", "Alkaloid"),
        ("therapies", "Therapy"),
        ("headaches", "Headache"),
    ],
)
def test_regular_plurals(matcher: Matcher, text: str, entity: str) -> None:
    assert _found(matcher, f"some {text} here") == [(text, entity)]


def test_plural_of_term_ending_in_is(matcher: Matcher) -> None:
    assert plural("psychosis") == "psychoses"
    assert _found(matcher, "cases of psychoses") == [("psychoses", "Psychosis")]


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("mu-opioid receptor", "MuOpioidReceptor"),
        ("mu opioid receptor", "MuOpioidReceptor"),
        ("kappa-opioid receptor", "KappaOpioidReceptor"),
        ("kappa opioid receptor", "KappaOpioidReceptor"),
        ("delta opioid receptors", "DeltaOpioidReceptor"),
        ("μ-opioid receptor", "MuOpioidReceptor"),
        ("μ opioid receptor", "MuOpioidReceptor"),
        ("κ-opioid receptor", "KappaOpioidReceptor"),
        ("δ-opioid receptor", "DeltaOpioidReceptor"),
        ("μ-opioid receptors", "MuOpioidReceptor"),
    ],
)
def test_hyphen_space_and_greek_variants(matcher: Matcher, text: str, entity: str) -> None:
    assert _found(matcher, f"binds the {text}.") == [(text, entity)]


def test_variants_of_a_term() -> None:
    assert {
        "mu-opioid receptor",
        "mu opioid receptor",
        "μ-opioid receptor",
        "mu-opioid receptors",
        "μ opioid receptors",
    } <= variants("mu-opioid receptor")


@pytest.mark.parametrize("text", ["kratom's effects", "kratom’s effects", "Kratom's"])
def test_possessives(matcher: Matcher, text: str) -> None:
    assert _found(matcher, text) == [(text[:6], "Kratom")]


def test_curly_quotes(matcher: Matcher) -> None:
    assert _found(matcher, "“kava” and ‘valerian’") == [("kava", "Kava"), ("valerian", "Valerian")]
    assert _found(matcher, "St John’s wort and St. John's wort") == [
        ("St John’s wort", "StJohnsWort"),
        ("St. John's wort", "StJohnsWort"),
    ]


def test_short_capital_synonyms_match_only_in_capitals(matcher: Matcher) -> None:
    assert _found(matcher, "the MOR and the mor") == [("MOR", "MuOpioidReceptor")]
    assert _found(matcher, "DAT, NET and SERT") == [
        ("DAT", "DAT"),
        ("NET", "NET"),
        ("SERT", "SERT"),
    ]
    assert _found(matcher, "a safety net for data") == []
    assert _found(matcher, "CBD oil, not cbd") == [("CBD", "Cannabidiol")]
    assert _found(matcher, "GABA rises") == [("GABA", "GABA")]
    assert _found(matcher, "Mor was there") == []


@pytest.mark.parametrize(
    "text",
    ["a painful Spain", "painkillers", "hydromorphine", "kavalactonesque", "cocaines2", "teammate"],
)
def test_no_match_inside_a_longer_word(matcher: Matcher, text: str) -> None:
    assert _found(matcher, text) == []


def test_offsets_survive_unusual_spaces_and_dashes(matcher: Matcher) -> None:
    text = "root bark of Tabernanthe\xa0iboga and the mu\u2010opioid receptor"
    assert _found(matcher, text) == [
        ("root bark", "RootBark"),
        ("Tabernanthe\xa0iboga", "TabernantheIboga"),
        ("mu\u2010opioid receptor", "MuOpioidReceptor"),
    ]


def test_matches_do_not_overlap_and_are_sorted(matcher: Matcher) -> None:
    text = "Kava, kava root, kavain and the kava plant relieve anxiety and stress."
    found = matcher.find(text)
    assert [(text[m.begin : m.end], m.entity) for m in found] == [
        ("Kava", "Kava"),
        ("kava root", "Kava"),
        ("kavain", "Kavain"),
        ("kava plant", "PiperMethysticum"),
        ("anxiety", "Anxiety"),
        ("stress", "Stress"),
    ]
    ends = [0] + [m.end for m in found]
    assert all(m.begin >= prev for m, prev in zip(found, ends[:-1], strict=True))
