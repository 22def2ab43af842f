"""What every CLI command shares: the options used by several commands (defined once),
and turning PhytokgError into one line on stderr and an exit code."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from graph.errors import PhytokgError

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_GRAPH = Path("out") / "graph.ttl"

GRAPH_OPTION_HELP = "Graph file to read (Turtle, or any RDF format by extension)."

# --graph: every command that reads a graph
GraphOption = Annotated[
    Path, typer.Option("--graph", "-g", help=GRAPH_OPTION_HELP, show_default=True)
]
# --workers: every command that extracts documents
WorkersOption = Annotated[
    int, typer.Option("--workers", "-j", help="Extract documents in this many processes.")
]


def debug_enabled() -> bool:
    return os.environ.get("PHYTOKG_DEBUG", "") not in ("", "0")


def fail(message: str, code: int = 1) -> None:
    """Print one line to stderr and exit with `code`."""
    typer.echo(f"phytokg: error: {message}", err=True)
    raise typer.Exit(code)


def warn(message: str) -> None:
    typer.echo(f"phytokg: warning: {message}", err=True)


def user_errors(func: F) -> F:
    """Turn PhytokgError (and a few OS errors) into one line on stderr, unless --debug."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except BrokenPipeError:
            # The reader went away (`phytokg query ... | head`): stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None
        except PhytokgError as exc:
            if debug_enabled():
                raise
            fail(str(exc), exc.exit_code)
        except (OSError, UnicodeError) as exc:
            if debug_enabled():
                raise
            fail(f"{type(exc).__name__}: {exc}", 1)
        except KeyboardInterrupt:
            typer.echo("phytokg: interrupted", err=True)
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def is_terminal() -> bool:
    return sys.stderr.isatty()
