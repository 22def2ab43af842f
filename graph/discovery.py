"""Discovery of entities the lexicon lacks, by shape and context (placeholder: none)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .lexicon import Lexicon
from .matcher import Match
from .model import Document, Entity, Mention, Sentence


@dataclass(frozen=True)
class Discoverer:
    @classmethod
    def build(cls, ontology: Path, lexicon: Lexicon) -> Discoverer:
        return cls()

    def discover(
        self, doc: Document, sentences: tuple[Sentence, ...], norm: str, found: list[Match]
    ) -> tuple[dict[str, Entity], list[Mention]]:
        return {}, []
