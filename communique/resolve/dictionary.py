"""The actor dictionaries: countries, role words, organisations and people,
loaded from data/actors/*.csv and validated on load.

Lookups are by lower-cased phrase in hash tables; roles that change over
time (the Taliban: insurgents, then the government; a minister who left
office) are chosen by the date asked for.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from communique.coding.ontology import default_ontology
from communique.datafiles import data_path, read_csv_rows, read_yaml, split_list
from communique.errors import DataFileError

_ISO3 = re.compile(r"^[A-Z]{3}$")
_QID = re.compile(r"^Q[0-9]+$")
SEAT_SECTOR = "GOV"  # "Beijing said", "the Kremlin": the government
OUT_OF_OFFICE_SECTOR = "ELI"  # a person before or after their recorded offices
# The office holders imported from PETRARCH2's CountryInfo (tools/import_countryinfo.py):
# below the hand-curated files, which they may not redefine.
IMPORTED_PEOPLE_FILE = "people-countryinfo.csv"
PACKAGED_ENTITY_FILES = (("organizations.csv", False), ("people.csv", True), (IMPORTED_PEOPLE_FILE, True))


# Country words are matched with one typing slip only from this length: short
# names are too near each other ("Iran"/"Iraq", "Mali"/"Bali").
MIN_MISSPELT_LENGTH = 6
MISSPELLABLE_KINDS = frozenset({"name", "alias", "demonym"})
# A person's name is matched with one slip only in a surname this long, the
# other words exact: "Francois Mitterand".
MIN_MISSPELT_SURNAME = 7
# A role word is matched with one slip only from this length ("peackeeper",
# "commision"): shorter ones have real words one slip away ("offices").
MIN_MISSPELT_ROLE = 9


@dataclass(frozen=True, slots=True)
class CountryTerm:
    iso3: str
    kind: str  # name | alias | demonym | capital | ethnic (an ethnic group's home country)


@dataclass(frozen=True, slots=True)
class DatedRole:
    """An organisation's or a person's country and sector over a period."""

    name: str
    country: str | None
    sector: str | None
    wikidata: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    is_person: bool = False
    # False for a person's fallback when no recorded office covers the date
    # (or an imported person's undated code): the text's own title, if it
    # has one, says more about the person's role then.
    in_office: bool = True

    @property
    def is_dated(self) -> bool:
        return self.valid_from is not None or self.valid_to is not None

    def covers(self, day: dt.date | None) -> bool:
        if day is None:
            return self.valid_to is None
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_to and day > self.valid_to)


@dataclass(frozen=True)
class ActorDictionary:
    country_names: dict[str, str]  # ISO3 -> common name
    country_terms: dict[str, CountryTerm]  # lower phrase -> term
    country_wikidata: dict[str, str]  # ISO3 -> Wikidata id of the country
    sectors: dict[str, str]  # lower role term -> sector
    entities: dict[str, tuple[DatedRole, ...]]  # lower alias -> roles over time
    max_words: int
    representatives: frozenset[str] = frozenset()  # nouns that take a named qualifier's sector
    # nouns that, as "the group", refer back to the last organisation named
    organisation_references: frozenset[str] = frozenset()
    # "former", "ousted": an office holder no longer in office (sector ELI)
    out_of_office_markers: frozenset[str] = frozenset()
    # role words whose adjective sense names no one ("official contact")
    adjectives_naming_no_one: frozenset[str] = frozenset()
    # role nouns for one person ("the minister said he ..."): "he" and "she" can refer back to them
    person_roles: frozenset[str] = frozenset()
    faiths: frozenset[str] = frozenset()  # "Moslem forces" are no state's army
    relational_nouns: frozenset[str] = frozenset()  # "Israel's ally" is not Israeli
    community_nouns: frozenset[str] = frozenset()  # "the Russian minority in Estonia"
    side_nouns: frozenset[str] = frozenset()  # "both sides", "the two capitals"
    seat_nouns: frozenset[str] = frozenset()  # "both capitals": the two governments
    stance_nouns: frozenset[str] = frozenset()  # "his opposition to the plan" is no body
    # Entity names the files write in lower case; any other name matches only
    # text with a capital in it ("labour markets" are not the Labour Party).
    lower_case_entities: frozenset[str] = frozenset()
    surnames: dict[str, tuple[tuple[DatedRole, ...], ...]] = field(default_factory=dict)  # lower surname -> people
    # Surnames of the imported office holders (people-countryinfo.csv): tens
    # of thousands of people, so a bare surname names one of them only
    # through a dated office held on the event's date.
    office_surnames: dict[str, tuple[tuple[DatedRole, ...], ...]] = field(default_factory=dict)
    # Built on first use: one-letter deletions of the one-word country terms.
    _misspellings: dict[str, list[tuple[str, CountryTerm]]] = field(default_factory=dict, repr=False, compare=False)
    _person_misspellings: dict[tuple[str, str], list[tuple[str, str]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _role_misspellings: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)

    def person_by_surname(self, surname: str, on: dt.date | None) -> DatedRole | None:
        """The one person of that surname in office on the date, if exactly
        one; with no date, the one person of that surname in the curated
        dictionary, with what holds across all their roles (see `entity`)."""
        key = surname_key(surname)
        people = self.surnames.get(key, ())
        if on is None:
            return _undated(people[0]) if len(people) == 1 else None
        found = [role for roles in people for role in roles if role.covers(on)]
        if not found:
            imported = self.office_surnames.get(key, ())
            found = [role for roles in imported for role in roles if role.in_office and role.covers(on)]
        names = {role.name for role in found}
        return found[0] if len(names) == 1 else None

    def office_holder_by_surname(self, surname: str, sector: str) -> DatedRole | None:
        """Among the imported office holders, the one who held an office of
        this sector at any time, if all of that surname who did were of one
        country: "President Reagan" in an undated text. The title narrows
        tens of thousands of names to the few who held such an office."""
        held = [
            role
            for roles in self.office_surnames.get(surname_key(surname), ())
            for role in roles
            if role.in_office and role.is_dated and role.sector == sector
        ]
        if not held or len({role.country for role in held}) != 1 or held[0].country is None:
            return None
        return held[0]

    def country(self, phrase: str) -> CountryTerm | None:
        return self.country_terms.get(_key(phrase)) or self.country_terms.get(phrase)

    def misspelt_country(self, word: str) -> CountryTerm | None:
        """A one-word country name, alias or demonym one typing slip away
        ("Ethopia", "Afganistan", "Quatar"): one letter dropped, added,
        changed or two swapped, in words of at least `MIN_MISSPELT_LENGTH`
        letters, and only when the slip points at one country."""
        key = word.lower()
        if len(key) < MIN_MISSPELT_LENGTH or not key.isalpha() or key in self.country_terms:
            return None
        index = self._misspelling_index()
        found = {term for variant in _variants(key) for term in index.get(variant, ())}
        found = {(k, t) for k, t in found if _one_slip(key, k)}
        countries = {t.iso3 for _, t in found}
        if len(countries) != 1:
            return None
        return next(t for _, t in found)

    def _misspelling_index(self) -> dict[str, list[tuple[str, CountryTerm]]]:
        index = self._misspellings
        if not index:
            for key, term in self.country_terms.items():
                if term.kind in MISSPELLABLE_KINDS and len(key) >= MIN_MISSPELT_LENGTH - 1 and key.isalpha():
                    for variant in _variants(key):
                        index.setdefault(variant, []).append((key, term))
        return index

    def sector(self, term: str) -> str | None:
        return self.sectors.get(term.lower())

    def misspelt_sector(self, word: str) -> str | None:
        """The sector of a one-word role one typing slip away ("UN
        peackeepers", "the Anti-Corruption Commision"), in words of at least
        `MIN_MISSPELT_ROLE` letters, when every role it could be agrees."""
        key = word.lower()
        if len(key) < MIN_MISSPELT_ROLE or not key.isalpha() or key in self.sectors:
            return None
        index = self._role_misspellings
        if not index:
            for term in self.sectors:
                if len(term) >= MIN_MISSPELT_ROLE - 1 and term.isalpha():
                    for variant in _variants(term):
                        index.setdefault(variant, []).append(term)
        found = {term for variant in _variants(key) for term in index.get(variant, ()) if _one_slip(key, term)}
        sectors = {self.sectors[term] for term in found}
        return sectors.pop() if len(sectors) == 1 else None

    def entity(self, phrase: str, on: dt.date | None) -> DatedRole | None:
        """The role an organisation or person had on a date. With a date
        outside every recorded role, an organisation keeps its latest role and
        a person out of office is one of the country's elite (CAMEO's ELI:
        former officials), if all their roles were in one country. With no
        date, an organisation keeps its latest role and a person what all
        their roles share."""
        if phrase == phrase.lower() and _key(phrase) not in self.lower_case_entities:
            return None  # a proper name is written with a capital: "labour markets" are no party
        # "Jean-Bertrand Aristide" where a source spells "Jean Bertrand Aristide".
        roles = self.entities.get(_key(phrase)) or self.entities.get(phrase) or self.entities.get(_unhyphenated(phrase))
        return _role_on(roles, on) if roles else None

    def misspelt_person(self, phrase: str, on: dt.date | None) -> DatedRole | None:
        """A person's full name with one typing slip in a long surname and
        every other word exact ("Francois Mitterand"), if it points at one
        person only; their role on the date, as `entity` gives it."""
        words = _key(phrase).split()
        if len(words) < 2 or len(words[-1]) < MIN_MISSPELT_SURNAME or not words[-1].isalpha():
            return None
        index = self._person_misspelling_index()
        first, last = " ".join(words[:-1]), words[-1]
        found = {
            key
            for variant in _variants(last)
            for key, known_last in index.get((first, variant), ())
            if _one_slip(last, known_last)
        }
        return _role_on(self.entities[found.pop()], on) if len(found) == 1 else None

    def _person_misspelling_index(self) -> dict[tuple[str, str], list[tuple[str, str]]]:
        index = self._person_misspellings
        if not index:
            for key, roles in self.entities.items():
                words = key.split()
                if not roles[0].is_person or len(words) < 2 or len(words[-1]) < MIN_MISSPELT_SURNAME - 1:
                    continue
                first, last = " ".join(words[:-1]), words[-1]
                for variant in _variants(last):
                    index.setdefault((first, variant), []).append((key, last))
        return index


def _role_on(roles: tuple[DatedRole, ...], on: dt.date | None) -> DatedRole:
    """An entity's role on a date (see `ActorDictionary.entity`)."""
    for role in roles:
        if role.covers(on):
            return role
    if roles[0].is_person:
        shared = _undated(roles)
        if on is None:
            return shared
        sector = OUT_OF_OFFICE_SECTOR if shared.country else None
        return DatedRole(
            shared.name, shared.country, sector, shared.wikidata, None, None, is_person=True, in_office=False
        )
    return roles[-1]


