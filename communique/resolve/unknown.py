"""The actors the dictionaries did not know, most frequent first: what a
user should add to their own dictionary file (docs/actors.md).

An actor is unresolved when it has no country (and is not an international
body). Texts are grouped without case, leading articles and numbers ("the
rebels", "40 rebels" and "Rebels" are one entry).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from communique.errors import InputError

_LEADING = re.compile(r"^(?:(?:the|a|an|some|several|many|dozens of|hundreds of|thousands of|\d[\d,.]*)\s+)+", re.I)


@dataclass
class UnknownActor:
    text: str  # the most frequent spelling
    count: int = 0
    sectors: Counter[str] = field(default_factory=Counter)  # best-effort sectors it was given
    spellings: Counter[str] = field(default_factory=Counter)
    example: str = ""  # one evidence sentence


def actor_key(text: str) -> str:
    return " ".join(_LEADING.sub("", text.strip()).lower().split())


def _actors_of(record: dict) -> Iterator[dict]:
    for role in ("source", "target"):
        yield from record.get(role) or ()
    if record.get("speaker"):
        yield record["speaker"]


def _records(paths: Iterable[Path]) -> Iterator[dict]:
    for path in paths:
        if not path.is_file():
            raise InputError(f"events file not found: {path}")
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    raise InputError(f"{path}:{number}: not a JSON event record") from None
                if isinstance(record, dict):
                    yield record


def unknown_actors(paths: Iterable[Path], *, top: int | None = None) -> list[UnknownActor]:
    """The unresolved actors of events JSONL files (the output of
    `communique code --out`), most frequent first."""
    found: dict[str, UnknownActor] = {}
    for record in _records(paths):
        for actor in _actors_of(record):
            if not isinstance(actor, dict) or actor.get("country"):
                continue
            text = str(actor.get("text") or actor.get("name") or "").strip()
            key = actor_key(text)
            if not key or not any(c.isalpha() for c in key):
                continue
            entry = found.setdefault(key, UnknownActor(text, example=str(record.get("evidence", ""))))
            entry.count += 1
            entry.spellings[_LEADING.sub("", text)] += 1
            if actor.get("sector"):
                entry.sectors[actor["sector"]] += 1
    for entry in found.values():
        entry.text = entry.spellings.most_common(1)[0][0]
    ranked = sorted(found.values(), key=lambda e: (-e.count, e.text.lower()))
    return ranked[:top] if top else ranked
