"""How the server reaches the database: one connection per process, a
cursor per worker thread.

Without --allow-write the database is opened read-only, so no request can
change it whatever it sends. DuckDB cursors of one connection can run
queries at the same time, so readers do not wait on each other.
"""

from __future__ import annotations

import threading
from pathlib import Path

from communique.store import EventDatabase


class _CursorDatabase(EventDatabase):
    """An EventDatabase over a cursor of another's connection (the query
    functions take an EventDatabase and use its `con`)."""

    def __init__(self, parent: EventDatabase) -> None:
        # No super().__init__(): that would open a second connection.
        self.path = parent.path
        self.con = parent.con.cursor()


class DatabaseAccess:
    def __init__(self, path: str | Path, *, writable: bool = False) -> None:
        self.path = str(path)
        self.writable = writable
        self._database = EventDatabase(path, read_only=not writable)
        self._local = threading.local()
        # Writes are serialised: one coding request stores at a time.
        self.write_lock = threading.Lock()

    def reader(self) -> EventDatabase:
        """This thread's cursor, made on first use."""
        cursor = getattr(self._local, "db", None)
        if cursor is None:
            cursor = self._local.db = _CursorDatabase(self._database)
        return cursor

    def writer(self) -> EventDatabase:
        """The read-write database; only with `writable`, under `write_lock`."""
        if not self.writable:
            raise PermissionError("the database is open read-only (start the server with --allow-write)")
        return self._database

    def close(self) -> None:
        self._database.close()