def _undated(roles: tuple[DatedRole, ...]) -> DatedRole:
    """A person named in an undated article: the country and sector that
    all their recorded roles share (Tony Blair: GBR GOV), nothing that
    differs between them."""
    countries = {r.country for r in roles}
    sectors = {r.sector for r in roles}
    latest = roles[-1]
    return DatedRole(
        latest.name,
        countries.pop() if len(countries) == 1 else None,
        sectors.pop() if len(sectors) == 1 else None,
        latest.wikidata,
        None,
        None,
        is_person=True,
    )


def _key(phrase: str) -> str:
    return phrase.lower().replace("’", "'").strip()


def _unhyphenated(phrase: str) -> str:
    return _key(phrase).replace("-", " ")


def surname_key(name: str) -> str:
    """The key of a person's surname: the last word, without an Arabic
    article joined to it ("al-Bashir" and "Al Bashir" are both "bashir")."""
    last = _key(name.split()[-1]) if name.split() else ""
    return _ARTICLE.sub("", last)


_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an)-")


def _register(table: dict, phrase: str, value: object, path: Path, line: int, *, case_sensitive: bool) -> None:
    key = phrase if case_sensitive else _key(phrase)
    existing = table.get(key)
    if existing is not None and existing != value:
        raise DataFileError(str(path), line, f"{phrase!r} is already defined as {existing}")
    table[key] = value


