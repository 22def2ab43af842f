"""The generated lexicon (ontology/lexicon/open/*.tsv): tens of thousands of plants,
targets, compounds and diseases from public vocabularies, as an on-disk index.

Loading 80,000 entities into memory and an automaton would cost seconds on every run,
so the files are indexed once into an SQLite database in the cache folder, named by
the SHA-256 of everything it is built from; later runs open it and ask only for the
words a document has. Finding terms is a lookup of every span of up to
`MAX_WORDS` words that starts and ends at a word boundary.

The curated lexicon wins: an id or a name it has already is left out of the index.
Scientific plant names match only where the text capitalises them ("Vitex", not "vitex").
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from itertools import accumulate
from pathlib import Path
from typing import NamedTuple

from graph.errors import OntologyError
from graph.mentions.matcher import Match, is_case_sensitive, variants
from graph.model import Entity
from graph.paths import cache_dir
from graph.text.textnorm import fold, normalize

COLUMNS = ("id", "class", "label", "synonyms", "identifiers", "source")
PAIR_COLUMNS = ("product_id", "plant_id", "source")
MAX_WORDS = 8
INDEX_VERSION = "6"  # bump when the index layout or the variants change
_SCIENTIFIC = re.compile(r"[A-Z][a-z]+(?: (?:x |× )?[a-z][a-z-]+)*")
_BATCH = 400


class Bounds(NamedTuple):
    """Words that start and end forms: a span is looked up only if it fits them."""

    firsts: frozenset[str]
    lasts: frozenset[str]
    singles: frozenset[str]  # one-word forms
    pairs: frozenset[str]  # "first second" words of the longer forms


class OpenLexicon:
    """Read-only lookups in the index of the generated lexicon."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._entities: dict[str, Entity | None] = {}
        self._bounds: Bounds | None = None

    def __getstate__(self) -> dict[str, object]:  # connections do not cross processes
        return {"path": self.path, "_db": None, "_entities": {}, "_bounds": None}

    @property
    def bounds(self) -> Bounds:
        """The first and the last words of the forms, the one-word forms and the first two
        words of the others: only spans that fit them are looked up."""
        if self._bounds is None:
            rows = dict(self.db.execute("SELECT key, value FROM meta").fetchall())
            self._bounds = Bounds(*(frozenset(rows.get(k, "").split("\n")) for k in Bounds._fields))
        return self._bounds

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = sqlite3.connect(
                f"file:{self.path}?mode=ro", uri=True, check_same_thread=False
            )
        return self._db

    @classmethod
    def open(
        cls,
        folder: Path,
        curated: dict[str, Entity],
        spelling: tuple[tuple[str, str], ...],
        scientific: frozenset[str] = frozenset(),
    ) -> OpenLexicon | None:
        """The index of `folder`, built first if this content was never indexed. Names of
        the `scientific` classes written like Latin names match only where capitalised."""
        files = sorted(folder.glob("*.tsv")) if folder.is_dir() else []
        if not files:
            return None
        digest = hashlib.sha256(INDEX_VERSION.encode())
        for path in files:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        for e in sorted(curated.values()):
            digest.update("\0".join((e.id, e.label, *e.alt_labels)).encode())
        digest.update(repr((spelling, sorted(scientific))).encode())
        name = f"open-lexicon-{digest.hexdigest()[:24]}.sqlite"
        for folder_ in (cache_dir(), Path(tempfile.gettempdir()) / f"phytokg-{os.getuid()}"):
            target = folder_ / name
            if target.is_file():
                with contextlib.suppress(OSError):
                    os.utime(target)  # in use: the newest, which other builds keep
                return cls(target).opened()
            try:
                _build(files, curated, spelling, scientific, target)
            except OSError:
                continue  # a cache folder we may not write: try the next one
            _drop_others(target)
            return cls(target).opened()
        raise OntologyError(
            f"cannot write the lexicon index {name} in {cache_dir()} or the temp folder"
        )

    # --- lookups -------------------------------------------------------------------

    def opened(self) -> OpenLexicon:
        """Self, connected: an open index stays readable even if a build of another
        lexicon content removes its file (graph.mentions.open_lexicon._drop_others)."""
        _ = self.db
        return self

    def entity(self, entity_id: str) -> Entity | None:
        if entity_id not in self._entities:
            row = self.db.execute(
                "SELECT id, class, label, synonyms, identifiers FROM entities WHERE id = ?",
                (entity_id,),
            ).fetchone()
            self._entities[entity_id] = (
                None
                if row is None
                else Entity(
                    id=row[0],
                    label=row[2],
                    cls=row[1],
                    alt_labels=tuple(x for x in row[3].split("|") if x),
                    identifiers=tuple(x for x in row[4].split("|") if x),
                )
            )
        return self._entities[entity_id]

    def plant_of(self, product_id: str) -> str | None:
        row = self.db.execute(
            "SELECT plant_id FROM pairs WHERE product_id = ?", (product_id,)
        ).fetchone()
        return None if row is None else str(row[0])

    def lookup(self, forms: Iterable[str]) -> dict[str, tuple[str, str, bool]]:
        """form -> (entity id, exact form or "", capitalised) for the forms it knows."""
        out: dict[str, tuple[str, str, bool]] = {}
        unique = sorted(set(forms))
        for i in range(0, len(unique), _BATCH):
            chunk = unique[i : i + _BATCH]
            marks = ",".join("?" * len(chunk))
            for form, entity, exact, capital in self.db.execute(
                f"SELECT form, entity, exact, capital FROM forms WHERE form IN ({marks})", chunk
            ):
                out[form] = (entity, exact, bool(capital))
        return out

    def find(self, text: str) -> list[Match]:
        """Non-overlapping matches in `text`, longest first, then leftmost."""
        norm = normalize(text)
        spans = list(_spans(norm, self.bounds))
        known = self.lookup(norm[b:e] for b, e in spans)
        if not known:
            return []
        folded = fold(text)
        candidates = []
        for b, e in spans:
            hit = known.get(norm[b:e])
            if hit is None:
                continue
            entity, exact, capital = hit
            if exact and folded[b:e] != exact:
                continue
            if capital and not text[b].isupper():
                continue
            candidates.append((b, e, entity))
        candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
        taken = bytearray(len(text))
        out = []
        for b, e, entity in candidates:
            if 1 in taken[b:e]:
                continue
            taken[b:e] = b"\x01" * (e - b)
            out.append(Match(b, e, entity))
        return sorted(out, key=lambda m: m.begin)


