"""Scoring the coder against a gold file: one sentence per line with the
event a person coded from it (the format of shared/gold/plover-gsr.jsonl),
or `"event_type": null` for a sentence that reports no event.

What is compared, sentence by sentence, is the coder's main event (the one
highest in the parse) against the gold event:

- detection: did the coder find an event where there is one, and none where
  there is none (sentences with a null gold type);
- type: the main event's PLOVER type, per type with precision/recall/F1 and
  a confusion matrix (gold type x coded type, "none" when nothing was coded);
- QuadClass of the type; source and target country and sector (right when a
  gold actor's value is among the coded actors' values);
- auxiliary modes, where the gold file records them.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from communique.coding.ontology import PLOVER_TYPES, Ontology
from communique.errors import DataFileError
from communique.model import Event

NONE = "none"
MODES = ("negated", "hypothetical", "future")


@dataclass(frozen=True, slots=True)
class GoldActor:
    text: str
    country: str | None
    sector: str | None


@dataclass(frozen=True, slots=True)
class GoldSentence:
    id: str
    text: str
    published: str | None
    event_type: str | None  # None: the sentence reports no event
    source: tuple[GoldActor, ...] = ()
    target: tuple[GoldActor, ...] = ()
    modes: dict[str, bool] = field(default_factory=dict)  # only the modes the gold records
    location_country: str | None = None  # where the gold says the event happened


def _actors(value: Any) -> tuple[GoldActor, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(
        GoldActor(str(a.get("text", "")), a.get("country"), a.get("sector")) for a in value if isinstance(a, dict)
    )


def load_gold(path: Path) -> list[GoldSentence]:
    """Read a gold JSONL file; a malformed line is an error naming its line."""
    sentences: list[GoldSentence] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                event_type = record.get("event_type")
                if event_type is not None and event_type not in PLOVER_TYPES:
                    raise ValueError(f"unknown event_type {event_type!r}")
                sentences.append(
                    GoldSentence(
                        id=str(record.get("id") or f"line-{number}"),
                        text=record["text"],
                        published=record.get("published"),
                        event_type=event_type,
                        source=_actors(record.get("source")),
                        target=_actors(record.get("target")),
                        modes={m: bool(record[m]) for m in MODES if m in record},
                        location_country=_location_country(record.get("location")),
                    )
                )
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise DataFileError(str(path), number, f"not a gold record: {exc}") from None
    return sentences


def _location_country(value: Any) -> str | None:
    return value.get("country") if isinstance(value, dict) else None


@dataclass(frozen=True)
class TypeScore:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Report:
    sentences: int
    with_event: int
    detection: dict[str, float]  # precision, recall, f1
    type_accuracy: float  # main event type == gold type, over sentences with a gold event
    any_event_type_accuracy: float  # some coded event has the gold type
    quad_accuracy: float
    per_type: dict[str, TypeScore]
    confusion: dict[str, dict[str, int]]  # gold type -> coded type -> count
    source_country: tuple[int, int]  # right, scored
    source_sector: tuple[int, int]
    target_country: tuple[int, int]
    target_sector: tuple[int, int]
    modes: dict[str, tuple[int, int]]
    # Sentences whose gold has a location: how many got a location in the
    # gold's country (on the main event; a sentence coded with no event fails).
    location_country: tuple[int, int] = (0, 0)

    @staticmethod
    def rate(pair: tuple[int, int]) -> float:
        right, scored = pair
        return right / scored if scored else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentences": self.sentences,
            "sentences_with_gold_event": self.with_event,
            "detection": self.detection,
            "type_accuracy": self.type_accuracy,
            "any_event_type_accuracy": self.any_event_type_accuracy,
            "quad_class_accuracy": self.quad_accuracy,
            "per_type": {t: vars(s) for t, s in self.per_type.items()},
            "confusion": self.confusion,
            "source_country_accuracy": {"accuracy": self.rate(self.source_country), "scored": self.source_country[1]},
            "source_sector_accuracy": {"accuracy": self.rate(self.source_sector), "scored": self.source_sector[1]},
            "target_country_accuracy": {"accuracy": self.rate(self.target_country), "scored": self.target_country[1]},
            "target_sector_accuracy": {"accuracy": self.rate(self.target_sector), "scored": self.target_sector[1]},
            "location_country_rate": {
                "accuracy": self.rate(self.location_country),
                "scored": self.location_country[1],
            },
            "mode_accuracy": {m: {"accuracy": self.rate(p), "scored": p[1]} for m, p in self.modes.items()},
        }


def main_event(events: Sequence[Event]) -> Event | None:
    """The event a person would code from the sentence: its main event."""
    mains = [e for e in events if e.is_main]
    return mains[0] if mains else (events[0] if events else None)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _agreement(gold: Iterable[GoldActor], coded: Iterable[Any], attribute: str) -> bool | None:
    """None when the gold has no value to score; else whether a gold value is among the coded ones."""
    wanted = {getattr(a, attribute) for a in gold if getattr(a, attribute)}
    if not wanted:
        return None
    return bool(wanted & {getattr(a, attribute) for a in coded})


def score_gold(gold: Sequence[GoldSentence], coded: dict[str, Sequence[Event]], ontology: Ontology) -> Report:
    """Score coded events (by gold sentence id) against the gold."""
    confusion: dict[str, Counter[str]] = {}
    tp = fn = fp = 0
    right_type = right_any = right_quad = 0
    actor_scores: dict[str, list[int]] = {k: [0, 0] for k in ("sc", "ss", "tc", "ts")}
    modes: dict[str, list[int]] = {}
    with_event = 0
    located = [0, 0]
    for sentence in gold:
        events = list(coded.get(sentence.id, ()))
        main = main_event(events)
        if sentence.location_country is not None:
            located[1] += 1
            located[0] += bool(main and main.location and main.location.country == sentence.location_country)
        coded_type = main.event_type if main else NONE
        gold_type = sentence.event_type or NONE
        confusion.setdefault(gold_type, Counter())[coded_type] += 1
        if sentence.event_type is None:
            fp += main is not None
            continue
        with_event += 1
        if main is None:
            fn += 1
            continue
        tp += 1
        right_type += coded_type == gold_type
        right_any += any(e.event_type == gold_type for e in events)
        right_quad += ontology.types[coded_type].quad_class == ontology.types[gold_type].quad_class
        for key, actors, coded_actors, attribute in (
            ("sc", sentence.source, main.source, "country"),
            ("ss", sentence.source, main.source, "sector"),
            ("tc", sentence.target, main.target, "country"),
            ("ts", sentence.target, main.target, "sector"),
        ):
            agreed = _agreement(actors, coded_actors, attribute)
            if agreed is not None:
                actor_scores[key][0] += agreed
                actor_scores[key][1] += 1
        for mode, value in sentence.modes.items():
            pair = modes.setdefault(mode, [0, 0])
            pair[0] += getattr(main.modality, mode) == value
            pair[1] += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return Report(
        sentences=len(gold),
        with_event=with_event,
        detection={"precision": precision, "recall": recall, "f1": _f1(precision, recall)},
        type_accuracy=right_type / with_event if with_event else 0.0,
        any_event_type_accuracy=right_any / with_event if with_event else 0.0,
        quad_accuracy=right_quad / with_event if with_event else 0.0,
        per_type=_per_type(confusion),
        confusion={g: dict(c) for g, c in sorted(confusion.items())},
        source_country=tuple(actor_scores["sc"]),
        source_sector=tuple(actor_scores["ss"]),
        target_country=tuple(actor_scores["tc"]),
        target_sector=tuple(actor_scores["ts"]),
        modes={m: tuple(p) for m, p in modes.items()},
        location_country=(located[0], located[1]),
    )


def _per_type(confusion: dict[str, Counter[str]]) -> dict[str, TypeScore]:
    scores: dict[str, TypeScore] = {}
    for event_type in PLOVER_TYPES:
        support = sum(confusion.get(event_type, Counter()).values())
        true_positive = confusion.get(event_type, Counter())[event_type]
        predicted = sum(row[event_type] for row in confusion.values())
        if not support and not predicted:
            continue
        precision = true_positive / predicted if predicted else 0.0
        recall = true_positive / support if support else 0.0
        scores[event_type] = TypeScore(precision, recall, _f1(precision, recall), support)
    return scores
