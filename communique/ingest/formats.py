"""Which reader an input needs: from its name first, then its first bytes.

`--format` overrides both. Compressed inputs (`.gz`) are looked through:
`notes.jsonl.gz` is JSONL, and a gzip file with no telling name is sniffed
after decompressing its first block.
"""

from __future__ import annotations

import gzip
import re
import zlib
from pathlib import Path
from typing import BinaryIO

SNIFF_BYTES = 8192
GZIP_MAGIC = b"\x1f\x8b"

SUFFIX_FORMATS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".warc": "warc",
    ".arc": "warc",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".urls": "urls",
}

_URL_LINE = re.compile(rb"^\s*([a-zA-Z][a-zA-Z0-9+.-]*://\S+|#.*)?\s*$")


def open_maybe_gzip(path: Path) -> BinaryIO:
    """The file's bytes, decompressed when it is gzip (whatever its name)."""
    with path.open("rb") as raw:
        magic = raw.read(2)
    if magic == GZIP_MAGIC:
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def sniff(path: Path) -> bytes:
    """The first bytes of the file's content, decompressed if gzip; a
    truncated or corrupt gzip gives what could be read."""
    with path.open("rb") as raw:
        head = raw.read(SNIFF_BYTES)
    if not head.startswith(GZIP_MAGIC):
        return head
    try:
        return zlib.decompressobj(wbits=31).decompress(head, SNIFF_BYTES)
    except zlib.error:
        return b""


def _name_format(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return SUFFIX_FORMATS.get(suffixes[-1]) if suffixes else None


def looks_binary(head: bytes) -> bool:
    """NUL bytes or many control characters: an image, a PDF, an archive.
    (Text in a wrong encoding is not binary: it gets a UTF-8 reason.)"""
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    return bool(head) and controls / len(head) > 0.05


def looks_like_url_list(head: bytes) -> bool:
    lines = [line for line in head.splitlines()[:50] if line.strip()]
    if len(head) == SNIFF_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut by the sniff window
    urls = [line for line in lines if line.strip().startswith((b"http://", b"https://"))]
    return bool(urls) and all(_URL_LINE.match(line) for line in lines)


def format_from_content(head: bytes) -> str | None:
    """The format the first bytes show, or None when they show none."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    lowered = text[:2048].lower()
    if text.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    if text.startswith(b"<"):
        if b"<rss" in lowered or b"<feed" in lowered or b"<rdf:rdf" in lowered:
            return "feed"
        if b"<html" in lowered or b"<!doctype html" in lowered or b"<body" in lowered or b"<head" in lowered:
            return "html"
        if lowered.startswith(b"<?xml"):
            return "feed"
        return "html"
    if text.startswith(b"{"):
        return "jsonl"
    if looks_like_url_list(text):
        return "urls"
    return None


def detect_format(path: Path, head: bytes) -> str:
    """The name says what a file is; the content decides where the name
    says nothing, and tells a .txt of URLs from a .txt article."""
    named = _name_format(path)
    if named == "text" and looks_like_url_list(head):
        return "urls"
    if named is not None:
        return named
    return format_from_content(head) or "text"
