"""The names a document gives its entities, kept as alternative labels: the graph keeps
the names its readers know.

- a species named by a common name: "ackee" for Blighia sapida;
- a remedy named with a part of its plant: "bilberry fruit", "bilberry leaf";
- the names a fact sheet lists for its subject: "Common Names: European elder, black
  elder, elder, elderberry, elder flower".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from itertools import pairwise

from graph.domain.cues import Cues
from graph.mentions.known import KnownEntities
from graph.mentions.names.common import listed_items
from graph.model import Entity, Mention


def _with_labels(
    entities: Mapping[str, Entity], known: KnownEntities, named: Mapping[str, Iterable[str]]
) -> dict[str, Entity]:
    out = {}
    for entity_id, labels in sorted(named.items()):
        entity = entities.get(entity_id) or known.entity(entity_id)
        extra = sorted(set(labels) - {entity.label, *entity.alt_labels})
        if extra:
            out[entity_id] = replace(entity, alt_labels=(*entity.alt_labels, *extra))
    return out


def common_names(
    mentions: list[Mention], known: KnownEntities, plant: str | None
) -> dict[str, Entity]:
    """Species the text names by a common name, with that name as an alternative label."""
    named: dict[str, set[str]] = {}
    for m in mentions:
        if m.cls == plant and m.entity not in known.lexicon.entities:
            label = known.common_name(m.text, m.entity)
            if label is not None:
                named.setdefault(m.entity, set()).add(label)
    return _with_labels({}, known, named)


def part_names(
    text: str,
    mentions: list[Mention],
    entities: Mapping[str, Entity],
    known: KnownEntities,
    remedy: str | None,
    cues: Cues,
) -> dict[str, Entity]:
    """Remedies the text names with a part of their plant ("bilberry fruit"): names of the
    same remedy (its facts are not split by part)."""
    named: dict[str, set[str]] = {}
    for a, b in pairwise(mentions):
        if a.cls == remedy and b.cls in cues.part_classes and text[a.end : b.begin] == " ":
            label = (entities.get(a.entity) or known.entity(a.entity)).label
            named.setdefault(a.entity, set()).add(f"{label} {b.text.lower()}")
    return _with_labels(entities, known, named)


def listed_names(
    text: str,
    mentions: list[Mention],
    entities: Mapping[str, Entity],
    known: KnownEntities,
    line: re.Pattern[str] | None,
) -> dict[str, Entity]:
    """The names a line lists for the entity its first name is ("Common Names: European
    elder, black elder, elder, elderberry"): all of them are its names."""
    named: dict[str, set[str]] = {}
    for m in line.finditer(text) if line is not None else ():
        first = [x for x in mentions if m.start(1) <= x.begin < m.end(1)]
        if not first or text[m.start(1) : first[0].begin].strip():
            continue  # the line's first name is no entity
        for item in listed_items(m.group(1))[1:]:
            named.setdefault(first[0].entity, set()).add(item[:1].upper() + item[1:])
    return _with_labels(entities, known, named)
