"""Starting the server (uvicorn) for `communique serve`."""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

from fastapi import FastAPI

from communique.errors import InputError
from communique.serve.app import create_app
from communique.serve.settings import ServeSettings

# How worker processes get their settings (the token stays in COMMUNIQUE_TOKEN).
_SETTINGS_VARIABLE = "COMMUNIQUE_SERVE_SETTINGS"


def app_from_environment() -> FastAPI:
    """The app factory each uvicorn worker process calls."""
    values = json.loads(os.environ[_SETTINGS_VARIABLE])
    return create_app(ServeSettings(**values, token=os.environ.get("COMMUNIQUE_TOKEN") or None))


def serve(settings: ServeSettings, *, host: str = "127.0.0.1", port: int = 8000, workers: int = 1, access_log=False):
    """Serve until interrupted. Several worker processes need a read-only
    database (DuckDB lets many processes read a file, only one write it)."""
    import uvicorn

    if not Path(settings.db).is_file():
        raise InputError(f"database not found: {settings.db} (make one with `communique code ... --db FILE`)")
    if workers < 1:
        raise InputError("--workers must be at least 1")
    if workers > 1 and settings.allow_write:
        raise InputError("--allow-write needs a single worker: DuckDB lets only one process write")
    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port, access_log=access_log, log_level="info")
        return
    values = {k: v for k, v in asdict(settings).items() if k != "token"}
    os.environ[_SETTINGS_VARIABLE] = json.dumps(values)
    uvicorn.run(
        "communique.serve.run:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=access_log,
        log_level="info",
    )
