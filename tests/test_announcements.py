"""Announced acts and refusals, and what a to-clause means: sentences written
for these tests."""

from __future__ import annotations


def _events(events, event_type: str):
    return [e for e in events if e.event_type == event_type]


def test_a_cooperative_act_announced_as_not_going_to_happen_is_a_refusal(code):
    events = code("The government said it would not meet the strikers' demands.")
    (refusal,) = _events(events, "REJECT")
    assert refusal.cameo_code == "124" and refusal.announced == "CONCEDE"
    assert not refusal.modality.negated  # the refusal itself happened
    events = code("The president will not meet the opposition leader.")
    assert [e.cameo_code for e in _events(events, "REJECT")] == ["125"]


def test_an_act_that_did_not_happen_stays_a_negated_event(code):
    (attack,) = _events(code("Israel did not attack the convoy."), "ASSAULT")
    assert attack.modality.negated


def test_the_content_of_a_demand_is_not_an_act_of_the_speaker(code):
    events = code("The rebels rejected the army's demands to release the hostages.")
    assert not _events(events, "RETREAT")
    # an attempt is an act, though
    events = code("An attempt to assassinate the governor of Kandahar was foiled by police.")
    assert _events(events, "ASSAULT")


def test_readiness_or_an_oath_to_use_force_is_a_threat(code):
    events = code("The interim government said it was prepared to impose martial law in the capital.")
    assert [e.event_type for e in events if e.is_main] == ["THREATEN"]
    events = code("Kurdish rebels have sworn to fight until the army leaves the border villages.")
    assert _events(events, "THREATEN") and not _events(events, "ASSAULT")
    # readiness to cooperate stays an offer
    events = code("China is ready to deepen ties with the new government in Kabul.")
    assert _events(events, "AGREE")


def test_mobilising_supporters_or_lobbyists_is_not_a_military_mobilisation(code):
    events = code("Saudi Arabia mobilised lobby groups in Washington to support the Palestinian cause.")
    assert not _events(events, "MOBILIZE")
    events = code("Armenia mobilised its reservists after the border clashes.")
    assert _events(events, "MOBILIZE")