_WORD = re.compile(r"[^\W_]+")
_WORD_SPLIT = re.compile(r"([^\W_]+)")


def _spans(norm: str, bounds: Bounds) -> Iterator[tuple[int, int]]:
    """Every span of 1..MAX_WORDS words that starts and ends at a word boundary and could
    be a form: a one-word form, or first two words and last word of a longer one."""
    # Words and the text between them alternate in the split; offsets from their lengths
    # (all in C: a match object per word would cost more than the rest).
    parts = _WORD_SPLIT.split(norm)
    texts = parts[1::2]
    ends = [i for i, t in enumerate(texts) if t in bounds.lasts]
    if not ends:
        return
    starts = [i for i, t in enumerate(texts) if t in bounds.firsts]
    if not starts:
        return
    offsets = list(accumulate(map(len, parts), initial=0))  # word i: 2i+1 .. 2i+2
    at = 0
    last = len(texts) - 1
    for i in starts:
        while at < len(ends) and ends[at] < i:
            at += 1
        begin = offsets[2 * i + 1]
        longer = i < last and f"{texts[i]} {texts[i + 1]}" in bounds.pairs
        j = at  # the ends within MAX_WORDS of i (an index: a slice would copy the rest)
        while j < len(ends) and ends[j] < i + MAX_WORDS:
            k = ends[j]
            if (k == i and texts[i] in bounds.singles) or (k > i and longer):
                yield begin, offsets[2 * k + 2]
            j += 1


KEEP_OTHER_INDEXES = 2  # another version of phytokg may still be reading a recent one


