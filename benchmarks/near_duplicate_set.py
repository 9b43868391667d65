"""A test set for near-duplicate detection, with the answers known.

Originals are BBC articles (shared/corpus); copies are made from them the
ways wire stories are republished: a dateline and credit line added, the
last paragraphs cut, words edited here and there, or half the story
dropped. Every other BBC article, many on the same topics, is a negative.
The corpus holds some duplicates of its own; they are found first, at a
far lower similarity than the detector uses, and left out, so that every
pair the detector may link is one the set knows the answer for.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from communique.model import Article

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "bbc-news-2004-2005.jsonl"
_SENTENCE = re.compile(r"(?<=[.!?\"])\s+(?=[A-Z\"])")

# The ways a copy differs from its original, from light to heavy.
KINDS = ("dateline", "trimmed", "edited", "halved")


@dataclass(frozen=True)
class LabelledSet:
    articles: list[Article]  # originals first, then copies and other articles, shuffled
    copy_of: dict[str, str]  # copy id -> original id
    kind_of: dict[str, str]  # copy id -> how it was made


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text.strip()) if s]


def make_copy(text: str, kind: str, rng: random.Random) -> str:
    sentences = _sentences(text)
    if kind == "dateline":
        return f"LONDON (Wire Desk) - {text}\nReporting by the Wire Desk team; editing by the night desk."
    if kind == "trimmed":
        keep = max(3, round(len(sentences) * 0.8))
        return " ".join(sentences[:keep])
    if kind == "edited":
        words = text.split()
        for index in rng.sample(range(len(words)), k=max(1, len(words) // 25)):
            words[index] = rng.choice(words)
        return "PARIS (Wire Desk) - " + " ".join(words)
    if kind == "halved":
        return " ".join(sentences[: max(2, len(sentences) // 2)])
    raise ValueError(kind)


def _exact_jaccard(a: set[bytes], b: set[bytes]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def build(*, originals: int = 100, negatives: int = 400, seed: int = 7, corpus: Path = CORPUS) -> LabelledSet:
    from communique.ingest.near_duplicates import shingles

    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(seed)
    rng.shuffle(records)
    chosen: list[dict] = []
    chosen_shingles: list[set[bytes]] = []
    for record in records:
        if len(chosen) == originals + negatives:
            break
        mine = shingles(record["text"])
        # Leave out the corpus's own near-duplicates (any 5-gram overlap of 30%+).
        if any(_exact_jaccard(mine, other) >= 0.3 for other in chosen_shingles):
            continue
        chosen.append(record)
        chosen_shingles.append(mine)
    articles = [Article(id=r["id"], text=r["text"], source="BBC") for r in chosen]
    copy_of: dict[str, str] = {}
    kind_of: dict[str, str] = {}
    copies: list[Article] = []
    for number, original in enumerate(articles[:originals]):
        kind = KINDS[number % len(KINDS)]
        copy_id = f"copy-{number}-{kind}"
        copies.append(Article(id=copy_id, text=make_copy(original.text, kind, rng), source="Wire Desk"))
        copy_of[copy_id] = original.id
        kind_of[copy_id] = kind
    rest = articles[originals:] + copies
    rng.shuffle(rest)
    # Originals come first, as a wire story's first publication does.
    return LabelledSet(articles[:originals] + rest, copy_of, kind_of)


@dataclass(frozen=True)
class Scores:
    flagged: int
    correct: int
    copies: int
    found_by_kind: dict[str, tuple[int, int]]

    @property
    def precision(self) -> float:
        return self.correct / self.flagged if self.flagged else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.copies if self.copies else 1.0


def score(labelled: LabelledSet, *, threshold: float) -> Scores:
    from communique.ingest.near_duplicates import NearDuplicateIndex

    index = NearDuplicateIndex(threshold=threshold)
    flagged = correct = 0
    found: dict[str, list[int]] = {kind: [0, 0] for kind in KINDS}
    for kind in labelled.kind_of.values():
        found[kind][1] += 1
    for article in labelled.articles:
        duplicate = index.check(article)
        if duplicate is None:
            continue
        flagged += 1
        if labelled.copy_of.get(article.id) == duplicate.duplicate_of:
            correct += 1
            found[labelled.kind_of[article.id]][0] += 1
    return Scores(flagged, correct, len(labelled.copy_of), {k: (v[0], v[1]) for k, v in found.items()})
