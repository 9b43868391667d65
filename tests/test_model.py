from communique.model import Actor, Event, EventDate, Modality, Place, Span, event_id


def _event(**overrides) -> Event:
    trigger = Span("met", 10, 13)
    values = dict(
        id=event_id("a1", 0, trigger, "040"),
        article_id="a1",
        sentence_index=0,
        event_type="CONSULT",
        cameo_code="040",
        quad_class=1,
        goldstein=1.0,
        source=(Actor("China", 0, 5, "China", "CHN", None),),
        target=(Actor("Wang Yi", 14, 21, "Wang Yi", "CHN", "GOV", "Q1"),),
        trigger=trigger,
        evidence="China met Wang Yi in Tianjin.",
        modality=Modality(negated=True),
        date=EventDate("2021-07", "month", "last month"),
        location=Place("Tianjin", "Tianjin", "CHN", 39.1, 117.2, "city", "28", 1792947),
        speaker=None,
        confidence=0.8,
        mode=None,
        contexts=("diplomatic",),
    )
    values.update(overrides)
    return Event(**values)


def test_event_round_trips_through_its_dict():
    event = _event()
    assert Event.from_dict(event.to_dict()) == event


def test_event_dict_keeps_the_contract_field_names():
    record = _event().to_dict()
    for name in (
        "id",
        "article_id",
        "sentence_index",
        "event_type",
        "cameo_code",
        "quad_class",
        "goldstein",
        "source",
        "target",
        "trigger",
        "evidence",
        "negated",
        "hypothetical",
        "future",
        "historical",
        "date",
        "date_precision",
        "location",
        "confidence",
    ):
        assert name in record
    assert record["negated"] is True
    assert record["date_precision"] == "month"
    assert record["cameo_code"] == "040"


def test_event_id_is_stable_and_depends_on_position_and_code():
    trigger = Span("met", 10, 13)
    assert event_id("a1", 0, trigger, "040") == event_id("a1", 0, trigger, "040")
    assert event_id("a1", 0, trigger, "040") != event_id("a1", 0, trigger, "042")
    assert event_id("a1", 0, trigger, "040") != event_id("a2", 0, trigger, "040")
    assert event_id("a1", 0, trigger, "040") != event_id("a1", 0, Span("met", 11, 14), "040")
