"""The settings ingest reads with, and the counts it keeps while reading.

Everything a reader needs beyond the input itself is here, so that the
library, the CLI and the runners pass one object rather than a dozen
keyword arguments.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

FORMATS = ("jsonl", "text", "html", "feed", "warc", "csv", "tsv", "urls")

# A news page is tens to hundreds of kilobytes; past this it is a dump, a
# binary or an attack, and parsing it would stall the batch.
DEFAULT_MAX_PAGE_BYTES = 10_000_000

# Wire copies keep most of their word 5-grams (a dateline and credit line
# added, the last paragraphs cut, a few words edited); two reports in their
# own words share few. Below 0.6, follow-up stories that reuse a wire
# story's background start to merge ("talks to avert a strike" and "talks
# end without agreement": 0.55 in the BBC corpus), and their events would
# be lost. Measured in docs/ingest.md.
DEFAULT_NEAR_DUPLICATE_THRESHOLD = 0.6


@dataclass(frozen=True, slots=True)
class TableColumns:
    """Which CSV/TSV column holds which article field (None: no such column)."""

    text: str = "text"
    id: str | None = "id"
    title: str | None = "title"
    published: str | None = "published"
    url: str | None = "url"
    source: str | None = "source"
    language: str | None = "language"


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """How politely URL lists are fetched."""

    cache_dir: Path = Path(".communique-cache")
    # Seconds between two requests to the same host (robots.txt's
    # Crawl-delay wins when it asks for more, up to `max_delay`).
    delay: float = 1.0
    max_delay: float = 30.0
    timeout: float = 15.0
    retries: int = 2
    backoff: float = 1.0
    max_redirects: int = 5
    user_agent: str = "Communique/0.1 (news event coder; polite, cached)"


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """How `read_inputs` reads; the defaults suit a folder of news files."""

    # None: detect each input's format from its name and first bytes.
    format: str | None = None
    columns: TableColumns = field(default_factory=TableColumns)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES
    detect_language: bool = True
    # Similarity from which an article is a copy of an earlier one (0: no check).
    near_duplicate_threshold: float = DEFAULT_NEAR_DUPLICATE_THRESHOLD


@dataclass
class IngestStats:
    """What was read but is not an article (WARC request records, images...)."""

    skipped: Counter[str] = field(default_factory=Counter)
    fetched: int = 0
    fetched_from_cache: int = 0

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())
