"""Shared fixtures: the extraction context and the graph of the seed corpus, built once."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from graph.pipeline import Context, load_context

if TYPE_CHECKING:
    import rdflib

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def context() -> Context:
    """The lexicon, cues and matcher of the checkout's ontology/, loaded once."""
    return load_context(ROOT / "ontology")


@pytest.fixture(scope="session")
def seed_graph(context: Context) -> rdflib.Graph:
    """The graph of seeds/ (what `phytokg build` writes by default)."""
    from graph.build import build_graph

    graph, _ = build_graph([ROOT / "seeds"], context=context)
    return graph
