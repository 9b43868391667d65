"""Evaluation: the coder scored against gold files and hand-coded examples."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from communique.evaluation.gold import GoldSentence, Report, load_gold, score_gold
from communique.ingest.validate import parse_published
from communique.model import Article

__all__ = ["GoldSentence", "Report", "evaluate", "gold_article", "load_gold", "score_gold"]


def gold_article(sentence: GoldSentence) -> Article:
    """The article a gold sentence is coded as."""
    published = parse_published(sentence.published) if sentence.published else None
    return Article(id=sentence.id, text=sentence.text, published=published, origin="gold")


def evaluate(paths: Sequence[Path], *, pipeline=None) -> Report:
    """Code every sentence of the gold files and score the result."""
    from communique.pipeline import default_pipeline

    pipeline = pipeline or default_pipeline()
    gold = [sentence for path in paths for sentence in load_gold(path)]
    ids = [s.id for s in gold]
    if len(set(ids)) != len(ids):
        raise ValueError("gold sentence ids repeat across the files")
    coded = {r.article.id: r.events for r in pipeline.code_many(gold_article(s) for s in gold)}
    return score_gold(gold, coded, pipeline.knowledge.ontology)
