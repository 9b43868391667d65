"""Chart geometry for the dashboard's SVG: the templates draw what these
functions compute, so the numbers behind every bar can be tested."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from communique.serve.mapdata import project
from communique.serve.reads import MapPoint, QuadCounts

QUAD_NAMES = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    kind: str  # a CSS class: q1..q4, coop, conflict
    title: str  # the tooltip: what the bar counts
    href: str | None = None


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    labels: list[tuple[float, str]]  # x, period label
    top: int  # the largest value, for the axis
    line: str = ""  # SVG polyline points (the dyad's balance)


def period_label(period: dt.date, by: str) -> str:
    return {"year": period.strftime("%Y"), "month": period.strftime("%Y-%m")}.get(by, period.isoformat())


def _label_every(count: int) -> int:
    return max(1, math.ceil(count / 12))


def quad_chart(series: list[QuadCounts], *, by: str = "month", width: int = 720, height: int = 220) -> Chart:
    """Stacked bars: clusters per period, one colour per QuadClass."""
    top = max((sum(q.counts) for q in series), default=0)
    if not series or top == 0:
        return Chart(width, height, [], [], 0)
    slot = width / len(series)
    bars: list[Bar] = []
    labels: list[tuple[float, str]] = []
    every = _label_every(len(series))
    for i, point in enumerate(series):
        label = period_label(point.period, by)
        y = float(height)
        for quad, count in enumerate(point.counts, start=1):
            if not count:
                continue
            h = count / top * height
            y -= h
            bars.append(
                Bar(
                    round(i * slot + slot * 0.1, 1),
                    round(y, 1),
                    round(slot * 0.8, 1),
                    round(h, 1),
                    f"q{quad}",
                    f"{label}: {count} {QUAD_NAMES[quad - 1]}",
                )
            )
        if i % every == 0:
            labels.append((round(i * slot + slot / 2, 1), label))
    return Chart(width, height, bars, labels, top)


def dyad_chart(series: list[dict], *, by: str, link: str, width: int = 720, height: int = 240) -> Chart:
    """Cooperation above the axis, conflict below, and the balance as a
    line; each bar links to the events of its period (`link` + period)."""
    if not series:
        return Chart(width, height, [], [], 0)
    coop = [r["verbal_cooperation"] + r["material_cooperation"] for r in series]
    conflict = [r["verbal_conflict"] + r["material_conflict"] for r in series]
    top = max([*coop, *conflict, 1])
    middle = height / 2
    slot = width / len(series)
    bars: list[Bar] = []
    labels: list[tuple[float, str]] = []
    points: list[str] = []
    every = _label_every(len(series))
    for i, record in enumerate(series):
        period = dt.date.fromisoformat(str(record["period"])[:10])
        label = period_label(period, by)
        x = round(i * slot + slot * 0.15, 1)
        w = round(slot * 0.7, 1)
        href = f"{link}{period.isoformat()}"
        if coop[i]:
            h = round(coop[i] / top * middle, 1)
            bars.append(Bar(x, round(middle - h, 1), w, h, "coop", f"{label}: {coop[i]} cooperation", href))
        if conflict[i]:
            h = round(conflict[i] / top * middle, 1)
            bars.append(Bar(x, middle, w, h, "conflict", f"{label}: {conflict[i]} conflict", href))
        balance = record.get("balance")
        if balance is not None and not (isinstance(balance, float) and math.isnan(balance)):
            points.append(f"{round(i * slot + slot / 2, 1)},{round(middle - balance * middle, 1)}")
        if i % every == 0:
            labels.append((round(i * slot + slot / 2, 1), label))
    return Chart(width, height, bars, labels, top, " ".join(points))


@dataclass(frozen=True)
class Dot:
    cx: float
    cy: float
    r: float
    title: str
    place: str  # the place's name: the overview filtered to it is a click away


def map_dots(points: list[MapPoint]) -> list[Dot]:
    """Event locations as circles whose area grows with the clusters there."""
    top = max((p.clusters for p in points), default=1)
    dots = []
    for point in points:
        cx, cy = project(point.lon, point.lat)
        radius = round(2 + 8 * math.sqrt(point.clusters / top), 1)
        where = f"{point.name} ({point.country})" if point.country else point.name
        dots.append(Dot(cx, cy, radius, f"{where}: {point.clusters} events", point.name))
    return dots
