"""Near-duplicate articles: the same wire story republished by many outlets.

Each article's text becomes a set of word 5-grams (shingles) summarised by
a MinHash; an LSH index finds earlier articles whose estimated Jaccard
similarity passes the threshold. The first article of a group is coded;
each later copy becomes a `NearDuplicate` that points at it, so that it is
not coded twice but its outlet still counts as a source of the events
(the `article_duplicates` table, and the rejects file, hold the links).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from communique.ingest.options import DEFAULT_NEAR_DUPLICATE_THRESHOLD
from communique.model import Article, Reject

SHINGLE_WORDS = 5
NUM_PERM = 128
# datasketch's hashing scheme: stored signatures are comparable only within one.
SCHEME = "affine32"
DEFAULT_THRESHOLD = DEFAULT_NEAR_DUPLICATE_THRESHOLD
# Too short to tell a copy from a coincidence.
MIN_WORDS = 25

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    """An article not coded because an earlier one has (almost) its text."""

    article: Article
    duplicate_of: str
    similarity: float

    @property
    def reason(self) -> str:
        return (
            f"near-duplicate of {self.duplicate_of!r} (similarity {self.similarity:.2f}): "
            f"coded once as {self.duplicate_of!r}, recorded as another source of it"
        )

    def to_dict(self) -> dict[str, Any]:
        """The shape of a reject record, with the link and outlet added."""
        article = self.article
        return {
            "origin": article.origin,
            "line": article.line,
            "reason": self.reason,
            "article_id": article.id,
            "duplicate_of": self.duplicate_of,
            "similarity": round(self.similarity, 4),
            "source": article.source,
            "url": article.url,
            "published": article.published.isoformat() if article.published else None,
        }


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


class NearDuplicateIndex:
    """Remembers the articles kept so far and finds copies of them.

    Memory is about 1 KB per kept article (the MinHash signatures), so an
    index of a million articles needs about a gigabyte. With a database,
    `load` brings in the articles coded by earlier runs."""

    def __init__(self, *, threshold: float = DEFAULT_THRESHOLD, num_perm: int = NUM_PERM) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._signatures: dict[str, Any] = {}

    def _minhash(self, text: str):
        from datasketch import MinHash

        signature = MinHash(num_perm=self.num_perm, seed=1, scheme=SCHEME)
        signature.update_batch(list(shingles(text)))
        return signature

    def check(self, article: Article) -> NearDuplicate | None:
        """A NearDuplicate when an earlier article is a copy of this one;
        otherwise None, and the article is remembered for later ones."""
        if len(_WORD.findall(article.text[:2000])) < MIN_WORDS or article.id in self._signatures:
            return None
        signature = self._minhash(article.text)
        best_id, best = None, 0.0
        for candidate in self._lsh.query(signature):
            similarity = signature.jaccard(self._signatures[candidate])
            if similarity > best or (similarity == best and best_id is not None and candidate < best_id):
                best_id, best = candidate, similarity
        if best_id is not None and best >= self.threshold:
            return NearDuplicate(article, best_id, best)
        self._lsh.insert(article.id, signature)
        self._signatures[article.id] = signature
        return None

    def load(self, con) -> int:
        """Remember the articles of earlier runs (their signatures, stored by
        `store_batch` in a DuckDB connection), so that a copy arriving in a
        later run is linked too. Returns how many were loaded."""
        import numpy as np
        from datasketch import MinHash

        con.execute(SIGNATURES_SCHEMA)
        rows = con.execute(
            "SELECT article_id, signature FROM article_signatures WHERE scheme = ? ORDER BY article_id", [SCHEME]
        ).fetchall()
        for article_id, blob in rows:
            values = np.frombuffer(blob, dtype=np.uint64)
            if len(values) != self.num_perm or article_id in self._signatures:
                continue
            signature = MinHash(num_perm=self.num_perm, seed=1, hashvalues=values, scheme=SCHEME)
            self._lsh.insert(article_id, signature)
            self._signatures[article_id] = signature
        return len(rows)

    def signature_bytes(self, article_id: str) -> bytes | None:
        signature = self._signatures.get(article_id)
        return signature.hashvalues.astype("uint64").tobytes() if signature is not None else None

    def mark(self, items: Iterable[Article | Reject]) -> Iterator[Article | Reject | NearDuplicate]:
        """The stream with every copy of an earlier article as a NearDuplicate."""
        for item in items:
            if isinstance(item, Article):
                duplicate = self.check(item)
                yield duplicate if duplicate is not None else item
            else:
                yield item


DUPLICATES_SCHEMA = """
CREATE TABLE IF NOT EXISTS article_duplicates (
    article_id VARCHAR PRIMARY KEY,   -- the copy, not coded
    duplicate_of VARCHAR NOT NULL,    -- the article coded in its place (articles.id)
    similarity DOUBLE NOT NULL,
    source VARCHAR,                   -- the copy's outlet: one more source for the events
    url VARCHAR,
    published DATE,
    origin VARCHAR,
    seen_at TIMESTAMP NOT NULL
);
"""


SIGNATURES_SCHEMA = """
CREATE TABLE IF NOT EXISTS article_signatures (
    article_id VARCHAR PRIMARY KEY,   -- a coded article (articles.id)
    signature BLOB NOT NULL,          -- its MinHash, NUM_PERM unsigned 64-bit values
    scheme VARCHAR NOT NULL           -- datasketch's hashing scheme that made it
);
"""


def store_batch(con, index: NearDuplicateIndex | None, coded_ids: list[str], duplicates: list[NearDuplicate]) -> None:
    """After a batch is written: the copies' links, and the coded articles'
    signatures for the next run's index."""
    record_near_duplicates(con, duplicates)
    if index is None:
        return
    con.execute(SIGNATURES_SCHEMA)
    rows = [(article_id, blob, SCHEME) for article_id in coded_ids if (blob := index.signature_bytes(article_id))]
    if rows:
        con.executemany("INSERT OR REPLACE INTO article_signatures VALUES (?, ?, ?)", rows)


def record_near_duplicates(con, duplicates: list[NearDuplicate]) -> None:
    """Store the links in a DuckDB connection (an `EventDatabase`'s `con`).

    One row per copy, keyed by its id, so a re-run replaces and never adds.
    The events of an article are then reported by
    `SELECT source FROM articles WHERE id = ? UNION ALL
     SELECT source FROM article_duplicates WHERE duplicate_of = ?`."""
    con.execute(DUPLICATES_SCHEMA)
    if not duplicates:
        return
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = [
        (
            d.article.id,
            d.duplicate_of,
            d.similarity,
            d.article.source,
            d.article.url,
            d.article.published,
            d.article.origin,
            now,
        )
        for d in duplicates
    ]
    con.execute("BEGIN TRANSACTION")
    try:
        con.executemany("INSERT OR REPLACE INTO article_duplicates VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
