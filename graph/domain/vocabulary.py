"""The closed vocabulary: every `kg:` term the code names must be declared in
ontology/phytokg.ttl. `kg.Asserted` is the IRI of kg:Asserted; a misspelt term
raises OntologyError when the line runs, and tests/domain/test_vocabulary.py checks every
`kg.` / `KG.` name written in graph/ before it runs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from graph.domain import namespaces as ns
from graph.errors import OntologyError
from graph.paths import packaged_ontology_dir

_DECLARED = re.compile(r"^kg:([A-Za-z_][\w-]*)\b", re.M)


@lru_cache(maxsize=4)
def _terms(path: str, mtime: float) -> frozenset[str]:
    return frozenset(_DECLARED.findall(Path(path).read_text(encoding="utf-8")))


def kg_terms() -> frozenset[str]:
    """Local names of the kg: terms the packaged ontology/phytokg.ttl declares."""
    path = packaged_ontology_dir() / "phytokg.ttl"
    return _terms(str(path), path.stat().st_mtime)


class ClosedVocabulary:
    """`vocab.Name` or `vocab["Name"]`: the IRI of a declared term, or OntologyError."""

    def __init__(self, base: str, prefix: str) -> None:
        self._base = base
        self._prefix = prefix
        self._checked: dict[str, str] = {}  # a term is checked once per process

    def __getattr__(self, local: str) -> str:
        if local.startswith("__") or local.startswith("_"):
            raise AttributeError(local)
        hit = self[local]
        self.__dict__[local] = hit  # checked: later reads are plain attribute reads
        return hit

    def __getitem__(self, local: str) -> str:
        hit = self._checked.get(local)
        if hit is not None:
            return hit
        if local not in kg_terms():
            raise OntologyError(
                f"{self._prefix}:{local} is not declared in ontology/phytokg.ttl "
                "(a typo in the code, or a term to add to the schema)"
            )
        hit = self._checked[local] = self._base + local
        return hit


kg = ClosedVocabulary(ns.KG, "kg")
