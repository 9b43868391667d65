"""URL lists (one URL a line; blank lines and `#` comments ignored, as in
GDELT's source-URL files) -> fetched politely -> extracted as HTML."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import BinaryIO

from communique.ingest.fetch import PoliteFetcher
from communique.ingest.options import IngestStats
from communique.ingest.pages import article_from_html, url_article_id
from communique.ingest.validate import DEFAULT_MAX_CHARS
from communique.model import Article, Reject


def read_url_list(
    stream: BinaryIO,
    *,
    origin: str,
    fetcher: PoliteFetcher,
    stats: IngestStats,
    default_published: dt.date | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Iterator[Article | Reject]:
    """One article (or Reject) per URL, in list order. A page's id comes
    from the URL as listed, so a re-run (served from the cache) gives the
    same ids."""
    for number, raw in enumerate(stream, start=1):
        url = raw.decode("utf-8", errors="replace").strip()
        if not url or url.startswith("#"):
            continue
        article_id = url_article_id(url)
        result = fetcher.fetch(url)
        if result.from_cache:
            stats.fetched_from_cache += 1
        else:
            stats.fetched += 1
        if not result.ok:
            yield Reject(origin, number, f"cannot fetch {url}: {result.reason}", article_id)
            continue
        assert result.body is not None
        yield article_from_html(
            result.body,
            origin=origin,
            line=number,
            url=result.final_url or url,
            article_id=article_id,
            default_published=default_published,
            max_chars=max_chars,
            max_page_bytes=fetcher.max_bytes,
        )
