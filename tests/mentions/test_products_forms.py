"""Products.forms finds "<remedy> <suffix>" and "<prefix> <remedy>" by the remedy's own
occurrences: the same forms, in the same order, as looking each whole form up."""

from __future__ import annotations

from graph.mentions.names.products import occurrence_ends


def test_occurrence_ends() -> None:
    assert occurrence_ends("aaa", "aa") == [2, 3]
    assert occurrence_ends("a tea, a tea", "tea") == [5, 12]
    assert occurrence_ends("coffee", "tea") == []


def _followed(text: str, key: str, tail: str) -> bool:
    return any(text.startswith(" " + tail, end) for end in occurrence_ends(text, key))


def _preceded(text: str, key: str, lead: str) -> bool:
    return any(text.endswith(lead + " ", 0, end - len(key)) for end in occurrence_ends(text, key))


def test_a_form_is_found_exactly_when_the_text_holds_it() -> None:
    texts = ["root extract of the root", "the root  extract", "roots extract root", "rootroot tea"]
    for text in texts:
        for key in ("root", "roots", "oot", "root root"):
            for tail in ("extract", "tea", "root", "extract root"):
                assert _followed(text, key, tail) == (f"{key} {tail}" in text)
                assert _preceded(text, key, tail) == (f"{tail} {key}" in text)
