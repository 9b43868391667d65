"""The dashboard: server-rendered pages over the same read functions as
the API. Jinja2 escapes every value, and the pages run no script."""

from __future__ import annotations

import datetime as dt
import json
import re
from importlib import resources
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from communique.errors import CommuniqueError, InputError
from communique.query.filters import EventFilter
from communique.serve import charts, reads
from communique.serve.access import DatabaseAccess
from communique.serve.api import (
    ACTOR_CODE,
    COUNTRY_CODE,
    EVENT_TYPE,
    ID,
    MAX_TEXT_CHARS,
    access,
    coding,
    frame_records,
)
from communique.serve.code_service import CodingService
from communique.serve.dyads import (
    ActorRef,
    actor_dyad_series,
    check_actor,
    describe,
    dyad_choices,
    dyad_clusters,
    parse_actor,
)
from communique.serve.highlight import event_spans, segments
from communique.serve.mapdata import HEIGHT, WIDTH, country_shapes

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(resources.files("communique.serve").joinpath("templates")))

_PERIODS = ("day", "week", "month", "year")


def _field(params: dict[str, str], name: str, pattern: str | None, errors: list[str]) -> str | None:
    value = (params.get(name) or "").strip()
    if not value:
        return None
    if pattern and not re.fullmatch(pattern, value):
        errors.append(f"{name}: {value[:40]!r} is not valid")
        return None
    return value


def _day(params: dict[str, str], name: str, errors: list[str]) -> dt.date | None:
    value = (params.get(name) or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        errors.append(f"{name}: {value[:40]!r} is not a date (YYYY-MM-DD)")
        return None


def page_filter(params: dict[str, str]) -> tuple[EventFilter, list[str]]:
    """The overview's form as an EventFilter; bad values are reported on the
    page and left out, not turned into an error page."""
    errors: list[str] = []
    values: dict[str, Any] = {
        "source": _field(params, "source", ACTOR_CODE, errors),
        "target": _field(params, "target", ACTOR_CODE, errors),
        "event_type": _field(params, "type", EVENT_TYPE, errors),
        "country": _field(params, "country", COUNTRY_CODE, errors),
        "place": (_field(params, "place", r"^.{1,100}$", errors)),
        "date_from": _day(params, "from", errors),
        "date_to": _day(params, "to", errors),
        "include_negated": params.get("include_negated") in ("1", "on", "true"),
    }
    try:
        return EventFilter(**values), errors
    except InputError as exc:
        errors.append(exc.message)
        values["date_from"] = values["date_to"] = None
        return EventFilter(**values), errors


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, db: Annotated[DatabaseAccess, Depends(access)]) -> HTMLResponse:
    params = dict(request.query_params)
    spec, errors = page_filter(params)
    reader = db.reader()
    by = params.get("by") if params.get("by") in _PERIODS else "month"
    try:
        offset = max(0, min(int(params.get("offset", "0")), 1_000_000))
    except ValueError:
        offset = 0
    listing = db.page(EventFilter(**{**spec.__dict__, "limit": 25}), offset=offset)
    context = {
        "params": params,
        "errors": errors,
        "by": by,
        "totals": {name: reader.count(name) for name in ("articles", "events", "clusters")},
        "event_types": reads.event_types(reader),
        "quad": charts.quad_chart(reads.quad_series(reader, spec, by=by), by=by),
        "quad_names": charts.QUAD_NAMES,
        "actors": reads.actors(reader, spec, top=12),
        "dyads": reads.dyads(reader, spec, top=12),
        "countries": country_shapes(),
        "dots": charts.map_dots(reads.map_points(reader, spec)),
        "map_size": (WIDTH, HEIGHT),
        "events": [json.loads(item) for item in listing.items],
        "offset": offset,
        "first_query": urlencode({k: v for k, v in params.items() if k != "offset"}),
        "next_query": urlencode({**params, "offset": offset + 25}) if listing.has_more else None,
    }
    return templates.TemplateResponse(request, "overview.html", context)


def _actor(params: dict[str, str], name: str, reader, errors: list[str]) -> ActorRef | None:
    value = (params.get(name) or "").strip()
    if not value:
        return None
    try:
        ref = parse_actor(value)
        check_actor(reader, ref)
    except InputError as exc:
        errors.append(f"{name}: {exc.message}")
        return None
    return ref


