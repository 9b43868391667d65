"""The web application: the API, the dashboard and their static files,
over one database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from communique import __version__
from communique.serve import api, dashboard
from communique.serve.access import DatabaseAccess
from communique.serve.code_service import CodingService
from communique.serve.security import BodyLimitMiddleware, SecurityHeadersMiddleware
from communique.serve.settings import ServeSettings


def create_app(settings: ServeSettings) -> FastAPI:
    """The app for `settings`; the database opens now (a bad path fails
    here, not at the first request) and closes when the app stops."""
    access = DatabaseAccess(
        settings.db, writable=settings.allow_write, cache_entries=settings.cache_entries, index=settings.index
    )

    coder = CodingService(settings.coders)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        coder.close()
        access.close()

    app = FastAPI(
        title="Communique",
        version=__version__,
        description="PLOVER/CAMEO-coded political events: query them, code new text. The dashboard is at /.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.access = access
    app.state.coding = coder
    app.include_router(api.router)
    app.include_router(dashboard.router)
    static = resources.files("communique.serve").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeadersMiddleware)
    return app
