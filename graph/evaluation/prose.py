"""A real-prose corpus of any size for `phytokg benchmark --corpus prose`.

The paragraphs of the project's own articles (seeds/, tests/corpus, tests/heldout,
tests/real-unseen/docs, tests/realworld*/docs: real prose, unlike the synthetic
corpus's templates) are recombined into documents of about DOC_BYTES until the
requested size is reached. Document i takes its paragraphs in the order of a shuffle
seeded with i, so the same size always gives the same files, and no two documents are
the same text (build reads each distinct text once).
"""

from __future__ import annotations

import random
from pathlib import Path

from graph.errors import InputError

SOURCES = (
    "seeds",
    "tests/corpus",
    "tests/heldout",
    "tests/real-unseen/docs",
    "tests/realworld/docs",
    "tests/realworld2/docs",
    "tests/realworld-heldout/docs",
)
DOC_BYTES = 8_000


def source_root() -> Path:
    """The checkout holding the source articles (the folder above the ontology)."""
    from graph.paths import packaged_ontology_dir

    return packaged_ontology_dir().parent


def source_paragraphs(root: Path | None = None) -> list[str]:
    """Every paragraph (blank-line separated) of the source articles, in path order."""
    base = root if root is not None else source_root()
    paragraphs: list[str] = []
    for name in SOURCES:
        folder = base / name
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() not in (".txt", ".md") or not path.is_file():
                continue
            text = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
            paragraphs += [p.strip() for p in text.split("\n\n") if len(p.strip()) > 40]
    if not paragraphs:
        raise InputError(
            f"no source articles for a prose corpus under {base} "
            "(the prose mode needs a checkout of phytokg with seeds/ and tests/)"
        )
    return paragraphs


def generate_prose_corpus(out: Path, size_mb: float, root: Path | None = None) -> int:
    """Write documents `prose-NNNNNN.txt` of recombined paragraphs into `out`, about
    `size_mb` MB in all; returns how many."""
    if size_mb <= 0:
        raise InputError("the corpus size must be positive")
    paragraphs = source_paragraphs(root)
    out.mkdir(parents=True, exist_ok=True)
    target = int(size_mb * 1_000_000)
    written = count = 0
    while written < target:
        rng = random.Random(count)
        order = list(range(len(paragraphs)))
        rng.shuffle(order)
        parts: list[str] = []
        size = 0
        for i in order:
            parts.append(paragraphs[i])
            size += len(paragraphs[i].encode("utf-8")) + 2
            if size >= DOC_BYTES:
                break
        data = ("\n\n".join(parts) + "\n").encode("utf-8")
        (out / f"prose-{count:06d}.txt").write_bytes(data)
        written += len(data)
        count += 1
    return count
