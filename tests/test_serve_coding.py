"""POST /v1/code off the event loop: two requests at once both get their own
events, and the read endpoints answer while they are being coded, with the
pipeline in this process (coders=0) and in a worker process (coders=1)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from communique.serve import ServeSettings, create_app
from communique.serve.code_service import CodingService, articles_from_records

# Written for these tests: two requests of ten articles each, long enough
# to code that reads can be seen to go on meanwhile.
FIRST = (
    "Kenya and Tanzania signed a border trade agreement in Arusha on Thursday, officials from both "
    "governments said. The deal lowers tariffs on maize and fish."
)
_PAIRS = [
    ("Kenya", "Tanzania", "Arusha"),
    ("Peru", "Bolivia", "La Paz"),
    ("Norway", "Sweden", "Oslo"),
    ("Ghana", "Togo", "Accra"),
    ("Vietnam", "Laos", "Hanoi"),
    ("Chile", "Argentina", "Santiago"),
    ("Poland", "Lithuania", "Vilnius"),
    ("Egypt", "Sudan", "Cairo"),
    ("Morocco", "Mauritania", "Rabat"),
    ("Canada", "Mexico", "Ottawa"),
]
TRADE = [
    {
        "id": f"trade-{n}",
        "text": f"{a} and {b} signed a border trade agreement in {city} on Thursday, officials from both "
        "governments said. The deal lowers tariffs on grain, fish and fuel. "
        f"Ministers from {a} praised the agreement and promised to open two new crossings before winter. "
        f"Farmers' unions in {b} criticised the talks, saying they had not been consulted. "
        f"The two governments will meet again in {city} next spring to review the tariffs.",
    }
    for n, (a, b, city) in enumerate(_PAIRS)
]
ARRESTS = [
    {
        "id": f"arrests-{n}",
        "text": f"Police in {city} arrested dozens of protesters on Friday after a march against fuel prices "
        f"turned violent, the interior ministry of {a} said. Officials in {b} urged calm. "
        f"Opposition leaders in {a} accused the government of using force against peaceful marchers. "
        "The interior minister rejected the accusation and said the police had been attacked with stones. "
        f"Diplomats from {b} met the foreign minister of {a} on Saturday to discuss the unrest.",
    }
    for n, (a, b, city) in enumerate(_PAIRS)
]


def test_records_become_articles_or_rejects_with_reasons():
    articles, rejects = articles_from_records(
        [{"text": FIRST, "id": "a1"}, {"text": "   "}, {"id": "no-text"}], published="2024-03-07"
    )
    assert [a.id for a in articles] == ["a1"] and articles[0].published.isoformat() == "2024-03-07"
    assert [r.line for r in rejects] == [2, 3] and all(r.reason for r in rejects)
    with pytest.raises(ValueError):
        articles_from_records([{"text": FIRST}], published="next Tuesday")
    with pytest.raises(ValueError):
        CodingService(-1)


def test_requests_with_nothing_to_code_start_no_process():
    service = CodingService(1)
    results, rejects = asyncio.run(service.code([{"text": ""}]))
    assert results == [] and len(rejects) == 1 and service._pool is None
    service.close()


@contextmanager
def _serve(settings: ServeSettings) -> Iterator[str]:
    """The app under uvicorn on a free loopback port, in a thread; yields its URL."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


async def _code_twice_while_reading(url: str) -> tuple[list[tuple[float, httpx.Response]], list[tuple[float, int]]]:
    """Two coding requests at once; reads every 10 ms until both are answered.
    Returns (answered at, response) of each coding request and (answered at,
    status) of each read."""
    async with httpx.AsyncClient(base_url=url, timeout=300) as client:

        async def code(articles: list[dict]) -> tuple[float, httpx.Response]:
            response = await client.post("/v1/code", json={"articles": articles, "published": "2024-03-07"})
            return time.monotonic(), response

        coding = [asyncio.create_task(code(articles)) for articles in (TRADE, ARRESTS)]
        reads: list[tuple[float, int]] = []
        while not all(task.done() for task in coding):
            for path in ("/v1/events?country=RUS&limit=5", "/healthz"):
                response = await client.get(path)
                reads.append((time.monotonic(), response.status_code))
            await asyncio.sleep(0.01)
        return [await task for task in coding], reads


def _check(coded: list[tuple[float, httpx.Response]], reads: list[tuple[float, int]]) -> None:
    responses = [response for _, response in coded]
    assert [r.status_code for r in responses] == [200, 200], [r.text[:300] for r in responses]
    for response, articles in zip(responses, (TRADE, ARRESTS), strict=True):
        texts = {a["id"]: a["text"] for a in articles}
        results = response.json()["results"]
        # each request got its own articles back, in order, with events from their own text
        assert [r["article_id"] for r in results] == list(texts)
        assert sum(bool(r["events"]) for r in results) >= len(texts) // 2
        for result in results:
            assert all(event["evidence"] in texts[result["article_id"]] for event in result["events"])
    assert reads and all(status == 200 for _, status in reads)
    # Reads were answered while the articles were being coded, not after: a
    # server whose event loop coded would hold them until both were done.
    first_coded = min(at for at, _ in coded)
    answered_meanwhile = sum(at < first_coded for at, _ in reads)
    assert answered_meanwhile >= 4, f"only {answered_meanwhile} reads were answered while coding"


@pytest.mark.slow
@pytest.mark.parametrize("coders", [0, 1])
def test_two_coding_requests_at_once_while_reads_are_answered(served_db: Path, pipeline, coders):
    with _serve(ServeSettings(db=str(served_db), coders=coders)) as url:
        coded, reads = asyncio.run(_code_twice_while_reading(url))
    _check(coded, reads)
