"""A Parquet dataset in place of the DuckDB database, for very large runs
(`communique code --out DIR/`).

Layout (docs/storage.md, "A Parquet dataset"):

    DIR/articles/part-<run>-<n>.parquet    one row per coded article
    DIR/events/part-<run>-<n>.parquet      one row per event: the fields of event.schema.json
    DIR/rejects/part-<run>-<n>.parquet     inputs that could not be coded, with the reason
    DIR/duplicates/part-<run>-<n>.parquet  near-duplicate copies, linked to the article coded

Rows are buffered and written as parts of about `PART_ARTICLES` articles,
each table's part under the same name. A part is whole when its
`articles` file exists: that file is written last, and opening the dataset
deletes the other tables' files of a part that has none (a run killed
between the two). So a re-run resumes: articles already in the dataset
with the same text are skipped; one whose text changed is re-coded, its
old rows taken out of their part first; a reject or a copy already listed
is not listed again. Re-running the same input adds nothing.

One writer at a time: two runs into the same DIR at once are not supported.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from communique.errors import InputError
from communique.ingest.near_duplicates import NearDuplicate
from communique.model import Article, ArticleResult, Event, Reject
from communique.store.database import EventDatabase

# Articles per part file: big enough for few files and good row groups,
# small enough that a killed run loses little.
PART_ARTICLES = 2048
TABLES = ("articles", "events", "rejects", "duplicates")

ACTOR = pa.struct(
    [
        ("text", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("name", pa.string()),
        ("country", pa.string()),
        ("sector", pa.string()),
        ("wikidata", pa.string()),
        ("is_place", pa.bool_()),  # absent (null) in parts written before it existed
    ]
)
SPAN = pa.struct([("text", pa.string()), ("start", pa.int64()), ("end", pa.int64())])
PLACE = pa.struct(
    [
        ("text", pa.string()),
        ("name", pa.string()),
        ("country", pa.string()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("precision", pa.string()),
        ("admin1", pa.string()),
        ("geonames_id", pa.int64()),
        ("basis", pa.string()),
        ("confidence", pa.float64()),
    ]
)
# The record of event.schema.json (Event.to_dict()), field for field, and
# `position`: the event's place among its article's events.
EVENTS = pa.schema(
    [
        ("id", pa.string()),
        ("article_id", pa.string()),
        ("position", pa.int32()),
        ("sentence_index", pa.int32()),
        ("event_type", pa.string()),
        ("mode", pa.string()),
        ("contexts", pa.list_(pa.string())),
        ("cameo_code", pa.string()),
        ("quad_class", pa.int8()),
        ("goldstein", pa.float64()),
        ("source", pa.list_(ACTOR)),
        ("target", pa.list_(ACTOR)),
        ("trigger", SPAN),
        ("evidence", pa.string()),
        ("evidence_start", pa.int64()),
        ("evidence_end", pa.int64()),
        ("negated", pa.bool_()),
        ("hypothetical", pa.bool_()),
        ("future", pa.bool_()),
        ("historical", pa.bool_()),
        ("date", pa.string()),
        ("date_precision", pa.string()),
        ("date_text", pa.string()),
        ("location", PLACE),
        ("speaker", ACTOR),
        ("confidence", pa.float64()),
        ("is_main", pa.bool_()),
        ("signal", pa.string()),
        ("announced", pa.string()),
    ]
)
ARTICLES = pa.schema(
    [
        ("id", pa.string()),
        ("title", pa.string()),
        ("published", pa.date32()),
        ("source", pa.string()),
        ("url", pa.string()),
        ("language", pa.string()),
        ("text", pa.string()),
        ("content_hash", pa.string()),
        ("origin", pa.string()),
        ("line", pa.int64()),
        ("event_count", pa.int32()),
        ("coded_at", pa.timestamp("us")),
    ]
)
REJECTS = pa.schema(
    [
        ("origin", pa.string()),
        ("line", pa.int64()),
        ("article_id", pa.string()),
        ("reason", pa.string()),
        ("seen_at", pa.timestamp("us")),
    ]
)
DUPLICATES = pa.schema(
    [
        ("article_id", pa.string()),
        ("duplicate_of", pa.string()),
        ("similarity", pa.float64()),
        ("source", pa.string()),
        ("url", pa.string()),
        ("published", pa.date32()),
        ("origin", pa.string()),
        ("line", pa.int64()),
        ("seen_at", pa.timestamp("us")),
    ]
)
SCHEMAS = {"articles": ARTICLES, "events": EVENTS, "rejects": REJECTS, "duplicates": DUPLICATES}


def is_dataset_target(target: str | None) -> bool:
    """`--out DIR/` (a trailing slash) or an existing folder means a Parquet dataset."""
    if not target or target == "-":
        return False
    return target.endswith(("/", os.sep)) or Path(target).is_dir()


def event_rows(results: Sequence[ArticleResult]) -> list[dict]:
    return [{**event.to_dict(), "position": i} for r in results for i, event in enumerate(r.events)]


class ParquetDataset:
    """Writes coded articles, events, rejects and near-duplicate links as
    Parquet parts under one folder; knows which articles it already holds."""

    def __init__(self, folder: str | Path, *, part_articles: int = PART_ARTICLES) -> None:
        self.folder = Path(folder)
        self.part_articles = part_articles
        try:
            for table in TABLES:
                (self.folder / table).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"cannot write the Parquet dataset {self.folder}: {exc.strerror or exc}") from exc
        self._run = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}"
        self._parts_written = 0
        self.parts_removed = self._remove_unfinished_parts()
        # Article id -> (content hash, part name) of every article held.
        self._stored: dict[str, tuple[str, str]] = {}
        self._reject_keys: set[tuple[str, int | None, str]] = set()
        self._duplicate_ids: set[str] = set()
        self._load_keys()
        self._buffer: dict[str, list[dict]] = {table: [] for table in TABLES}
        self._buffered_articles: dict[str, str] = {}  # id -> content hash, not yet written

    def __enter__(self) -> ParquetDataset:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Writes what is buffered (also after an error: those batches are whole)."""
        self.flush()

    def _parts(self, table: str) -> list[Path]:
        return sorted((self.folder / table).glob("part-*.parquet"))

    def _remove_unfinished_parts(self) -> int:
        for leftover in self.folder.glob("*/.*.partial"):
            leftover.unlink()
        finished = {path.name for path in self._parts("articles")}
        removed = 0
        for table in TABLES[1:]:
            for path in self._parts(table):
                if path.name not in finished:
                    path.unlink()
                    removed += 1
        return removed

    def _load_keys(self) -> None:
        for path in self._parts("articles"):
            ids = pq.read_table(path, columns=["id", "content_hash"]).to_pydict()
            for article_id, digest in zip(ids["id"], ids["content_hash"], strict=True):
                self._stored[article_id] = (digest, path.name)
        for path in self._parts("rejects"):
            rows = pq.read_table(path, columns=["origin", "line", "reason"]).to_pydict()
            self._reject_keys.update(zip(rows["origin"], rows["line"], rows["reason"], strict=True))
        for path in self._parts("duplicates"):
            self._duplicate_ids.update(pq.read_table(path, columns=["article_id"]).column(0).to_pylist())

    @property
    def article_count(self) -> int:
        return len(self._stored) + len(self._buffered_articles)

    def stored_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        """Article id -> content hash, for those of `ids` the dataset holds."""
        found: dict[str, str] = {}
        for article_id in ids:
            if article_id in self._buffered_articles:
                found[article_id] = self._buffered_articles[article_id]
            elif article_id in self._stored:
                found[article_id] = self._stored[article_id][0]
        return found

    def events(self, article_ids: Iterable[str] | None = None) -> list[Event]:
        """Stored events (of the given articles only, if given), in article order."""
        self.flush()
        wanted = None if article_ids is None else set(article_ids)
        rows = [
            row
            for path in self._parts("events")
            for row in pq.read_table(path, schema=EVENTS).to_pylist()
            if wanted is None or row["article_id"] in wanted
        ]
        rows.sort(key=lambda row: (row["article_id"], row["position"]))
        return [Event.from_dict(row) for row in rows]

    def load_into(self, database: EventDatabase) -> int:
        """Copies the dataset into a DuckDB database (articles, events,
        rejects, near-duplicate links), part by part; returns the articles
        copied. Clusters are then computed there (`communique.dedup.recluster`)."""
        from communique.ingest.near_duplicates import record_near_duplicates

        self.flush()
        copied = 0
        for path in self._parts("articles"):
            events: dict[str, list[Event]] = {}
            rows = pq.read_table(self.folder / "events" / path.name, schema=EVENTS).to_pylist()
            for row in sorted(rows, key=lambda row: (row["article_id"], row["position"])):
                events.setdefault(row["article_id"], []).append(Event.from_dict(row))
            results = [
                ArticleResult(_article(row), tuple(events.get(row["id"], ())))
                for row in pq.read_table(path, schema=ARTICLES).to_pylist()
            ]
            rejects = [
                Reject(row["origin"], row["line"], row["reason"], row["article_id"])
                for row in pq.read_table(self.folder / "rejects" / path.name, schema=REJECTS).to_pylist()
            ]
            database.write(results, rejects)
            duplicates = pq.read_table(self.folder / "duplicates" / path.name, schema=DUPLICATES).to_pylist()
            record_near_duplicates(
                database.con,
                [
                    NearDuplicate(
                        _article({**row, "id": row["article_id"], "text": ""}), row["duplicate_of"], row["similarity"]
                    )
                    for row in duplicates
                ],
            )
            copied += len(results)
        return copied

    def write(
        self, results: Sequence[ArticleResult], rejects: Sequence[Reject] = (), duplicates: Sequence[NearDuplicate] = ()
    ) -> None:
        """Buffers a batch; writes a part once enough articles are buffered."""
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        for result in results:
            article = result.article
            self._buffered_articles[article.id] = article.content_hash
            self._buffer["articles"].append(
                {
                    "id": article.id,
                    "title": article.title,
                    "published": article.published,
                    "source": article.source,
                    "url": article.url,
                    "language": article.language,
                    "text": article.text,
                    "content_hash": article.content_hash,
                    "origin": article.origin,
                    "line": article.line,
                    "event_count": len(result.events),
                    "coded_at": now,
                }
            )
        self._buffer["events"].extend(event_rows(results))
        for reject in rejects:
            key = (reject.origin, reject.line, reject.reason)
            if key not in self._reject_keys:
                self._reject_keys.add(key)
                self._buffer["rejects"].append(
                    {
                        "origin": reject.origin,
                        "line": reject.line,
                        "article_id": reject.article_id,
                        "reason": reject.reason,
                        "seen_at": now,
                    }
                )
        for duplicate in duplicates:
            copy = duplicate.article
            if copy.id not in self._duplicate_ids:
                self._duplicate_ids.add(copy.id)
                self._buffer["duplicates"].append(
                    {
                        "article_id": copy.id,
                        "duplicate_of": duplicate.duplicate_of,
                        "similarity": duplicate.similarity,
                        "source": copy.source,
                        "url": copy.url,
                        "published": copy.published,
                        "origin": copy.origin,
                        "line": copy.line,
                        "seen_at": now,
                    }
                )
        if len(self._buffered_articles) >= self.part_articles:
            self.flush()

    def flush(self) -> None:
        """Writes the buffered rows as one part (nothing when nothing is buffered)."""
        if not any(self._buffer.values()):
            return
        name = f"part-{self._run}-{self._parts_written:05d}.parquet"
        # An article coded again (its text changed) leaves its old part
        # first: a run killed in between has lost it, and codes it again.
        self._remove_articles({a for a in self._buffered_articles if a in self._stored})
        for table in TABLES[1:]:  # articles last: its file says the part is whole
            _write(pa.Table.from_pylist(self._buffer[table], schema=SCHEMAS[table]), self.folder / table / name)
        _write(pa.Table.from_pylist(self._buffer["articles"], schema=ARTICLES), self.folder / "articles" / name)
        for article_id, digest in self._buffered_articles.items():
            self._stored[article_id] = (digest, name)
        self._parts_written += 1
        self._buffer = {table: [] for table in TABLES}
        self._buffered_articles = {}

    def _remove_articles(self, ids: set[str]) -> None:
        """Rewrites the parts holding these articles without their rows."""
        parts = {self._stored[article_id][1] for article_id in ids}
        for name in sorted(parts):
            for table, column in (("events", "article_id"), ("articles", "id")):
                path = self.folder / table / name
                rows = pq.read_table(path, schema=SCHEMAS[table])
                keep = pc.invert(pc.is_in(rows.column(column), value_set=pa.array(sorted(ids))))
                _write(rows.filter(keep), path)
        for article_id in ids:
            del self._stored[article_id]


def _article(row: dict) -> Article:
    return Article(
        id=row["id"],
        text=row["text"],
        title=row.get("title"),
        published=row["published"],
        url=row["url"],
        source=row["source"],
        language=row.get("language"),
        origin=row["origin"] or "",
        line=row["line"],
    )


def is_dataset(path: str | Path) -> bool:
    """A folder written by `communique code --out DIR/`."""
    return (Path(path) / "articles").is_dir() and (Path(path) / "events").is_dir()


def open_as_database(folder: str | Path) -> EventDatabase:
    """The dataset in an in-memory DuckDB database, clustered, for the
    commands that read a database (`communique query --db DIR/`...)."""
    from communique.dedup import recluster

    database = EventDatabase(":memory:")
    with ParquetDataset(folder) as dataset:
        dataset.load_into(database)
    recluster(database)
    return database


def _write(table: pa.Table, path: Path) -> None:
    """Written beside its name and renamed into it: a file that exists is whole."""
    partial = path.with_name(f".{path.name}.partial")
    pq.write_table(table, partial)
    os.replace(partial, path)
