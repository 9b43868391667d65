"""Convert the office holders of PETRARCH2's Phoenix.Countries.actors.txt
(generated from CountryInfo.140130, MIT) into communique/data/actors/people-countryinfo.csv.

The source holds about 18,000 people with dated roles up to January 2014. It is a
source of facts, not a design to copy, and it has errors, so every entry is checked:

- codes are split into an ISO3 country (CAMEO's few non-ISO codes mapped, dissolved
  states dropped) and a PLOVER sector (CAMEO agent codes mapped; unknown ones dropped);
- dates are YYMMDD (two-digit years up to 14 are 20xx: the file dates from 2014) or
  YYYYMMDD; malformed ones drop their row;
- a role recorded as open-ended (">990427") is capped at the file's date, 2014-01-30:
  the source knows nothing later, and a leader who left office after it must not stay
  in office for ever; later events fall back to the person's undated code (usually ELI);
- overlapping rows of one person and sector are merged; an ELI (elite, out-of-office)
  period gives way to any office held at the same time;
- names that two people share, or that the hand-curated dictionaries already define
  (countries, role words, organisations, people), are dropped as aliases; a person left
  without a name is dropped.

Run from the repository root:  python tools/import_countryinfo.py ../shared/reference/petrarch
It prints what it kept and dropped.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

ACTORS = Path(__file__).resolve().parent.parent / "communique" / "data" / "actors"
OUTPUT = ACTORS / "people-countryinfo.csv"
SOURCE_FILE = "Phoenix.Countries.actors.txt"
SOURCE_NOTE = "PETRARCH2 Phoenix.Countries.actors.txt (CountryInfo.140130, MIT)"
SOURCE_DATE = dt.date(2014, 1, 30)

# CAMEO country codes that are not ISO 3166 alpha-3 but name a country that still exists.
COUNTRY_CODES = {"TMP": "TLS", "KSV": "XKX"}
# CAMEO agent codes -> PLOVER sectors (CAMEO's MED is the media, PLOVER's MED is medical).
SECTORS = {
    "GOV": "GOV", "ELI": "ELI", "MIL": "MIL", "SPY": "SPY", "REB": "REB", "OPP": "OPP",
    "COP": "COP", "LEG": "LEG", "JUD": "JUD", "BUS": "BUS", "MED": "JRN", "HLH": "MED",
    "EDU": "EDU", "LAB": "LAB", "REL": "REL", "CVL": "CVL", "PTY": "PTY", "AGR": "AGR",
    "REF": "REF", "CRM": "CRM", "UAF": "UAF", "IGO": "IGO", "NGO": "NGO",
}  # fmt: skip
# An out-of-office period yields to an office held at the same time.
ELITE = "ELI"

_RESTRICTION = re.compile(r"^\[([A-Z]+)(?:\s+([<>]?)(\d{6,8})(?:-(\d{6,8}))?)?\]")


@dataclass
class Role:
    country: str
    sector: str | None
    start: dt.date | None
    end: dt.date | None


@dataclass
class Person:
    names: list[str]
    line: int
    roles: list[Role] = field(default_factory=list)
    default: Role | None = None


def parse_date(text: str) -> dt.date | None:
    """YYMMDD or YYYYMMDD; None when malformed."""
    try:
        if len(text) == 6:
            year = int(text[:2])
            year += 2000 if year <= SOURCE_DATE.year % 100 else 1900
            return dt.date(year, int(text[2:4]), int(text[4:6]))
        if len(text) == 8:
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None
    return None


def parse_code(code: str, countries: set[str]) -> tuple[str, str | None] | None:
    """(ISO3 country, PLOVER sector) of a CAMEO actor code, or None."""
    chunks = [COUNTRY_CODES.get(code[i : i + 3], code[i : i + 3]) for i in range(0, len(code), 3)]
    if len(code) % 3 or chunks[0] not in countries:
        return None
    country = chunks[0]
    rest = chunks[1:]
    if rest and rest[0] in countries and rest[0] not in SECTORS:
        country, rest = rest[0], rest[1:]  # GBRVGB: the British Virgin Islands
    sector = next((SECTORS[c] for c in rest if c in SECTORS), None)
    return country, sector


def display_name(phrase: str) -> str:
    words = [w for w in re.split(r"[_\s]+", phrase.strip()) if w]
    return " ".join(w.title() if w.isupper() or w.islower() else w for w in words)


def read_people(path: Path, countries: set[str], dropped: Counter[str]) -> list[Person]:
    people: list[Person] = []
    current: Person | None = None
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, raw in enumerate(handle, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line.startswith("+"):
                if current is not None:
                    current.names.append(display_name(line[1:].split("#")[0]))
                continue
            if line[0] in " \t":
                if current is None:
                    continue
                match = _RESTRICTION.match(line.strip())
                if not match:
                    dropped["malformed restriction"] += 1
                    continue
                code, direction, first, second = match.groups()
                parsed = parse_code(code, countries)
                if parsed is None:
                    dropped["code outside today's ISO countries"] += 1
                    continue
                country, sector = parsed
                if first is None:
                    current.default = Role(country, sector, None, None)
                    continue
                start_date, end_date = parse_date(first), parse_date(second) if second else None
                if start_date is None or (second and end_date is None):
                    dropped["malformed date"] += 1
                    continue
                if direction == ">":
                    start, end = start_date, SOURCE_DATE
                elif direction == "<":
                    start, end = None, start_date
                else:
                    start, end = start_date, end_date if second else start_date
                if start and end and start > end:
                    dropped["start after end"] += 1
                    continue
                if end and start and start > SOURCE_DATE:
                    dropped["starts after the source's date"] += 1
                    continue
                current.roles.append(Role(country, sector, start, min(end, SOURCE_DATE) if end else end))
                continue
            head, _, comment = line.partition("#")
            current = None
            if "CountryInfo" not in comment:
                continue  # a country or city entry, not a person
            name_part = head.split("[")[0]
            current = Person([display_name(name_part)], number)
            code = re.search(r"\[([A-Z]+)\]", head)
            if code:
                parsed = parse_code(code.group(1), countries)
                if parsed:
                    current.default = Role(*parsed, None, None)
            people.append(current)
    return people


def _merge(roles: list[Role]) -> list[Role]:
    """Overlapping periods of one country and sector become one."""
    merged: list[Role] = []
    key = lambda r: (r.country, r.sector or "", r.start or dt.date.min)  # noqa: E731
    for role in sorted(roles, key=key):
        last = merged[-1] if merged else None
        if (
            last is not None
            and (last.country, last.sector) == (role.country, role.sector)
            and (last.end is None or role.start is None or role.start <= last.end + dt.timedelta(days=1))
        ):
            if last.end is not None and (role.end is None or role.end > last.end):
                last.end = role.end
            continue
        merged.append(Role(role.country, role.sector, role.start, role.end))
    return merged


def _subtract(role: Role, offices: list[Role]) -> list[Role]:
    """The parts of an elite period not covered by an office."""
    pieces = [role]
    for office in offices:
        o_start, o_end = office.start or dt.date.min, office.end or dt.date.max
        kept: list[Role] = []
        for piece in pieces:
            p_start, p_end = piece.start or dt.date.min, piece.end or dt.date.max
            if o_end < p_start or o_start > p_end:
                kept.append(piece)
                continue
            if p_start < o_start:
                kept.append(Role(piece.country, piece.sector, piece.start, o_start - dt.timedelta(days=1)))
            if o_end < p_end:
                kept.append(Role(piece.country, piece.sector, o_end + dt.timedelta(days=1), piece.end))
        pieces = kept
    return pieces


def tidy_roles(roles: list[Role]) -> list[Role]:
    merged = _merge(roles)
    offices = [r for r in merged if r.sector != ELITE]
    elite = [piece for r in merged if r.sector == ELITE for piece in _subtract(r, offices)]
    # Two offices of one person at once keep the earlier-starting one for the overlap:
    # the loader needs one answer per date.
    kept: list[Role] = []
    for role in sorted(offices, key=lambda r: r.start or dt.date.min):
        kept.extend(_subtract(role, kept))
    return sorted(kept + elite, key=lambda r: r.start or dt.date.min)


# Honorifics the source puts in front of names; role words come from sectors.csv.
HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "dr", "sir", "dame", "lord", "lady", "sheikh", "shaikh", "sheik", "emir", "amir",
     "king", "queen", "prince", "princess", "sultan", "general", "gen", "gen.", "lt", "lt.", "col", "col.",
     "colonel", "major", "maj.", "admiral", "adm.", "brig.", "brigadier", "marshal", "ayatollah", "imam",
     "cardinal", "archbishop", "bishop", "rev.", "reverend", "father", "president", "vice", "prime",
     "minister", "premier", "chancellor", "deputy", "acting", "former", "interim", "foreign", "defense",
     "defence", "secretary", "senator", "governor", "mayor", "speaker", "chairman", "leader"}
)  # fmt: skip


def strip_titles(name: str, titles: set[str]) -> str:
    """ "Russian President Vladimir V. Putin" -> "Vladimir V. Putin": leading
    titles, role words and nationality words off, so a name can be matched
    against the curated dictionaries and is not shadowed by its title."""
    words = name.split()
    while len(words) > 1:
        two = " ".join(words[:2]).lower()
        if len(words) > 2 and two in titles:
            words = words[2:]
        elif words[0].lower() in titles:
            words = words[1:]
        else:
            break
    return " ".join(words)


def curated_names() -> set[str]:
    """Every phrase the hand-curated dictionaries already define (lower case)."""
    taken: set[str] = set()
    with (ACTORS / "countries.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for column in ("name", "aliases", "demonyms", "capitals"):
                taken.update(p.strip().lower() for p in row[column].split("|") if p.strip())
    with (ACTORS / "sectors.csv").open(encoding="utf-8") as handle:
        taken.update(row["term"].strip().lower() for row in csv.DictReader(handle))
    for filename in ("organizations.csv", "people.csv"):
        with (ACTORS / filename).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                taken.update(p.strip().lower() for p in [row["name"], *row["aliases"].split("|")] if p.strip())
    return taken


def role_words() -> set[str]:
    with (ACTORS / "sectors.csv").open(encoding="utf-8") as handle:
        return {row["term"].strip().lower() for row in csv.DictReader(handle) if not row["term"].startswith("#")}


def nationality_words() -> set[str]:
    """Demonyms and country names: "Russian President ..." starts with one."""
    words: set[str] = set()
    with (ACTORS / "countries.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            words.update(p.strip().lower() for p in row["demonyms"].split("|") if p.strip())
    return words


def usable(name: str) -> bool:
    """Two words or more, of letters, spaces, hyphens, apostrophes and dots. A
    one-word name is too often a first name ("Hassan", "Abdullah") or a
    fused typo ("Patparris") to name one person in any phrase; a bare
    surname still resolves through an office held on the date."""
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z .'\-]*", name)) and len(name.split()) >= 2


def convert(source: Path) -> tuple[list[list[str]], Counter[str]]:
    with (ACTORS / "countries.csv").open(encoding="utf-8") as handle:
        countries = {row["iso3"] for row in csv.DictReader(handle)}
    dropped: Counter[str] = Counter()
    people = read_people(source / SOURCE_FILE, countries, dropped)
    taken = curated_names()
    titles = HONORIFICS | role_words() | nationality_words()
    for person in people:
        person.names = [strip_titles(name, titles) for name in person.names]
    owners: dict[str, set[int]] = {}
    for index, person in enumerate(people):
        for name in set(person.names):
            owners.setdefault(name.lower(), set()).add(index)
    rows: list[list[str]] = []
    for person in people:
        if any(name.lower() in taken for name in person.names):
            # The curated files know this person (often with later roles and a
            # Wikidata id); a second, stale entry would shadow them.
            dropped["person the curated dictionaries define"] += 1
            continue
        names: list[str] = []
        for name in dict.fromkeys(person.names):
            key = name.lower()
            if len(owners[key]) > 1:
                dropped["name two people share"] += 1
            elif not usable(name):
                dropped["one-word name, or odd characters"] += 1
            else:
                names.append(name)
        roles = tidy_roles(person.roles)
        if not names:
            dropped["person with no usable name"] += 1
            continue
        if not roles and person.default is None:
            dropped["person with no usable role"] += 1
            continue
        aliases = "|".join(names[1:])
        for role in roles:
            rows.append(
                [
                    names[0], aliases, role.country, role.sector or "", role.sector or "office",
                    role.start.isoformat() if role.start else "", role.end.isoformat() if role.end else "",
                    SOURCE_NOTE,
                ]
            )  # fmt: skip
        if person.default is not None:
            default = person.default
            rows.append([names[0], aliases, default.country, default.sector or "", "default", "", "", SOURCE_NOTE])
    return rows, dropped


def write_rows(handle: TextIO, rows: list[list[str]]) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(["name", "aliases", "country", "sector", "role", "valid_from", "valid_to", "source"])
    writer.writerows(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="the folder holding Phoenix.Countries.actors.txt")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    rows, dropped = convert(args.source)
    with args.output.open("w", encoding="utf-8", newline="") as handle:
        write_rows(handle, rows)
    people = len({row[0] for row in rows})
    print(f"wrote {len(rows)} rows for {people} people to {args.output}")
    for reason, count in dropped.most_common():
        print(f"dropped {count:>6}  {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
