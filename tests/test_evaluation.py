"""The evaluation itself (on hand-built events), and the evaluation gate:
accuracy floors on the development gold set and the team's negative set,
pinned so that accuracy can only go up. Raise a floor when the coder
improves; never lower one to make a change pass."""

from __future__ import annotations

import pytest

from communique.coding.ontology import default_ontology
from communique.evaluation import evaluate
from communique.evaluation.gold import GoldActor, GoldSentence, score_gold
from communique.model import Actor, Event, EventDate, Modality, Span
from tests.conftest import REPO, SHARED

GOLD = SHARED / "gold" / "plover-gsr.jsonl"
NEGATIVES = REPO / "eval" / "negatives.jsonl"

# Measured 2026-11-30 on plover-gsr.jsonl + eval/negatives.jsonl (docs/coding.md).
FLOORS = {
    "detection_precision": 0.96,  # measured 0.975
    "detection_recall": 0.945,  # 0.960
    "type_accuracy": 0.82,  # 0.832
    "quad_accuracy": 0.875,  # 0.885
    "source_country": 0.92,  # 0.927
    "target_country": 0.915,  # 0.924 (the target is 0.92)
    "source_sector": 0.825,  # 0.833
    "target_sector": 0.81,  # 0.819
    "location_country": 0.85,  # 0.872 of the 47 sentences whose gold has a location
}
NEGATIVE_FALSE_ALARMS_MAX = 0.07  # share of no-event sentences coded with an event; measured 0.053


def _event(article_id: str, event_type: str, source: str | None, *, main: bool = True) -> Event:
    code = {"ASSAULT": "190", "CONSULT": "040", "REQUEST": "020"}[event_type]
    ontology = default_ontology()
    return Event(
        id=f"{article_id}-{event_type}",
        article_id=article_id,
        sentence_index=0,
        event_type=event_type,
        cameo_code=code,
        quad_class=ontology.code(code).quad_class,
        goldstein=ontology.code(code).goldstein,
        source=(Actor("x", country=source),),
        target=(),
        trigger=Span("x", 0, 1),
        evidence="x",
        modality=Modality(),
        date=EventDate(None, None),
        location=None,
        speaker=None,
        confidence=1.0,
        is_main=main,
    )


def test_scores_on_hand_built_events():
    gold = [
        GoldSentence("a", "a", None, "ASSAULT", source=(GoldActor("x", "RUS", None),)),
        GoldSentence("b", "b", None, "CONSULT", source=(GoldActor("x", "CHN", None),)),
        GoldSentence("c", "c", None, "REQUEST"),
        GoldSentence("n", "n", None, None),
    ]
    coded = {
        "a": [_event("a", "REQUEST", "RUS", main=False), _event("a", "ASSAULT", "RUS")],
        "b": [_event("b", "REQUEST", "USA")],
        "n": [_event("n", "ASSAULT", None)],
    }
    report = score_gold(gold, coded, default_ontology())
    assert report.detection["recall"] == pytest.approx(2 / 3)  # c was missed
    assert report.detection["precision"] == pytest.approx(2 / 3)  # n is a false alarm
    assert report.type_accuracy == pytest.approx(1 / 3)  # only a's main event is right
    assert report.any_event_type_accuracy == pytest.approx(1 / 3)
    assert report.source_country == (1, 2)
    assert report.confusion["CONSULT"] == {"REQUEST": 1}
    assert report.confusion["REQUEST"] == {"none": 1}
    assert report.per_type["ASSAULT"].precision == pytest.approx(1 / 2)


@pytest.fixture(scope="module")
def dev_report(pipeline):
    return evaluate([GOLD, NEGATIVES], pipeline=pipeline)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_evaluation_gate_on_the_development_set(dev_report, name):
    values = {
        "detection_precision": dev_report.detection["precision"],
        "detection_recall": dev_report.detection["recall"],
        "type_accuracy": dev_report.type_accuracy,
        "quad_accuracy": dev_report.quad_accuracy,
        "source_country": dev_report.rate(dev_report.source_country),
        "target_country": dev_report.rate(dev_report.target_country),
        "source_sector": dev_report.rate(dev_report.source_sector),
        "target_sector": dev_report.rate(dev_report.target_sector),
        "location_country": dev_report.rate(dev_report.location_country),
    }
    assert values[name] >= FLOORS[name], f"{name} fell to {values[name]:.3f} (floor {FLOORS[name]})"


def test_news_without_politics_rarely_yields_an_event(dev_report):
    false_alarms = sum(n for coded, n in dev_report.confusion["none"].items() if coded != "none")
    assert false_alarms / sum(dev_report.confusion["none"].values()) <= NEGATIVE_FALSE_ALARMS_MAX


def test_the_negative_set_is_the_teams_own():
    lines = NEGATIVES.read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 100 and all('"event_type": null' in line for line in lines)
