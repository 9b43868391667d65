"""Places: the gazetteer, which place a name denotes in its article, and
where an event happened. The sentences are written for these tests."""

from __future__ import annotations

from collections import Counter

import pytest

from communique.errors import DataFileError
from communique.resolve.gazetteer import (
    GazetteerEntry,
    GeoNamesGazetteer,
    RegionFacts,
    default_gazetteer,
    normalise_name,
    region_names,
)
from communique.resolve.places import DATELINE, LocationWords, PlaceContext, PlaceResolver


@pytest.fixture(scope="module")
def gazetteer() -> GeoNamesGazetteer:
    return default_gazetteer()


@pytest.fixture(scope="module")
def places(gazetteer) -> PlaceResolver:
    from communique.resolve.dictionary import default_actor_dictionary

    return PlaceResolver(gazetteer, default_actor_dictionary())


# -- the gazetteer ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "country", "admin1"),
    [
        ("Tianjin", "city", "CHN", None),
        ("Kabul", "city", "AFG", None),
        ("Kābul", "city", "AFG", None),  # accents do not matter
        ("Xinjiang", "admin1", "CHN", "CN-XJ"),  # ISO's name is Xinjiang Uygur Zizhiqu
        ("Tibet", "admin1", "CHN", "CN-XZ"),  # an English alias from regions.yaml
        ("Anbar", "admin1", "IRQ", "IQ-AN"),  # ISO's Al Anbar without the article
        ("Crimea", "admin1", "UKR", "UA-43"),
        ("Texas", "admin1", "USA", "US-TX"),
        ("Scotland", "admin1", "GBR", "GB-SCT"),
        ("Helmand", "admin1", "AFG", "AF-HEL"),
        ("Bombay", "city", "IND", None),  # a GeoNames alternate name of Mumbai
        ("Kiev", "city", "UKR", None),
        ("Ivano-Frankivsk", "city", "UKR", None),
        ("Ivory Coast", "country", "CIV", None),
        ("Côte d'Ivoire", "country", "CIV", None),  # pycountry's name
        ("Gorazde", "city", "BIH", None),
    ],
)
def test_gazetteer_knows_places_by_their_news_names(gazetteer, name, kind, country, admin1):
    found = [m.entry for m in gazetteer.matches(name)]
    assert any(e.kind == kind and e.country == country for e in found), found
    if admin1:
        assert any(e.admin1 == admin1 for e in found)


def test_every_entry_has_coordinates_and_ids_where_geonames_has_them(gazetteer):
    (tianjin,) = [m.entry for m in gazetteer.matches("Tianjin") if m.entry.kind == "city"]
    assert tianjin.geonames_id == 1792947
    assert 38.5 < tianjin.lat < 39.5 and 116.5 < tianjin.lon < 118
    china = gazetteer.country("CHN")
    assert china is not None and china.geonames_id == 1814991
    assert 20 < china.lat < 45 and 95 < china.lon < 125  # inside China's settled area


def test_a_country_across_the_date_line_keeps_its_point_on_the_right_side(gazetteer):
    fiji = gazetteer.country("FJI")
    assert fiji is not None and abs(fiji.lon) > 170  # not averaged to the far side of the globe


def test_region_points_come_from_its_cities_or_a_namesake_city(gazetteer):
    california = next(m.entry for m in gazetteer.matches("California") if m.entry.admin1 == "US-CA")
    assert 32 < california.lat < 42 and -125 < california.lon < -114
    kabul_province = next(m.entry for m in gazetteer.matches("Kabul") if m.entry.kind == "admin1")
    kabul_city = next(m.entry for m in gazetteer.matches("Kabul") if m.entry.kind == "city")
    assert (kabul_province.lat, kabul_province.lon) == (kabul_city.lat, kabul_city.lon)


def test_alternate_names_in_other_scripts_are_not_indexed(gazetteer):
    assert not gazetteer.matches("Андорра-ла-Велья")
    assert gazetteer.matches("Andorra la Vella")


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("Kābul", "kabul"),
        ("the Ivory Coast", "ivory coast"),
        ("Xi'an", "xi an"),
        ("Ivano-Frankivsk", "ivano frankivsk"),
    ],
)
def test_name_normalisation(text, normalised):
    assert normalise_name(text) == normalised


