"""Readers for the inputs `communique code` accepts: JSONL (articles, or
`{url, html}` pages), .txt files, HTML pages, RSS/Atom feeds, WARC files,
CSV/TSV tables, URL lists, folders of any of these, and standard input
(JSONL).

Each reader yields `Article`s and `Reject`s in input order and never raises
for a bad record: a line that is not JSON, not UTF-8 or not a valid article
becomes a `Reject` with its file and line number, and a file that cannot be
read at all (binary, truncated gzip, not a feed) becomes one Reject naming
the file, after whatever it held before the damage.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from communique.errors import InputError
from communique.ingest.formats import SUFFIX_FORMATS, detect_format, looks_binary, open_maybe_gzip, sniff
from communique.ingest.language import check_language
from communique.ingest.options import FORMATS, IngestOptions, IngestStats
from communique.ingest.validate import DEFAULT_MAX_CHARS, article_from_record
from communique.model import Article, Reject

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
TEXT_SUFFIXES = (".txt",)
STDIN = "-"


def read_jsonl_stream(
    stream: BinaryIO,
    *,
    origin: str,
    default_published: dt.date | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    max_page_bytes: int | None = None,
) -> Iterator[Article | Reject]:
    """Articles, one JSON object a line; a record with `html` and no `text`
    is a web page, extracted as HTML (its `url`, `id`, `source` and
    `published` kept)."""
    from communique.ingest.options import DEFAULT_MAX_PAGE_BYTES
    from communique.ingest.pages import article_from_html

    page_limit = max_page_bytes or DEFAULT_MAX_PAGE_BYTES
    max_line = max(max_chars * 2, page_limit * 2) + 10_000
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Reject(origin, number, f"not valid UTF-8 (byte {exc.start})")
            continue
        # A raw line can be far larger than any article: refuse it before
        # parsing rather than building a huge object first.
        if len(line) > max_line:
            yield Reject(origin, number, f"line is {len(line):,} characters, too large to be an article")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Reject(origin, number, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if isinstance(record, dict) and "text" not in record and isinstance(record.get("html"), str):
            yield article_from_html(
                record["html"],
                origin=origin,
                line=number,
                url=record.get("url") if isinstance(record.get("url"), str) else None,
                article_id=record.get("id") if isinstance(record.get("id"), str) else None,
                published=record.get("published") if isinstance(record.get("published"), str) else None,
                source=record.get("source") if isinstance(record.get("source"), str) else None,
                default_published=default_published,
                max_chars=max_chars,
                max_page_bytes=page_limit,
            )
            continue
        yield article_from_record(
            record,
            origin=origin,
            line=number,
            default_published=default_published,
            max_chars=max_chars,
        )


def read_text_file(
    path: Path,
    *,
    default_published: dt.date | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Article | Reject:
    """One .txt file is one article; its id is the file's stem."""
    origin = str(path)
    try:
        with open_maybe_gzip(path) as stream:
            data = stream.read(max_chars * 4 + 1)
    except OSError as exc:
        return Reject(origin, None, f"cannot read file: {exc.strerror or exc}", path.stem)
    except (EOFError, zlib.error) as exc:
        return Reject(origin, None, f"truncated or corrupt gzip: {exc}", path.stem)
    if len(data) > max_chars * 4:
        return Reject(origin, None, f"file is over {max_chars * 4:,} bytes, too large to be an article", path.stem)
    if looks_binary(data[:8192]):
        return Reject(origin, None, "binary data, not a text article", path.stem)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Reject(origin, None, f"not valid UTF-8 (byte {exc.start})", path.stem)
    record = {"id": path.stem, "text": text}
    return article_from_record(
        record, origin=origin, line=None, default_published=default_published, max_chars=max_chars
    )


def _expand(inputs: Iterable[str]) -> Iterator[str | Path]:
    """Check every input exists before reading any, so a typo fails fast.
    A folder gives its files of the known kinds (by name), in name order."""
    expanded: list[str | Path] = []
    known = tuple(SUFFIX_FORMATS)
    for name in inputs:
        if name == STDIN:
            expanded.append(STDIN)
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.is_file() and (p.name.lower().removesuffix(".gz").endswith(known))
            )
            expanded.extend(files)
        elif path.is_file():
            expanded.append(path)
        else:
            raise InputError(f"input not found: {name}")
    return iter(expanded)


