"""An event's words marked in its article: the trigger, source, target,
date and place, and the evidence sentence around them.

The result is a list of plain-text segments with a kind; the templates
escape every segment, so article text can never become markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

# When spans overlap the first kind here wins.
KINDS = ("trigger", "source", "target", "place", "date")


@dataclass(frozen=True)
class Segment:
    text: str
    kind: str | None  # one of KINDS, or None for unmarked text
    in_evidence: bool = False


def _find(text: str, needle: str | None, start: int, end: int) -> tuple[int, int] | None:
    """Where `needle` is in text[start:end], else anywhere in the text."""
    if not needle:
        return None
    at = text.find(needle, start, end)
    if at < 0:
        at = text.find(needle)
    return (at, at + len(needle)) if at >= 0 else None


def event_spans(event: dict[str, Any], text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) for an event record (event.schema.json) in its article's text."""
    start = event.get("evidence_start") or 0
    end = event.get("evidence_end") or len(text)
    spans: list[tuple[int, int, str]] = []
    trigger = event.get("trigger") or {}
    if trigger.get("start") is not None and trigger.get("end") is not None:
        spans.append((trigger["start"], trigger["end"], "trigger"))
    for side in ("source", "target"):
        for actor in event.get(side) or []:
            if actor.get("start") is not None and actor.get("end") is not None:
                spans.append((actor["start"], actor["end"], side))
            elif found := _find(text, actor.get("text"), start, end):
                spans.append((*found, side))
    if found := _find(text, (event.get("location") or {}).get("text"), start, end):
        spans.append((*found, "place"))
    if found := _find(text, event.get("date_text"), start, end):
        spans.append((*found, "date"))
    return spans


def segments(text: str, spans: list[tuple[int, int, str]], *, evidence: tuple[int, int] | None = None) -> list[Segment]:
    """`text` cut into segments at the spans' edges. Spans outside the text
    or overlapping a span of a higher-priority kind are dropped."""
    rank = {kind: i for i, kind in enumerate(KINDS)}
    chosen: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans, key=lambda s: (rank.get(s[2], len(KINDS)), s[0])):
        if not (0 <= start < end <= len(text)):
            continue
        if any(start < c_end and c_start < end for c_start, c_end, _ in chosen):
            continue
        chosen.append((start, end, kind))
    chosen.sort()
    cuts = {0, len(text)}
    for start, end, _ in chosen:
        cuts.update((start, end))
    if evidence is not None:
        cuts.update(max(0, min(len(text), edge)) for edge in evidence)
    edges = sorted(cuts)
    kind_at = {start: kind for start, _, kind in chosen}
    ends = {start: end for start, end, _ in chosen}
    result: list[Segment] = []
    open_kind: str | None = None
    open_until = -1
    for left, right in pairwise(edges):
        if left in kind_at:
            open_kind, open_until = kind_at[left], ends[left]
        kind = open_kind if left < open_until else None
        inside = evidence is not None and evidence[0] <= left and right <= evidence[1]
        result.append(Segment(text[left:right], kind, inside))
    return result