def test_region_names_drop_kind_words_and_articles():
    facts = RegionFacts.load()
    assert "xinjiang uygur" in region_names("Xinjiang Uygur Zizhiqu", facts)
    assert "anbar" in region_names("Al Anbār", facts)
    assert {"catalunya", "cataluna"} <= region_names("Catalunya [Cataluña]", facts)


def test_a_custom_gazetteer_plugs_in(places):
    """Any object with `matches` and `country` serves the resolver."""
    entry = GazetteerEntry("Springfield", "city", "USA", "IL", 39.8, -89.6, 114000, 4250542)
    custom = GeoNamesGazetteer([(entry, ["Springfield"], [])])
    resolver = PlaceResolver(custom, places.dictionary, places.words)
    place = resolver.place("Springfield")
    assert (place.name, place.country, place.geonames_id) == ("Springfield", "USA", 4250542)


def test_a_bad_region_alias_names_its_file(tmp_path):
    path = tmp_path / "regions.yaml"
    path.write_text("generic_words: []\narticles: []\niso_admin1_countries: []\naliases:\n  CN-XJ: Xinjiang\n")
    with pytest.raises(DataFileError, match="list of names"):
        RegionFacts.load(path)


def test_location_words_are_validated(tmp_path):
    path = tmp_path / "words.yaml"
    path.write_text("setting_preps: [in, 3]\n")
    with pytest.raises(DataFileError, match="setting_preps"):
        LocationWords.load(path)


# -- which place a name denotes -------------------------------------------------


def _context(**countries: int) -> PlaceContext:
    return PlaceContext(countries=Counter(countries))


@pytest.mark.parametrize(
    ("name", "kwargs", "country", "precision"),
    [
        ("Tripoli", {}, "LBY", "city"),  # the larger, with nothing else to go on
        ("Tripoli", {"context": _context(LBN=2)}, "LBN", "city"),  # an article about Lebanon
        ("Tripoli", {"event_countries": frozenset({"LBN"})}, "LBN", "city"),  # Lebanese actors
        ("Tripoli", {"qualifier": "Lebanon"}, "LBN", "city"),  # "Tripoli, Lebanon"
        ("Paris", {}, "FRA", "city"),
        ("Paris", {"qualifier": "Texas"}, "USA", "city"),  # "Paris, Texas"
        ("Geneva", {"event_countries": frozenset({"USA", "RUS"})}, "CHE", "city"),  # US negotiators in Geneva
        ("Georgia", {}, "GEO", "country"),
        ("Georgia", {"context": PlaceContext(subnational=Counter(USA=2))}, "USA", "admin1"),  # among Atlanta, Savannah
        ("Punjab", {"context": _context(PAK=3)}, "PAK", "admin1"),
        ("Punjab", {"context": _context(IND=1)}, "IND", "admin1"),
        ("Hyderabad", {"context": _context(PAK=1)}, "PAK", "city"),
        ("Hyderabad", {}, "IND", "city"),
        ("Kabul", {}, "AFG", "city"),  # the city, not the province of that name
        ("Britain", {}, "GBR", "country"),  # the actor dictionary's aliases count as country names
        ("the Ivory Coast", {}, "CIV", "country"),
        ("western Cambodia", {}, "KHM", "country"),  # a compass word narrows, it does not rename
        ("South Africa", {}, "ZAF", "country"),  # unless it is the name
        ("Gaza", {}, "PSE", "city"),
        ("West Bank", {}, "PSE", "country"),  # a territory without its own ISO region
        ("Dili", {}, "TLS", "city"),  # its own name beats a bigger city's alternate name
        ("Alexandria", {"context": _context(EGY=1)}, "EGY", "city"),
        ("Alexandria", {"event_countries": frozenset({"USA"}), "qualifier": "Virginia"}, "USA", "city"),
    ],
)
def test_a_name_resolves_with_its_article(places, name, kwargs, country, precision):
    place = places.place(name, **kwargs)
    assert place is not None, name
    assert (place.country, place.precision) == (country, precision)
    assert place.lat is not None and place.lon is not None