def _read_file(
    path: Path,
    *,
    options: IngestOptions,
    stats: IngestStats,
    default_published: dt.date | None,
    max_chars: int,
) -> Iterator[Article | Reject]:
    from communique.ingest.feeds import read_feed
    from communique.ingest.fetch import PoliteFetcher
    from communique.ingest.pages import article_from_html
    from communique.ingest.tables import read_table
    from communique.ingest.urls import read_url_list
    from communique.ingest.warc import read_warc

    origin = str(path)
    try:
        head = sniff(path)
    except OSError as exc:
        yield Reject(origin, None, f"cannot read file: {exc.strerror or exc}")
        return
    fmt = options.format or detect_format(path, head)
    if fmt != "warc" and looks_binary(head):
        yield Reject(origin, None, f"binary data, not a {fmt} file (use --format if the name misleads)")
        return
    page_limit = options.max_page_bytes
    if fmt == "text":
        yield read_text_file(path, default_published=default_published, max_chars=max_chars)
    elif fmt == "warc":
        yield from read_warc(
            path, stats=stats, max_page_bytes=page_limit, default_published=default_published, max_chars=max_chars
        )
    elif fmt in ("html", "feed"):
        data = _read_whole(path, page_limit)
        if isinstance(data, str):
            yield Reject(origin, None, data, path.stem if fmt == "html" else None)
        elif fmt == "html":
            yield article_from_html(
                data,
                origin=origin,
                line=None,
                fallback_id=path.stem,
                default_published=default_published,
                max_chars=max_chars,
                max_page_bytes=page_limit,
            )
        else:
            yield from read_feed(data, origin=origin, default_published=default_published, max_chars=max_chars)
    else:
        with open_maybe_gzip(path) as stream:
            if fmt in ("csv", "tsv"):
                yield from read_table(
                    stream,  # type: ignore[arg-type]
                    origin=origin,
                    delimiter="," if fmt == "csv" else "\t",
                    columns=options.columns,
                    default_published=default_published,
                    max_chars=max_chars,
                )
            elif fmt == "urls":
                fetcher = PoliteFetcher(options.fetch, max_bytes=page_limit)
                yield from read_url_list(
                    stream,  # type: ignore[arg-type]
                    origin=origin,
                    fetcher=fetcher,
                    stats=stats,
                    default_published=default_published,
                    max_chars=max_chars,
                )
            else:
                yield from read_jsonl_stream(
                    stream,  # type: ignore[arg-type]
                    origin=origin,
                    default_published=default_published,
                    max_chars=max_chars,
                    max_page_bytes=page_limit,
                )


def _read_whole(path: Path, limit: int) -> bytes | str:
    """The file's bytes (decompressed), or the reason they cannot be had."""
    try:
        size = path.stat().st_size
        if size > limit:
            return f"file is {size:,} bytes, over the page limit of {limit:,} (--max-page-bytes)"
        with open_maybe_gzip(path) as stream:
            data = stream.read(limit + 1)
    except (EOFError, zlib.error) as exc:
        return f"truncated or corrupt gzip: {exc}"
    except OSError as exc:
        return f"cannot read file: {exc.strerror or exc}"
    if len(data) > limit:
        return f"decompressed file is over the page limit of {limit:,} bytes (--max-page-bytes)"
    return data


def _guarded(items: Iterator[Article | Reject], origin: str) -> Iterator[Article | Reject]:
    """A file that breaks mid-read (truncated gzip, a disk error) ends with
    one Reject saying so; what was read before it stands."""
    count = 0
    try:
        for item in items:
            count += 1
            yield item
    except (EOFError, zlib.error) as exc:
        yield Reject(origin, None, f"truncated or corrupt gzip after {count} records: {exc}")
    except OSError as exc:
        yield Reject(origin, None, f"cannot read the rest of the file after {count} records: {exc}")


def read_inputs(
    inputs: Iterable[str],
    *,
    default_published: dt.date | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    stdin: BinaryIO | None = None,
    options: IngestOptions | None = None,
    stats: IngestStats | None = None,
) -> Iterator[Article | Reject]:
    """Every article of every input, in order. Raises `InputError` up front
    when an input does not exist or the format is unknown; after that,
    problems become `Reject`s. Articles surely not in English become
    `language:xx` Rejects unless `options.detect_language` is off."""
    options = options or IngestOptions()
    stats = stats if stats is not None else IngestStats()
    if options.format is not None and options.format not in FORMATS:
        raise InputError(f"unknown input format {options.format!r} (known: {', '.join(FORMATS)})")
    for item in _expand(inputs):
        if item == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            items: Iterator[Article | Reject] = read_jsonl_stream(
                stream,
                origin="<stdin>",
                default_published=default_published,
                max_chars=max_chars,
                max_page_bytes=options.max_page_bytes,
            )
            origin = "<stdin>"
        else:
            assert isinstance(item, Path)
            origin = str(item)
            items = _read_file(
                item, options=options, stats=stats, default_published=default_published, max_chars=max_chars
            )
        for result in _guarded(items, origin):
            if options.detect_language and isinstance(result, Article):
                yield check_language(result)
            else:
                yield result
