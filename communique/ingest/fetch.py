"""Fetching the pages of a URL list, politely.

- one request at a time per host, `delay` seconds apart (robots.txt's
  Crawl-delay wins when longer);
- robots.txt obeyed for our user agent;
- connect/read timeouts and a deadline for the whole body, so a slow page
  cannot stall the run;
- retries with exponential backoff for timeouts, connection errors, 429
  and 5xx (Retry-After honoured up to `max_delay`);
- a size cap read as the body streams in, never after;
- HTML only (Content-Type text/html or application/xhtml+xml);
- a local cache: a page, or a final answer such as a 404, is fetched once;
  a re-run reads it from disk. Transient failures are not cached.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from communique.ingest.options import FetchSettings

HTML_TYPES = ("text/html", "application/xhtml+xml")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CHUNK = 65536


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What fetching one URL gave: a page, or the reason there is none."""

    url: str
    final_url: str | None
    status: int | None
    content_type: str | None
    body: bytes | None
    reason: str | None
    from_cache: bool = False
    # Whether a re-run would get the same answer (a 404 would; a time-out may not).
    final: bool = True

    @property
    def ok(self) -> bool:
        return self.body is not None and self.reason is None


class _Transient(Exception):
    """A failure worth retrying."""


class PoliteFetcher:
    """Fetches pages one by one; `clock` and `sleep` are injectable for tests."""

    def __init__(
        self,
        settings: FetchSettings,
        *,
        max_bytes: int,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        import urllib3

        self.settings = settings
        self.max_bytes = max_bytes
        self._clock = clock
        self._sleep = sleep
        self._pool = urllib3.PoolManager(headers={"User-Agent": settings.user_agent}, retries=False)
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser | None] = {}
        self.requests = 0

    # -- cache ---------------------------------------------------------------

    def _cache_paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        folder = self.settings.cache_dir / "pages" / key[:2]
        return folder / f"{key}.json", folder / f"{key}.body"

    def _from_cache(self, url: str) -> FetchResult | None:
        meta_path, body_path = self._cache_paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body = body_path.read_bytes() if meta.pop("has_body") else None
        except (OSError, ValueError, KeyError):
            return None
        return FetchResult(**meta, body=body, from_cache=True)

    def _to_cache(self, result: FetchResult) -> None:
        if not result.final:
            return
        meta_path, body_path = self._cache_paths(result.url)
        meta_path.parent.mkdir(parents=True, exist_ok=True)
        meta = asdict(result)
        meta.pop("body")
        meta.pop("from_cache")
        meta["has_body"] = result.body is not None
        if result.body is not None:
            body_path.write_bytes(result.body)
        # The metadata is written last: a run killed in between leaves no entry.
        tmp = meta_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(meta), encoding="utf-8")
        tmp.replace(meta_path)

    # -- politeness ----------------------------------------------------------

    def _host_delay(self, host: str) -> float:
        robots = self._robots.get(host)
        crawl_delay = robots.crawl_delay(self.settings.user_agent) if robots else None
        return min(max(self.settings.delay, float(crawl_delay or 0)), self.settings.max_delay)

    def _wait_for_turn(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            wait = last + self._host_delay(host) - self._clock()
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = self._clock()

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        # Keyed by host[:port], as the per-host rate limit is.
        if parts.netloc not in self._robots:
            self._robots[parts.netloc] = self._load_robots(f"{parts.scheme}://{parts.netloc}")
        robots = self._robots[parts.netloc]
        return robots is None or robots.can_fetch(self.settings.user_agent, url)

    def _load_robots(self, host: str) -> RobotFileParser | None:
        """None means no rules (robots.txt missing or unreadable: 4xx);
        a server error on robots.txt means keep out, as the convention says."""
        import urllib3

        parser = RobotFileParser()
        self._wait_for_turn(urlsplit(host).netloc)
        self.requests += 1
        try:
            response = self._pool.request(
                "GET",
                host + "/robots.txt",
                timeout=urllib3.Timeout(connect=self.settings.timeout, read=self.settings.timeout),
                redirect=True,
                preload_content=False,
            )
            body = response.read(512_000, decode_content=True)
            response.release_conn()
        except urllib3.exceptions.HTTPError:
            return None
        if response.status >= 500:
            parser.disallow_all = True
            return parser
        if response.status >= 400:
            return None
        parser.parse(body.decode("utf-8", errors="replace").splitlines())
        return parser

    # -- fetching ------------------------------------------------------------

    def fetch(self, url: str) -> FetchResult:
        cached = self._from_cache(url)
        if cached is not None:
            return cached
        result = self._fetch_following_redirects(url)
        self._to_cache(result)
        return result

    def _fetch_following_redirects(self, url: str) -> FetchResult:
        current = url
        for _ in range(self.settings.max_redirects + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                return FetchResult(url, current, None, None, None, f"not an http(s) URL: {current}")
            if not self._allowed(current):
                return FetchResult(url, current, None, None, None, f"robots.txt disallows {current}")
            result = self._fetch_with_retries(url, current)
            if isinstance(result, FetchResult):
                return result
            current = urljoin(current, result)
        return FetchResult(url, current, None, None, None, f"more than {self.settings.max_redirects} redirects")

    def _fetch_with_retries(self, url: str, current: str) -> FetchResult | str:
        """The result, or the Location of a redirect to follow."""
        attempts = self.settings.retries + 1
        problem = ""
        for attempt in range(attempts):
            if attempt:
                self._sleep(min(self.settings.backoff * 2 ** (attempt - 1), self.settings.max_delay))
            try:
                return self._fetch_once(url, current)
            except _Transient as exc:
                problem = str(exc)
        return FetchResult(url, current, None, None, None, f"{problem} (gave up after {attempts} tries)", final=False)

    def _fetch_once(self, url: str, current: str) -> FetchResult | str:
        import urllib3

        self._wait_for_turn(urlsplit(current).netloc)
        self.requests += 1
        timeout = urllib3.Timeout(connect=self.settings.timeout, read=self.settings.timeout)
        try:
            response = self._pool.request(
                "GET",
                current,
                timeout=timeout,
                redirect=False,
                preload_content=False,
                headers={"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"},
            )
        except urllib3.exceptions.TimeoutError as exc:
            raise _Transient(f"timed out ({type(exc).__name__})") from exc
        except urllib3.exceptions.HTTPError as exc:
            raise _Transient(f"connection failed ({type(exc).__name__})") from exc
        try:
            return self._read_response(url, current, response)
        finally:
            response.release_conn()

    def _read_response(self, url: str, current: str, response) -> FetchResult | str:
        import urllib3

        status = response.status
        if status in REDIRECT_STATUSES and response.headers.get("Location"):
            return response.headers["Location"]
        if status in RETRY_STATUSES:
            retry_after = response.headers.get("Retry-After", "")
            if retry_after.isdigit():
                self._sleep(min(float(retry_after), self.settings.max_delay))
            raise _Transient(f"HTTP {status}")
        content_type = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if status != 200:
            return FetchResult(url, current, status, content_type, None, f"HTTP {status}")
        if content_type not in HTML_TYPES:
            reason = f"content type {content_type or 'missing'!r} is not HTML"
            return FetchResult(url, current, status, content_type, None, reason)
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            reason = f"page is {int(declared):,} bytes, over the limit of {self.max_bytes:,}"
            return FetchResult(url, current, status, content_type, None, reason)
        deadline = self._clock() + self.settings.timeout * 4
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.stream(CHUNK, decode_content=True):
                chunks.append(chunk)
                size += len(chunk)
                if size > self.max_bytes:
                    reason = f"page is over the limit of {self.max_bytes:,} bytes"
                    return FetchResult(url, current, status, content_type, None, reason)
                if self._clock() > deadline:
                    raise _Transient("body too slow to arrive")
        except urllib3.exceptions.TimeoutError as exc:
            raise _Transient(f"timed out reading the body ({type(exc).__name__})") from exc
        except urllib3.exceptions.HTTPError as exc:
            raise _Transient(f"connection broke reading the body ({type(exc).__name__})") from exc
        return FetchResult(url, current, status, content_type, b"".join(chunks), None)
