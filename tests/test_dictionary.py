"""The actor dictionaries: countries, role words, organisations and people
with dated roles."""

import datetime as dt
from pathlib import Path

import pytest

from communique.datafiles import data_path
from communique.errors import DataFileError
from communique.resolve.dictionary import default_actor_dictionary, load_actor_dictionary


@pytest.fixture(scope="module")
def actors():
    return default_actor_dictionary()


@pytest.mark.parametrize(
    ("phrase", "iso3", "kind"),
    [
        ("China", "CHN", "name"),
        ("Chinese", "CHN", "demonym"),
        ("Afghans", "AFG", "demonym"),
        ("Americans", "USA", "demonym"),
        ("U.S.", "USA", "alias"),
        ("US", "USA", "alias"),
        ("Ivory Coast", "CIV", "alias"),
        ("Beijing", "CHN", "capital"),
        ("Kremlin", "RUS", "capital"),
        ("Downing Street", "GBR", "capital"),
    ],
)
def test_countries_by_name_alias_demonym_and_seat(actors, phrase, iso3, kind):
    term = actors.country(phrase)
    assert term is not None and (term.iso3, term.kind) == (iso3, kind)


def test_short_acronyms_match_only_in_capitals(actors):
    assert actors.country("us") is None  # the pronoun
    assert actors.entity("UN", None).name == "United Nations"
    assert actors.entity("un", None) is None


@pytest.mark.parametrize(
    ("term", "sector"),
    [
        ("government", "GOV"),
        ("troop", "MIL"),
        ("riot police", "COP"),
        ("court", "JUD"),
        ("lawmaker", "LEG"),
        ("rebel", "REB"),
        ("protester", "CVL"),
        ("foreign minister", "GOV"),
    ],
)
def test_role_words_give_sectors(actors, term, sector):
    assert actors.sector(term) == sector


def test_at_least_three_hundred_role_words(actors):
    assert len(actors.sectors) >= 300


def test_the_taliban_change_role_on_15_august_2021(actors):
    assert actors.entity("Taliban", dt.date(2021, 8, 14)).sector == "REB"
    assert actors.entity("the Taliban", dt.date(2021, 8, 16)).sector == "GOV"
    assert actors.entity("Taliban", dt.date(2021, 8, 16)).country == "AFG"


def test_people_hold_roles_only_while_in_office(actors):
    biden_2021 = actors.entity("Joe Biden", dt.date(2021, 8, 16))
    assert (biden_2021.country, biden_2021.sector) == ("USA", "GOV")
    biden_2000 = actors.entity("Joe Biden", dt.date(2000, 6, 1))
    assert biden_2000.name == "Joe Biden" and biden_2000.country is None and biden_2000.sector is None
    assert actors.entity("Wang Yi", dt.date(2021, 7, 1)).country == "CHN"


def test_a_bad_row_is_reported_with_file_and_line(tmp_path: Path):
    folder = tmp_path / "actors"
    folder.mkdir()
    for name in ("countries.csv", "sectors.csv", "representatives.yaml"):
        (folder / name).write_bytes(data_path(f"actors/{name}").read_bytes())
    (folder / "organizations.csv").write_text(
        "name,aliases,country,sector,wikidata,valid_from,valid_to,note\n"
        "Good Group,,AFG,REB,,,,\n"
        "Bad Group,,AFG,REB,,2021-13-01,,\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as info:
        load_actor_dictionary(folder)
    assert "organizations.csv:3" in str(info.value) and "bad date" in str(info.value)
