"""The dashboard's pieces: highlighting, chart geometry, the offline map,
and pages that show untrusted article text as text."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from communique.serve import ServeSettings, create_app
from communique.serve.charts import dyad_chart, map_dots, quad_chart
from communique.serve.highlight import Segment, event_spans, segments
from communique.serve.mapdata import convert_topojson, country_shapes, project
from communique.serve.reads import MapPoint, QuadCounts
from tests.conftest import HOSTILE_ARTICLE


def test_segments_mark_spans_and_keep_every_character():
    text = "Egypt urged Israel to talks in Cairo on Monday."
    spans = [(6, 11, "trigger"), (0, 5, "source"), (12, 18, "target"), (31, 36, "place"), (40, 46, "date")]
    result = segments(text, spans, evidence=(0, len(text)))
    assert "".join(s.text for s in result) == text
    marked = [(s.text, s.kind) for s in result if s.kind]
    assert marked == [
        ("Egypt", "source"),
        ("urged", "trigger"),
        ("Israel", "target"),
        ("Cairo", "place"),
        ("Monday", "date"),
    ]
    assert all(s.in_evidence for s in result)


def test_overlapping_and_impossible_spans_are_dropped_by_priority():
    text = "President Putin met Xi."
    spans = [(0, 15, "source"), (10, 15, "trigger"), (20, 22, "target"), (18, 99, "place"), (5, 5, "date")]
    result = segments(text, spans)
    assert [(s.text, s.kind) for s in result if s.kind] == [("Putin", "trigger"), ("Xi", "target")]
    assert "".join(s.text for s in result) == text


def test_evidence_edges_split_segments():
    text = "First sentence. Second one here."
    result = segments(text, [(23, 26, "trigger")], evidence=(16, len(text)))
    assert result[0] == Segment("First sentence. ", None, False)
    assert Segment("one", "trigger", True) in result


def test_event_spans_find_date_and_place_words_in_the_evidence_sentence():
    text = "On Monday talks ended. Chad and Sudan met in Khartoum on Monday."
    event = {
        "trigger": {"text": "met", "start": 38, "end": 41},
        "source": [{"text": "Chad", "start": 23, "end": 27}],
        "target": [{"text": "Sudan", "start": None, "end": None}],
        "location": {"text": "Khartoum"},
        "date_text": "Monday",
        "evidence_start": 23,
        "evidence_end": len(text),
    }
    spans = sorted(event_spans(event, text))
    assert (57, 63, "date") in spans  # the Monday of the evidence sentence, not the first one
    assert (45, 53, "place") in spans and (32, 37, "target") in spans


def test_quad_chart_stacks_bars_in_proportion():
    series = [QuadCounts(dt.date(2024, 1, 1), (2, 0, 1, 1)), QuadCounts(dt.date(2024, 2, 1), (1, 0, 0, 0))]
    chart = quad_chart(series, width=200, height=100)
    assert chart.top == 4
    january = [b for b in chart.bars if b.title.startswith("2024-01")]
    assert [b.kind for b in january] == ["q1", "q3", "q4"]
    assert sum(b.height for b in january) == pytest.approx(100)
    assert [b.height for b in chart.bars if b.title.startswith("2024-02")] == [25.0]
    assert quad_chart([]).bars == []


def test_dyad_chart_puts_conflict_below_the_axis_and_links_each_period():
    row = {"verbal_cooperation": 1, "material_cooperation": 1, "verbal_conflict": 0, "material_conflict": 2}
    series = [{"period": "2024-03-01", **row, "balance": 0.0}]
    chart = dyad_chart(series, by="month", link="/dyad?a=X&period=", height=100)
    coop, conflict = chart.bars
    assert coop.kind == "coop" and coop.y + coop.height == 50
    assert conflict.kind == "conflict" and conflict.y == 50 and conflict.height == coop.height
    assert coop.href == "/dyad?a=X&period=2024-03-01" and chart.line.endswith(",50.0")


def test_projection_and_map_dots():
    assert project(0, 0) == (360.0, 180.0) and project(-180, 90) == (0.0, 0.0) and project(180, -90) == (720.0, 360.0)
    dots = map_dots([MapPoint("Kabul", "AFG", 34.5, 69.2, 9), MapPoint("Paris", "FRA", 48.9, 2.4, 1)])
    assert dots[0].r > dots[1].r and dots[0].title == "Kabul (AFG): 9 events"


def test_topojson_conversion_decodes_deltas_and_reversed_arcs():
    topology = {
        "type": "Topology",
        "transform": {"scale": [1.0, 1.0], "translate": [-10.0, -5.0]},
        "arcs": [[[0, 0], [10, 0], [0, 10]], [[10, 10], [-10, 0], [0, -10]]],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "id": "250", "properties": {"name": "Testland"}, "arcs": [[0, 1]]},
                    {"type": "Polygon", "id": "999", "properties": {"name": "Nowhere"}, "arcs": [[~1, ~0]]},
                    {"type": None, "properties": {"name": "Empty"}},
                ],
            }
        },
    }
    countries = convert_topojson(topology)["countries"]
    assert [c["name"] for c in countries] == ["Testland", "Nowhere"]
    assert countries[0]["iso3"] == "FRA" and countries[1]["iso3"] is None
    assert countries[0]["rings"] == [[(-10, -5), (0, -5), (0, 5), (-10, 5), (-10, -5)]]
    assert countries[1]["rings"][0][0] == (-10, -5) and countries[1]["rings"][0][1] == (-10, 5)


def test_the_packaged_map_has_the_worlds_countries():
    shapes = {s.iso3: s for s in country_shapes()}
    assert len(shapes) > 170
    for code in ("AFG", "CHN", "USA", "BRA", "NGA", "AUS", "RUS", "FRA"):
        assert shapes[code].path.startswith("M")
    # France's outline lies around Paris (2.4E, 48.9N) in the map's projection.
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", shapes["FRA"].path)]
    xs, ys = numbers[0::2], numbers[1::2]
    paris_x, paris_y = project(2.4, 48.9)
    assert any(abs(x - paris_x) < 10 for x in xs) and any(abs(y - paris_y) < 10 for y in ys)


@pytest.fixture(scope="module")
def pages(served_db: Path):
    with TestClient(create_app(ServeSettings(db=str(served_db), coders=0))) as client:
        yield client


@pytest.mark.slow
def test_overview_draws_the_chart_map_tables_and_filters(pages):
    response = pages.get("/")
    assert response.status_code == 200
    assert "default-src 'self'" in response.headers["content-security-policy"]
    html = response.text
    assert html.count('class="land"') > 170 and 'class="dot"' in html and 'class="q1"' in html
    assert "Top dyads" in html and "/events/" in html
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html  # nothing remote
    kind = pages.get("/v1/events", params={"country": "NGA", "limit": 1}).json()["items"][0]["event_type"]
    filtered = pages.get("/", params={"country": "NGA", "type": kind}).text
    rows = re.findall(r'<tr class="quad\d[^"]*">(.*?)</tr>', filtered, flags=re.S)
    assert rows and all(f">{kind}</a>" in row for row in rows)
    bad = pages.get("/", params={"country": "<script>", "from": "yesterday"})
    assert bad.status_code == 200 and "is not a date" in bad.text and "<script>" not in bad.text


@pytest.mark.slow
def test_the_hostile_article_is_shown_as_text_on_the_event_page(pages):
    events = pages.get(
        "/v1/events", params={"level": "events", "source": "RUS", "include_negated": "true", "limit": 100}
    ).json()
    mine = next(e for e in events["items"] if e["article_id"] == HOSTILE_ARTICLE["id"])
    html = pages.get(f"/events/{mine['id']}").text
    assert "<script>" not in html and "<img src=x" not in html and "<b>Summit" not in html
    assert "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in html
    assert '<mark class="trigger' in html and '<mark class="source' in html


@pytest.mark.slow
def test_code_page_marks_events_and_escapes_the_pasted_text(pages):
    text = "Japan and Vietnam signed a maritime agreement in Hanoi on Friday. <script>alert(2)</script>"
    response = pages.post(
        "/code",
        content=f"text={text.replace(' ', '+').replace('<', '%3C').replace('>', '%3E')}&published=2024-05-10",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 200
    html = response.text
    assert "<script>alert(2)" not in html and "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert '<mark class="trigger">signed</mark>' in html and "Hanoi" in html
    empty = pages.post("/code", content="text=", headers={"content-type": "application/x-www-form-urlencoded"})
    assert empty.status_code == 422 and "paste" in empty.text


@pytest.mark.slow
def test_dyad_page_lists_the_events_behind_a_period(pages):
    series = pages.get("/v1/dyads/RUS/UKR", params={"by": "month"}).json()["series"]
    busy = next(p for p in series if p["events"])
    html = pages.get("/dyad", params={"a": "RUS", "b": "UKR", "by": "month", "period": busy["period"]}).text
    assert 'class="coop"' in html or 'class="conflict"' in html
    assert f"Events in {busy['period'][:7]}" in html
    assert len(re.findall(r'<tr class="quad', html)) == busy["events"]