def test_an_unknown_name_is_not_a_place(places):
    assert places.place("Foobarstan") is None


def test_country_of_a_place_name(places):
    assert places.country_of("Kandahar") == "AFG"
    assert places.country_of("Baghdad") == "IRQ"
    assert places.country_of("Quetzalcoatlville") is None


@pytest.mark.parametrize(
    ("opening", "place"),
    [
        ("KABUL, Aug 16 (Reuters) - The Taliban", "KABUL"),
        ("BEIJING — China said", "BEIJING"),
        ("PORT-AU-PRINCE, Haiti (AP) - Gangs", "PORT-AU-PRINCE"),
        ("NEW DELHI: India and", "NEW DELHI"),
    ],
)
def test_datelines_are_found(opening, place):
    match = DATELINE.match(opening)
    assert match is not None and match.group("place") == place


def test_an_ordinary_opening_is_not_a_dateline():
    assert DATELINE.match("The Chinese government said on Monday - in a statement - that") is None
    assert DATELINE.match("In Kabul, the Taliban said") is None


# -- where an event happened (the real parser on team-written sentences) --------


def _location(code, text: str, trigger: str):
    events = [e for e in code(text) if e.trigger.text == trigger]
    assert events, f"no {trigger!r} event in {[e.trigger.text for e in code(text)]}"
    return events[0].location


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "trigger", "name", "country", "basis"),
    [
        ("Wang Yi met a Taliban delegation in Tianjin last month.", "met", "Tianjin", "CHN", "sentence"),
        ("Iranian and Saudi envoys held talks in Baghdad on Tuesday.", "held talks", "Baghdad", "IRQ", "sentence"),
        ("Rebels attacked an army post near Goma on Sunday.", "attacked", "Goma", "COD", "sentence"),
        (
            "The Kenyan president travelled to Addis Ababa for the summit.",
            "travelled to",
            "Addis Ababa",
            "ETH",
            "sentence",
        ),
        ("The UN evacuated its staff from Juba after the fighting.", "evacuated", "Juba", "SSD", "sentence"),
        ("The French president visited Kyiv on Friday.", "visited", "Kyiv", "UKR", "sentence"),
        ("Police fired tear gas at protesters in Nairobi on Monday.", "fired", "Nairobi", "KEN", "sentence"),
        ("Troops shelled the town of Bakhmut overnight.", "shelled", "Bakhmut", "UKR", "actor"),
        ("Israeli aircraft struck targets in the southern city of Khan Younis.", "struck", None, "PSE", "sentence"),
        ("Lebanese troops clashed with gunmen in Tripoli.", "clashed", "Tripoli", "LBN", "sentence"),
        ("The army arrested 30 protesters in western Cambodia.", "arrested", "Cambodia", "KHM", "sentence"),
        ("Ethiopian forces withdrew from Mekele in June.", "withdrew", "Mek'ele", "ETH", "sentence"),
        (
            "A car bomb near the town of Baqubah killed six Iraqi police officers.",
            "killed",
            "Baqubah",
            "IRQ",
            "sentence",
        ),
        ("The embassy in Kabul condemned the attack.", "condemned", "Kabul", "AFG", "sentence"),
        (
            "Thousands of Iraqi protesters demonstrated in Kirkuk on Sunday, demanding independence.",
            "demanding",
            "Kirkuk",
            "IRQ",
            "sentence",
        ),
    ],
)
def test_event_location_is_where_the_event_happened(code, text, trigger, name, country, basis):
    place = _location(code, text, trigger)
    assert place is not None
    assert place.country == country
    if name is not None:
        assert place.name == name
    assert place.basis == basis


@pytest.mark.slow
def test_a_place_that_only_describes_an_actor_is_not_the_event_location(code):
    text = "China said it was ready to deepen ties with the new government in Afghanistan."
    events = code(text)
    assert events and all(e.location is None for e in events)


