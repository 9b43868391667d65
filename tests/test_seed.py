"""The seed article (../shared/seed/) is the first acceptance case."""

from __future__ import annotations


def _find(events, event_type, *, source_country=None, target_country=None, trigger=None):
    found = []
    for event in events:
        if event.event_type != event_type:
            continue
        if source_country and source_country not in {a.country for a in event.source}:
            continue
        if target_country and target_country not in {a.country for a in event.target}:
            continue
        if trigger and trigger not in event.trigger.text:
            continue
        found.append(event)
    return found


def test_china_is_ready_to_deepen_relations_with_the_taliban_on_16_august(seed_events):
    agree = _find(seed_events, "AGREE", source_country="CHN", target_country="AFG")
    assert agree, "China's readiness to deepen relations with Afghanistan"
    dated = [e for e in agree if e.date.value == "2021-08-16" and e.date.text]
    assert dated, [e.date for e in agree]
    assert any(a.sector == "GOV" for e in dated for a in e.source)
    assert all(e.cameo_code.startswith("03") for e in agree)


def test_the_taliban_delegation_met_wang_yi_in_tianjin_last_month(seed_events):
    (meeting,) = _find(seed_events, "CONSULT", trigger="met")
    assert {a.country for a in meeting.source} == {"AFG"}
    assert [a.name for a in meeting.target] == ["Wang Yi"]
    assert meeting.target[0].country == "CHN" and meeting.target[0].sector == "GOV"
    assert meeting.date.value == "2021-07" and meeting.date.text == "last month"
    assert meeting.location is not None and meeting.location.name == "Tianjin"
    assert meeting.location.country == "CHN"
    # In July 2021 the Taliban were still an insurgency.
    assert meeting.source[0].sector in {"REB", "GOV"}


def test_china_urged_the_taliban(seed_events):
    requests = _find(seed_events, "REQUEST", source_country="CHN", trigger="urged")
    assert any(a.name == "Taliban" for e in requests for a in e.target)
    # An appeal is CAMEO 02 (verbal cooperation), not a demand (10).
    assert all(e.cameo_code.startswith("02") and e.quad_class == 1 for e in requests)


def test_the_us_withdrawal_is_a_retreat(seed_events):
    (withdrawal,) = _find(seed_events, "RETREAT", trigger="withdraw")
    assert {a.country for a in withdrawal.source} == {"USA"}
    assert withdrawal.target == ()  # the troops withdrawn are the means, not a target
    assert withdrawal.cameo_code.startswith("08")


def test_fears_are_not_attacks_and_promises_are_not_mobilisation(seed_events):
    assert not [e for e in seed_events if e.event_type == "ASSAULT" and "fears" in e.evidence]
    # A state is not an act: "Beijing fears ...", "the embassy continues to operate".
    assert not [e for e in seed_events if e.trigger.text in {"fears", "continues", "operate"}]
    assert not [e for e in seed_events if e.event_type == "MOBILIZE"]
    promise = [e for e in seed_events if "would not be used as a base" in e.evidence and e.event_type == "AGREE"]
    assert promise, "the Taliban's promise is an AGREE"


def test_reported_speech_keeps_the_speaker_apart(seed_events):
    hope = [e for e in seed_events if e.trigger.text == "expressed"]
    assert hope and hope[0].speaker is not None
    assert hope[0].speaker.name == "Hua Chunying"
    assert [a.name for a in hope[0].source] == ["Taliban"]
    assert {a.country for a in hope[0].target} == {"CHN"}


def test_background_from_2001_is_historical(seed_events):
    occupation = [e for e in seed_events if e.trigger.text == "occupied"]
    assert occupation and occupation[0].modality.historical
    assert occupation[0].date.value == "2001"
    assert {a.country for a in occupation[0].source} == {"USA"}
    assert {a.country for a in occupation[0].target} == {"AFG"}


def test_offsets_point_into_the_article_text(seed_article, seed_events):
    text = seed_article.text
    for event in seed_events:
        assert text[event.trigger.start : event.trigger.end] == event.trigger.text
        assert text[event.evidence_start : event.evidence_end] == event.evidence
        for actor in (*event.source, *event.target):
            assert text[actor.start : actor.end] == actor.text
        assert event.date.value is None or event.date.value <= "2021-08-16" or event.modality.future


def test_seed_events_match_the_output_contract(seed_events, event_validator):
    for event in seed_events:
        event_validator.validate(event.to_dict())
