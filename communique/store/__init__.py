"""Storage: the DuckDB database and the JSON Lines writers."""

from communique.store.database import SCHEMA_VERSION, EventDatabase
from communique.store.jsonl import JsonlWriter, rejects_path_for

__all__ = ["SCHEMA_VERSION", "EventDatabase", "JsonlWriter", "rejects_path_for"]