@pytest.mark.slow
def test_a_place_elsewhere_in_the_sentence_is_not_the_location(code):
    text = (
        "Wang Yi met the delegation on Tuesday, days after a visit to Xinjiang, a region home to the Uyghur minority."
    )
    met = [e for e in code(text) if e.trigger.text == "met"]
    assert met and met[0].location is None


@pytest.mark.slow
def test_a_dateline_is_the_setting_of_events_without_a_place(code):
    text = "NAIROBI, March 6 (Wire) - Kenyan police arrested 40 opposition supporters on Tuesday."
    (event,) = [e for e in code(text) if e.trigger.text == "arrested"]
    assert (event.location.name, event.location.basis) == ("Nairobi", "dateline")
    assert event.location.confidence < 0.9


@pytest.mark.slow
def test_a_dateline_abroad_does_not_place_a_domestic_event_elsewhere(code):
    text = "LONDON, March 6 (Wire) - Kenyan police arrested 40 opposition supporters in Kenya on Tuesday."
    (event,) = [e for e in code(text) if e.trigger.text == "arrested"]
    assert event.location.country == "KEN"


@pytest.mark.slow
def test_a_later_event_of_the_paragraph_with_the_same_actor_keeps_its_place(code):
    text = (
        "Sudanese troops attacked a market in El Fasher on Monday. "
        "Later the troops shelled a hospital, local officials said.\n\n"
        "In a separate development, the government condemned the troops."
    )
    events = code(text)
    shelled = [e for e in events if e.trigger.text == "shelled"]
    assert shelled and shelled[0].location is not None
    assert (shelled[0].location.country, shelled[0].location.basis) == ("SDN", "paragraph")
    condemned = [e for e in events if e.trigger.text == "condemned"]
    assert condemned and (condemned[0].location is None or condemned[0].location.basis != "paragraph")


@pytest.mark.slow
def test_the_seed_meeting_is_in_tianjin(seed_events):
    (met,) = [e for e in seed_events if e.trigger.text == "met"]
    assert (met.location.name, met.location.country, met.location.precision) == ("Tianjin", "CHN", "city")
    assert met.location.geonames_id == 1792947


@pytest.mark.slow
def test_a_users_gazetteer_replaces_the_packaged_one():
    from communique.model import Article
    from communique.pipeline import Pipeline

    entry = GazetteerEntry("Springfield", "city", "USA", "IL", 39.8, -89.6, 114000, 4250542)
    pipeline = Pipeline.load(gazetteer=GeoNamesGazetteer([(entry, ["Springfield"], [])]))
    article = Article(id="g", text="Police arrested 12 protesters in Springfield on Monday.")
    events = pipeline.code(article).events
    assert events and events[0].location is not None
    assert events[0].location.geonames_id == 4250542


def test_a_region_named_with_its_kind_word_is_the_region(gazetteer):
    for name, country in (("Helmand Province", "AFG"), ("Jonglei State", "SSD"), ("West Darfur State", "SDN")):
        found = gazetteer.matches(name)
        assert found and {m.entry.country for m in found} == {country}
        assert all(m.entry.kind == "admin1" for m in found)
    # A kind word after a city that is no region finds nothing.
    assert not gazetteer.matches("Lusaka Province Hospital")


def test_regions_that_are_no_first_level_division_are_found_at_country_precision(gazetteer):
    for name, country in (("Darfur", "SDN"), ("Donbas", "UKR"), ("Waziristan", "PAK")):
        assert [m.entry.country for m in gazetteer.matches(name)] == [country]


def test_a_when_clause_says_where_the_event_was_but_an_as_clause_does_not(code):
    events = code("Rebels killed four soldiers on Sunday when they ambushed a convoy near Goma.")
    killing = [e for e in events if e.trigger.text == "killed"]
    assert killing and killing[0].location is not None and killing[0].location.text == "Goma"
    events = code("Canada sent food aid to Chad on Tuesday as hunger spread in N'Djamena.")
    aid = [e for e in events if e.event_type == "AID"]
    assert aid and (aid[0].location is None or aid[0].location.text != "N'Djamena")