def _is_acronym(phrase: str) -> bool:
    # "US", "UN", "EU": matched case-sensitively so "us" the pronoun is not a country.
    return phrase.isupper() and len(phrase.replace(".", "")) <= 4


def _load_countries(path: Path) -> tuple[dict[str, str], dict[str, CountryTerm], dict[str, str]]:
    names: dict[str, str] = {}
    terms: dict[str, CountryTerm] = {}
    wikidata: dict[str, str] = {}
    for line, row in read_csv_rows(path, ("iso3", "name", "aliases", "demonyms", "capitals")):
        iso3 = row["iso3"]
        if not _ISO3.match(iso3):
            raise DataFileError(str(path), line, f"bad ISO3 code {iso3!r}")
        if iso3 in names:
            raise DataFileError(str(path), line, f"duplicate country {iso3}")
        names[iso3] = row["name"]
        qid = row.get("wikidata") or ""
        if qid:
            if not _QID.match(qid):
                raise DataFileError(str(path), line, f"bad Wikidata id {qid!r}")
            if qid in wikidata.values():
                raise DataFileError(str(path), line, f"Wikidata id {qid} is given to two countries")
            wikidata[iso3] = qid
        groups = [
            ("name", [row["name"]]),
            ("alias", split_list(row["aliases"])),
            ("demonym", split_list(row["demonyms"])),
            ("capital", split_list(row["capitals"])),
        ]
        for kind, phrases in groups:
            for phrase in phrases:
                term = CountryTerm(iso3, kind)
                _register(terms, phrase, term, path, line, case_sensitive=_is_acronym(phrase))
    return names, terms, wikidata


