"""The package's shape: no import cycles (imports inside functions count), modules and
classes of a readable size."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parents[1] / "graph"
MAX_MODULE_LINES = 400
MAX_CLASS_LINES = 250


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(path: Path, name: str, modules: dict[str, Path]) -> set[str]:
    """Modules of the package that `path` imports anywhere (top level, functions,
    TYPE_CHECKING blocks)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
    return {m for m in found if m in modules and m != name and m != "graph"}


def import_graph() -> nx.DiGraph:
    modules = _modules()
    g = nx.DiGraph()
    g.add_nodes_from(modules)
    for name, path in modules.items():
        g.add_edges_from((name, target) for target in _imports(path, name, modules))
    return g


def test_import_graph_sees_function_level_imports() -> None:
    g = import_graph()
    assert ("graph.build", "graph.rdf.stream") in g.edges  # imported inside a function


def test_no_import_cycles() -> None:
    cycles = list(nx.simple_cycles(import_graph()))
    assert cycles == [], "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_modules_are_short() -> None:
    long = {
        name: n
        for name, path in _modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}, f"modules over {MAX_MODULE_LINES} lines: {long}"


def test_classes_are_short() -> None:
    long = {}
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.end_lineno is not None:
                size = node.end_lineno - node.lineno + 1
                if size > MAX_CLASS_LINES:
                    long[f"{name}.{node.name}"] = size
    assert long == {}, f"classes over {MAX_CLASS_LINES} lines: {long}"


def _domain_classes() -> set[str]:
    """The local names of the classes ontology/phytokg.ttl declares."""
    import rdflib
    from rdflib.namespace import OWL, RDF

    g = rdflib.Graph().parse(PACKAGE.parent / "ontology" / "phytokg.ttl", format="turtle")
    kg = "https://w3id.org/phytokg/vocab#"
    return {str(c)[len(kg) :] for c in g.subjects(RDF.type, OWL.Class) if str(c).startswith(kg)}


def test_the_engine_names_no_class_of_the_domain() -> None:
    """Class names are data (ontology/*.toml, phytokg.ttl): no string literal of graph/
    is one, docstrings and comments aside."""
    # DESIGN.md's vocabulary of the domain (the schema's own classes, such as Assertion or
    # Certainty, belong to the engine's graph model).
    domain = {
        "Plant", "PlantPart", "HerbalProduct", "Compound", "Alkaloid", "Neurotransmitter",
        "Receptor", "Effect", "Symptom", "Condition", "AdverseEffect", "Therapy",
    }  # fmt: skip
    classes = _domain_classes() & domain
    assert classes == domain
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value in classes
                and id(node) not in docstrings
            ):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.value!r}")
    assert found == []
