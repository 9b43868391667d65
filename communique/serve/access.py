"""How the server reaches the database: one connection per process, a
cursor per worker thread, and for a read-only database the page index
(communique/serve/page_index.py) that serves GET /v1/events.

Without --allow-write the database is opened read-only, so no request can
change it whatever it sends. DuckDB cursors of one connection can run
queries at the same time, so readers do not wait on each other.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar

from communique.query.filters import EventFilter
from communique.serve import reads
from communique.serve.page_index import PageIndex
from communique.store import EventDatabase


class _CursorDatabase(EventDatabase):
    """An EventDatabase over a cursor of another's connection (the query
    functions take an EventDatabase and use its `con`)."""

    def __init__(self, parent: EventDatabase) -> None:
        # No super().__init__(): that would open a second connection.
        self.path = parent.path
        self.con = parent.con.cursor()


T = TypeVar("T")


class DatabaseAccess:
    """`cache_entries` results of read queries are kept (least recently used
    dropped first) when the database is read-only: nothing can change them.
    For the same reason a read-only database gets a page index (`index`):
    a writable one is queried directly, so that what was stored shows at once."""

    def __init__(self, path: str | Path, *, writable: bool = False, cache_entries: int = 0, index: bool = True) -> None:
        self.path = str(path)
        self.writable = writable
        self.cache_entries = 0 if writable else cache_entries
        self._cache: OrderedDict[Hashable, object] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._database = EventDatabase(path, read_only=not writable)
        self._local = threading.local()
        self.index = PageIndex.build(self._database) if index and not writable else None
        # Writes are serialised: one coding request stores at a time.
        self.write_lock = threading.Lock()

    def reader(self) -> EventDatabase:
        """This thread's cursor, made on first use."""
        cursor = getattr(self._local, "db", None)
        if cursor is None:
            cursor = self._local.db = _CursorDatabase(self._database)
        return cursor

    def page(self, spec: EventFilter, *, offset: int = 0) -> reads.Page:
        """A page of clusters or event mentions (reads.page), from the index when there is one."""
        if self.index is not None:
            return self.index.page(spec, offset=offset)
        return reads.page(self.reader(), spec, offset=offset)

    def cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        """compute(), or its remembered result for `key`."""
        if not self.cache_entries:
            return compute()
        with self._cache_lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]  # type: ignore[return-value]
        value = compute()
        with self._cache_lock:
            self._cache[key] = value
            while len(self._cache) > self.cache_entries:
                self._cache.popitem(last=False)
        return value

    def writer(self) -> EventDatabase:
        """The read-write database; only with `writable`, under `write_lock`."""
        if not self.writable:
            raise PermissionError("the database is open read-only (start the server with --allow-write)")
        return self._database

    def close(self) -> None:
        if self.index is not None:
            self.index.close()
        self._database.close()