def _load_sectors(path: Path, known: set[str] | None) -> dict[str, str]:
    sectors: dict[str, str] = {}
    for line, row in read_csv_rows(path, ("term", "sector")):
        sector = row["sector"]
        if known is not None and sector not in known:
            raise DataFileError(str(path), line, f"unknown sector {sector!r}")
        _register(sectors, row["term"], sector, path, line, case_sensitive=False)
    return sectors


def _date(value: str, path: Path, line: int) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DataFileError(str(path), line, f"bad date {value!r}") from None


def _load_entities(
    path: Path,
    countries: dict[str, str],
    known_sectors: set[str] | None,
    *,
    is_person: bool,
    lower_case: set[str] | None = None,
) -> dict[str, list[DatedRole]]:
    by_name: dict[str, list[DatedRole]] = {}
    aliases_of: dict[str, set[str]] = {}
    periods: dict[tuple[str, str], list[tuple[dt.date, dt.date, int]]] = {}
    for line, row in read_csv_rows(path, ("name", "aliases", "country", "sector", "valid_from", "valid_to")):
        kind = (row.get("kind") or "").lower()
        if kind not in {"", "person", "organization", "organisation"}:
            raise DataFileError(str(path), line, f"kind must be person or organization, not {kind!r}")
        country = row["country"] or None
        if country is not None and country != "IGO" and country not in countries:
            raise DataFileError(str(path), line, f"unknown country {country!r}")
        sector = row["sector"] or None
        if sector is not None and known_sectors is not None and sector not in known_sectors:
            raise DataFileError(str(path), line, f"unknown sector {sector!r}")
        wikidata = row.get("wikidata") or None
        if wikidata is not None and not _QID.match(wikidata):
            raise DataFileError(str(path), line, f"bad Wikidata id {wikidata!r}")
        role = DatedRole(
            name=row["name"],
            country=country,
            sector=sector,
            wikidata=wikidata,
            valid_from=_date(row["valid_from"], path, line),
            valid_to=_date(row["valid_to"], path, line),
            is_person=is_person if not kind else kind == "person",
        )
        if role.is_person and (not role.is_dated or role.sector == OUT_OF_OFFICE_SECTOR):
            role = replace(role, in_office=False)  # a person's code out of office
        if role.valid_from and role.valid_to and role.valid_from > role.valid_to:
            raise DataFileError(str(path), line, "valid_from is after valid_to")
        # Two rows for one name and one office must not overlap: the date
        # could not tell which applies. (A president who is also head of
        # government has two offices, two rows, and may overlap.)
        start, end = role.valid_from or dt.date.min, role.valid_to or dt.date.max
        office = (role.name, row.get("role") or "")
        for other_start, other_end, other_line in periods.get(office, []):
            if start < other_end and other_start < end:
                raise DataFileError(str(path), line, f"{role.name!r} overlaps its row on line {other_line}")
        periods.setdefault(office, []).append((start, end, line))
        by_name.setdefault(role.name, []).append(role)
        aliases_of.setdefault(role.name, set()).update([role.name, *split_list(row["aliases"])])
    table: dict[str, list[DatedRole]] = {}
    for name, roles in by_name.items():
        # An undated row is the fallback when no dated role covers the date
        # ("a person's code when out of office"), so it is tried last.
        roles.sort(key=lambda r: (not r.is_dated, r.valid_from or dt.date.min))
        for alias in aliases_of[name]:
            key = alias if _is_acronym(alias) else _key(alias)
            if lower_case is not None and alias == alias.lower():
                lower_case.add(key)  # "chemical weapons watchdog": a name written in lower case
            if key in table and table[key][0].name != name:
                raise DataFileError(str(path), None, f"alias {alias!r} names both {table[key][0].name!r} and {name!r}")
            table[key] = roles
    return table


