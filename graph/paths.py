"""Where the ontology folder is, whether phytokg runs from a checkout or a wheel."""

from __future__ import annotations

import os
from pathlib import Path

from graph.errors import OntologyError

_HERE = Path(__file__).resolve().parent


def ontology_dir() -> Path:
    """The ontology folder: $PHYTOKG_ONTOLOGY, the wheel's copy, or the checkout's."""
    override = os.environ.get("PHYTOKG_ONTOLOGY")
    candidates = [Path(override)] if override else []
    candidates += [_HERE / "ontology", _HERE.parent / "ontology"]
    for candidate in candidates:
        if (candidate / "phytokg.ttl").is_file():
            return candidate
    raise OntologyError(
        "ontology folder not found (looked in "
        + ", ".join(str(c) for c in candidates)
        + "); set PHYTOKG_ONTOLOGY"
    )


def packaged_ontology_dir() -> Path:
    """The ontology folder that ships with the code (the wheel's copy, or the checkout's),
    whatever $PHYTOKG_ONTOLOGY says: the schema the code's own kg: terms must be in."""
    for candidate in (_HERE / "ontology", _HERE.parent / "ontology"):
        if (candidate / "phytokg.ttl").is_file():
            return candidate
    return ontology_dir()


def cache_dir() -> Path:
    """$PHYTOKG_CACHE, else $XDG_CACHE_HOME/phytokg, else ~/.cache/phytokg."""
    explicit = os.environ.get("PHYTOKG_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "phytokg"
