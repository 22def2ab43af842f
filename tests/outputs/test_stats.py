"""Statistics of the fixture graph."""

from __future__ import annotations

import json

from rdflib import Graph

from graph.outputs.stats import graph_stats, render_text

pytest_plugins = ["conftest_graph"]


def test_counts(fixture_graph: Graph) -> None:
    s = graph_stats(fixture_graph)
    assert (s.documents, s.sentences, s.entities) == (3, 9, 8)
    assert dict(s.entities_per_class) == {
        "Alkaloid": 2,
        "Condition": 1,
        "HerbalProduct": 2,
        "Receptor": 1,
        "Symptom": 2,
    }
    assert dict(s.facts_per_relation) == {
        "agonistOf": 1,
        "alleviates": 2,
        "hasConstituent": 1,
        "interactsWith": 1,
        "mayCause": 2,
    }
    assert s.facts == 7
    assert dict(s.assertions_by_certainty) == {"Asserted": 6, "Hedged": 1, "Negated": 1}
    assert (s.grounded_entities, s.grounding_coverage) == (1, 0.125)
    assert s.discovered_entities == 1
    assert s.contradictions == 2
    assert s.triples == len(fixture_graph)


def test_network_measures(fixture_graph: Graph) -> None:
    s = graph_stats(fixture_graph)
    # {Kratom, Anxiety, Nausea, Mitragynine, MOR, Ibogaline} and {Valerian, Insomnia}
    assert s.weakly_connected_components == 2
    assert s.top_degree[:4] == (
        ("Kratom", 4),
        ("Mitragynine", 2),  # ties by label
        ("anxiety", 2),
        ("mu-opioid receptor", 2),
    )
    assert s.top_betweenness[0][0] == "Mitragynine"
    assert s.longest_chains == (
        ("Kratom", "hasConstituent", "Mitragynine", "agonistOf", "mu-opioid receptor"),
    )


def test_dict_and_text(fixture_graph: Graph) -> None:
    s = graph_stats(fixture_graph)
    data = json.loads(json.dumps(s.to_dict()))
    assert data["entities_per_class"]["Alkaloid"] == 2
    assert data["top_degree"][0] == {"entity": "Kratom", "degree": 4}
    assert data["longest_chains"] == [
        ["Kratom", "hasConstituent", "Mitragynine", "agonistOf", "mu-opioid receptor"]
    ]
    text = render_text(s, {"ontology coverage": {"Plant": 0}})
    assert "documents            3\n" in text
    assert "grounded entities    1 (12.5%)\n" in text
    assert "  Kratom -hasConstituent-> Mitragynine -agonistOf-> mu-opioid receptor\n" in text
    assert text.endswith("ontology coverage\n  Plant                          0\n")


def test_empty_graph() -> None:
    s = graph_stats(Graph())
    assert (s.entities, s.facts, s.grounding_coverage, s.weakly_connected_components) == (
        0,
        0,
        0.0,
        0,
    )
    assert s.longest_chains == ()
