"""Shared fixtures. The spaCy model and the pipeline load once per test
session; unit tests that need no model build small inputs by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from communique.model import Article

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED_JSONL = SHARED / "seed" / "china-taliban-2021-08-16.jsonl"
EVENT_SCHEMA = SHARED / "spec" / "event.schema.json"
EXAMPLES = REPO / "examples"


@pytest.fixture(scope="session")
def pipeline():
    from communique.pipeline import default_pipeline

    return default_pipeline()


@pytest.fixture(scope="session")
def seed_article() -> Article:
    from communique.ingest import read_inputs

    if not SEED_JSONL.exists():
        pytest.fail(f"the seed article is missing: {SEED_JSONL} (../shared must sit beside the repo)")
    (article,) = list(read_inputs([str(SEED_JSONL)]))
    assert isinstance(article, Article)
    return article


@pytest.fixture(scope="session")
def seed_events(pipeline, seed_article):
    return pipeline.code(seed_article).events


@pytest.fixture(scope="session")
def event_validator():
    from jsonschema import Draft202012Validator

    schema = json.loads(EVENT_SCHEMA.read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


@pytest.fixture
def code(pipeline):
    """Code one hand-written text and return its events."""
    from communique.ingest import article_from_record
    from communique.ingest.validate import parse_published

    def run(text: str, published: str | None = "2024-03-06"):
        article = article_from_record(
            {"id": "t", "text": text},
            origin="test",
            line=None,
            default_published=parse_published(published) if published else None,
        )
        assert isinstance(article, Article)
        return list(pipeline.code(article).events)

    return run


# An article of our own whose text carries markup: the dashboard must show it as text.
HOSTILE_ARTICLE = {
    "id": "serve-markup-test",
    "title": "<b>Summit</b> <script>alert('title')</script>",
    "published": "2024-05-06",
    "source": "Team Wire",
    "text": (
        "<script>alert('pwned')</script> Russia and China signed a trade agreement in Beijing on Monday, "
        "officials from both governments said. <img src=x onerror=alert(1)> The deal covers grain and energy."
    ),
}


@pytest.fixture(scope="session")
def served_db(pipeline, tmp_path_factory) -> Path:
    """A real database for the server's tests: the examples plus HOSTILE_ARTICLE, coded and clustered."""
    from communique.run import run
    from communique.store import EventDatabase

    folder = tmp_path_factory.mktemp("serve")
    extra = folder / "markup.jsonl"
    extra.write_text(json.dumps(HOSTILE_ARTICLE) + "\n", encoding="utf-8")
    path = folder / "events.duckdb"
    with EventDatabase(path) as database:
        summary = run([str(EXAMPLES / "articles.jsonl"), str(extra)], database=database, pipeline=pipeline)
    assert summary.coded == 31 and summary.events > 100
    return path
