"""The closed vocabulary: every kg: term the code names is declared in ontology/phytokg.ttl."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.domain.vocabulary import kg, kg_terms
from graph.errors import OntologyError

PACKAGE = Path(__file__).resolve().parents[2] / "graph"
# kg.Name, KG.Name, KG["Name"], kg["Name"], ns.KG + "Name" as written in the code
_USES = re.compile(
    r"""\b(?:kg|KG)\.([A-Za-z_]\w*)\b|\b(?:kg|KG)\[["'](\w+)["']\]|KG \+ ["'](\w+)["']"""
)


def code_terms() -> dict[str, set[str]]:
    """kg: local names the engine's code names, with the modules that name them."""
    found: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for m in _USES.finditer(path.read_text(encoding="utf-8")):
            term = next(g for g in m.groups() if g)
            found.setdefault(term, set()).add(path.name)
    return found


def test_the_code_names_kg_terms() -> None:
    assert {"Asserted", "Evidence", "hasEvidence", "confidence"} <= set(code_terms())


def test_every_kg_term_of_the_code_is_declared() -> None:
    undeclared = {t: sorted(m) for t, m in code_terms().items() if t not in kg_terms()}
    assert undeclared == {}


def test_a_typo_fails_loudly() -> None:
    assert kg.Asserted.endswith("#Asserted")
    with pytest.raises(OntologyError, match="kg:Asserted_ is not declared"):
        _ = kg.Asserted_
    with pytest.raises(OntologyError):
        _ = kg["hasEvidense"]
