"""A coding run in a process of its own, for the SIGKILL test.

It runs the real runner and the real database with a small stand-in for
the coder (the store is what is under test, and loading spaCy in every
killed process would make the test slow): each sentence "A met B." becomes
one CONSULT event. After each batch it prints the articles coded so far, so
the test knows when to kill it; at the end it prints the run's summary.

    python tests/helpers/store_worker.py INPUT.jsonl DB BATCH_SIZE
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator

from communique.model import Actor, Article, ArticleResult, Event, EventDate, Modality, Span, event_id
from communique.run import run
from communique.store import EventDatabase

MEETING = re.compile(r"(\w+) met (\w+)\.")


class MeetingCoder:
    """Codes "A met B." sentences; enough events per article to make writes take time."""

    def code(self, article: Article) -> ArticleResult:
        events = []
        for index, match in enumerate(MEETING.finditer(article.text)):
            trigger = Span("met", match.start() + len(match.group(1)) + 1, match.start() + len(match.group(1)) + 4)
            events.append(
                Event(
                    id=event_id(article.id, index, trigger, "040"),
                    article_id=article.id,
                    sentence_index=index,
                    event_type="CONSULT",
                    cameo_code="040",
                    quad_class=1,
                    goldstein=1.0,
                    source=(Actor(match.group(1), match.start(1), match.end(1), match.group(1), "AAA", "GOV"),),
                    target=(Actor(match.group(2), match.start(2), match.end(2), match.group(2), "BBB", "GOV"),),
                    trigger=trigger,
                    evidence=match.group(0),
                    modality=Modality(),
                    date=EventDate("2024-01-02", "day", None),
                    location=None,
                    speaker=None,
                    confidence=0.9,
                )
            )
        return ArticleResult(article, tuple(events))

    def code_many(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        return (self.code(a) for a in articles)


def main(input_path: str, db_path: str, batch_size: int) -> None:
    def report(summary) -> None:
        print(json.dumps({"coded": summary.coded}), flush=True)

    with EventDatabase(db_path) as db:
        summary = run(
            [input_path],
            database=db,
            pipeline=MeetingCoder(),
            batch_size=batch_size,
            progress=report,  # type: ignore[arg-type]
        )
    print(json.dumps({"done": True, "coded": summary.coded, "unchanged": summary.unchanged}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
