#!/usr/bin/env python3
"""Mechanical checks of a gold folder (gold.tsv, aliases.tsv, docs/), without running phytokg.

Usage: python3 scripts/validate_gold.py tests/realworld [tests/realworld-heldout ...]

Errors (exit status 1):
- gold.tsv: header `doc subject predicate object kind note`, six tab-separated columns per row;
  `doc` is a file in docs/; `kind` is core or allowed; `predicate` is a DESIGN.md relation,
  `NOT_<relation>` (kind allowed only) or `type` (then `object` is a DESIGN.md class);
  no duplicate (doc, subject, predicate, object) rows.
- aliases.tsv: header `canonical aliases`, two columns, unique canonical names, lower-case
  surface forms, no surface form under two canonical names.
- every gold entity (subject; object unless the row is a type row) has an aliases row.
- every entity of a core fact has at least one surface form that occurs in its document
  (case-insensitive), so that the fact can be found in the text at all; a row whose note says
  "coordinated ellipsis" ("digestive and kidney problems") or maps a therapeutic adjective
  ("analgesic -> Pain") is only warned about, for that entity in that document.
Warnings: entities of allowed facts with no surface form in the document; entities of core
relation facts without a type row in that document; aliases rows that no gold row uses.
"""
import csv
import os
import sys

RELATIONS = {"derivedFrom", "hasConstituent", "interactsWith", "agonistOf", "partialAgonistOf",
             "antagonistOf", "stimulates", "alleviates", "mayCause", "usedWith"}
CLASSES = {"Plant", "PlantPart", "HerbalProduct", "Compound", "Alkaloid", "Neurotransmitter",
           "Receptor", "Effect", "Symptom", "Condition", "AdverseEffect", "Therapy"}
KINDS = {"core", "allowed"}


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def check(folder):
    errors, warnings = [], []
    docs_dir = os.path.join(folder, "docs")
    docs = {name: open(os.path.join(docs_dir, name), encoding="utf-8").read().lower()
            for name in sorted(os.listdir(docs_dir)) if name.endswith(".txt")}

    rows = read_tsv(os.path.join(folder, "gold.tsv"))
    if rows[0] != ["doc", "subject", "predicate", "object", "kind", "note"]:
        errors.append(f"gold.tsv header is {rows[0]}")
    facts, seen = [], set()
    for n, row in enumerate(rows[1:], start=2):
        if len(row) != 6:
            errors.append(f"gold.tsv:{n}: {len(row)} columns: {row}")
            continue
        doc, subj, pred, obj, kind, _note = row
        where = f"gold.tsv:{n}"
        if doc not in docs:
            errors.append(f"{where}: unknown doc {doc}")
        if kind not in KINDS:
            errors.append(f"{where}: kind {kind!r}")
        if pred == "type":
            if obj not in CLASSES:
                errors.append(f"{where}: class {obj!r}")
        elif pred.startswith("NOT_"):
            if pred[4:] not in RELATIONS:
                errors.append(f"{where}: predicate {pred!r}")
            if kind != "allowed":
                errors.append(f"{where}: negated row must be allowed")
        elif pred not in RELATIONS:
            errors.append(f"{where}: predicate {pred!r}")
        if not subj or not obj or subj != subj.strip() or obj != obj.strip():
            errors.append(f"{where}: empty or padded entity")
        key = (doc, subj, pred, obj)
        if key in seen:
            errors.append(f"{where}: duplicate row {key}")
        seen.add(key)
        facts.append((where, doc, subj, pred, obj, kind, "coordinated ellipsis" in _note or " -> " in _note))

    arows = read_tsv(os.path.join(folder, "aliases.tsv"))
    if arows[0] != ["canonical", "aliases"]:
        errors.append(f"aliases.tsv header is {arows[0]}")
    aliases, owner = {}, {}
    for n, row in enumerate(arows[1:], start=2):
        if len(row) != 2:
            errors.append(f"aliases.tsv:{n}: {len(row)} columns")
            continue
        canon, forms = row
        if canon in aliases:
            errors.append(f"aliases.tsv:{n}: duplicate canonical {canon}")
        surface = [s for s in forms.split("|")]
        for s in surface:
            if not s or s != s.strip() or s != s.lower():
                errors.append(f"aliases.tsv:{n}: bad surface form {s!r} of {canon}")
            if s in owner and owner[s] != canon:
                errors.append(f"aliases.tsv:{n}: {s!r} under {owner[s]} and {canon}")
            owner[s] = canon
        if canon.lower() not in surface:
            warnings.append(f"aliases.tsv:{n}: canonical {canon!r} is not among its own surface forms")
        aliases[canon] = surface

    used = set()
    typed = {(doc, subj) for _, doc, subj, pred, *_ in facts if pred == "type"}
    elided = {(doc, e) for _, doc, subj, pred, obj, _, ell in facts if ell for e in (subj, obj)}
    for where, doc, subj, pred, obj, kind, ellipsis in facts:
        entities = [subj] if pred == "type" else [subj, obj]
        for ent in entities:
            used.add(ent)
            if ent not in aliases:
                errors.append(f"{where}: entity {ent!r} has no aliases row")
                continue
            text = docs.get(doc, "")
            if not any(s in text for s in aliases[ent]):
                msg = f"{where}: no surface form of {ent!r} occurs in {doc}"
                (errors if kind == "core" and (doc, ent) not in elided else warnings).append(msg)
            if kind == "core" and pred != "type" and (doc, ent) not in typed:
                warnings.append(f"{where}: {ent!r} has no type row in {doc}")
    for name in docs:
        if not any(doc == name for _, doc, *_ in facts):
            warnings.append(f"{name} has no gold row")
    for canon in aliases:
        if canon not in used:
            warnings.append(f"aliases.tsv: {canon!r} is used by no gold row")
    return errors, warnings, facts


def main(folders):
    status = 0
    for folder in folders:
        errors, warnings, facts = check(folder)
        core = {}
        for _, doc, _, pred, _, kind, _ in facts:
            if kind == "core" and pred != "type":
                core[doc] = core.get(doc, 0) + 1
        print(f"== {folder}: {len(facts)} rows; core relation facts per doc:")
        for doc in sorted(core):
            print(f"   {core[doc]:3d}  {doc}")
        for w in warnings:
            print("warning:", w)
        for e in errors:
            print("ERROR:", e)
        status |= bool(errors)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["tests/realworld", "tests/realworld-heldout"]))
