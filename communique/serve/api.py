"""The HTTP API (/v1) and /healthz: each route validates its parameters,
calls one library function and sends its result."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.concurrency import run_in_threadpool

from communique.errors import CommuniqueError, InputError
from communique.model import ArticleResult, Reject
from communique.query.filters import EventFilter
from communique.query.select import database_stats
from communique.serve import reads
from communique.serve.access import DatabaseAccess
from communique.serve.code_service import CodingService
from communique.serve.dyads import ActorRef, actor_dyad_series, check_actor, describe, dyad_choices, parse_actor
from communique.serve.security import bearer_token, token_matches
from communique.serve.settings import MAX_ARTICLES_PER_REQUEST, ServeSettings

router = APIRouter()

# Patterns for the filters: anything else is refused with 422 before any query runs.
ACTOR_CODE = r"^[A-Za-z]{3}([A-Za-z]{3})?$"
COUNTRY_CODE = r"^[A-Za-z]{3}$"
EVENT_TYPE = r"^([A-Za-z_]{2,40}|[0-9]{1,4})$"
ID = r"^[A-Za-z0-9_.:-]{1,100}$"
MAX_TEXT_CHARS = 200_000
Period = Literal["day", "week", "month", "year"]


async def access(request: Request) -> DatabaseAccess:
    return request.app.state.access


async def settings(request: Request) -> ServeSettings:
    return request.app.state.settings


@dataclass(frozen=True)
class EventQuery:
    """The filters of `communique query`, from query parameters."""

    source: str | None = None
    target: str | None = None
    event_type: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    country: str | None = None
    place: str | None = None
    include_negated: bool = False

    def to_filter(self, *, level: Literal["clusters", "events"] = "clusters", limit: int | None = 50) -> EventFilter:
        try:
            return EventFilter(
                source=self.source,
                target=self.target,
                event_type=self.event_type,
                date_from=self.date_from,
                date_to=self.date_to,
                country=self.country,
                place=self.place,
                include_negated=self.include_negated,
                level=level,
                limit=limit,
            )
        except InputError as exc:
            raise HTTPException(status_code=422, detail=exc.message) from None


# An async dependency: it runs on the event loop, not in a worker thread.
async def event_query(
    source: Annotated[str | None, Query(pattern=ACTOR_CODE, description="source actor: CHN, or CHNGOV")] = None,
    target: Annotated[str | None, Query(pattern=ACTOR_CODE, description="target actor, as source")] = None,
    type: Annotated[
        str | None, Query(pattern=EVENT_TYPE, description="PLOVER type (CONSULT) or CAMEO prefix (19)")
    ] = None,
    date_from: Annotated[dt.date | None, Query(alias="from", description="on or after (YYYY-MM-DD)")] = None,
    date_to: Annotated[dt.date | None, Query(alias="to", description="on or before (YYYY-MM-DD)")] = None,
    country: Annotated[
        str | None, Query(pattern=COUNTRY_CODE, description="either side's country or the place's")
    ] = None,
    place: Annotated[str | None, Query(min_length=1, max_length=100, description="place name")] = None,
    include_negated: Annotated[bool, Query(description="also negated, hypothetical, future")] = False,
) -> EventQuery:
    return EventQuery(source, target, type, date_from, date_to, country, place, include_negated)


class EventsPage(BaseModel):
    items: list[dict[str, Any]] = Field(
        description="event clusters (level=clusters) or event records in event.schema.json (level=events)"
    )
    offset: int
    limit: int
    count: int
    next: str | None = Field(description="the next page's URL, or null on the last page")


@router.get("/healthz", tags=["health"])
def healthz(db: Annotated[DatabaseAccess, Depends(access)]) -> dict[str, Any]:
    """The server is up and its database answers."""
    try:
        events = db.reader().count("events")
    except Exception as exc:  # any database failure is "not healthy", with its reason
        raise HTTPException(status_code=503, detail=f"database unavailable: {type(exc).__name__}") from None
    return {"status": "ok", "events": events, "writable": db.writable}


@router.get("/v1/events", response_model=EventsPage, tags=["events"])
async def list_events(
    request: Request,
    db: Annotated[DatabaseAccess, Depends(access)],
    filters: Annotated[EventQuery, Depends(event_query)],
    level: Annotated[Literal["clusters", "events"], Query(description="clusters (default) or mentions")] = "clusters",
    limit: Annotated[int, Query(ge=1, le=reads.MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    """Events matching the filters of `communique query`, newest first, a page at a time.
    Negated, hypothetical and future events are left out unless include_negated."""
    spec = filters.to_filter(level=level, limit=limit)
    # A page from the index (tens of microseconds) or one short DuckDB query
    # costs less on the event loop than a hop to a worker thread and back.
    result = db.cached(("page", spec, offset), lambda: db.page(spec, offset=offset))
    next_url = str(request.url.include_query_params(offset=offset + limit)) if result.has_more else None
    return Response(result.to_json(next_url), media_type="application/json")


@router.get("/v1/events/{event_id}", tags=["events"])
def get_event(
    event_id: Annotated[str, Path(pattern=ID)], db: Annotated[DatabaseAccess, Depends(access)]
) -> dict[str, Any]:
    """One event cluster (by its id or a mention's id) with every mention: the coded event, its
    evidence sentence and trigger, and the article it came from."""
    detail = reads.event_detail(db.reader(), event_id)
    if detail is None:
        raise HTTPException(status_code=404, detail=f"no event {event_id!r}")
    return detail.to_dict()


def frame_records(frame) -> list[dict[str, Any]]:
    """A DataFrame as JSON-ready records: dates as ISO text, NaN as null."""
    records = frame.to_dict(orient="records")
    for record in records:
        for key, value in record.items():
            if hasattr(value, "isoformat"):
                record[key] = value.date().isoformat() if hasattr(value, "date") else value.isoformat()
            elif isinstance(value, float) and math.isnan(value):
                record[key] = None
    return records


ACTOR_REFERENCE = r"^[^/]{1,110}$"


def actor_reference(db: DatabaseAccess, text: str) -> ActorRef:
    try:
        ref = parse_actor(text)
        check_actor(db.reader(), ref)
    except InputError as exc:
        raise HTTPException(status_code=422, detail=exc.message) from None
    return ref


@router.get("/v1/dyads/{a}/{b}", tags=["dyads"])
def get_dyad(
    a: Annotated[
        str,
        Path(
            pattern=ACTOR_REFERENCE,
            description="a country (USA), a country's sector (USAGOV), a Wikidata id (Q7747) or an actor's name",
        ),
    ],
    b: Annotated[str, Path(pattern=ACTOR_REFERENCE, description="the other actor, as a")],
    db: Annotated[DatabaseAccess, Depends(access)],
    by: Period = "month",
    directed: Annotated[bool, Query(description="only a as source and b as target")] = False,
) -> dict[str, Any]:
    """The dyad's time series (both directions unless `directed`): clusters per QuadClass, summed
    Goldstein and the cooperation-conflict balance per period, every period between the first and
    last. Two countries are counted by their clusters' source and target countries (`communique
    dyad`); a sector or a named actor by the actors of each mention."""
    first, second = actor_reference(db, a), actor_reference(db, b)
    reader = db.reader()
    series = actor_dyad_series(reader, first, second, by=by, directed=directed)
    return {
        "a": first.key,
        "b": second.key,
        "by": by,
        "directed": directed,
        "actors": [describe(reader, first), describe(reader, second)],
        "series": frame_records(series),
    }


@router.get("/v1/actors", tags=["actors"])
def list_actors(
    db: Annotated[DatabaseAccess, Depends(access)],
    filters: Annotated[EventQuery, Depends(event_query)],
    top: Annotated[int, Query(ge=1, le=500)] = 50,
    kind: Annotated[
        Literal["countries", "dyad-choices"],
        Query(description="countries (default; takes the filters) or dyad-choices: countries, sectors, named actors"),
    ] = "countries",
) -> dict[str, Any]:
    """Actors (countries) by the event clusters they are in, as source or target; or, with
    kind=dyad-choices, the busiest countries, country sectors and named actors (Wikidata ids),
    each with the key that /v1/dyads takes."""
    if kind == "dyad-choices":
        return {"actors": dyad_choices(db.reader(), top=top)}
    return {"actors": reads.actors(db.reader(), filters.to_filter(limit=None), top=top)}


@router.get("/v1/stats", tags=["stats"])
def stats(
    db: Annotated[DatabaseAccess, Depends(access)],
    top: Annotated[int, Query(ge=1, le=100)] = 10,
    by: Period = "year",
) -> dict[str, Any]:
    """Totals, the most active actors and dyads, and event types per period (`communique stats`)."""
    result = database_stats(db.reader(), top=top, by=by)
    return {
        "articles": result.articles,
        "events": result.events,
        "clusters": result.clusters,
        "rejects": result.rejects,
        "top_actors": frame_records(result.top_actors),
        "top_dyads": frame_records(result.top_dyads),
        "types_over_time": frame_records(result.types_over_time),
    }


class ArticleIn(BaseModel):
    """An article as in article.schema.json; only `text` is required."""

    model_config = ConfigDict(extra="ignore")
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    id: str | None = Field(None, max_length=200)
    title: str | None = Field(None, max_length=2_000)
    published: str | None = Field(None, max_length=40, description="YYYY-MM-DD")
    url: str | None = Field(None, max_length=4_000)
    source: str | None = Field(None, max_length=200)
    language: str | None = Field(None, max_length=20)


class CodeRequest(BaseModel):
    """Either `text` (one article) or `articles`."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(None, min_length=1, max_length=MAX_TEXT_CHARS)
    title: str | None = Field(None, max_length=2_000)
    published: str | None = Field(None, max_length=40, description="YYYY-MM-DD, for articles that have none")
    articles: list[ArticleIn] | None = Field(None, min_length=1, max_length=MAX_ARTICLES_PER_REQUEST)
    store: bool = Field(False, description="also store in the database (server started with --allow-write; token)")

    @model_validator(mode="after")
    def one_input(self) -> CodeRequest:
        if (self.text is None) == (self.articles is None):
            raise ValueError("give either text or articles")
        return self


async def coding(request: Request) -> CodingService:
    return request.app.state.coding


def store(db: DatabaseAccess, results: list[ArticleResult], rejects: list[Reject]) -> None:
    """Write coded articles and cluster them again; one request writes at a time."""
    from communique.dedup import recluster

    with db.write_lock:
        writer = db.writer()
        writer.write(results, rejects)
        recluster(writer)


@router.post("/v1/code", tags=["code"])
async def code(
    body: CodeRequest,
    db: Annotated[DatabaseAccess, Depends(access)],
    config: Annotated[ServeSettings, Depends(settings)],
    coder: Annotated[CodingService, Depends(coding)],
    authorization: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    """Code posted text or articles; returns their events (event.schema.json) and the articles that
    could not be coded, with reasons. Stores them only with `store: true`, on a server started with
    --allow-write, and with `Authorization: Bearer <COMMUNIQUE_TOKEN>`."""
    if body.store:
        if not config.allow_write:
            raise HTTPException(status_code=403, detail="this server is read-only: start it with --allow-write")
        if not token_matches(bearer_token(authorization), config.token):
            raise HTTPException(
                status_code=401,
                detail="a valid bearer token is needed to store",
                headers={"WWW-Authenticate": "Bearer"},
            )
    if body.text is not None:
        records = [{"text": body.text, "title": body.title}]
    else:
        records = [a.model_dump(exclude_none=True) for a in body.articles or []]
    try:
        # Coded in worker processes (or a worker thread): the event loop goes on serving.
        results, rejects = await coder.code(records, published=body.published)
    except ValueError as exc:  # a bad default publication date
        raise HTTPException(status_code=422, detail=str(exc)) from None
    except CommuniqueError as exc:
        raise HTTPException(status_code=503, detail=exc.message) from None
    if body.store:
        await run_in_threadpool(store, db, results, rejects)
    content = {
        "results": [{"article_id": r.article.id, "events": [e.to_dict() for e in r.events]} for r in results],
        "rejects": [r.to_dict() for r in rejects],
        "stored": body.store,
    }
    return JSONResponse(content)
