"""The actor dictionaries: countries, role words, organisations and people
with dated roles."""

import datetime as dt
from pathlib import Path

import pytest

from communique.coding.ontology import default_ontology
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
    # Out of office: still American, but one of the country's elite, not its government.
    assert biden_2000.name == "Joe Biden" and biden_2000.country == "USA" and biden_2000.sector == "ELI"
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


def _copy_packaged(folder: Path) -> None:
    folder.mkdir()
    for name in ("countries.csv", "sectors.csv", "representatives.yaml"):
        (folder / name).write_bytes(data_path(f"actors/{name}").read_bytes())


def test_overlapping_terms_of_one_office_are_refused(tmp_path: Path):
    folder = tmp_path / "actors"
    _copy_packaged(folder)
    (folder / "people.csv").write_text(
        "name,aliases,country,sector,role,valid_from,valid_to,wikidata,source\n"
        "Ana Example,,CHL,GOV,head_of_state,2010-03-11,2014-03-11,,test\n"
        "Ana Example,,CHL,GOV,head_of_state,2013-01-01,2018-03-11,,test\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as info:
        load_actor_dictionary(folder)
    assert "people.csv:3" in str(info.value) and "overlaps" in str(info.value)


def test_two_offices_of_one_person_may_overlap(tmp_path: Path):
    folder = tmp_path / "actors"
    _copy_packaged(folder)
    (folder / "people.csv").write_text(
        "name,aliases,country,sector,role,valid_from,valid_to,wikidata,source\n"
        "Ana Example,,CHL,GOV,head_of_state,2010-03-11,2014-03-11,,test\n"
        "Ana Example,,CHL,GOV,head_of_government,2010-03-11,2014-03-11,,test\n",
        encoding="utf-8",
    )
    assert load_actor_dictionary(folder).entity("Ana Example", dt.date(2012, 1, 1)).country == "CHL"


def test_a_users_own_files_add_and_replace_entries(tmp_path: Path):
    people = tmp_path / "mine.csv"
    people.write_text(
        "name,aliases,country,sector,wikidata,valid_from,valid_to,kind\n"
        "Amara Okonkwo,Okonkwo,NGA,GOV,,2023-06-01,,person\n"
        "Kano Vigilance Front,KVF,NGA,REB,,,,organization\n"
        # replaces the packaged entry for the Taliban: a user may disagree
        "Taliban,,AFG,REB,,,,organization\n",
        encoding="utf-8",
    )
    roles = tmp_path / "roles.csv"
    roles.write_text("term,sector\nvigilante,REB\ngovernment,PTY\n", encoding="utf-8")
    actors = load_actor_dictionary(extra_files=[people, roles])
    assert actors.entity("Amara Okonkwo", dt.date(2024, 1, 1)).sector == "GOV"
    # not yet in office: a Nigerian, one of the country's elite
    assert actors.entity("Amara Okonkwo", dt.date(2022, 1, 1)).sector == "ELI"
    assert actors.entity("KVF", None).name == "Kano Vigilance Front"
    assert actors.entity("Taliban", dt.date(2022, 1, 1)).sector == "REB"
    assert actors.sector("vigilante") == "REB"
    assert actors.sector("government") == "PTY"
    # the packaged dictionary is untouched
    assert load_actor_dictionary().entity("Taliban", dt.date(2022, 1, 1)).sector == "GOV"


def test_a_users_file_with_a_bad_code_names_its_line(tmp_path: Path):
    mine = tmp_path / "mine.csv"
    mine.write_text(
        "name,aliases,country,sector,wikidata,valid_from,valid_to\nGood,,NGA,REB,,,\nBad,,NGA,XXX,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as info:
        load_actor_dictionary(sectors_known=set(default_ontology().sectors), extra_files=[mine])
    assert "mine.csv:3" in str(info.value) and "unknown sector" in str(info.value)


def test_a_users_file_may_not_redefine_a_country(tmp_path: Path):
    mine = tmp_path / "mine.csv"
    mine.write_text("name,aliases,country,sector,wikidata,valid_from,valid_to\nKenya,,NGA,GOV,,,\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="country"):
        load_actor_dictionary(extra_files=[mine])


def test_an_undated_article_gives_a_person_what_all_their_roles_share(actors):
    blair = actors.entity("Tony Blair", None)
    assert (blair.country, blair.sector) == ("GBR", "GOV")
    assert actors.person_by_surname("Blair", None).name == "Tony Blair"
    # a dated mention outside every term: still British, no longer the government
    after = actors.entity("Tony Blair", dt.date(2010, 1, 1))
    assert (after.country, after.sector, after.in_office) == ("GBR", "ELI", False)


def test_every_country_has_its_wikidata_id(actors):
    assert len(actors.country_wikidata) == len(actors.country_names)
    assert actors.country_wikidata["USA"] == "Q30" and actors.country_wikidata["CHN"] == "Q148"
    assert actors.country_wikidata["AFG"] == "Q889" and actors.country_wikidata["XKX"] == "Q1246"


def test_a_country_named_as_an_actor_carries_its_wikidata_id(code):
    events = code("China criticised Australia over the trade measures.")
    (criticised,) = [e for e in events if e.trigger.text == "criticised"]
    assert [(a.name, a.wikidata) for a in criticised.source] == [("China", "Q148")]
    assert [a.wikidata for a in criticised.target] == ["Q408"]
