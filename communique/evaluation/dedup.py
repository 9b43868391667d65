"""Scoring deduplication: B-cubed precision and recall of event clusters
against a team-written corpus with known clusters (eval/dedup/).

The coder is imperfect, so the score is of the clustering of the events the
pipeline actually produces. The gold file names, for each article, the
cluster of the event it reports and that event's PLOVER type. A coded event
takes its article's gold cluster when its type is in the gold type's
family (a report of the event, perhaps in other words, perhaps twice in
the article); any other coded event (a side event, or one the coder got
wrong) is its own gold singleton, which no other event should join.

    python -m communique.evaluation.dedup [ARTICLES GOLD]
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from pathlib import Path

from communique.dedup import EventCluster, MatchRules, cluster_events, default_type_families
from communique.dedup.families import TypeFamilies
from communique.errors import InputError
from communique.model import Event

CORPUS = Path(__file__).resolve().parents[2] / "eval" / "dedup"


@dataclass(frozen=True)
class BCubed:
    precision: float
    recall: float
    items: int

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def b_cubed(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> BCubed:
    """B-cubed over items: each item's precision is the share of its
    predicted cluster that shares its gold cluster; its recall, the share of
    its gold cluster that shares its predicted cluster; both averaged."""
    if set(predicted) != set(gold):
        raise ValueError("predicted and gold must label the same items")
    if not predicted:
        return BCubed(1.0, 1.0, 0)
    by_predicted: dict[Hashable, set[str]] = defaultdict(set)
    by_gold: dict[Hashable, set[str]] = defaultdict(set)
    for item, label in predicted.items():
        by_predicted[label].add(item)
    for item, label in gold.items():
        by_gold[label].add(item)
    precision = recall = 0.0
    for item in predicted:
        mine, truth = by_predicted[predicted[item]], by_gold[gold[item]]
        shared = len(mine & truth)
        precision += shared / len(mine)
        recall += shared / len(truth)
    n = len(predicted)
    return BCubed(precision / n, recall / n, n)


@dataclass(frozen=True)
class GoldReport:
    article_id: str
    cluster: str
    event_type: str


def load_gold(path: Path) -> dict[str, GoldReport]:
    gold: dict[str, GoldReport] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            report = GoldReport(record["article_id"], record["cluster"], record["event_type"])
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(f"{path}:{number}: not a gold cluster record ({exc})") from exc
        gold[report.article_id] = report
    return gold


def gold_labels(events: list[Event], gold: Mapping[str, GoldReport], families: TypeFamilies) -> dict[str, str]:
    labels = {}
    for event in events:
        report = gold.get(event.article_id)
        if report and families.compatible(event.event_type, report.event_type):
            labels[event.id] = report.cluster
        else:
            labels[event.id] = f"singleton:{event.id}"
    return labels


def exact_match_labels(events: list[Event]) -> dict[str, tuple]:
    """The naive baseline the issue warns about: same date, dyad and code."""

    def country(actors) -> str | None:
        return actors[0].country if actors else None

    return {e.id: (e.date.value, country(e.source), country(e.target), e.cameo_code) for e in events}


@dataclass(frozen=True)
class DedupReport:
    articles: int
    events: int
    gold_clusters: int
    clusters: int
    score: BCubed
    no_dedup: BCubed
    exact_match: BCubed


def score_clusters(
    events: list[Event], clusters: list[EventCluster], gold: Mapping[str, GoldReport], families: TypeFamilies
) -> DedupReport:
    truth = gold_labels(events, gold, families)
    predicted = {m.event.id: c.id for c in clusters for m in c.mentions}
    return DedupReport(
        articles=len(gold),
        events=len(events),
        gold_clusters=len(set(truth.values())),
        clusters=len(clusters),
        score=b_cubed(predicted, truth),
        no_dedup=b_cubed({e.id: e.id for e in events}, truth),
        exact_match=b_cubed(exact_match_labels(events), truth),
    )


def evaluate_dedup(
    articles_path: Path = CORPUS / "articles.jsonl",
    gold_path: Path = CORPUS / "gold.jsonl",
    *,
    pipeline=None,
    rules: MatchRules | None = None,
) -> DedupReport:
    """Code the corpus, cluster its events, and score the clusters."""
    from communique.ingest import read_inputs
    from communique.model import Article
    from communique.pipeline import default_pipeline

    pipeline = pipeline or default_pipeline()
    gold = load_gold(gold_path)
    articles = [a for a in read_inputs([str(articles_path)]) if isinstance(a, Article)]
    if {a.id for a in articles} != set(gold):
        raise InputError(f"{articles_path} and {gold_path} name different articles")
    events = [e for result in pipeline.code_many(articles) for e in result.events]
    published = {a.id: a.published for a in articles}
    outlets = {a.id: a.source for a in articles}
    families = rules.families if rules else default_type_families()
    clusters = cluster_events(events, published=published, outlets=outlets, rules=rules)
    return score_clusters(events, clusters, gold, families)


def main(argv: list[str]) -> None:
    paths = [Path(p) for p in argv[:2]] if len(argv) >= 2 else [CORPUS / "articles.jsonl", CORPUS / "gold.jsonl"]
    report = evaluate_dedup(*paths)
    print(
        f"articles {report.articles}  coded events {report.events}  "
        f"gold clusters {report.gold_clusters}  clusters {report.clusters}"
    )
    for name, score in (
        ("clustering", report.score),
        ("no dedup", report.no_dedup),
        ("exact match", report.exact_match),
    ):
        print(f"{name:12}  B-cubed precision {score.precision:.3f}  recall {score.recall:.3f}  F1 {score.f1:.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
