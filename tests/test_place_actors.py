"""A town, capital or region named as an actor: who it stands for depends on
the act. Sentences written for these tests."""

from __future__ import annotations

from communique.model import Actor, Event


def _side(events: list[Event], trigger: str, side: str = "target") -> list[Actor]:
    found = [e for e in events if e.trigger.text.startswith(trigger)]
    assert found, [e.trigger.text for e in events]
    return list(getattr(found[0], side))


def test_a_town_acted_upon_stands_for_its_people(code):
    events = code("Sudanese rebels fired mortars at the provincial capital Juba on Tuesday.", published="2005-06-01")
    (town,) = _side(events, "fired")
    assert (town.country, town.sector, town.is_place) == ("SDN", "CVL", True)
    (city,) = _side(code("The interior minister said he would tighten the curfew in Abidjan."), "tighten")
    assert (city.text, city.country, city.sector, city.is_place) == ("Abidjan", "CIV", "CVL", True)


def test_a_capital_that_speaks_or_is_spoken_to_is_its_government(code):
    events = code("China accused Washington of interfering in its affairs.")
    (capital,) = _side(events, "accused")
    assert (capital.country, capital.sector, capital.is_place) == ("USA", "GOV", True)


def test_a_town_named_with_its_kind_is_a_place_whatever_the_ner_says(code):
    # The small model tags "Jaffna" here as a person.
    (town,) = _side(code("The army imposed a curfew on the town of Jaffna after clashes."), "imposed")
    assert (town.text, town.country, town.sector) == ("Jaffna", "LKA", "CVL")


def test_the_town_of_the_act_is_its_recipient_not_the_region_around_it(code):
    events = code("Turkish authorities imposed a curfew in the town of Silvan in southeastern Turkey on Tuesday.")
    assert [(a.text, a.country, a.sector) for a in _side(events, "imposed")] == [("Silvan", "TUR", "CVL")]


def test_the_name_of_a_place_gives_no_role(code):
    # "Bank" of "the West Bank" is no bank (BUS).
    (city,) = _side(code("Israeli troops imposed a curfew on the West Bank city of Nablus."), "imposed")
    assert (city.country, city.sector) == ("PSE", "CVL")


def test_people_are_not_places(code):
    (victims,) = _side(code("Gunmen killed 12 civilians in Kandahar on Monday."), "killed")
    assert not victims.is_place


def test_a_capital_a_sanction_or_threat_is_aimed_at_is_its_government(code):
    (capital,) = _side(code("The EU imposed sanctions on Moscow on Monday."), "imposed")
    assert (capital.country, capital.sector) == ("RUS", "GOV")
    # ... unless the act happens in it.
    (city,) = _side(code("The World Food Programme halted food distributions in Baghdad on Tuesday."), "halted")
    assert (city.country, city.sector) == ("IRQ", "CVL")
    # A capital struck is its people.
    (struck,) = _side(code("NATO jets bombed Belgrade overnight."), "bombed")
    assert (struck.country, struck.sector) == ("SRB", "CVL")


def test_a_country_where_an_act_lands_is_not_a_town(code):
    (country,) = _side(code("Pakistani troops shelled positions in Afghanistan on Monday."), "shelled")
    assert (country.country, country.sector, country.is_place) == ("AFG", None, False)


def test_a_place_inside_a_part_of_a_named_place_is_found(code):
    # Two place-kind nouns before the name: "areas of the southern part of".
    events = code("Rebel gunners shelled villages in the coastal areas of the southern part of the Jaffna peninsula.")
    shelled = [e for e in events if e.trigger.text == "shelled"]
    assert shelled and shelled[0].location is not None and shelled[0].location.country == "LKA"
    assert [a.country for a in shelled[0].target] == ["LKA"]


def test_a_capital_the_ner_takes_for_an_organisation_is_still_the_capital(code):
    # An older spelling of Kathmandu, tagged as an organisation.
    events = code("Maoist rebels enforced a week-long blockade that cut off Khatmandu.")
    blockade = [e for e in events if e.trigger.text.startswith("enforced")]
    assert blockade and [a.country for a in blockade[0].target] == ["NPL"]
    events = code(
        "Farmers from every region were arriving Monday for a rally in Accra to denounce the seizure of their land."
    )
    assert events and events[0].location is not None and events[0].location.name == "Accra"
    # A seat of government is no town: GeoNames calls Casablanca "White House" too.
    events = code("Although the White House still backs the dollar policy, it would be happy if the slide continued.")
    assert events and all(e.location is None or e.location.country != "MAR" for e in events)


def test_the_purpose_of_a_gathering_happens_where_the_gathering_is(code):
    events = code(
        "Thousands of Ghanaians from the north were converging Friday for a big rally in Accra to protest "
        "against the new fuel tax."
    )
    protest = [e for e in events if e.event_type == "PROTEST"]
    assert protest and protest[0].location is not None and protest[0].location.name == "Accra"
