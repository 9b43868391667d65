"""RSS 2.0, RSS 1.0 and Atom feed files -> one `Article` per item.

feedparser reads every common dialect; an item's full content wins over its
summary, and the HTML in either is reduced to text with paragraphs kept.
The channel's title names the outlet and its <language> the language.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

from communique.ingest.pages import html_to_text, outlet_from_url, url_article_id
from communique.ingest.validate import DEFAULT_MAX_CHARS, article_from_record
from communique.model import Article, Reject


def _entry_date(entry) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed: time.struct_time | None = entry.get(key)
        if parsed:
            return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday).isoformat()
    return None


def _entry_text(entry) -> str:
    for content in entry.get("content") or ():
        if content.get("value", "").strip():
            return html_to_text(content["value"])
    return html_to_text(entry.get("summary") or "")


def read_feed(
    data: bytes,
    *,
    origin: str,
    default_published: dt.date | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Iterator[Article | Reject]:
    """Every item of one feed; a file that is no feed is one Reject."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.bozo:
            problem = parsed.get("bozo_exception")
            yield Reject(origin, None, f"not an RSS or Atom feed: not well-formed XML ({problem})")
        elif not parsed.version:
            yield Reject(origin, None, "not an RSS or Atom feed: no <rss>, <feed> or <rdf:RDF> root")
        else:
            yield Reject(origin, None, f"feed ({parsed.version}) has no items")
        return
    channel = parsed.feed
    outlet = channel.get("title") or outlet_from_url(channel.get("link"))
    channel_language = channel.get("language")
    for number, entry in enumerate(parsed.entries, start=1):
        link = entry.get("link")
        guid = entry.get("id")
        record = {
            "id": guid or (url_article_id(link) if link else None),
            "text": _entry_text(entry),
            "title": html_to_text(entry.get("title") or "") or None,
            "url": link,
            "source": outlet,
            "language": (entry.get("language") or channel_language or None),
            "published": _entry_date(entry),
        }
        if record["id"] is None:
            record.pop("id")
        # The item's number in the feed stands in for a line number.
        item = article_from_record(
            record, origin=origin, line=number, default_published=default_published, max_chars=max_chars
        )
        if isinstance(item, Reject) and parsed.bozo:
            # feedparser recovers what it can from a broken feed; say why an item may be incomplete.
            problem = parsed.get("bozo_exception")
            item = Reject(item.origin, item.line, f"{item.reason} (the feed is not well-formed XML: {problem})")
        yield item