def _period_end(period: dt.date, by: str) -> dt.date:
    return {
        "day": period + dt.timedelta(days=1),
        "week": period + dt.timedelta(days=7),
        "month": (period.replace(day=28) + dt.timedelta(days=4)).replace(day=1),
        "year": period.replace(year=period.year + 1, month=1, day=1),
    }[by]


@router.get("/dyad", response_class=HTMLResponse)
def dyad(request: Request, db: Annotated[DatabaseAccess, Depends(access)]) -> HTMLResponse:
    """Two actors, each a country, a country's sector or a named actor
    (communique/serve/dyads.py), typed or picked from the busiest."""
    params = dict(request.query_params)
    errors: list[str] = []
    reader = db.reader()
    a = _actor(params, "a", reader, errors)
    b = _actor(params, "b", reader, errors)
    directed = params.get("directed") in ("1", "on", "true")
    by = params.get("by") if params.get("by") in _PERIODS else "month"
    series: list[dict] = []
    chart = None
    period_events: list[dict] = []
    period = _day(params, "period", errors)
    link = ""
    if a and b:
        series = frame_records(actor_dyad_series(reader, a, b, by=by, directed=directed))
        query = {"a": a.key, "b": b.key, "by": by, **({"directed": "1"} if directed else {})}
        link = "/dyad?" + urlencode({**query, "period": ""})
        chart = charts.dyad_chart(series, by=by, link=link)
        if period:
            period_events = dyad_clusters(
                reader, a, b, period_start=period, period_end=_period_end(period, by), directed=directed
            )
    context = {
        "params": params,
        "errors": errors,
        "a": a,
        "b": b,
        "a_value": a.key if a else params.get("a", ""),
        "b_value": b.key if b else params.get("b", ""),
        "described": [describe(reader, a), describe(reader, b)] if a and b else [],
        "directed": directed,
        "by": by,
        "choices": dyad_choices(reader, top=60),
        "series": series,
        "chart": chart,
        "link": link,
        "period": period,
        "period_label": charts.period_label(period, by) if period else None,
        "period_events": period_events,
    }
    return templates.TemplateResponse(request, "dyad.html", context)


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(
    request: Request, event_id: Annotated[str, Path(pattern=ID)], db: Annotated[DatabaseAccess, Depends(access)]
) -> HTMLResponse:
    detail = reads.event_detail(db.reader(), event_id)
    if detail is None:
        raise HTTPException(status_code=404, detail=f"no event {event_id!r}")
    mentions = [
        {
            "mention": m,
            "segments": segments(
                m.article_text,
                event_spans(m.event, m.article_text),
                evidence=_evidence(m.event),
            ),
        }
        for m in detail.mentions
    ]
    return templates.TemplateResponse(
        request, "event.html", {"cluster": detail.cluster, "mentions": mentions, "quad_names": charts.QUAD_NAMES}
    )


def _evidence(event: dict[str, Any]) -> tuple[int, int] | None:
    start, end = event.get("evidence_start"), event.get("evidence_end")
    return (start, end) if start is not None and end is not None else None


@router.get("/code", response_class=HTMLResponse)
def code_form(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "code.html", {"text": "", "published": "", "results": None})


@router.post("/code", response_class=HTMLResponse)
async def code_page(request: Request, coder: Annotated[CodingService, Depends(coding)]) -> HTMLResponse:
    """Code pasted text and show its events marked in it. Never stores."""
    form = parse_qs((await request.body()).decode("utf-8", errors="replace"))
    text = (form.get("text") or [""])[0]
    published = (form.get("published") or [""])[0].strip() or None
    error = None
    results = None
    if not text.strip():
        error = "paste an article's text first"
    elif len(text) > MAX_TEXT_CHARS:
        error = f"the text is longer than {MAX_TEXT_CHARS:,} characters"
    else:
        try:
            coded, rejects = await coder.code([{"text": text}], published=published)
        except (ValueError, CommuniqueError) as exc:
            coded, rejects = [], []
            error = getattr(exc, "message", str(exc))
        if rejects:
            error = rejects[0].reason
        results = []
        for result in coded:
            events = [e.to_dict() for e in result.events]
            spans = [span for event in events for span in event_spans(event, result.article.text)]
            results.append({"events": events, "segments": segments(result.article.text, spans)})
    context = {"text": text, "published": published or "", "results": results, "error": error}
    return templates.TemplateResponse(request, "code.html", context, status_code=422 if error else 200)
