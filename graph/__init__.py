"""phytokg: an offline knowledge-graph builder for herbal pharmacology.

The library API behind the `phytokg` command. Names are imported lazily, so
``import graph`` stays cheap::

    from pathlib import Path
    import graph

    g, summary = graph.build_graph([Path("seeds")])
    result = graph.run_query(g, "compounds-of-plant")
    print(graph.format_result(result, "table"))
    graph.render_html(g, Path("out/graph.html"))
    graph.export(g, "json-ld", Path("out/graph.jsonld"))
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_API = {
    # build: documents -> graph
    "build": "build",
    "build_graph": "build",
    "build_into": "build",
    "BuildSummary": "build",
    "load_context": "pipeline",
    "extract_document": "pipeline",
    "extract_documents": "pipeline",
    "read_documents": "text.read",
    "read_document": "text.read",
    "read_path": "text.read",
    "read_articles": "text.literature",
    "Article": "text.literature",
    "split_sentences": "text.sentences",
    "load_lexicon": "domain.lexicon",
    "load_cues": "domain.cues",
    # the value objects
    "Document": "model",
    "Sentence": "model",
    "Entity": "model",
    "Mention": "model",
    "Evidence": "model",
    "Assertion": "model",
    "Certainty": "model",
    "DocumentResult": "model",
    # graph files, merging and updates
    "results_to_graph": "rdf.memory",
    "finalize": "rdf.memory",
    "load_graph": "rdf.files",
    "write_graph": "rdf.files",
    "add_documents": "rdf.incremental",
    "remove_document": "rdf.incremental",
    "open_store": "rdf.store",
    # questions and outputs
    "run_query": "outputs.query",
    "list_queries": "outputs.query",
    "format_result": "outputs.query_format",
    "export": "outputs.export",
    "EXPORTERS": "outputs.export",
    "to_networkx": "outputs.export",
    "write_kgx": "outputs.kgx",
    "render_html": "outputs.page",
    "validate": "outputs.validate",
    "graph_stats": "outputs.stats",
    "evaluate": "evaluation.evaluate",
    # errors
    "PhytokgError": "errors",
    "InputError": "errors",
    "GraphFileError": "errors",
    "QueryError": "errors",
    "FormatError": "errors",
    "OntologyError": "errors",
    "StoreLockedError": "errors",
    "ValidationFailed": "errors",
}

__all__ = [*sorted(_API), "__version__"]


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'graph' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
