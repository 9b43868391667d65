"""Coding posted articles for POST /v1/code and the dashboard's /code page,
off the event loop, several requests at a time.

With `processes` >= 1 (the server's default is 1, `--coders N`), articles
are coded in worker processes, each loading the pipeline on its first task
(`communique/run/parallel.py`'s workers, the same as `communique code`
uses): a request's articles are split among them, and while they work the
server's event loop and its threads go on answering reads. Requests beyond
the workers queue for the next free one. With `processes` 0 the pipeline
runs in this process, in a worker thread, one request at a time (the
pipeline's caches are not made for threads): no process to start and no
second copy of the model, for tests and small machines.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from communique.errors import CommuniqueError
from communique.model import Article, ArticleResult, Reject


def articles_from_records(
    records: Sequence[dict[str, Any]], *, published: str | None
) -> tuple[list[Article], list[Reject]]:
    """Records (article.schema.json) as Articles, or Rejects saying why not,
    as `communique.code_articles` reads them. A bad default date raises ValueError."""
    from communique.ingest.validate import article_from_record, parse_published

    default = parse_published(published) if published is not None else None
    articles: list[Article] = []
    rejects: list[Reject] = []
    for number, record in enumerate(records, start=1):
        item = article_from_record(record, origin="<api>", line=number, default_published=default)
        (rejects if isinstance(item, Reject) else articles).append(item)
    return articles, rejects


class CodingService:
    """Codes articles for the server; `await code(records, published=...)`."""

    def __init__(self, processes: int = 1) -> None:
        if processes < 0:
            raise ValueError(f"processes cannot be negative, not {processes}")
        self.processes = processes
        self._pool: ProcessPoolExecutor | None = None
        self._pool_lock = threading.Lock()
        self._in_process = threading.Lock()  # processes == 0: one pipeline call at a time

    async def code(
        self, records: Sequence[dict[str, Any]], *, published: str | None = None
    ) -> tuple[list[ArticleResult], list[Reject]]:
        """The coded articles, in input order, and the records that could not be coded."""
        articles, rejects = articles_from_records(records, published=published)
        if not articles:
            return [], rejects
        loop = asyncio.get_running_loop()
        if self.processes == 0:
            results, failed = await loop.run_in_executor(None, self._code_here, articles)
        else:
            results, failed = await self._code_in_workers(loop, articles)
        return results, rejects + failed

    def _code_here(self, articles: list[Article]) -> tuple[list[ArticleResult], list[Reject]]:
        from communique import load_pipeline
        from communique.run.batch import code_batch

        with self._in_process:
            return code_batch(load_pipeline(), articles)

    async def _code_in_workers(
        self, loop: asyncio.AbstractEventLoop, articles: list[Article]
    ) -> tuple[list[ArticleResult], list[Reject]]:
        from communique.run.parallel import PipelineSpec, code_part, split_by_length

        pool = self._start()
        spec = PipelineSpec()
        parts = split_by_length(articles, self.processes)
        try:
            coded = await asyncio.gather(*(loop.run_in_executor(pool, code_part, part, spec) for part in parts))
        except BrokenProcessPool as exc:
            self._discard(pool)
            raise CommuniqueError("a coding process died (out of memory?); try again") from exc
        results = [r for part in coded for r in part.results]
        rejects = [r for part in coded for r in part.rejects]
        return results, rejects

    def _start(self) -> ProcessPoolExecutor:
        with self._pool_lock:
            if self._pool is None:
                # spawn, not fork: a forked copy of a server holding DuckDB and
                # event-loop threads can deadlock.
                context = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(max_workers=self.processes, mp_context=context)
            return self._pool

    def _discard(self, pool: ProcessPoolExecutor) -> None:
        """A broken pool is replaced on the next request."""
        with self._pool_lock:
            if self._pool is pool:
                self._pool = None
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(cancel_futures=True)
