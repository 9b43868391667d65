"""The `communique code` options that say how inputs are read.

They live here, beside the readers they configure, so that the CLI adds
them with one call and turns them into an `IngestOptions` with another.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from communique.ingest.near_duplicates import DEFAULT_THRESHOLD
from communique.ingest.options import DEFAULT_MAX_PAGE_BYTES, FORMATS, FetchSettings, IngestOptions, TableColumns


def _threshold(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"a similarity between 0 and 1, not {value}")
    return number


def add_ingest_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("reading inputs")
    group.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="read every INPUT as this format (default: from each file's name and first bytes)",
    )
    group.add_argument("--text-column", metavar="NAME", default="text", help="CSV/TSV column with the text")
    group.add_argument("--id-column", metavar="NAME", default="id", help="CSV/TSV column with the article id")
    group.add_argument("--title-column", metavar="NAME", default="title", help="CSV/TSV column with the title")
    group.add_argument(
        "--date-column", metavar="NAME", default="published", help="CSV/TSV column with the publication date"
    )
    group.add_argument("--url-column", metavar="NAME", default="url", help="CSV/TSV column with the URL")
    group.add_argument("--source-column", metavar="NAME", default="source", help="CSV/TSV column with the outlet")
    group.add_argument(
        "--max-page-bytes",
        metavar="N",
        type=int,
        default=DEFAULT_MAX_PAGE_BYTES,
        help=f"reject HTML pages, feeds and fetched bodies over N bytes (default {DEFAULT_MAX_PAGE_BYTES:,})",
    )
    group.add_argument(
        "--fetch-cache",
        metavar="DIR",
        type=Path,
        default=FetchSettings().cache_dir,
        help="where pages fetched from URL lists are kept, so a re-run fetches nothing twice "
        f"(default {FetchSettings().cache_dir})",
    )
    group.add_argument(
        "--fetch-delay",
        metavar="SECONDS",
        type=float,
        default=FetchSettings().delay,
        help=f"seconds between requests to one host (default {FetchSettings().delay})",
    )
    group.add_argument(
        "--fetch-timeout",
        metavar="SECONDS",
        type=float,
        default=FetchSettings().timeout,
        help=f"connect and read timeout per request (default {FetchSettings().timeout})",
    )
    group.add_argument(
        "--near-duplicates",
        metavar="THRESHOLD",
        type=_threshold,
        default=DEFAULT_THRESHOLD,
        help="similarity (0-1) from which an article is a copy of an earlier one and is not coded again; "
        f"0 turns the check off (default {DEFAULT_THRESHOLD})",
    )


def ingest_options_from_args(args: argparse.Namespace) -> IngestOptions:
    columns = TableColumns(
        text=args.text_column,
        id=args.id_column,
        title=args.title_column,
        published=args.date_column,
        url=args.url_column,
        source=args.source_column,
    )
    fetch = FetchSettings(cache_dir=args.fetch_cache, delay=args.fetch_delay, timeout=args.fetch_timeout)
    return IngestOptions(
        format=args.format,
        columns=columns,
        fetch=fetch,
        max_page_bytes=args.max_page_bytes,
        near_duplicate_threshold=args.near_duplicates,
    )
