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


def test_a_mission_of_observers_is_the_observers(code):
    events = code("Georgia's prime minister received a mission of observers from the OSCE on Tuesday.")
    assert [e.cameo_code for e in _by_type(events, "RETREAT")] == ["0862"]
