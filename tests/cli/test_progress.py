"""The progress bar: drawn on a terminal with count, rate and time left; silent otherwise."""

from __future__ import annotations

import io

import pytest

from graph.cli import progress as progress_module
from graph.cli.progress import is_terminal, progress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_quiet_when_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    with progress(3) as advance:
        for name in ("a", "b", "c"):
            advance(name)
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


def test_is_terminal() -> None:
    assert is_terminal(FakeTerminal())
    assert not is_terminal(io.StringIO())


def test_bar_shows_count_rate_and_time_left(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    screen = FakeTerminal()
    monkeypatch.setattr(
        "rich.console.Console",
        lambda **_: Console(file=screen, force_terminal=True, width=120),
    )
    with progress(4, enabled=True) as advance:
        for name in ("one.xml#pmid:1", "two", "three", "four"):
            advance(name)
    drawn = screen.getvalue()
    assert "4/4" in drawn
    assert "documents/s" in drawn
    assert "left" in drawn
    assert progress_module.is_terminal(screen)