def _drop_others(target: Path) -> None:
    """Remove all but the newest KEEP_OTHER_INDEXES indexes of other lexicon contents
    beside `target` (one per lexicon version would pile up, 50 MB each)."""
    others = []
    for other in target.parent.glob("open-lexicon-*.sqlite"):
        try:
            if other != target:
                others.append((other.stat().st_mtime, other.name, other))
        except OSError:
            continue
    for _mtime, _name, other in sorted(others, reverse=True)[KEEP_OTHER_INDEXES:]:
        other.unlink(missing_ok=True)


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        header = tuple(fh.readline().rstrip("\n").split("\t"))
        if header != columns:
            return
        for line in fh:
            row = line.rstrip("\n").split("\t")
            if len(row) != len(columns):
                raise OntologyError(f"{path.name}: expected {len(columns)} columns: {line[:60]!r}")
            yield row


def _build(
    files: list[Path],
    curated: dict[str, Entity],
    spelling: tuple[tuple[str, str], ...],
    scientific_classes: frozenset[str],
    target: Path,
) -> None:
    """Write the index of `files` to `target` atomically (concurrent builders both win)."""
    # Every form the curated lexicon matches (its plurals and spellings too) is its own.
    taken = {
        v
        for e in curated.values()
        for t in (e.label, *e.alt_labels)
        for v in variants(normalize(" ".join(t.split())), spelling)
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".open-lexicon-", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        db.execute(
            "CREATE TABLE entities (id TEXT PRIMARY KEY, class TEXT, label TEXT,"
            " synonyms TEXT, identifiers TEXT)"
        )
        db.execute(
            "CREATE TABLE forms (form TEXT PRIMARY KEY, entity TEXT, exact TEXT, capital INTEGER)"
        )
        db.execute("CREATE TABLE pairs (product_id TEXT PRIMARY KEY, plant_id TEXT)")
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        forms: dict[str, tuple[str, str, int] | None] = {}  # None: two entities share it
        loaded: set[str] = set()
        for path in files:
            for slug, cls, label, synonyms, ids, _source in _rows(path, COLUMNS):
                if slug in curated or slug in loaded:
                    continue
                names = [n for n in (label, *synonyms.split("|")) if n]
                names = [n for n in names if normalize(" ".join(n.split())) not in taken]
                scientific = cls in scientific_classes and all(
                    _SCIENTIFIC.fullmatch(n) for n in names
                )
                names = [n for n in names if len(n) >= 4 or is_case_sensitive(n)]
                if not names:
                    continue
                loaded.add(slug)
                db.execute(
                    "INSERT INTO entities VALUES (?, ?, ?, ?, ?)",
                    (slug, cls, label, "|".join(n for n in names if n != label), ids),
                )
                for name in names:
                    name = " ".join(name.split())
                    if is_case_sensitive(name):
                        keys = {(normalize(name), fold(name))}
                    else:
                        keys = {(v, "") for v in variants(normalize(name), spelling)}
                    for key, exact in keys:
                        if key in taken:
                            continue
                        if key not in forms:
                            forms[key] = (slug, exact, int(scientific))
                        else:
                            known = forms[key]
                            if known is not None and known[0] != slug:
                                forms[key] = None  # two entities share it: it names neither
        kept = sorted((k, v) for k, v in forms.items() if v is not None)
        db.executemany("INSERT INTO forms VALUES (?, ?, ?, ?)", ((k, *v) for k, v in kept))
        words = [_WORD.findall(k) for k, _ in kept]
        bounds = Bounds(
            firsts=frozenset(w[0] for w in words if w),
            lasts=frozenset(w[-1] for w in words if w),
            singles=frozenset(w[0] for w in words if len(w) == 1),
            pairs=frozenset(f"{w[0]} {w[1]}" for w in words if len(w) > 1),
        )
        for key, values in bounds._asdict().items():
            db.execute("INSERT INTO meta VALUES (?, ?)", (key, "\n".join(sorted(values))))
        for path in files:
            for product, plant, _source in _rows(path, PAIR_COLUMNS):
                if product in loaded and plant in loaded:
                    db.execute("INSERT OR IGNORE INTO pairs VALUES (?, ?)", (product, plant))
        db.commit()
        db.close()
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
