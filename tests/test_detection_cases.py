"""Ways news phrases events that the lexicon and the parse must both read
right: sentences written for these tests."""

from __future__ import annotations


def _by_type(events, event_type: str):
    return [e for e in events if e.event_type == event_type]


def test_a_stance_in_passive_form_has_its_subject_as_actor(code):
    events = code("Vietnam is committed to opening its economy to foreign banks.")
    (commitment,) = _by_type(events, "AGREE")
    assert [a.country for a in commitment.source] == ["VNM"]  # the committed one acts, not the one acted upon


def test_allowing_inspectors_back_is_letting_in_international_involvement(code):
    events = code("Iran said on Monday it had allowed the return of IAEA inspectors to the Fordow site.")
    assert [e.cameo_code for e in _by_type(events, "RETREAT")] == ["086"]


def test_a_forum_that_concludes_a_state_must_act_makes_a_request(code):
    events = code("The summit concluded that Brazil must do more to halt illegal logging in the Amazon.")
    (request,) = _by_type(events, "REQUEST")
    assert [a.country for a in request.target] == ["BRA"]


def test_a_delegation_of_monitors_is_the_monitors(code):
    events = code("Armenia's president received a delegation of monitors from the OSCE on Friday.")
    assert [e.cameo_code for e in _by_type(events, "RETREAT")] == ["0862"]


def test_a_participle_of_activity_has_its_subject_as_actor_unless_a_by_agent_follows(code):
    events = code("Rebel fighters were engaged in heavy fighting with government troops near Goma.")
    (fighting,) = _by_type(events, "ASSAULT")
    assert [a.sector for a in fighting.source] == ["REB"]
    assert [a.sector for a in fighting.target] == ["MIL"]
    events = code("The ceasefire plan was opposed by China and Russia.")
    (opposition,) = _by_type(events, "REJECT")
    assert [a.country for a in opposition.source] == ["CHN", "RUS"]


def test_who_uses_a_means_to_an_end_does_the_end(code):
    # The tear gas is the object of "used", not the one dispersing.
    events = code("Riot police in Caracas used tear gas to disperse student protesters on Thursday.")
    (dispersal,) = [e for e in events if e.trigger.text == "disperse"]
    assert [(a.country, a.sector) for a in dispersal.source] == [("VEN", "COP")]


def test_a_weapon_with_no_named_perpetrator_stands_for_an_unidentified_one(code):
    events = code("A district governor was killed by a roadside explosive device in Helmand on Thursday.")
    (killing,) = _by_type(events, "ASSAULT")
    assert [(a.country, a.sector) for a in killing.source] == [("AFG", "UAF")]
    assert "explosive device" in killing.source[0].text
    # Harm with no weapon in it names no perpetrator.
    events = code("The storm killed twelve people in Dhaka on Sunday.")
    assert all(not e.source for e in events)


def test_a_secretary_general_is_no_general(code):
    events = code("Arab League Secretary General Ahmed Aboul Gheit met the Lebanese prime minister in Beirut.")
    (meeting,) = _by_type(events, "CONSULT")
    assert [(a.country, a.sector) for a in meeting.source] == [("IGO", "GOV")]


def test_a_blast_an_act_was_done_in_stands_for_an_unidentified_perpetrator(code):
    events = code("Two MPs were killed in a truck bomb explosion outside a hotel in Mogadishu on Saturday.")
    (killing,) = _by_type(events, "ASSAULT")
    assert [(a.country, a.sector) for a in killing.source] == [("SOM", "UAF")]


def test_an_arrest_with_no_doer_named_is_the_state_s_where_it_happened(code):
    events = code("Two opposition activists were detained in Minsk on Saturday.")
    (detention,) = _by_type(events, "COERCE")
    assert [a.country for a in detention.source] == ["BLR"]
    # With no place named, no one is made up.
    events = code("A British journalist was arrested on spying charges.")
    (arrest,) = _by_type(events, "COERCE")
    assert arrest.source == ()


def test_he_after_a_quoted_office_holder_is_that_office_holder(code):
    events = code("Egypt's foreign minister was quoted as saying he would visit Israel next month.")
    (visit,) = [e for e in events if e.target and e.target[0].country == "ISR"]
    assert [(a.country, a.sector) for a in visit.source] == [("EGY", "GOV")]


def test_whoever_issues_a_statement_says_what_it_says(code):
    events = code("The rebel movement issued a statement condemning the Ugandan government.")
    (condemnation,) = _by_type(events, "ACCUSE")
    assert [(a.country, a.sector) for a in condemnation.source] == [("UGA", "REB")]
