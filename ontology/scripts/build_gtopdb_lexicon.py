"""Generate ontology/lexicon/open/gtopdb.tsv from the IUPHAR/BPS Guide to PHARMACOLOGY.

Input: ontology/sources/gtopdb/targets_and_families.csv and ligands.csv (GtoPdb 2024.1,
the files of the GtoPdb download page; or --targets / --ligands PATH). Same inputs,
same bytes.

    .venv/bin/python ontology/scripts/build_gtopdb_lexicon.py [--check]

What it writes:
- a Receptor per human target (receptors, ion channels, transporters, enzymes, other
  proteins): label = GtoPdb's target name as texts write it ("5-HT7 receptor",
  "Cav1.2", "TRPV1"; HTML markup removed, Greek entities as letters); synonyms = its
  abbreviation, synonyms, HGNC symbol and HGNC name; identifiers = the GtoPdb target id
  and, for single-gene targets, the HGNC id and UniProt accession the file gives;
- a Receptor per target family named "... receptors", "... channels" or "... transporters"
  (singular label: "Adenosine receptor"), identifier the GtoPdb family id;
- a Compound per ligand that GtoPdb types as "Natural product", identifier its ligand id.
Synonyms are dropped when they contain commas or brackets, are shorter than 4 characters
(unless all capitals with a digit), are ordinary English words, look like rodent gene
symbols ("Gpcr18") or are one lowercase word ("dunce"), or are shared by two entries
(e.g. "cholinergic receptor").
"""

from __future__ import annotations

import argparse
import csv
import html
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import open_lexicon as ol

SOURCE = "gtopdb"
SOURCE_LABEL = "GtoPdb"
OUTPUT = ol.tsv_path(SOURCE)
INPUTS = ol.ONTOLOGY / "sources" / "gtopdb"
TARGET_IRI = "https://identifiers.org/iuphar.receptor:"
FAMILY_IRI = "https://identifiers.org/iuphar.family:"
LIGAND_IRI = "https://identifiers.org/iuphar.ligand:"
HGNC_IRI = "https://identifiers.org/hgnc:"
UNIPROT_IRI = "https://identifiers.org/uniprot:"
FAMILY_WORDS = ("receptors", "channels", "transporters")
_TAG = re.compile(r"<[^>]+>")
_RODENT_SYMBOL = re.compile(r"^[A-Z][a-z]+[a-z0-9-]*\d[a-z0-9-]*$")
_UNIPROT = re.compile(r"^[A-Z][0-9][A-Z0-9]{3}[0-9](?:[A-Z0-9]{4})?$")


def clean(text: str) -> str:
    """GtoPdb's HTML-marked text as plain text: '5-HT<sub>7</sub>' -> '5-HT7'."""
    return " ".join(html.unescape(_TAG.sub("", text or "")).split())


def usable(name: str) -> bool:
    if not name or any(c in name for c in ",;()[]{}&<>"):
        return False
    if not ol.long_enough(name) or ol.is_common_word(name):
        return False
    if " " not in name and name.islower():
        return False  # one lowercase word: a gene nickname ("dunce"), not a target name
    return not _RODENT_SYMBOL.match(name)


def usable_compound(name: str) -> bool:
    if not name or any(c in name for c in ";{}&<>"):
        return False
    return ol.long_enough(name) and not ol.is_common_word(name)


def read_csv(path: Path) -> tuple[str, list[dict[str, str]]]:
    """Rows of a GtoPdb CSV, and its version line ('# GtoPdb Version: ...') if any."""
    lines = path.read_text(encoding="utf-8").splitlines()
    version = ""
    if lines and lines[0].lstrip('"').startswith("#"):
        version = lines[0].strip('"').lstrip("# ").strip()
        lines = lines[1:]
    return version, list(csv.DictReader(lines))


