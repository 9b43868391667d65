"""Readers for the inputs `communique code` accepts: JSONL, .txt files,
folders of .txt files, and standard input (JSONL).

Each reader yields `Article`s and `Reject`s in input order and never raises
for a bad record: a line that is not JSON, not UTF-8 or not a valid article
becomes a `Reject` with its file and line number.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from communique.errors import InputError
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
) -> Iterator[Article | Reject]:
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
        if len(line) > max_chars * 2 + 10_000:
            yield Reject(origin, number, f"line is {len(line):,} characters, too large to be an article")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Reject(origin, number, f"not valid JSON ({exc.msg} at column {exc.colno})")
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
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        return Reject(origin, None, f"not valid UTF-8 (byte {exc.start})", path.stem)
    except OSError as exc:
        return Reject(origin, None, f"cannot read file: {exc.strerror}", path.stem)
    record = {"id": path.stem, "text": text}
    return article_from_record(
        record, origin=origin, line=None, default_published=default_published, max_chars=max_chars
    )


def _expand(inputs: Iterable[str]) -> Iterator[str | Path]:
    """Check every input exists before reading any, so a typo fails fast."""
    expanded: list[str | Path] = []
    for name in inputs:
        if name == STDIN:
            expanded.append(STDIN)
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES + JSONL_SUFFIXES
            )
            expanded.extend(files)
        elif path.is_file():
            expanded.append(path)
        else:
            raise InputError(f"input not found: {name}")
    return iter(expanded)


def read_inputs(
    inputs: Iterable[str],
    *,
    default_published: dt.date | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    stdin: BinaryIO | None = None,
) -> Iterator[Article | Reject]:
    """Every article of every input, in order. Raises `InputError` up front
    when an input does not exist; after that, problems become `Reject`s."""
    for item in _expand(inputs):
        if item == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from read_jsonl_stream(
                stream, origin="<stdin>", default_published=default_published, max_chars=max_chars
            )
        elif isinstance(item, Path) and item.suffix.lower() in TEXT_SUFFIXES:
            yield read_text_file(item, default_published=default_published, max_chars=max_chars)
        else:
            assert isinstance(item, Path)
            with item.open("rb") as stream:
                yield from read_jsonl_stream(
                    stream, origin=str(item), default_published=default_published, max_chars=max_chars
                )
