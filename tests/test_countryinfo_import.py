"""The office holders imported from PETRARCH2's CountryInfo dictionary
(tools/import_countryinfo.py -> data/actors/people-countryinfo.csv)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import sys
from pathlib import Path

import pytest

from communique.resolve.dictionary import default_actor_dictionary

TOOL = Path(__file__).resolve().parent.parent / "tools" / "import_countryinfo.py"


@pytest.fixture(scope="module")
def tool():
    spec = importlib.util.spec_from_file_location("import_countryinfo", TOOL)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def test_two_and_four_digit_years_are_read_with_the_source_s_century(tool):
    assert tool.parse_date("990427") == dt.date(1999, 4, 27)
    assert tool.parse_date("050411") == dt.date(2005, 4, 11)
    assert tool.parse_date("19270101") == dt.date(1927, 1, 1)
    assert tool.parse_date("9008223") is None  # seven digits: a typo in the source
    assert tool.parse_date("991341") is None


def test_codes_split_into_an_iso_country_and_a_plover_sector(tool):
    countries = {"DZA", "GBR", "VGB", "TLS"}
    assert tool.parse_code("DZAGOV", countries) == ("DZA", "GOV")
    assert tool.parse_code("GBRVGBELI", countries) == ("VGB", "ELI")
    assert tool.parse_code("TMPGOV", countries) == ("TLS", "GOV")  # CAMEO's old code for East Timor
    assert tool.parse_code("DZAMED", countries) == ("DZA", "JRN")  # CAMEO's MED is the media
    assert tool.parse_code("SUNGOV", countries) is None  # the Soviet Union is no country today


def test_an_elite_period_gives_way_to_an_office_held_at_the_same_time(tool):
    role = tool.Role
    roles = tool.tidy_roles(
        [
            role("DZA", "ELI", dt.date(1955, 1, 1), dt.date(2000, 1, 1)),
            role("DZA", "GOV", dt.date(1999, 4, 27), dt.date(2014, 1, 30)),
            role("DZA", "GOV", dt.date(2005, 1, 1), dt.date(2006, 1, 1)),  # overlaps: merged
        ]
    )
    assert [(r.sector, r.start, r.end) for r in roles] == [
        ("ELI", dt.date(1955, 1, 1), dt.date(1999, 4, 26)),
        ("GOV", dt.date(1999, 4, 27), dt.date(2014, 1, 30)),
    ]


def test_the_import_holds_the_source_s_office_holders():
    actors = default_actor_dictionary()
    imported = {id(v) for k, v in actors.entities.items() if v[0].is_person}
    assert len(imported) >= 15_000
    museveni = actors.entity("Yoweri Museveni", dt.date(2005, 6, 1))
    assert (museveni.country, museveni.sector, museveni.in_office) == ("UGA", "GOV", True)
    # The source ends in January 2014: an open-ended office is not carried past it.
    later = actors.entity("Yoweri Museveni", dt.date(2020, 6, 1))
    assert (later.country, later.sector, later.in_office) == ("UGA", "ELI", False)
    # Curated entries win: Omar al-Bashir's end of office (2019) is known there.
    assert actors.entity("Omar al-Bashir", dt.date(2018, 1, 1)).sector == "GOV"


def test_a_bare_surname_names_an_imported_person_only_through_an_office_on_the_date():
    actors = default_actor_dictionary()
    assert actors.person_by_surname("Bouteflika", dt.date(2005, 1, 1)).name == "Abdelaziz Bouteflika"
    assert actors.person_by_surname("Bouteflika", None) is None  # undated: too many people to guess
    assert actors.person_by_surname("Bouteflika", dt.date(1990, 1, 1)) is None  # not in office then


def _source(events, trigger: str):
    found = [e for e in events if e.trigger.text == trigger]
    assert found, [e.trigger.text for e in events]
    return [(a.country, a.sector) for a in found[0].source]


def test_office_holders_of_smaller_countries_resolve_in_real_sentences(code):
    events = code("President Yoweri Museveni threatened to expel the aid workers.", published="2006-02-01")
    assert _source(events, "threatened") == [("UGA", "GOV")]
    # A different spelling of the name: the surname in office and the first name agree.
    events = code("President Omar Hassan al-Bashir rejected the peace plan.", published="2004-05-01")
    assert _source(events, "rejected") == [("SDN", "GOV")]


def test_out_of_office_people_are_their_country_s_elite_unless_the_text_gives_a_title(code):
    events = code("Former president Askar Akayev criticised the new government.", published="2006-02-01")
    assert ("KGZ", "ELI") in _source(events, "criticised")
    # The text's title outranks the dictionary's dates, which may be out of date or wrong.
    events = code("President Askar Akayev accused the opposition of plotting a coup.", published="2007-02-01")
    assert _source(events, "accused") == [("KGZ", "GOV")]


def test_the_packaged_import_is_what_the_tool_makes_from_the_source(tool, tmp_path: Path):
    # The file is generated, never edited by hand: a fix goes into the tool.
    source = Path(__file__).resolve().parent.parent.parent / "shared" / "reference" / "petrarch"
    if not source.is_dir():
        pytest.fail(f"the PETRARCH2 reference dictionaries are missing: {source}")
    rows, dropped = tool.convert(source)
    made = io.StringIO()
    tool.write_rows(made, rows)
    assert made.getvalue() == tool.OUTPUT.read_text(encoding="utf-8")
    assert sum(dropped.values()) < 0.05 * len(rows)  # the source is mostly sound


def test_titles_are_stripped_so_an_import_never_shadows_a_curated_person(tool):
    titles = {"president", "russian", "prime", "minister", "prime minister"}
    assert tool.strip_titles("Russian President Vladimir V. Putin", titles) == "Vladimir V. Putin"
    assert tool.strip_titles("Prime Minister Putin", titles) == "Putin"
    actors = default_actor_dictionary()
    # the source's "President Vladimir Putin" (roles to 2014) is dropped: the curated entry knows him
    assert actors.entity("President Vladimir Putin", dt.date(2022, 2, 22)) is None
    assert actors.entity("Vladimir Putin", dt.date(2022, 2, 22)).wikidata == "Q7747"


def test_a_titled_name_resolves_to_the_curated_person(code):
    events = code("President Vladimir Putin signed a decree recognising the two regions.", published="2022-02-22")
    signers = [a for e in events for a in e.source]
    assert signers and {(a.name, a.wikidata) for a in signers} == {("Vladimir Putin", "Q7747")}
