"""Fetching URL lists politely, against an HTTP server the test starts on
127.0.0.1 (never the internet): slow pages, 404s, redirects, huge bodies,
wrong content types, robots.txt, retries, the rate limit and the cache."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from communique.ingest import read_inputs
from communique.ingest.fetch import PoliteFetcher
from communique.ingest.options import FetchSettings, IngestOptions, IngestStats
from communique.model import Article, Reject
from tests.ingest_fixtures import BORDER, HARBOUR, STRIKE, story_page

PAGES = {"/harbour": story_page(HARBOUR), "/border": story_page(BORDER), "/strike": story_page(STRIKE)}


class NewsServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), NewsHandler)
        self.log: list[tuple[float, str]] = []
        self.flaky_failures = 1
        self.robots = "User-agent: *\nDisallow: /private\n"


class NewsHandler(BaseHTTPRequestHandler):
    server: NewsServer

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8", **headers) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.server.log.append((time.monotonic(), self.path))
        path = self.path
        if path == "/robots.txt":
            self._send(200, self.server.robots.encode(), "text/plain")
        elif path in PAGES:
            self._send(200, PAGES[path].encode())
        elif path == "/moved":
            self._send(301, b"", Location="/harbour")
        elif path == "/loop":
            self._send(302, b"", Location="/loop")
        elif path == "/slow":
            time.sleep(1.0)
            self._send(200, PAGES["/strike"].encode())
        elif path == "/flaky":
            if self.server.flaky_failures > 0:
                self.server.flaky_failures -= 1
                self._send(503, b"busy")
            else:
                self._send(200, PAGES["/border"].encode())
        elif path == "/report.pdf":
            self._send(200, b"%PDF-1.4 not a page", "application/pdf")
        elif path == "/huge":
            # No Content-Length: the cap must hold while the body streams in.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"<p>" + b"filler words " * 500 + b"</p>"
            try:
                for _ in range(400):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/private/memo":
            self._send(200, PAGES["/harbour"].encode())
        else:
            self._send(404, b"<html><body>Not found</body></html>")


@pytest.fixture
def server() -> Iterator[NewsServer]:
    news = NewsServer()
    thread = threading.Thread(target=news.serve_forever, daemon=True)
    thread.start()
    yield news
    news.shutdown()
    news.server_close()


def _base(server: NewsServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


def _settings(tmp_path: Path, **overrides) -> FetchSettings:
    values = {"cache_dir": tmp_path / "cache", "delay": 0.0, "timeout": 0.3, "retries": 1, "backoff": 0.05}
    values.update(overrides)
    return FetchSettings(**values)


def _read_list(tmp_path: Path, urls: list[str], settings: FetchSettings, **options):
    listing = tmp_path / "urls.txt"
    listing.write_text("# sources of the day\n" + "\n".join(urls) + "\n", encoding="utf-8")
    stats = IngestStats()
    items = list(read_inputs([str(listing)], options=IngestOptions(fetch=settings, **options), stats=stats))
    return items, stats


def test_url_list_fetches_extracts_and_rejects_with_reasons(tmp_path: Path, server: NewsServer):
    base = _base(server)
    urls = [
        f"{base}/harbour",
        f"{base}/missing",
        f"{base}/moved",
        f"{base}/slow",
        f"{base}/report.pdf",
        f"{base}/huge",
        f"{base}/private/memo",
        f"{base}/loop",
        "ftp://127.0.0.1/file",
        f"{base}/strike",
    ]
    items, stats = _read_list(tmp_path, urls, _settings(tmp_path), max_page_bytes=200_000)
    by_line = {item.line: item for item in items}
    harbour, moved, strike = by_line[2], by_line[4], by_line[11]
    assert isinstance(harbour, Article) and harbour.text == HARBOUR.text and harbour.url == f"{base}/harbour"
    assert isinstance(moved, Article) and moved.text == HARBOUR.text and moved.url == f"{base}/harbour"
    assert isinstance(strike, Article) and strike.text == STRIKE.text
    reasons = {line: item.reason for line, item in by_line.items() if isinstance(item, Reject)}
    assert reasons[3].endswith("HTTP 404")
    assert "timed out" in reasons[5] and "gave up after 2 tries" in reasons[5]
    assert "content type 'application/pdf' is not HTML" in reasons[6]
    assert "over the limit of 200,000 bytes" in reasons[7]
    assert "robots.txt disallows" in reasons[8]
    assert "more than 5 redirects" in reasons[9]
    assert "not an http(s) URL" in reasons[10]
    assert all(f"cannot fetch {urls[line - 2]}" in reason for line, reason in reasons.items())
    assert stats.fetched == 10 and stats.fetched_from_cache == 0
    assert not any(path == "/private/memo" for _, path in server.log)


def test_a_rerun_is_served_from_the_cache_except_what_may_recover(tmp_path: Path, server: NewsServer):
    base = _base(server)
    urls = [f"{base}/harbour", f"{base}/missing", f"{base}/border", f"{base}/slow"]
    settings = _settings(tmp_path)
    first, _ = _read_list(tmp_path, urls, settings)
    requests_before = len(server.log)
    second, stats = _read_list(tmp_path, urls, settings)
    new_paths = [path for _, path in server.log[requests_before:]]
    # Only the time-out is tried again (with robots.txt for the new run); pages and the 404 come from disk.
    assert sorted(set(new_paths)) == ["/robots.txt", "/slow"]
    assert stats.fetched_from_cache == 3
    assert [getattr(i, "text", None) for i in first[:3]] == [getattr(i, "text", None) for i in second[:3]]
    assert [getattr(i, "id", None) or i.article_id for i in first] == [
        getattr(i, "id", None) or i.article_id for i in second
    ]


def test_server_errors_are_retried_with_backoff(tmp_path: Path, server: NewsServer):
    (item,) = _read_list(tmp_path, [f"{_base(server)}/flaky"], _settings(tmp_path, retries=2))[0]
    assert isinstance(item, Article) and item.text == BORDER.text
    assert [path for _, path in server.log].count("/flaky") == 2


def test_requests_to_one_host_are_spaced_by_the_delay(tmp_path: Path, server: NewsServer):
    base = _base(server)
    urls = [f"{base}/harbour", f"{base}/border", f"{base}/strike"]
    _read_list(tmp_path, urls, _settings(tmp_path, delay=0.25))
    times = [moment for moment, _ in server.log]  # robots.txt, then the three pages
    assert len(times) == 4
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert all(gap >= 0.24 for gap in gaps), gaps


def test_robots_crawl_delay_is_obeyed_when_longer(tmp_path: Path, server: NewsServer):
    server.robots = "User-agent: *\nCrawl-delay: 1\n"
    waits: list[float] = []
    fetcher = PoliteFetcher(_settings(tmp_path, delay=0.01), max_bytes=1_000_000, sleep=waits.append)
    fetcher.fetch(f"{_base(server)}/harbour")
    fetcher.fetch(f"{_base(server)}/border")
    assert waits and max(waits) > 0.9
