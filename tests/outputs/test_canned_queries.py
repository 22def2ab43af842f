"""Every canned query on the seed graph: the rows users rely on, and the same rows
through Oxigraph (what `phytokg query` uses) as through rdflib's own engine."""

from __future__ import annotations

import pytest
from rdflib import Graph

from graph.outputs.query import list_queries, prepare_query, run_query

QUERIES = [q.name for q in list_queries()]


def _value(text: str) -> str:
    """Numbers compare by value: engines write xsd:decimal 1 as "1" or "1.0"."""
    try:
        return repr(float(text))
    except ValueError:
        return text


def _oxigraph_rows(g: Graph, name: str) -> list[tuple[str, ...]]:
    result = run_query(g, name)
    return sorted(tuple("" if t is None else _value(t.value) for t in row) for row in result.rows)


def _rdflib_rows(g: Graph, name: str) -> list[tuple[str, ...]]:
    query = next(q for q in list_queries() if q.name == name)
    text, _ = prepare_query(query.text, None, query)
    return sorted(
        tuple("" if v is None else _value(str(v)) for v in row)  # type: ignore[union-attr]
        for row in g.query(text)
    )


def test_discovered_entities_lists_what_the_text_named(context: object) -> None:
    """The canned query lists an entity no lexicon has, found by its form."""
    from graph.model import Document
    from graph.pipeline import Context, extract_document
    from graph.rdf.memory import results_to_graph
    from graph.text.read import document_id

    assert isinstance(context, Context)
    text = "Glaucine is an alkaloid found in Glaucium flavum. It may cause sedation."
    doc = Document(document_id(text), text, "case.txt", "case", "text/plain", len(text))
    g = results_to_graph([extract_document(doc, context)])
    rows = {tuple(v.value for v in row) for row in run_query(g, "discovered-entities").rows}
    assert any(row[0].lower() == "glaucine" for row in rows), rows


@pytest.mark.parametrize("name", QUERIES)
def test_oxigraph_and_rdflib_give_the_same_rows(seed_graph: Graph, name: str) -> None:
    assert _oxigraph_rows(seed_graph, name) == _rdflib_rows(seed_graph, name)


def _column(g: Graph, name: str, params: dict[str, str] | None = None) -> list[dict[str, str]]:
    result = run_query(g, name, params=params)
    return [
        {v: ("" if t is None else t.value) for v, t in zip(result.variables, row, strict=True)}
        for row in result.rows
    ]


def test_compounds_of_kratom(seed_graph: Graph) -> None:
    rows = _column(seed_graph, "compounds-of-plant", {"plantLabel": "Kratom"})
    assert {r["compoundLabel"] for r in rows} == {"Mitragynine", "7-Hydroxymitragynine"}
    assert {r["compoundClass"] for r in rows} == {"Alkaloid"}


def test_receptor_actions(seed_graph: Graph) -> None:
    rows = {
        (r["agentLabel"], r["receptorLabel"], r["action"])
        for r in _column(seed_graph, "receptor-actions")
    }
    assert ("Kratom", "Mu-opioid receptor", "agonist") in rows
    assert ("Mitragynine", "Opioid receptor", "interacts") in rows


def test_symptoms_relieved_come_with_their_sentence(seed_graph: Graph) -> None:
    rows = _column(seed_graph, "symptoms-relieved")
    anxiety = [r for r in rows if r["agentLabel"] == "Kratom" and r["effectLabel"] == "Anxiety"]
    assert anxiety and all("anxiety" in r["sentence"].lower() for r in anxiety)


def test_adverse_effects_ranked_by_evidence(seed_graph: Graph) -> None:
    rows = _column(seed_graph, "adverse-effects")
    counts = [int(r["evidenceCount"]) for r in rows]
    assert counts == sorted(counts, reverse=True)
    labels = {r["effectLabel"] for r in rows}
    assert {"Alopecia", "Dry skin"} <= labels


def test_mechanism_chains(seed_graph: Graph) -> None:
    rows = {
        (r["sourceLabel"], r["compoundLabel"], r["receptorLabel"])
        for r in _column(seed_graph, "mechanism-chains")
    }
    assert ("Kratom", "Mitragynine", "Opioid receptor") in rows


def test_supporting_documents_name_the_seed_files(seed_graph: Graph) -> None:
    paths = {r["documentPath"] for r in _column(seed_graph, "supporting-documents")}
    assert paths == {
        "kratom-opioid-withdrawal-and-skin-discoloration.txt",
        "kratom-addiction-recovery-and-hair-loss.txt",
    }


def test_ungrounded_entities_have_no_identifier(seed_graph: Graph) -> None:
    labels = {r["label"] for r in _column(seed_graph, "ungrounded-entities")}
    assert "Kratom" in labels  # no verified identifier for the product
    assert "Mitragynine" not in labels  # CHEBI:6956