def build_targets(rows: list[dict[str, str]]) -> list[ol.Entry]:
    by_target: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        if row.get("Target id"):
            by_target[row["Target id"]].append(row)
    entries: list[ol.Entry] = []
    for tid, group in sorted(by_target.items(), key=lambda kv: int(kv[0])):
        first = group[0]
        label = clean(first["Target name"])
        if not label:
            continue
        names: list[str] = []
        ids = [f"{TARGET_IRI}{tid}"]
        single_gene = len(group) == 1 and not first.get("Subunit id")
        for row in group:
            names.append(clean(row.get("Target abbreviated name", "")))
            names += [clean(s) for s in (row.get("synonyms") or "").split("|")]
            if single_gene:
                names += [clean(row.get("HGNC symbol", "")), clean(row.get("HGNC name", ""))]
        if single_gene:
            hgnc = first.get("HGNC id", "").strip()
            if hgnc.isdigit():
                ids.append(f"{HGNC_IRI}{hgnc}")
            uniprot = first.get("Human SwissProt", "").strip()
            if _UNIPROT.match(uniprot):
                ids.append(f"{UNIPROT_IRI}{uniprot}")
        entries.append(
            ol.Entry(
                "Receptor", label, [n for n in names if usable(n)], ids, SOURCE_LABEL, f"t{tid}"
            )
        )
    return entries


def family_label(name: str) -> str | None:
    """'Nicotinic acetylcholine receptors  (nACh)' -> 'Nicotinic acetylcholine receptor'."""
    name = re.sub(r"\s*\([^)]*\)", "", clean(name))
    name = re.sub(r"^[0-9A-Z]{1,3}\.\s+", "", name).strip()  # "4A. Nerve growth ..."
    words = name.split()
    if len(words) < 2 or words[-1].lower() not in FAMILY_WORDS or ":" in name:
        return None
    return " ".join([*words[:-1], words[-1][:-1]])


def build_families(rows: list[dict[str, str]]) -> list[ol.Entry]:
    families = {row["Family id"]: row["Family name"] for row in rows if row.get("Family id")}
    entries = []
    for fid, name in sorted(families.items(), key=lambda kv: int(kv[0])):
        label = family_label(name)
        if label and usable(label):
            entries.append(
                ol.Entry("Receptor", label, [], [f"{FAMILY_IRI}{fid}"], SOURCE_LABEL, f"f{fid}")
            )
    return entries


def build_ligands(rows: list[dict[str, str]]) -> list[ol.Entry]:
    entries = []
    for row in rows:
        if (row.get("Type") or "").strip() != "Natural product":
            continue
        lid, name = row["Ligand ID"].strip(), clean(row["Name"])
        if lid.isdigit() and usable_compound(name):
            entries.append(
                ol.Entry("Compound", name, [], [f"{LIGAND_IRI}{lid}"], SOURCE_LABEL, f"l{lid}")
            )
    return entries


def build(target_rows, ligand_rows) -> list[ol.Entry]:
    entries = build_targets(target_rows) + build_families(target_rows)
    entries += build_ligands(ligand_rows)
    # Labels win over synonyms; a synonym that two entries share, or that is another
    # entry's label, is dropped from all.
    labels = defaultdict(set)
    for e in entries:
        labels[ol.norm_key(e.label)].add(e.key)
    owners = defaultdict(set)
    for e in entries:
        for s in e.synonyms:
            owners[ol.norm_key(s)].add(e.key)
    for e in entries:
        keep = [
            s
            for s in e.synonyms
            if owners[ol.norm_key(s)] == {e.key} and labels.get(ol.norm_key(s), {e.key}) == {e.key}
        ]
        e.synonyms = ol.clean_synonyms(e.label, keep)
    # Two entries with one label (a family named like a target): keep the target.
    seen: dict[str, ol.Entry] = {}
    unique = []
    for e in sorted(entries, key=lambda e: (e.key[0] != "t", e.key)):
        if ol.norm_key(e.label) in seen:
            continue
        seen[ol.norm_key(e.label)] = e
        unique.append(e)
    ol.unique_ids(unique, ol.earlier_ids(SOURCE), {"Receptor": "Target", "Compound": "Compound"})
    return unique


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", type=Path, default=INPUTS / "targets_and_families.csv")
    parser.add_argument("--ligands", type=Path, default=INPUTS / "ligands.csv")
    parser.add_argument("--check", action="store_true", help="fail if the output is stale")
    args = parser.parse_args(argv)
    version, target_rows = read_csv(args.targets)
    _, ligand_rows = read_csv(args.ligands)
    entries = build(target_rows, ligand_rows)
    summary = (
        f"{version or 'GtoPdb'}: {ol.class_counts(entries)}"
        f" -> {OUTPUT.relative_to(ol.ONTOLOGY.parent)}"
    )
    return ol.finish({OUTPUT: ol.render_tsv(entries)}, args.check, summary)


if __name__ == "__main__":
    sys.exit(main())
