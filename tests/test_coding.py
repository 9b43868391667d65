"""Event coding on sentences written for these tests: voice, coordination,
reported speech, negation, modality and the appeal/demand distinction."""

from __future__ import annotations


def _one(events, event_type):
    found = [e for e in events if e.event_type == event_type]
    assert len(found) == 1, [(e.event_type, e.trigger.text) for e in events]
    return found[0]


def _countries(actors):
    return [a.country for a in actors]


def test_active_voice_source_and_target(code):
    event = _one(code("Russian forces shelled the Ukrainian city of Kharkiv on Tuesday."), "ASSAULT")
    assert _countries(event.source) == ["RUS"]
    assert event.source[0].sector == "MIL"
    assert event.date.value == "2024-03-05"


def test_passive_voice_with_a_by_agent(code):
    event = _one(code("Two Malian soldiers were killed by jihadist fighters near Gao on Sunday."), "ASSAULT")
    assert event.source[0].sector == "REB"
    assert _countries(event.target) == ["MLI"]
    assert event.target[0].sector == "MIL"


def test_coordinated_actors_stay_together(code):
    event = _one(code("China and Russia held talks in Beijing on Monday."), "CONSULT")
    assert _countries(event.source) == ["CHN", "RUS"]
    assert event.location is not None and event.location.name == "Beijing"


def test_reported_speech_codes_the_reported_event_with_its_speaker(code):
    events = code("The Syrian Observatory said Turkish drones attacked Kurdish fighters on Friday.")
    event = _one(events, "ASSAULT")
    assert _countries(event.source) == ["TUR"]
    assert event.speaker is not None and "Observatory" in event.speaker.text
    assert not [e for e in events if e.trigger.text == "said"]


def test_an_appeal_is_cameo_02_and_a_demand_is_cameo_10(code):
    appeal = _one(code("The German chancellor urged Iran to release the detained journalists."), "REQUEST")
    demand = _one(code("The German chancellor demanded that Iran release the detained journalists."), "REQUEST")
    assert appeal.cameo_code.startswith("02") and appeal.quad_class == 1
    assert demand.cameo_code.startswith("10") and demand.quad_class == 3
    assert _countries(appeal.target) == ["IRN"]


def test_the_content_of_a_request_or_threat_is_not_a_second_event(code):
    events = code("Washington threatened to impose new sanctions on Venezuela.")
    assert [e.event_type for e in events] == ["THREATEN"]
    assert _countries(events[0].source) == ["USA"] and events[0].source[0].sector == "GOV"
    assert _countries(events[0].target) == ["VEN"]


def test_negation(code):
    event = _one(code("Indian troops did not fire on the protesters in Srinagar."), "ASSAULT")
    assert event.modality.negated


def test_failed_to_and_denied_negate_the_event(code):
    event = _one(code("Nigerian police denied arresting the opposition leader in Lagos."), "COERCE")
    assert event.modality.negated


def test_future_and_hypothetical(code):
    # PLOVER: a future cooperative act is an AGREE (the promise), not the act plus `future`.
    visit = _one(code("The Brazilian president will visit Angola next week."), "AGREE")
    assert visit.announced == "CONSULT" and visit.cameo_code == "036" and not visit.modality.future
    # a future retreat or mobilisation keeps its type, with `future`
    deploy = _one(code("Russia will deploy more troops to the Ukrainian border."), "MOBILIZE")
    assert deploy.modality.future
    sanctions = code("The European Union could impose sanctions on Belarus if the crackdown continues.")
    assert any(e.modality.hypothetical for e in sanctions)


def test_announced_conflict_is_a_threat(code):
    boycott = _one(
        code("Opposition parties in Zimbabwe said they would boycott the presidential election."), "THREATEN"
    )
    assert boycott.announced == "PROTEST" and boycott.cameo_code == "133"
    # a future act on a condition "unless ..." is a threat whatever the act
    withdrawal = code("Nigeria will withdraw its peacekeepers from Chad unless the rebels accept a ceasefire.")
    assert any(e.event_type == "THREATEN" and e.announced is not None for e in withdrawal)
    # a promise of aid is an AGREE (pledge), dated when it was made
    (pledge,) = [e for e in code("Japan said on Monday it would give Kenya 40 million dollars in aid.") if e.is_main]
    assert (pledge.event_type, pledge.cameo_code, pledge.announced) == ("AGREE", "033", "AID")
    assert pledge.date.text == "Monday"


def test_unknown_actors_keep_their_text(code):
    event = _one(code("Unidentified gunmen kidnapped a priest on Saturday."), "ASSAULT")
    assert event.source[0].text == "Unidentified gunmen"
    assert event.source[0].country is None


def test_no_publication_date_means_no_invented_date(code):
    (event,) = code("Kenyan police arrested forty protesters in Nairobi on Monday.", published=None)
    assert event.date.value is None and event.date.precision is None


def test_nominal_events_with_their_actors(code):
    strike = [
        e for e in code("An Israeli air strike on Rafah killed 12 people on Tuesday.") if e.trigger.text == "strike"
    ]
    assert strike and strike[0].event_type == "ASSAULT"
    assert _countries(strike[0].source) == ["ISR"]
    assert [a.text for a in strike[0].target] == ["Rafah"]
    talks = _one(code("Talks between Kenya and Somalia resumed in Nairobi on Monday."), "CONSULT")
    assert _countries(talks.source) == ["KEN", "SOM"]


def test_x_said_y_must_is_a_demand(code):
    event = _one(code("The French foreign minister said Iran must release the two aid workers."), "REQUEST")
    assert event.cameo_code.startswith("10")
    assert _countries(event.source) == ["FRA"] and _countries(event.target) == ["IRN"]


def test_thousands_of_protesters_are_the_protesters(code):
    event = _one(code("Tens of thousands of Serbian students marched through Belgrade on Saturday."), "PROTEST")
    assert event.source[0].text.endswith("students") and _countries(event.source) == ["SRB"]


def test_cyber_attacks_are_coerce_cyber(code):
    (defacing,) = [e for e in code("Russian hackers defaced hundreds of Estonian government websites.") if e.is_main]
    assert (defacing.event_type, defacing.cameo_code, defacing.mode) == ("COERCE", "176", "cyber")
