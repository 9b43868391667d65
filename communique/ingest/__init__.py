"""Ingest: inputs -> `Article`s (and `Reject`s for what cannot be coded).

Formats, options and reject reasons: docs/inputs.md and docs/ingest.md.
"""

from communique.ingest.options import FORMATS, FetchSettings, IngestOptions, IngestStats, TableColumns
from communique.ingest.readers import read_inputs, read_jsonl_stream, read_text_file
from communique.ingest.validate import DEFAULT_MAX_CHARS, article_from_record, parse_published

__all__ = [
    "DEFAULT_MAX_CHARS",
    "FORMATS",
    "FetchSettings",
    "IngestOptions",
    "IngestStats",
    "TableColumns",
    "article_from_record",
    "parse_published",
    "read_inputs",
    "read_jsonl_stream",
    "read_text_file",
]
