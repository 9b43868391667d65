"""Progress of a long run on standard error: a bar with counts, speed and
ETA while it runs, and one summary line with the throughput at the end.

The total is estimated before the run from the inputs themselves (lines of
JSONL and URL lists, rows of tables, one per page or text file); feeds and
web archives are not counted ahead, and a run that includes one shows
counts and speed without a bar or ETA. On a terminal the bar redraws one
line; elsewhere (`--progress` into a log file) it prints a line every few
seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from communique.ingest.formats import detect_format, open_maybe_gzip, sniff
from communique.ingest.options import IngestOptions
from communique.ingest.readers import STDIN, _expand
from communique.run.batch import RunSummary

BAR_WIDTH = 24
# Seconds between two progress lines when the output is not a terminal.
LOG_EVERY = 5.0
_CHUNK = 1 << 20
# Formats whose records are lines (a table's first line is its header).
_LINE_FORMATS = {"jsonl": 0, "urls": 0, "csv": 1, "tsv": 1}
_ONE_PER_FILE = {"text", "html"}


def _lines(path: Path) -> int:
    """Lines of the (decompressed) file, the last one counted even without a newline."""
    count = 0
    last = b"\n"
    with open_maybe_gzip(path) as stream:
        while chunk := stream.read(_CHUNK):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


def estimate_articles(inputs: Iterable[str], options: IngestOptions | None = None) -> int | None:
    """About how many records the inputs hold (blank lines and comment lines
    count too), or None when some input cannot be counted ahead (standard
    input, feeds, web archives)."""
    options = options or IngestOptions()
    total = 0
    for item in _expand(inputs):
        if item == STDIN:
            return None
        path = Path(item)
        try:
            fmt = options.format or detect_format(path, sniff(path))
            if fmt in _LINE_FORMATS:
                total += max(_lines(path) - _LINE_FORMATS[fmt], 0)
            elif fmt in _ONE_PER_FILE:
                total += 1
            else:
                return None
        except OSError:
            total += 1  # the reader rejects it: one record
    return total


def clock_time(seconds: float) -> str:
    """H:MM:SS"""
    whole = max(round(seconds), 0)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


class ProgressBar:
    """A `Progress` callback for `run()` (communique/run/batch.py)."""

    def __init__(
        self,
        stream: TextIO,
        *,
        total: int | None,
        terminal: bool,
        every: float = LOG_EVERY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.total = total
        self.terminal = terminal
        self.every = every
        self.clock = clock
        self._first: tuple[float, int] | None = None  # when the first batch was written, and the count then
        self._last_line = float("-inf")
        self._shown = False

    def __call__(self, summary: RunSummary) -> None:
        now = self.clock()
        if self._first is None:
            self._first = (now, summary.read)
        done = self.total is not None and summary.read >= self.total
        if not self.terminal and not done and now - self._last_line < self.every:
            return
        self._last_line = now
        line = self.line(summary, now)
        if self.terminal:
            self.stream.write(f"\r{line}\x1b[K")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
        self._shown = True

    def line(self, summary: RunSummary, now: float) -> str:
        """The bar: done/total, percent, speed, events, rejects, elapsed, ETA."""
        read = summary.read
        total = max(self.total, read) if self.total is not None else None
        rate = self._rate(summary, now)
        parts = ["coding"]
        if total:
            filled = int(BAR_WIDTH * read / total)
            bar = "#" * filled + "." * (BAR_WIDTH - filled)
            parts.append(f"[{bar}] {read:,}/{total:,} articles {read / total:4.0%}")
        else:
            parts.append(f"{read:,} articles")
        parts.append(f"{rate:.1f} articles/s")
        parts.append(f"{summary.events:,} events")
        parts.append(f"{summary.rejected:,} rejects")
        parts.append(f"elapsed {clock_time(summary.seconds)}")
        if total:
            eta = (total - read) / rate if rate > 0 else None
            parts.append(f"ETA {clock_time(eta)}" if eta is not None else "ETA ?")
        return "  ".join(parts)

    def _rate(self, summary: RunSummary, now: float) -> float:
        """Records per second since the first batch was written (the model's
        loading before it would make the early ETA too long), else overall."""
        assert self._first is not None
        since, count = self._first
        if summary.read > count and now > since:
            return (summary.read - count) / (now - since)
        return summary.read / summary.seconds if summary.seconds > 0 else 0.0

    def close(self) -> None:
        """On a terminal the bar gives its line back to the summary."""
        if self.terminal and self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def summary_line(summary: RunSummary) -> str:
    """The run's last line: what was done and how fast."""
    clusters = f"event clusters in the database: {summary.clusters}  " if summary.clusters is not None else ""
    return (
        f"articles read: {summary.read}  coded: {summary.coded}  unchanged: {summary.unchanged}  "
        f"rejected: {summary.rejected}  events written: {summary.events}  {clusters}"
        f"seconds: {summary.seconds:.1f} ({clock_time(summary.seconds)})  "
        f"articles/second: {summary.articles_per_second:.1f}  words/second: {summary.words_per_second:,.0f}"
    )