def load_actor_dictionary(
    folder: Path | None = None,
    sectors_known: set[str] | None = None,
    extra_files: Sequence[Path] = (),
) -> ActorDictionary:
    """The packaged dictionaries, plus a user's own files (docs/actors.md):
    a CSV with `term,sector` columns adds role words; one with the columns
    of organizations.csv (and an optional `kind`: person or organization)
    adds organisations and people. A user's entry replaces a packaged one
    with the same name or alias."""
    folder = folder or data_path("actors")
    names, terms, country_wikidata = _load_countries(folder / "countries.csv")
    ethnic_path = folder / "ethnic-groups.csv"
    if ethnic_path.exists():
        for line, row in read_csv_rows(ethnic_path, ("term", "country")):
            if row["country"] not in names:
                raise DataFileError(str(ethnic_path), line, f"unknown country {row['country']!r}")
            term = CountryTerm(row["country"], "ethnic")
            _register(terms, row["term"], term, ethnic_path, line, case_sensitive=False)
    sectors = _load_sectors(folder / "sectors.csv", sectors_known)
    entities: dict[str, list[DatedRole]] = {}
    imported: dict[str, list[DatedRole]] = {}
    lower_case: set[str] = set()
    for filename, is_person in PACKAGED_ENTITY_FILES:
        path = folder / filename
        if not path.exists():
            continue
        entity_file = _load_entities(path, names, sectors_known, is_person=is_person, lower_case=lower_case)
        for key, roles in entity_file.items():
            if key in terms:
                raise DataFileError(str(path), None, f"{key!r} is also a country term")
            if filename == IMPORTED_PEOPLE_FILE:
                if key in entities:
                    raise DataFileError(str(path), None, f"{key!r} is already in the curated dictionaries")
                imported[key] = roles
            entities.setdefault(key, roles)
    for path in extra_files:
        if not path.is_file():
            raise DataFileError(str(path), None, "actor dictionary file not found")
        if _is_role_file(path):
            sectors.update(_load_sectors(path, sectors_known))
            continue
        user_file = _load_entities(path, names, sectors_known, is_person=False, lower_case=lower_case)
        for key, roles in user_file.items():
            if key in terms:
                raise DataFileError(str(path), None, f"{key!r} is a country name; countries are not redefined")
            entities[key] = roles
    surnames: dict[str, list[tuple[DatedRole, ...]]] = {}
    office_surnames: dict[str, list[tuple[DatedRole, ...]]] = {}
    imported_ids = {id(r) for r in imported.values()}
    for roles in {id(r): r for r in entities.values()}.values():
        if roles[0].is_person:
            index = office_surnames if id(roles) in imported_ids else surnames
            index.setdefault(surname_key(roles[0].name), []).append(tuple(roles))
    phrases = [*terms, *entities, *sectors]
    words = _word_lists(folder / "representatives.yaml")
    return ActorDictionary(
        country_names=names,
        country_terms=terms,
        country_wikidata=country_wikidata,
        sectors=sectors,
        entities={k: tuple(v) for k, v in entities.items()},
        max_words=max(len(p.split()) for p in phrases),
        representatives=words("nouns"),
        organisation_references=words("organisation_references"),
        out_of_office_markers=words("out_of_office_markers"),
        adjectives_naming_no_one=words("adjectives_naming_no_one"),
        person_roles=words("person_roles"),
        faiths=words("faiths"),
        relational_nouns=words("relational_nouns"),
        community_nouns=words("community_nouns"),
        side_nouns=words("side_nouns"),
        seat_nouns=words("seat_nouns"),
        stance_nouns=words("stance_nouns"),
        lower_case_entities=frozenset(lower_case),
        surnames={k: tuple(v) for k, v in surnames.items()},
        office_surnames={k: tuple(v) for k, v in office_surnames.items()},
    )


