"""A progress bar for long runs: count, rate and time left on a terminal, silence elsewhere.

`progress(total, enabled=...)` is a context manager yielding a function `advance(label)`.
On a terminal (stderr is a TTY) it draws a rich progress bar: the label of the current
item, a bar, done/total, items per second and the estimated time left. When stderr is
not a terminal (a pipe, a file, CI logs) or `enabled` is False, `advance` does nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO

Advance = Callable[[str], None]


def _noop(label: str) -> None:
    del label


def is_terminal(stream: IO[str] | None = None) -> bool:
    stream = stream if stream is not None else sys.stderr
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


@contextmanager
def progress(
    total: int | None, *, enabled: bool | None = None, unit: str = "documents"
) -> Iterator[Advance]:
    """Yield `advance(label)`; draw a bar on stderr when `enabled` (default: stderr is a TTY)."""
    if enabled is None:
        enabled = is_terminal()
    if not enabled:
        yield _noop
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description}", style="bold"),
        BarColumn(bar_width=16),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        TextColumn("{task.fields[label]}", style="dim"),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("reading", total=total, label="", rate="")

        def advance(label: str) -> None:
            speed = bar.tasks[0].speed
            rate = f"{speed:.1f} {unit}/s" if speed else f"- {unit}/s"
            bar.update(task, advance=1, label=label[-24:], rate=rate)

        yield advance
