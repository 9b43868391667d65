"""WARC files (`.warc`, `.warc.gz`: how Common Crawl's news crawl comes)
-> `Article`s from their HTML responses.

warcio streams the file record by record, so memory holds one page at a
time however large the archive. Requests, metadata, redirects, errors and
non-HTML responses are not articles: they are skipped and counted in
`IngestStats.skipped`. A broken record stops the file (the records after
it cannot be found reliably) with a Reject saying where.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterator
from pathlib import Path

from communique.ingest.options import IngestStats
from communique.ingest.pages import article_from_html
from communique.ingest.validate import DEFAULT_MAX_CHARS
from communique.model import Article, Reject

HTML_TYPES = ("text/html", "application/xhtml+xml")


class BrokenRecord(ValueError):
    """A record whose header or length does not hold together."""


def _skip(stats: IngestStats, what: str) -> None:
    stats.skipped[what] += 1


def read_warc(
    path: Path,
    *,
    stats: IngestStats,
    max_page_bytes: int,
    default_published: dt.date | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Iterator[Article | Reject]:
    """Every HTML page of one WARC file. `line` in a Reject is the record's
    number in the file (1 = the first record)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    origin = str(path)
    number = 0
    with path.open("rb") as stream:
        records = iter(ArchiveIterator(stream))
        while True:
            number += 1
            try:
                record = next(records)
            except StopIteration:
                return
            except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as exc:
                yield Reject(
                    origin,
                    number,
                    f"broken WARC record {number} ({type(exc).__name__}: {exc}); "
                    f"the rest of the file was not read ({number - 1} records read before it)",
                )
                return
            try:
                item = _record_article(
                    record,
                    origin=origin,
                    number=number,
                    stats=stats,
                    max_page_bytes=max_page_bytes,
                    default_published=default_published,
                    max_chars=max_chars,
                )
            except (EOFError, OSError, ValueError, zlib.error) as exc:
                yield Reject(
                    origin,
                    number,
                    f"broken WARC record {number} ({type(exc).__name__}: {exc}); "
                    f"the rest of the file was not read ({number - 1} records read before it)",
                )
                return
            if item is not None:
                yield item


def _record_article(
    record,
    *,
    origin: str,
    number: int,
    stats: IngestStats,
    max_page_bytes: int,
    default_published: dt.date | None,
    max_chars: int,
) -> Article | Reject | None:
    declared = record.rec_headers.get_header("Content-Length") or ""
    if not declared.strip().isdigit():
        raise BrokenRecord(f"Content-Length {declared!r} is not a number")
    if record.rec_type != "response":
        _skip(stats, f"WARC {record.rec_type} records")
        return None
    http = record.http_headers
    if http is None:
        _skip(stats, "WARC responses that are not HTTP")
        return None
    status = http.get_statuscode()
    if status != "200":
        _skip(stats, "WARC responses with an HTTP status other than 200")
        return None
    content_type = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if content_type not in HTML_TYPES:
        _skip(stats, "WARC responses that are not HTML")
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    body = record.content_stream().read(max_page_bytes + 1)
    if len(body) > max_page_bytes:
        # The iterator skips the rest of the record on its own.
        return Reject(origin, number, f"page at {url} is over the limit of {max_page_bytes:,} bytes")
    # warcio hands over a cut-off record as if whole; what its length says
    # is still unread tells the truth.
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        raise BrokenRecord(f"the record is cut short, {missing:,} of its bytes missing")
    # The crawl date stands in for a publication date the page does not give.
    crawled = (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
    return article_from_html(
        body,
        origin=origin,
        line=number,
        url=url,
        default_published=_date_or_none(crawled) or default_published,
        max_chars=max_chars,
        max_page_bytes=max_page_bytes,
    )


def _date_or_none(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
