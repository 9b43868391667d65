"""The dashboard's world map: country outlines shipped in the package.

The outlines are Natural Earth's 1:110m countries (public domain), taken
from the `world-atlas` npm package (countries-110m.json, TopoJSON) and
converted once by `python -m communique.serve.mapdata PATH/countries-110m.json`
into static/world-110m.json: one record per country with its ISO alpha-3
code and its rings as [lon, lat] pairs. No tile server and no download at
run time: the map is drawn as SVG paths in an equirectangular projection.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import pycountry

# The SVG canvas: 2 units per degree, the whole world.
WIDTH = 720
HEIGHT = 360

Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class CountryShape:
    iso3: str | None
    name: str
    path: str  # SVG path data in the map's projection


def project(lon: float, lat: float) -> tuple[float, float]:
    """Longitude and latitude to SVG x, y (equirectangular)."""
    return round((lon + 180.0) * WIDTH / 360.0, 1), round((90.0 - lat) * HEIGHT / 180.0, 1)


def _ring_path(ring: Ring) -> str:
    points = [project(lon, lat) for lon, lat in ring]
    head, *rest = points
    return f"M{head[0]} {head[1]}" + "".join(f"L{x} {y}" for x, y in rest) + "Z"


@cache
def country_shapes() -> tuple[CountryShape, ...]:
    """The packaged outlines as SVG paths, read once per process."""
    text = resources.files("communique.serve").joinpath("static/world-110m.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return tuple(
        CountryShape(iso3=country["iso3"], name=country["name"], path="".join(_ring_path(r) for r in country["rings"]))
        for country in data["countries"]
    )


def _decode_arcs(topology: dict) -> list[Ring]:
    """TopoJSON's quantised, delta-encoded arcs as absolute [lon, lat] lists."""
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        x = y = 0
        points: Ring = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def _ring(arcs: list[Ring], indexes: list[int]) -> Ring:
    """Join a ring's arcs; a negative index (~i) is arc i reversed. Each
    arc's first point repeats the previous arc's last, so it is dropped."""
    ring: Ring = []
    for index in indexes:
        points = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        ring.extend(points if not ring else points[1:])
    return [(round(lon, 2), round(lat, 2)) for lon, lat in ring]


def _iso3(numeric: str | None) -> str | None:
    if not numeric:
        return None
    country = pycountry.countries.get(numeric=numeric)
    return country.alpha_3 if country else None


def convert_topojson(topology: dict) -> dict:
    """world-atlas's countries TopoJSON -> the packaged map format."""
    arcs = _decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("type") == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry.get("type") == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = [_ring(arcs, ring) for polygon in polygons for ring in polygon]
        countries.append({"iso3": _iso3(geometry.get("id")), "name": geometry["properties"]["name"], "rings": rings})
    return {
        "source": "Natural Earth 1:110m countries (public domain), via the world-atlas 2.0.2 npm package",
        "projection": "lon/lat, WGS84",
        "countries": countries,
    }


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m communique.serve.mapdata PATH/countries-110m.json", file=sys.stderr)
        return 2
    converted = convert_topojson(json.loads(Path(argv[0]).read_text(encoding="utf-8")))
    target = Path(__file__).parent / "static" / "world-110m.json"
    target.write_text(json.dumps(converted, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(converted['countries'])} countries written to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
