"""Shared helpers of the build_<source>_lexicon.py scripts that write ontology/lexicon/open/.

Each script writes one TSV with the columns of HEADER, sorted by id; same inputs, same bytes.
Ids are CamelCase slugs, unique across the files of SOURCES: a script reads the ids of the
sources listed before it and makes its own ids differ from them (see unique_ids).
"""

from __future__ import annotations

import csv
import io
import os
import re
import sys
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ONTOLOGY = Path(__file__).resolve().parents[1]
OPEN_DIR = ONTOLOGY / "lexicon" / "open"
HEADER = ("id", "class", "label", "synonyms", "identifiers", "source")
CLASSES = frozenset(
    {
        "Plant",
        "HerbalProduct",
        "Compound",
        "Alkaloid",
        "Receptor",
        "Symptom",
        "Condition",
        "AdverseEffect",
    }
)
# The order in which ids are claimed: a later source never reuses an earlier source's id.
SOURCES = ("ncbitaxon", "gtopdb", "doid", "hpo")
MIN_CHARS = 4  # shorter names only when all capitals with a digit
COMMON_WORD_ZIPF = 3.0  # a one-word name at least this frequent in English prose is dropped

_SLUG = re.compile(r"^[A-Z][A-Za-z0-9]*$")


@dataclass
class Entry:
    cls: str
    label: str
    synonyms: list[str] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)
    source: str = ""
    key: str = ""  # a stable source key (e.g. the taxon id) used to break id ties
    id: str = ""


def tsv_path(source: str) -> Path:
    return OPEN_DIR / f"{source}.tsv"


def norm_key(text: str) -> str:
    """Comparison key of a name: case, hyphens and spacing do not count."""
    return " ".join(text.lower().replace("-", " ").split())


def slug(text: str) -> str:
    """CamelCase ASCII slug of a name: 'Actaea racemosa' -> 'ActaeaRacemosa'."""
    greek = {
        "α": "alpha",
        "β": "beta",
        "γ": "gamma",
        "δ": "delta",
        "ε": "epsilon",
        "κ": "kappa",
        "μ": "mu",
        "ζ": "zeta",
        "θ": "theta",
        "ω": "omega",
        "σ": "sigma",
    }
    text = "".join(f" {greek[c]} " if c in greek else c for c in text)
    text = text.replace("'", "").replace("\u2019", "")  # "Dragon's blood" -> DragonsBlood
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = re.split(r"[^A-Za-z0-9]+", ascii_text)
    out = "".join(p[:1].upper() + p[1:] for p in parts if p)
    if not out:
        return ""
    if not out[0].isalpha():
        out = "X" + out
    return out


def is_all_caps_with_digit(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and any(c.isdigit() for c in text)


def long_enough(text: str) -> bool:
    return len(text) >= MIN_CHARS or is_all_caps_with_digit(text)


_ZIPF = None


def zipf(word: str) -> float:
    """English word frequency (Zipf scale) from the wordfreq package."""
    global _ZIPF
    if _ZIPF is None:
        from wordfreq import zipf_frequency

        _ZIPF = zipf_frequency
    return _ZIPF(word, "en")


def is_common_word(name: str) -> bool:
    """A one-word name that is an ordinary English word ('sage', 'ash', 'box', 'Mercury')."""
    return " " not in name.strip() and zipf(name.strip().lower()) >= COMMON_WORD_ZIPF


def earlier_ids(source: str) -> set[str]:
    """Ids written by the sources listed before `source` in SOURCES."""
    taken: set[str] = set()
    for other in SOURCES[: SOURCES.index(source)]:
        path = tsv_path(other)
        if path.exists():
            with path.open(encoding="utf-8", newline="") as handle:
                taken.update(row["id"] for row in csv.DictReader(handle, delimiter="\t"))
    return taken


def unique_ids(entries: list[Entry], taken: set[str], suffix_of: dict[str, str]) -> None:
    """Give every entry a unique id: its label's slug; on a clash the class suffix
    (suffix_of[cls]) is added, then the source key. Deterministic: entries are handled in
    (slug, class, key) order."""
    used = set(taken)
    for e in sorted(entries, key=lambda e: (slug(e.label), e.cls, e.key)):
        base = slug(e.label)
        for candidate in (base, base + suffix_of.get(e.cls, e.cls), base + slug(e.key)):
            if candidate not in used:
                break
        else:  # pragma: no cover - keys are unique within a source
            raise ValueError(f"cannot make a unique id for {e.label!r} ({e.key})")
        e.id = candidate
        used.add(candidate)


def clean_synonyms(label: str, synonyms: Iterable[str]) -> list[str]:
    """Synonyms that differ from the label and each other (by norm_key), sorted."""
    seen = {norm_key(label)}
    out: list[str] = []
    for s in synonyms:
        s = " ".join(s.split())
        k = norm_key(s)
        if s and k not in seen:
            seen.add(k)
            out.append(s)
    return sorted(out, key=lambda s: (s.lower(), s))


def render_tsv(entries: list[Entry]) -> str:
    """The TSV text: header, then one row per entry sorted by id."""
    buf = io.StringIO()
    buf.write("\t".join(HEADER) + "\n")
    for e in sorted(entries, key=lambda e: e.id):
        if e.cls not in CLASSES:
            raise ValueError(f"{e.id}: class {e.cls} is not allowed")
        if not _SLUG.match(e.id):
            raise ValueError(f"bad id {e.id!r}")
        cells = (e.id, e.cls, e.label, "|".join(e.synonyms), "|".join(e.identifiers), e.source)
        for c in cells:
            if "\t" in c or "\n" in c:
                raise ValueError(f"{e.id}: tab or newline in {c!r}")
        buf.write("\t".join(cells) + "\n")
    return buf.getvalue()


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.chmod(tmp, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    os.replace(tmp, path)


def class_counts(entries: list[Entry]) -> str:
    """ "12 Compound, 340 Receptor": how many entries of each class, for a summary line."""
    counts: dict[str, int] = {}
    for e in entries:
        counts[e.cls] = counts.get(e.cls, 0) + 1
    return ", ".join(f"{n} {c}" for c, n in sorted(counts.items()))


def finish(outputs: dict[Path, str], check: bool, summary: str) -> int:
    """Write the outputs, or with check=True fail if any committed file differs."""
    if check:
        stale = [
            p.name
            for p, t in outputs.items()
            if not p.exists() or p.read_text(encoding="utf-8") != t
        ]
        if stale:
            print("stale: " + ", ".join(stale), file=sys.stderr)
            return 1
        return 0
    for path, text in outputs.items():
        write_atomic(path, text)
    print(summary)
    return 0
