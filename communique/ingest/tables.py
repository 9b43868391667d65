"""CSV and TSV files -> one `Article` per row, through a column mapping.

The header names the columns; `TableColumns` says which holds the text
(required), the id, title, date, URL, outlet and language. Dates may be
ISO 8601, RFC 2822 (as in feeds and mail) or a compact YYYYMMDD.
"""

from __future__ import annotations

import csv
import datetime as dt
import email.utils
import io
import sys
from collections.abc import Iterator
from typing import BinaryIO

from communique.ingest.options import TableColumns
from communique.ingest.validate import DEFAULT_MAX_CHARS, article_from_record, parse_published
from communique.model import Article, Reject


def normalise_date(value: str) -> str:
    """An ISO date for the common ways tables and feeds write dates; the
    value unchanged when none fits (validation then says what is wrong)."""
    text = value.strip()
    try:
        return parse_published(text).isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return text


def read_table(
    stream: BinaryIO,
    *,
    origin: str,
    delimiter: str,
    columns: TableColumns,
    default_published: dt.date | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Iterator[Article | Reject]:
    """Every row of one CSV/TSV file; a header without the text column is
    one Reject for the file. Line numbers are the row's first line."""
    # A cell may hold a whole article; the csv module's default cap is 128 KB.
    csv.field_size_limit(min(sys.maxsize, max_chars * 4 + 1))
    text_stream = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.reader(text_stream, delimiter=delimiter)
    try:
        header = next(reader, None)
    except (UnicodeDecodeError, csv.Error) as exc:
        yield Reject(origin, 1, f"cannot read the header row: {exc}")
        return
    if not header:
        yield Reject(origin, None, "empty table: no header row")
        return
    header = [name.strip() for name in header]
    if columns.text not in header:
        yield Reject(
            origin,
            1,
            f"no column {columns.text!r} in the header (columns: {', '.join(header)}); "
            "name the text column with --text-column",
        )
        return
    mapping = {
        field: header.index(name)
        for field, name in (
            ("text", columns.text),
            ("id", columns.id),
            ("title", columns.title),
            ("published", columns.published),
            ("url", columns.url),
            ("source", columns.source),
            ("language", columns.language),
        )
        if name and name in header
    }
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            yield Reject(origin, line, f"not valid UTF-8 ({exc.reason}); the rest of the file was not read")
            return
        except csv.Error as exc:
            yield Reject(origin, line, f"not a readable CSV row ({exc}); the rest of the file was not read")
            return
        row_line = line
        line = reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield Reject(origin, row_line, f"row has {len(row)} cells, the header has {len(header)}")
            continue
        record: dict[str, str] = {}
        for field, index in mapping.items():
            cell = row[index]
            if field != "text":
                cell = cell.strip()
                if not cell:
                    continue
            record[field] = normalise_date(cell) if field == "published" else cell
        yield article_from_record(
            record, origin=origin, line=row_line, default_published=default_published, max_chars=max_chars
        )
