"""Exports of a Communique database in the formats the field uses:
Parquet and CSV (one row per event), JSON Lines (full event records),
PLOVER JSON records, and a GDELT 2.0 event table (one row per cluster).
docs/exports.md documents each mapping and what it loses."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Literal

from communique.errors import InputError
from communique.store import EventDatabase

Format = Literal["parquet", "csv", "jsonl", "plover", "gdelt"]
FORMATS: tuple[Format, ...] = ("parquet", "csv", "jsonl", "plover", "gdelt")
STDOUT = "-"


def export(db: EventDatabase, format: Format, out: str | Path = STDOUT) -> int:
    """Write the database's events in `format` to `out` (a path, or "-" for
    standard output; Parquet needs a path). Returns the rows written."""
    if format not in FORMATS:
        raise InputError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    target = str(out)
    if format in ("parquet", "csv"):
        return _write_table(db, format, target)
    try:
        handle: IO[str] = sys.stdout if target == STDOUT else Path(target).open("w", encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise InputError(f"cannot write {target}: {exc.strerror}") from exc
    try:
        return _write_text(db, format, handle)
    finally:
        if handle is not sys.stdout:
            handle.close()
        else:
            handle.flush()


def _write_table(db: EventDatabase, format: Format, target: str) -> int:
    import pyarrow.csv as pa_csv
    import pyarrow.parquet as pq

    from communique.export.flat import flat_events

    table = flat_events(db)
    if format == "parquet":
        if target == STDOUT:
            raise InputError("Parquet is binary: give --out FILE")
        try:
            pq.write_table(table, target, compression="zstd")
        except OSError as exc:
            raise InputError(f"cannot write {target}: {exc}") from exc
    else:
        sink = sys.stdout.buffer if target == STDOUT else target
        try:
            pa_csv.write_csv(table, sink)
        except OSError as exc:
            raise InputError(f"cannot write {target}: {exc}") from exc
    return table.num_rows


def _write_text(db: EventDatabase, format: Format, handle: IO[str]) -> int:
    count = 0
    if format == "gdelt":
        from communique.export.gdelt import gdelt_rows

        for row in gdelt_rows(db):
            handle.write("\t".join(_clean(v) for v in row) + "\n")
            count += 1
        return count
    if format == "plover":
        from communique.export.plover import plover_records

        records = plover_records(db)
    else:
        from communique.export.flat import event_records

        records = event_records(db)
    for record in records:
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def _clean(value: str) -> str:
    """A tab or line break inside a field would break the TSV's columns."""
    return value.replace("\t", " ").replace("\n", " ").replace("\r", " ")


__all__ = ["FORMATS", "Format", "export"]
