"""Querying a database: filtered events and clusters, a dyad's time series,
totals. Library functions that the CLI (and any HTTP API) call."""

from communique.query.dataset import Dataset
from communique.query.filters import EventFilter
from communique.query.select import Stats, database_stats, dyad_series, query_events

__all__ = ["Dataset", "EventFilter", "Stats", "database_stats", "dyad_series", "query_events"]
