"""Ingest: inputs -> `Article`s (and `Reject`s for what cannot be coded)."""

from communique.ingest.readers import read_inputs, read_jsonl_stream, read_text_file
from communique.ingest.validate import DEFAULT_MAX_CHARS, article_from_record, parse_published

__all__ = [
    "DEFAULT_MAX_CHARS",
    "article_from_record",
    "parse_published",
    "read_inputs",
    "read_jsonl_stream",
    "read_text_file",
]