def _is_role_file(path: Path) -> bool:
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle), [])
    return {"term", "sector"} <= {h.strip() for h in header} and "name" not in header


def _word_lists(path: Path) -> Callable[[str], frozenset[str]]:
    """The word lists of one YAML file, read once, by section."""
    data = read_yaml(path)
    return lambda section: _words_in(data, path, section)


def _words_in(data: object, path: Path, section: str) -> frozenset[str]:
    words = data.get(section) if isinstance(data, dict) else None
    if not isinstance(words, list) or not all(isinstance(n, str) for n in words):
        raise DataFileError(str(path), None, f"expected {section!r}: a list of words")
    return frozenset(n.lower() for n in words)


@lru_cache(maxsize=1)
def default_actor_dictionary() -> ActorDictionary:
    return load_actor_dictionary(sectors_known=set(default_ontology().sectors))


def _variants(word: str) -> set[str]:
    """The word and every way of dropping one of its letters: two words one
    slip apart share one of these."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _one_slip(typed: str, known: str) -> bool:
    """One letter dropped, added or changed, or two neighbours swapped."""
    if typed == known:
        return True
    if abs(len(typed) - len(known)) > 1:
        return False
    if len(typed) == len(known):
        diffs = [i for i, (a, b) in enumerate(zip(typed, known, strict=True)) if a != b]
        if len(diffs) == 1:
            return True
        if len(diffs) != 2 or diffs[1] != diffs[0] + 1:
            return False
        first, second = diffs
        return typed[first] == known[second] and typed[second] == known[first]
    shorter, longer = sorted((typed, known), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))
