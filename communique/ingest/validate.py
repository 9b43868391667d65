"""Turn a raw input record into an `Article`, or a `Reject` saying why not.

The input contract is shared/spec/article.schema.json: only `text` is
required; an article without `id` gets one from its content hash.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from communique.model import Article, Reject, content_hash

# spaCy refuses texts over 1,000,000 characters by default (its E088), and a
# news article is a few thousand; anything past this is a dump, not an article.
DEFAULT_MAX_CHARS = 1_000_000

_OPTIONAL_STRINGS = ("title", "url", "source", "language")


def parse_published(value: str) -> dt.date:
    """An ISO 8601 date or date-time -> its calendar date."""
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return dt.datetime.fromisoformat(text).date()


def article_id_for(text: str) -> str:
    """The id of an article that came without one: stable for the same text."""
    return "sha256-" + content_hash(text)[:16]


def article_from_record(
    record: Any,
    *,
    origin: str,
    line: int | None,
    default_published: dt.date | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Article | Reject:
    if not isinstance(record, dict):
        return Reject(origin, line, f"expected a JSON object, got {type(record).__name__}")
    raw_id = record.get("id")
    article_id = raw_id if isinstance(raw_id, str) and raw_id.strip() else None

    def reject(reason: str) -> Reject:
        return Reject(origin, line, reason, article_id)

    if raw_id is not None and not isinstance(raw_id, str):
        return reject(f"'id' must be a string, got {type(raw_id).__name__}")
    if "text" not in record:
        return reject("missing required field 'text'")
    text = record["text"]
    if not isinstance(text, str):
        return reject(f"'text' must be a string, got {type(text).__name__}")
    if not text.strip():
        return reject("'text' is empty")
    if len(text) > max_chars:
        return reject(f"'text' is {len(text):,} characters, over the limit of {max_chars:,}")
    for name in _OPTIONAL_STRINGS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return reject(f"'{name}' must be a string or null, got {type(value).__name__}")
    language = record.get("language")
    if language and language.lower().split("-")[0] != "en":
        # The same reason as a detected language (ingest/language.py).
        return reject(f"language:{language.lower().split('-')[0]}")

    published = default_published
    raw_published = record.get("published")
    if raw_published is not None:
        if not isinstance(raw_published, str):
            return reject("'published' must be an ISO 8601 string or null")
        try:
            published = parse_published(raw_published)
        except ValueError:
            return reject(f"'published' is not an ISO 8601 date: {raw_published!r}")

    return Article(
        id=article_id or article_id_for(text),
        text=text,
        title=record.get("title"),
        published=published,
        url=record.get("url"),
        source=record.get("source"),
        language=language,
        origin=origin,
        line=line,
    )
