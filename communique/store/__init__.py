"""Storage: the DuckDB database and the JSON Lines writers."""

from communique.store.database import EventDatabase
from communique.store.jsonl import JsonlWriter, rejects_path_for
from communique.store.schema import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "EventDatabase", "JsonlWriter", "rejects_path_for"]
