"""Unknown items of a known list (graph.mentions.list_items), on sentences of real texts
(tests/realworld-heldout R06, tests/realworld R11, tests/real-unseen A05) and their variants."""

from __future__ import annotations

from graph.model import Document, DocumentResult
from graph.pipeline import Context, extract_document
from graph.text.read import document_id

SENTENCE = (
    "Kratom, however, is highly toxic, and even small doses can cause syncope, "
    "seizures, coma, cardiopulmonary collapse, acute liver injury, renal insufficiency and "
    "multiorgan failure."
)


def _read(context: Context, text: str) -> DocumentResult:
    doc = Document(document_id(text), text, "case.txt", "case", "text/plain", len(text))
    return extract_document(doc, context)


def _listed(result: DocumentResult) -> dict[str, int]:
    """Label of every entity mentioned in a list -> its group."""
    label = {e.id: e.label.lower() for e in result.entities}
    return {label[m.entity]: m.group for m in result.mentions if m.group >= 0}


def _effects(result: DocumentResult) -> set[str]:
    label = {e.id: e.label.lower() for e in result.entities}
    return {label[a.object] for a in result.assertions if a.relation == "mayCause"}


def test_items_inside_and_after_the_list_join_it(context: Context) -> None:
    r = _read(context, SENTENCE)
    listed = _listed(r)
    assert {"cardiopulmonary collapse", "multiorgan failure"} <= set(listed)
    assert len({listed[k] for k in ("coma", "cardiopulmonary collapse", "multiorgan failure")}) == 1
    assert "acute" not in listed  # joined to "liver injury" without a separator
    assert {"cardiopulmonary collapse", "multiorgan failure", "coma"} <= _effects(r)
    new = {e.label: e for e in r.entities if e.label.lower() == "multiorgan failure"}
    assert new and all(e.discovered for e in new.values())


def test_first_item_after_the_cue(context: Context) -> None:
    r = _read(context, "Pennyroyal oil can cause cardiopulmonary collapse, seizures and coma.")
    assert "cardiopulmonary collapse" in _listed(r)


def test_a_phrase_that_is_no_item_is_left_alone(context: Context) -> None:
    # the last conjunct carries a preposition; one word before "and" may share the head
    r = _read(context, "It can cause seizures, coma and multiorgan failure in children.")
    assert "multiorgan failure in children" not in _listed(r)
    assert "multiorgan failure" not in _listed(r)
    r = _read(
        context,
        "Licorice can cause high blood pressure, salt and water retention, and low potassium "
        "levels.",
    )
    assert "salt" not in _listed(r)


def test_a_list_of_one_known_item_is_not_completed(context: Context) -> None:
    r = _read(context, "Even small doses can cause seizures and multiorgan failure.")
    assert "multiorgan failure" not in _listed(r)


def test_clinical_features_of_a_case(context: Context) -> None:
    r = _read(
        context,
        "Emergency medical personnel found the younger man unresponsive and cyanotic with mild "
        "tachycardia, dilated pupils, and profuse salivation.",
    )
    assert "profuse salivation" in _listed(r)


def test_a_cue_inside_an_item_neither_splits_the_list_nor_states_a_fact(context: Context) -> None:
    # tests/realworld5 V08 (NCCIH, thunder god vine): "decreased" is part of an item
    r = _read(
        context,
        "Kratom may have side effects, including kidney problems, decreased bone mineral "
        "content (with long-term use), infertility, rashes, diarrhea, headache, and hair loss.",
    )
    label = {e.id: e.label.lower() for e in r.entities}
    facts = {(a.relation, label[a.object]) for a in r.assertions}
    assert {
        ("mayCause", "diarrhea"),
        ("mayCause", "headache"),
        ("mayCause", "kidney problems"),
    } <= facts
    assert not any(rel == "alleviates" for rel, _ in facts), facts
    assert len({g for g in _listed(r).values()}) == 1


def test_first_item_after_an_exemplifier_late_in_the_sentence(context: Context) -> None:
    r = _read(
        context,
        "In the reports collected by poison centres over many years, kratom users described "
        "effects such as cardiopulmonary collapse, seizures and coma.",
    )
    assert "cardiopulmonary collapse" in _listed(r)
