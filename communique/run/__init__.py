"""Runners: how many articles get to the pipeline, and where results go."""

from communique.run.batch import RunSummary, run

__all__ = ["RunSummary", "run"]
