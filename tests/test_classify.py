"""The sentence classifier: its data, its model file, and how the coder uses
it where the lexicon finds nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from communique.coding.classify import (
    NONE,
    LinearModel,
    Prediction,
    default_classifier,
    load_model,
    train,
    training_examples,
)
from communique.coding.ontology import PLOVER_TYPES
from communique.errors import DataFileError
from communique.ingest import article_from_record
from communique.pipeline import Pipeline


def test_a_linear_model_predicts_the_highest_scoring_class():
    model = LinearModel(("ASSAULT", NONE), ((1.0, 0.0), (0.0, 1.0)), (0.0, 0.0))
    prediction = model.predict((2.0, 0.0))
    assert prediction.label == "ASSAULT"
    assert prediction.probability == pytest.approx(1 / (1 + 2.718281828**-2), rel=1e-6)


def test_the_training_data_covers_every_type_and_no_event():
    labels = [label for _, label in training_examples()]
    for event_type in PLOVER_TYPES:
        assert labels.count(event_type) >= 25, event_type
    assert labels.count(NONE) >= 100


def test_a_broken_model_file_is_reported(tmp_path: Path):
    bad = tmp_path / "model.json"
    bad.write_text(json.dumps({"classes": ["ASSAULT", "PARTY"], "weights": [[0.1], [0.2]], "bias": [0, 0]}))
    with pytest.raises(DataFileError, match="PARTY"):
        load_model(bad)


def test_the_packaged_model_matches_its_training_data():
    """Retrain from the packaged sentences: the shipped weights must give the
    same answers, so a change to the examples cannot ship without retraining."""
    examples = training_examples()
    retrained = train(examples)
    shipped = load_model()
    assert retrained.classes == shipped.classes
    from communique.coding.classify import embed

    sample = [text for text, _ in examples[::37]]
    for vector in embed(sample):
        assert retrained.predict(vector).label == shipped.predict(vector).label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Insurgents pounded the garrison town with mortar fire through the night.", "ASSAULT"),
        ("The two presidents sat down for three hours of discussions in Astana.", "CONSULT"),
        ("Shares in the carmaker rose 4 percent after strong quarterly sales.", NONE),
    ],
)
def test_the_classifier_on_sentences_it_was_not_trained_on(text, label):
    (prediction,) = default_classifier().classify([text])
    assert prediction.label == label


class _FixedClassifier:
    def __init__(self, prediction: Prediction) -> None:
        self.prediction = prediction
        self.seen: list[str] = []

    def classify(self, texts):
        self.seen.extend(texts)
        return [self.prediction for _ in texts]


def _pipeline_with(pipeline, classifier) -> Pipeline:
    return Pipeline(pipeline.nlp, pipeline.knowledge, pipeline.places, classifier)


def _article(text: str):
    return article_from_record({"id": "c", "text": text, "published": "2024-03-06"}, origin="t", line=None)


def test_the_classifier_speaks_only_where_the_lexicon_found_nothing(pipeline):
    classifier = _FixedClassifier(Prediction("ASSAULT", 0.8))
    coder = _pipeline_with(pipeline, classifier)
    # "pummelled" is not in the lexicon; "met" is.
    events = coder.code(_article("Russian forces pummelled Bakhmut. The French president met Olaf Scholz.")).events
    assert classifier.seen == ["Russian forces pummelled Bakhmut."]
    by_signal = {e.signal: e for e in events}
    assert by_signal["classifier"].event_type == "ASSAULT"
    assert [a.country for a in by_signal["classifier"].source] == ["RUS"]
    assert by_signal["classifier"].confidence <= 0.8
    assert by_signal["lexicon"].event_type == "CONSULT"


def test_an_unsure_or_none_prediction_adds_nothing(pipeline):
    for prediction in (Prediction("ASSAULT", 0.1), Prediction(NONE, 0.9)):
        coder = _pipeline_with(pipeline, _FixedClassifier(prediction))
        assert coder.code(_article("Russian forces pummelled Bakhmut.")).events == ()
