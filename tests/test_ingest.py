"""Bad input never crashes a batch and never vanishes: each bad record
becomes a Reject with its file, line and reason."""

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from communique.errors import InputError
from communique.ingest import read_inputs, read_jsonl_stream
from communique.model import Article, Reject


def _lines(*records: bytes) -> io.BytesIO:
    return io.BytesIO(b"\n".join(records) + b"\n")


def test_good_and_bad_lines_keep_their_order_and_line_numbers():
    stream = _lines(
        json.dumps({"id": "a", "text": "Kenya and Uganda signed a trade pact.", "published": "2024-05-02"}).encode(),
        b"{not json",
        json.dumps({"id": "b", "title": "no text"}).encode(),
        json.dumps({"id": "c", "text": "   "}).encode(),
        b'{"id": "d", "text": "caf\xe9 au lait"}',
        json.dumps({"id": "e", "text": "x" * 5_000_001}).encode(),
        json.dumps({"id": "f", "text": "Brazil hosted talks.", "language": "pt"}).encode(),
        json.dumps(["a", "list"]).encode(),
        json.dumps({"id": "g", "text": "Peru protested.", "published": "yesterday"}).encode(),
    )
    items = list(read_jsonl_stream(stream, origin="in.jsonl"))
    assert isinstance(items[0], Article)
    assert items[0].published == dt.date(2024, 5, 2)
    rejects = items[1:]
    assert all(isinstance(r, Reject) for r in rejects)
    assert [r.line for r in rejects] == [2, 3, 4, 5, 6, 7, 8, 9]
    reasons = [r.reason for r in rejects]
    assert "not valid JSON" in reasons[0]
    assert "missing required field 'text'" in reasons[1]
    assert "empty" in reasons[2]
    assert "UTF-8" in reasons[3]
    assert "over the limit" in reasons[4] or "too large" in reasons[4]
    assert reasons[5].startswith("language:") and reasons[5] != "language:en"
    assert "JSON object" in reasons[6]
    assert "ISO 8601" in reasons[7]
    assert rejects[1].article_id == "b"
    assert all(r.origin == "in.jsonl" for r in rejects)


def test_an_article_without_id_gets_a_content_hash_id():
    first = next(read_jsonl_stream(_lines(b'{"text": "Chile recalled its ambassador."}'), origin="x"))
    second = next(read_jsonl_stream(_lines(b'{"text": "Chile recalled its ambassador."}'), origin="y"))
    assert first.id == second.id
    assert first.id.startswith("sha256-")


def test_default_publication_date_fills_only_missing_dates():
    stream = _lines(
        b'{"id": "a", "text": "Chile recalled its ambassador."}',
        b'{"id": "b", "text": "Peru did too.", "published": "2020-01-02T10:00:00Z"}',
    )
    a, b = read_jsonl_stream(stream, origin="x", default_published=dt.date(2021, 8, 16))
    assert a.published == dt.date(2021, 8, 16)
    assert b.published == dt.date(2020, 1, 2)


def test_text_files_and_folders(tmp_path: Path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "one.txt").write_text("Ghana hosted talks with Togo.", encoding="utf-8")
    (folder / "two.txt").write_bytes(b"bad \xff bytes")
    (folder / "notes.md").write_text("ignored", encoding="utf-8")
    items = list(read_inputs([str(folder)], default_published=dt.date(2024, 1, 5)))
    assert [type(i) for i in items] == [Article, Reject]
    assert items[0].id == "one"
    assert items[0].published == dt.date(2024, 1, 5)
    assert "UTF-8" in items[1].reason


def test_a_missing_input_stops_the_run_before_reading_anything(tmp_path: Path):
    with pytest.raises(InputError, match="input not found"):
        list(read_inputs([str(tmp_path / "nope.jsonl")]))
