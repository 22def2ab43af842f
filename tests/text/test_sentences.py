"""Sentence splitting: abbreviations kept whole; line breaks and glued stops split."""

from __future__ import annotations

import pytest

from graph.model import Document
from graph.text.read import document_id
from graph.text.sentences import split_sentences


def _doc(text: str) -> Document:
    return Document(document_id(text), text, "t.txt", "t", "text/plain", len(text))


def _split(text: str) -> list[str]:
    doc = _doc(text)
    sentences = split_sentences(doc)
    for i, s in enumerate(sentences):
        assert s.index == i
        assert s.doc_id == doc.id
        assert text[s.begin : s.end] == s.text
    return [s.text for s in sentences]


def test_offsets_are_faithful() -> None:
    text = "  Kava relieves anxiety.  It is made from the root!\n\n  Is it safe?  Mostly.\n"
    doc = _doc(text)
    sentences = split_sentences(doc)
    assert [(s.begin, s.end) for s in sentences] == [(2, 24), (26, 51), (55, 66), (68, 75)]
    assert [s.text for s in sentences] == [
        "Kava relieves anxiety.",
        "It is made from the root!",
        "Is it safe?",
        "Mostly.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Plants with sedative effects, e.g. Kava and valerian, are popular.",
        "Roots, i.e. Valerian roots, are dried.",
        "Dr. Smith studied kava in Fiji.",
        "M. speciosa grows in Southeast Asia.",
        "Smith et al. Reported this in 2019.",
        "Kava vs. Valerian was the comparison.",
        "Compounds (cf. Table 2) were measured.",
    ],
)
def test_abbreviations_do_not_split(text: str) -> None:
    assert _split(text) == [text]


def test_abbreviation_then_real_sentence_end() -> None:
    assert _split("It grows in Asia, e.g. Thailand. Kava grows in Fiji.") == [
        "It grows in Asia, e.g. Thailand.",
        "Kava grows in Fiji.",
    ]


def test_line_breaks_end_sentences() -> None:
    assert _split("Kava and anxiety\nKava relieves anxiety\n- a list item\r\nlast line") == [
        "Kava and anxiety",
        "Kava relieves anxiety",
        "- a list item",
        "last line",
    ]


def test_glued_sentences_split() -> None:
    assert _split("Kratom may shape the future.The risks are real.") == [
        "Kratom may shape the future.",
        "The risks are real.",
    ]


def test_question_exclamation_and_quotes() -> None:
    assert _split('Is kava safe? Yes! He said "It works." Then he left.') == [
        "Is kava safe?",
        "Yes!",
        'He said "It works."',
        "Then he left.",
    ]


def test_sentence_after_stop_may_start_with_digit_or_quote() -> None:
    assert _split("Doses vary. 5 grams is common. “Low doses” stimulate.") == [
        "Doses vary.",
        "5 grams is common.",
        "“Low doses” stimulate.",
    ]


def test_decimal_numbers_and_lower_case_do_not_split() -> None:
    text = "The dose was 2.5 g per day. it rose to 3.5 g in week two."
    assert _split(text) == [text]


def test_empty_and_blank_documents_have_no_sentences() -> None:
    assert _split("") == []
    assert _split(" \n\n\t \n") == []
