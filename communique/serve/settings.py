"""The server's settings, from `communique serve`'s options or a caller."""

from __future__ import annotations

from dataclasses import dataclass

from communique.errors import InputError

# 2 MB: a long article is ~50 kB; a request of many articles gets a clear 413.
DEFAULT_MAX_BODY_BYTES = 2_000_000
DEFAULT_CACHE_ENTRIES = 0
# Articles in one POST /v1/code request.
MAX_ARTICLES_PER_REQUEST = 50


@dataclass(frozen=True)
class ServeSettings:
    db: str
    allow_write: bool = False
    # COMMUNIQUE_TOKEN: required to store coded articles (with allow_write).
    token: str | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    # Pages of /v1/events remembered per process (read-only databases only; 0: none).
    cache_entries: int = DEFAULT_CACHE_ENTRIES
    # Serve GET /v1/events from an in-memory index built at start (read-only databases only).
    index: bool = True
    # Processes coding POST /v1/code requests (each loads the pipeline: ~1 GB);
    # 0: in the server process, one request at a time.
    coders: int = 1

    def __post_init__(self) -> None:
        if self.allow_write and not self.token:
            raise InputError("--allow-write needs a token: set COMMUNIQUE_TOKEN")
        if self.cache_entries < 0:
            raise InputError("the cache size cannot be negative")
        if self.coders < 0:
            raise InputError("--coders cannot be negative")
        if self.max_body_bytes < 1_000:
            raise InputError("the body limit must be at least 1,000 bytes")
