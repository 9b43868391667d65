"""The typed records that flow between the pipeline's stages.

Ingest makes an `Article`; the coder proposes `Event`s whose `Actor`s,
`EventDate` and `Place` the resolvers fill in; the store and the writers
serialise them with `to_dict()`. Field names follow the output contract in
shared/spec/event.schema.json.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

DatePrecision = Literal["day", "month", "year"]
PlacePrecision = Literal["country", "admin1", "city"]


@dataclass(frozen=True, slots=True)
class Article:
    """One input article, validated by ingest."""

    id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = None
    # Where the article came from, for messages: file name and line number.
    origin: str = ""
    line: int | None = None

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "url": self.url,
            "source": self.source,
            "language": self.language,
            "text": self.text,
        }


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the article's text, with character offsets into it."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(text=data["text"], start=data["start"], end=data["end"])


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts or is acted upon, as written and as resolved."""

    text: str
    start: int | None = None
    end: int | None = None
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    wikidata: str | None = None
    # A town, capital or region named as an actor ("shelled Juba", "Beijing
    # said"): who it stands for - its people (CVL) or its government (GOV) -
    # is read from the act, so its sector is softer than a named body's.
    is_place: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Actor:
        return cls(
            text=data["text"],
            start=data.get("start"),
            end=data.get("end"),
            name=data.get("name"),
            country=data.get("country"),
            sector=data.get("sector"),
            wikidata=data.get("wikidata"),
            is_place=bool(data.get("is_place", False)),
        )


@dataclass(frozen=True, slots=True)
class Place:
    """A geocoded place name."""

    text: str
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    precision: PlacePrecision
    admin1: str | None = None
    geonames_id: int | None = None
    # Where the place was found: "sentence" (on the event's words), "actor"
    # (on an actor: "the embassy in Kabul"), "paragraph" (an earlier event's
    # place in the same paragraph), "dateline"; and how sure that is.
    basis: str = "sentence"
    confidence: float = 0.9

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Place:
        return cls(
            text=data["text"],
            name=data["name"],
            country=data.get("country"),
            lat=data.get("lat"),
            lon=data.get("lon"),
            precision=data["precision"],
            admin1=data.get("admin1"),
            geonames_id=data.get("geonames_id"),
            basis=data.get("basis", "sentence"),
            confidence=data.get("confidence", 0.9),
        )


@dataclass(frozen=True, slots=True)
class EventDate:
    """When an event happened, and the words it was read from."""

    value: str | None  # YYYY, YYYY-MM or YYYY-MM-DD
    precision: DatePrecision | None
    text: str | None = None  # None when it fell back to the publication date

    @classmethod
    def from_day(cls, day: dt.date, text: str | None = None) -> EventDate:
        return cls(day.isoformat(), "day", text)

    def earliest(self) -> dt.date | None:
        """The first day the value can mean, for comparisons."""
        if self.value is None:
            return None
        parts = [int(p) for p in self.value.split("-")]
        while len(parts) < 3:
            parts.append(1)
        return dt.date(parts[0], parts[1], parts[2])


@dataclass(frozen=True, slots=True)
class Modality:
    """PLOVER's auxiliary modes: how the text asserts the event."""

    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    historical: bool = False


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event; `to_dict()` gives the record of event.schema.json."""

    id: str
    article_id: str
    sentence_index: int
    event_type: str
    cameo_code: str
    quad_class: int
    goldstein: float
    source: tuple[Actor, ...]
    target: tuple[Actor, ...]
    trigger: Span
    evidence: str
    modality: Modality
    date: EventDate
    location: Place | None
    speaker: Actor | None
    confidence: float
    mode: str | None = None
    contexts: tuple[str, ...] = field(default_factory=tuple)
    evidence_start: int | None = None
    evidence_end: int | None = None
    # The sentence's main event: the one highest in its parse (like GDELT's
    # IsRootEvent, at sentence level). Other events of the sentence are
    # subordinate ("... after X attacked Y").
    is_main: bool = True
    # "lexicon" (a verb, noun or adjective pattern) or "classifier" (the
    # sentence classifier, where no pattern matched).
    signal: str = "lexicon"
    # For an AGREE or THREATEN coded from an announced act ("will visit",
    # "would boycott"): the PLOVER type of the act announced.
    announced: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article_id": self.article_id,
            "sentence_index": self.sentence_index,
            "event_type": self.event_type,
            "mode": self.mode,
            "contexts": list(self.contexts),
            "cameo_code": self.cameo_code,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "source": [a.to_dict() for a in self.source],
            "target": [a.to_dict() for a in self.target],
            "trigger": self.trigger.to_dict(),
            "evidence": self.evidence,
            "evidence_start": self.evidence_start,
            "evidence_end": self.evidence_end,
            "negated": self.modality.negated,
            "hypothetical": self.modality.hypothetical,
            "future": self.modality.future,
            "historical": self.modality.historical,
            "date": self.date.value,
            "date_precision": self.date.precision,
            "date_text": self.date.text,
            "location": self.location.to_dict() if self.location else None,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "confidence": self.confidence,
            "is_main": self.is_main,
            "signal": self.signal,
            "announced": self.announced,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        return cls(
            id=data["id"],
            article_id=data["article_id"],
            sentence_index=data["sentence_index"],
            event_type=data["event_type"],
            cameo_code=data["cameo_code"],
            quad_class=data["quad_class"],
            goldstein=data["goldstein"],
            source=tuple(Actor.from_dict(a) for a in data["source"]),
            target=tuple(Actor.from_dict(a) for a in data["target"]),
            trigger=Span.from_dict(data["trigger"]),
            evidence=data["evidence"],
            modality=Modality(
                negated=data["negated"],
                hypothetical=data["hypothetical"],
                future=data["future"],
                historical=data["historical"],
            ),
            date=EventDate(data["date"], data["date_precision"], data.get("date_text")),
            location=Place.from_dict(data["location"]) if data.get("location") else None,
            speaker=Actor.from_dict(data["speaker"]) if data.get("speaker") else None,
            confidence=data["confidence"],
            mode=data.get("mode"),
            contexts=tuple(data.get("contexts") or ()),
            evidence_start=data.get("evidence_start"),
            evidence_end=data.get("evidence_end"),
            is_main=data.get("is_main", True),
            signal=data.get("signal", "lexicon"),
            announced=data.get("announced"),
        )


@dataclass(frozen=True, slots=True)
class Reject:
    """An input that could not be coded, and why."""

    origin: str
    line: int | None
    reason: str
    article_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """What the pipeline made of one article."""

    article: Article
    events: tuple[Event, ...]


def event_id(article_id: str, sentence_index: int, trigger: Span, cameo_code: str) -> str:
    """A stable id: the same input always gives the same id."""
    key = f"{article_id}\x1f{sentence_index}\x1f{trigger.start}\x1f{trigger.end}\x1f{cameo_code}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]
