"""SHACL validation of a graph against ontology/shapes.ttl (pyshacl).

Import this module lazily: it imports rdflib (and pyshacl when validating).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Namespace
from rdflib.term import Node

from graph.domain import namespaces as ns
from graph.errors import OntologyError
from graph.outputs.query_format import qname
from graph.paths import ontology_dir
from graph.rdf.memory import ontology_graph

SH = Namespace(ns.SH)


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[str, ...]  # one readable line each, sorted

    def render(self) -> str:
        if self.conforms:
            return "conforms: the graph satisfies every shape\n"
        lines = [f"{len(self.violations)} violation(s):", *self.violations]
        return "\n".join(lines) + "\n"


def load_shapes(path: Path | None = None) -> Graph:
    p = path if path is not None else ontology_dir() / "shapes.ttl"
    if not p.is_file():
        raise OntologyError(f"SHACL shapes not found: {p}")
    shapes = Graph()
    try:
        shapes.parse(p, format="turtle")
    except Exception as exc:  # rdflib raises many kinds of errors
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise OntologyError(f"{p}: does not parse as Turtle: {first}") from None
    return shapes


def _name(node: Node | None) -> str:
    if node is None:
        return "-"
    return qname(str(node)) if not str(node).startswith("_:") else str(node)


def validate(g: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Validate `g` (with the ontology) against the SHACL shapes."""
    from pyshacl import validate as shacl_validate

    conforms, results, _text = shacl_validate(
        g,
        shacl_graph=shapes if shapes is not None else load_shapes(),
        ont_graph=ontology_graph(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
    )
    violations = set()
    assert isinstance(results, Graph)
    for result in results.subjects(SH.resultSeverity, None):
        severity = results.value(result, SH.resultSeverity)
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage) or results.value(
            result, SH.sourceConstraintComponent
        )
        level = str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation"
        text = " ".join(str(message).split())
        violations.add(f"{level}: {_name(focus)} {_name(path)}: {text}")
    return ValidationReport(bool(conforms), tuple(sorted(violations)))
