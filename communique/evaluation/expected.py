"""Scoring coded events against hand-coded expectations.

The expectations file (examples/expected.yaml) lists, per article id, the
events a careful human coder extracts: the sentence, the PLOVER type, the
source and target countries and the auxiliary modes that are true. An event
matches an expectation when it comes from the same sentence with the same
type and (when the expectation names one) a source country in common.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from communique.datafiles import read_yaml
from communique.errors import DataFileError
from communique.model import Event

FLAGS = ("negated", "hypothetical", "future", "historical")


@dataclass(frozen=True, slots=True)
class ExpectedEvent:
    article_id: str
    sentence: str
    event_type: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    flags: frozenset[str]


@dataclass(frozen=True, slots=True)
class Score:
    expected: int
    found: int
    matched_expected: int  # expectations met by at least one event
    matched_events: int  # events that meet at least one expectation
    dyads_right: int  # matched expectations whose target countries also agree
    flags_right: int  # matched expectations whose auxiliary modes all agree

    @property
    def recall(self) -> float:
        return self.matched_expected / self.expected if self.expected else 0.0

    @property
    def precision(self) -> float:
        return self.matched_events / self.found if self.found else 0.0

    @property
    def f1(self) -> float:
        total = self.recall + self.precision
        return 2 * self.recall * self.precision / total if total else 0.0


def load_expected(path: Path) -> dict[str, list[ExpectedEvent]]:
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise DataFileError(str(path), 1, "expected a mapping of article id -> events")
    expected: dict[str, list[ExpectedEvent]] = {}
    for article_id, items in data.items():
        if article_id == "__line__":
            continue
        expected[article_id] = []
        for item in items or []:
            line = item.get("__line__")
            try:
                expected[article_id].append(
                    ExpectedEvent(
                        article_id=article_id,
                        sentence=str(item["sentence"]),
                        event_type=str(item["type"]),
                        source=tuple(item.get("source") or ()),
                        target=tuple(item.get("target") or ()),
                        flags=frozenset(f for f in FLAGS if item.get(f)),
                    )
                )
            except KeyError as exc:
                raise DataFileError(str(path), line, f"missing {exc}") from None
    return expected


def _same_sentence(expected: ExpectedEvent, event: Event) -> bool:
    # Sentence splitting may differ slightly from the human's, so either may contain the other.
    return expected.sentence in event.evidence or event.evidence in expected.sentence


def _matches(expected: ExpectedEvent, event: Event) -> bool:
    if event.event_type != expected.event_type or not _same_sentence(expected, event):
        return False
    if not expected.source:
        return True
    return bool(set(expected.source) & {a.country for a in event.source})


def score(expected: Mapping[str, Sequence[ExpectedEvent]], events: Iterable[Event]) -> Score:
    by_article: dict[str, list[Event]] = {}
    for event in events:
        by_article.setdefault(event.article_id, []).append(event)
    coded = [e for article_id in expected for e in by_article.get(article_id, [])]
    all_expected = [x for items in expected.values() for x in items]
    matched_expected = dyads = flags = 0
    for item in all_expected:
        hits = [e for e in by_article.get(item.article_id, []) if _matches(item, e)]
        if not hits:
            continue
        matched_expected += 1
        if any(not item.target or set(item.target) & {a.country for a in e.target} for e in hits):
            dyads += 1
        if any(item.flags == _flags(e) for e in hits):
            flags += 1
    matched_events = sum(1 for e in coded if any(_matches(x, e) for x in expected.get(e.article_id, ())))
    return Score(len(all_expected), len(coded), matched_expected, matched_events, dyads, flags)


def _flags(event: Event) -> frozenset[str]:
    modality = event.modality
    return frozenset(f for f in FLAGS if getattr(modality, f))
