"""A synthetic corpus of a requested size, for benchmarks and scale tests.

Documents are written from this module's own sentence templates over the lexicon:
entities are sampled by class from `graph.domain.lexicon.load_lexicon`, and the templates use
relation cue verbs, coordinated lists, hedges, negations, pronouns and filler sentences
that name no entity. Nothing is copied from the seed articles. The same seed and size
always give the same files, byte for byte.
"""

from __future__ import annotations

import os
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from graph.domain.lexicon import Lexicon, load_lexicon
from graph.paths import ontology_dir


def slots(ontology: Path) -> dict[str, tuple[str, ...]]:
    """Slot name -> lexicon classes its entities are drawn from (cues.toml `[synthetic]`)."""
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    from graph.errors import OntologyError

    try:
        data = tomllib.loads((ontology / "cues.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise OntologyError(f"cues.toml: {exc}") from None
    table = data.get("synthetic", {}).get("slots", {})
    return {str(k): tuple(v) for k, v in table.items()}


# Templates: {slot} is one entity, {slot+} a coordinated list of two to four,
# {hedge:eases|ease} a verb, hedged or not ("eases", "may ease"), {it} a pronoun or a
# definite description of the document's subject.
FACT_TEMPLATES: tuple[str, ...] = (
    "{product} is made from the {part} of {plant}.",
    "{plant} contains {compound+}.",
    "The {part} of {plant} is rich in {compound}.",
    "{compound} is found in {plant}.",
    "{compound} binds to the {receptor}.",
    "{compound} {hedge:acts|act} as an agonist at the {receptor}.",
    "{compound} is a partial agonist at the {receptor}.",
    "{compound} blocks the {receptor}, which {hedge:explains|explain} part of its profile.",
    "{compound} increases the release of {transmitter}.",
    "{product} {hedge:relieves|relieve} {symptom+}.",
    "{product} is used to treat {symptom}.",
    "Patients report that {product} helps with {symptom}.",
    "{symptom} was reduced by {compound} in a small trial.",
    "{product} {hedge:causes|cause} {adverse+}.",
    "Heavy use of {product} has been linked to {adverse}.",
    "{adverse} is a known side effect of {product}.",
    "{product} is often combined with {therapy}.",
    "Some clinics use {product} in combination with {therapy}.",
    "{it} {hedge:eases|ease} {symptom+}.",
    "{it} may cause {adverse} at high doses.",
    "{compound} does not bind to the {receptor}.",
    "{product} does not cause {adverse}.",
    "There is no evidence that {product} cures {symptom}.",
)

FILLER: tuple[str, ...] = (
    "The study was conducted over twelve weeks.",
    "Participants were recruited from three regional centres.",
    "Further research is needed to confirm these observations.",
    "The authors thank the reviewers for their comments.",
    "Data were analysed with standard statistical methods.",
    "Sample sizes remained modest in most of the cited work.",
    "Doses varied widely between the reports reviewed here.",
    "Regulatory status differs from one country to another.",
    "Quality control of commercial material is inconsistent.",
    "Most surveys relied on self-reported outcomes.",
)

FILLER_SHARE = 0.5  # about the fact density of the seed articles (4-8 facts per kilobyte)
HEDGES: tuple[str, ...] = ("", "", "", "may", "might", "could", "is thought to")
# Slots whose names read in lower case inside a sentence ("relieves headache").
LOWER_SLOTS = frozenset({"part", "symptom", "adverse", "therapy"})
PRONOUNS: tuple[str, ...] = ("It", "This herb", "The plant", "This product")


@dataclass(frozen=True)
class CorpusInfo:
    """What `generate_corpus` wrote."""

    directory: Path
    files: int
    bytes: int
    seed: int


class _Pools:
    """Surface forms by slot, sorted so that sampling is deterministic."""

    def __init__(self, lexicon: Lexicon, slot_classes: dict[str, tuple[str, ...]]) -> None:
        by_class: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        for e in sorted(lexicon.entities.values()):
            if not e.generic:
                alts = tuple(a for a in e.alt_labels if "," not in a)
                by_class[e.cls].append((e.label, alts))
        self.slots: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for slot, classes in slot_classes.items():
            self.slots[slot] = [item for cls in classes for item in by_class.get(cls, [])]

    def surface(self, rng: random.Random, slot: str) -> str:
        pool = self.slots.get(slot) or self.slots["compound"]
        label, alts = pool[rng.randrange(len(pool))]
        name = alts[rng.randrange(len(alts))] if alts and rng.random() < 0.3 else label
        if slot in LOWER_SLOTS and not any(c.isupper() for c in name[1:]):
            return name.lower()
        return name


def _listing(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return f"{items[0]} and {items[1]}"
    return ", ".join(items[:-1]) + ", and " + items[-1]


def _fill(template: str, rng: random.Random, pools: _Pools, subject: str) -> str:
    out: list[str] = []
    rest = template
    while "{" in rest:
        head, _, tail = rest.partition("{")
        slot, _, rest = tail.partition("}")
        out.append(head)
        if slot.startswith("hedge:"):
            plain, _, bare = slot[len("hedge:") :].partition("|")
            hedge = HEDGES[rng.randrange(len(HEDGES))]
            out.append(f"{hedge} {bare}" if hedge else plain)
        elif slot == "it":
            out.append(PRONOUNS[rng.randrange(len(PRONOUNS))])
        elif slot.endswith("+"):
            n = rng.randint(2, 4)
            out.append(_listing([pools.surface(rng, slot[:-1]) for _ in range(n)]))
        elif slot == "plant" and rng.random() < 0.5:
            out.append(subject)
        else:
            out.append(pools.surface(rng, slot))
    out.append(rest)
    sentence = " ".join("".join(out).split())
    return sentence[0].upper() + sentence[1:]


def document_text(number: int, target_bytes: int, rng: random.Random, pools: _Pools) -> str:
    """One article of about `target_bytes` UTF-8 bytes about one plant."""
    subject = pools.surface(rng, "plant")
    lines = [f"Report {number}: notes on {subject}", ""]
    size = sum(len(line) + 1 for line in lines)
    while size < target_bytes:
        sentences = []
        for _ in range(rng.randint(3, 7)):
            if rng.random() < FILLER_SHARE:
                sentences.append(FILLER[rng.randrange(len(FILLER))])
            else:
                template = FACT_TEMPLATES[rng.randrange(len(FACT_TEMPLATES))]
                sentences.append(_fill(template, rng, pools, subject))
        paragraph = " ".join(sentences)
        lines += [paragraph, ""]
        size += len(paragraph.encode("utf-8")) + 2
    return "\n".join(lines)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def generate_corpus(
    out_dir: Path,
    size_mb: float,
    *,
    seed: int = 0,
    doc_kb: float = 20.0,
    ontology: Path | None = None,
) -> CorpusInfo:
    """Write about `size_mb` megabytes (10**6 bytes) of .txt articles into `out_dir`.

    Files are `synthetic-NNNNNN.txt`, each about `doc_kb` kilobytes. Deterministic from
    `seed`; existing files of the same names are overwritten.
    """
    folder = ontology or ontology_dir()
    pools = _Pools(load_lexicon(folder), slots(folder))
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = int(size_mb * 1_000_000)
    per_doc = max(500, int(doc_kb * 1000))
    written = files = 0
    while written < target:
        want = min(per_doc, max(500, target - written))
        text = document_text(files + 1, int(want * rng.uniform(0.7, 1.3)), rng, pools)
        data = text.encode("utf-8")
        _write_atomic(out_dir / f"synthetic-{files + 1:06d}.txt", data)
        written += len(data)
        files += 1
    return CorpusInfo(directory=out_dir, files=files, bytes=written, seed=seed)
