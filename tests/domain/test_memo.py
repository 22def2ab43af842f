"""The regex-analysis memo: results survive a process, a bad file costs only the parse."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.domain import cue_anchors, memo


@pytest.fixture()
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PHYTOKG_CACHE", str(tmp_path))
    monkeypatch.setattr(memo, "_table", None)
    monkeypatch.setattr(memo, "_dirty", False)
    return tmp_path


def test_results_are_kept_and_read_back(fresh: Path) -> None:
    pattern = "(?:caus(?:e|es)|lead) to"
    assert cue_anchors.first_chars(pattern) == frozenset("cl")
    memo.save()
    assert (fresh / f"regex-analyses-{memo.VERSION}.json").is_file()
    memo._table = None  # a new process
    assert memo.get("first", pattern) == ["c", "l"]
    assert cue_anchors.first_chars(pattern) == frozenset("cl")
    assert cue_anchors.first_chars(r"\w+") is None
    assert memo.get("first", r"\w+") is None  # "none" is remembered too


def test_a_bad_file_costs_only_the_parse(fresh: Path) -> None:
    (fresh / f"regex-analyses-{memo.VERSION}.json").write_text("{not json", encoding="utf-8")
    assert cue_anchors.required_literals("derived from") == frozenset({"derived from"})
    memo.save()
    assert memo.get("literals", "derived from") == ["derived from"]
