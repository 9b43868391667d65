"""Latency of GET /v1/events with filters under concurrent clients.

Starts `communique serve` on a loopback port, then N clients (asyncio, one
keep-alive connection each) send filtered /v1/events requests back to back
until a fixed number of requests is done (or a time limit passes), and
prints percentiles, throughput and the load average. Each request's filters
are drawn afresh from what the database holds (FilterDraws), so most return
events, some ask for the second page, and few requests repeat (the report
says how few). The server runs without a response cache unless --cache.

    .venv/bin/python benchmarks/serve_latency.py --db bbc.duckdb --clients 50 --requests 20000 --runs 3
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import duckdb
from machine import load_average, machine_details  # benchmarks/machine.py, beside this script


class FilterDraws:
    """Filter combinations drawn per request from what the database holds
    (its busiest source countries, dyads, event types, countries and places,
    and day ranges), with at least one filter each. Day ranges start up to
    30 days before a day with events and run 1 to 180 days, so a combination seldom comes twice and
    no server-side memory of earlier answers can help."""

    def __init__(self, db: str, *, seed: int) -> None:
        con = duckdb.connect(db, read_only=True)

        def column(sql: str) -> list:
            return [r[0] for r in con.execute(sql).fetchall()]

        self.countries = column(
            "SELECT source_country FROM clusters WHERE source_country IS NOT NULL "
            "GROUP BY 1 ORDER BY count(*) DESC LIMIT 40"
        )
        self.dyads = con.execute(
            "SELECT source_country, target_country FROM clusters WHERE source_country IS NOT NULL "
            "AND target_country IS NOT NULL GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 40"
        ).fetchall()
        self.types = column("SELECT event_type FROM clusters GROUP BY 1 ORDER BY count(*) DESC LIMIT 20")
        self.places = column(
            "SELECT location_name FROM clusters WHERE location_name IS NOT NULL "
            "GROUP BY 1 ORDER BY count(*) DESC LIMIT 30"
        )
        # Day ranges start near a day that has events, so most of them hold some.
        self.event_days = column("SELECT DISTINCT date_first FROM clusters WHERE date_first IS NOT NULL ORDER BY 1")
        con.close()
        self.rng = random.Random(seed)

    def draw(self) -> dict[str, str]:
        rng = self.rng
        params: dict[str, str] = {}
        choice = rng.randrange(6)
        if choice == 0 and self.countries:
            params["source"] = rng.choice(self.countries)
        elif choice == 1 and self.dyads:
            params["source"], params["target"] = rng.choice(self.dyads)
        elif choice == 2 and self.types:
            params["type"] = rng.choice(self.types)
        elif choice == 3 and self.countries:
            params["country"] = rng.choice(self.countries)
        elif choice == 4 and self.places:
            params["place"] = rng.choice(self.places)
        if self.event_days and (choice == 5 or rng.random() < 0.7):
            start = rng.choice(self.event_days) - dt.timedelta(days=rng.randrange(30))
            params["from"] = start.isoformat()
            params["to"] = (start + dt.timedelta(days=rng.randrange(1, 181))).isoformat()
        if rng.random() < 0.3:
            params["level"] = "events"
        if rng.random() < 0.2:
            params["include_negated"] = "true"
        if rng.random() < 0.2:
            params["offset"] = "50"
        params["limit"] = "50"
        return params


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for line in lines[1:]:
        if line.lower().startswith("content-length:"):
            length = int(line.split(":", 1)[1])
    await reader.readexactly(length)
    return status


async def _client(port: int, paths: list[str], latencies: list[float], errors: list[int], stop_at: float) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for path in paths:
            if time.monotonic() > stop_at:
                break
            request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n".encode()
            started = time.perf_counter()
            writer.write(request)
            await writer.drain()
            status = await _read_response(reader)
            latencies.append(time.perf_counter() - started)
            if status != 200:
                errors.append(status)
    finally:
        writer.close()


async def load(port: int, draws: FilterDraws, *, clients: int, requests: int, limit_seconds: float):
    per_client = max(1, requests // clients)
    plans = [[f"/v1/events?{urlencode(draws.draw())}" for _ in range(per_client)] for _ in range(clients)]
    latencies: list[float] = []
    errors: list[int] = []
    started = time.perf_counter()
    stop_at = time.monotonic() + limit_seconds
    await asyncio.gather(*(_client(port, plan, latencies, errors, stop_at) for plan in plans))
    distinct = len({path for plan in plans for path in plan}) / sum(len(plan) for plan in plans)
    return latencies, errors, time.perf_counter() - started, distinct


def run_loop(coroutine):
    """With uvloop when installed: the load script then costs the shared cores less."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def summary(latencies: list[float], errors: list[int], seconds: float, distinct: float) -> dict:
    ms = [x * 1000 for x in latencies]
    return {
        "requests": len(ms),
        "errors": len(errors),
        "distinct_requests": round(distinct, 3),
        "seconds": round(seconds, 1),
        "requests_per_second": round(len(ms) / seconds, 1),
        "p50_ms": round(percentile(ms, 50), 1),
        "p95_ms": round(percentile(ms, 95), 1),
        "p99_ms": round(percentile(ms, 99), 1),
        "max_ms": round(max(ms), 1),
        "mean_ms": round(statistics.fmean(ms), 1),
    }


def start_server(args: argparse.Namespace, port: int) -> tuple[subprocess.Popen, dict] | None:
    command = [
        sys.executable,
        "-m",
        "communique.cli",
        "serve",
        "--db",
        args.db,
        "--port",
        str(port),
        "--workers",
        str(args.workers),
        "--cache",
        str(args.cache),
        *(["--no-index"] if args.no_index else []),
    ]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                return server, json.loads(response.read())
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                print(server.stderr.read().decode(), file=sys.stderr)
                os.killpg(server.pid, signal.SIGTERM)
                return None
            time.sleep(0.3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=5000, help="measured requests per run (default 5000)")
    parser.add_argument("--runs", type=int, default=1, help="measured runs against the same server (default 1)")
    parser.add_argument("--warmup", type=int, default=500, help="requests sent first and not measured")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes (default 2)")
    parser.add_argument("--cache", type=int, default=0, help="the server's --cache (default 0: every query runs)")
    parser.add_argument("--no-index", action="store_true", help="the server's --no-index: DuckDB for every page")
    parser.add_argument("--limit-seconds", type=float, default=180, help="stop a run after this long")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    args = parser.parse_args()

    # Before the server starts: how busy the machine is with others' work.
    machine = machine_details()
    draws = FilterDraws(args.db, seed=2)
    port = free_port()
    started = start_server(args, port)
    if started is None:
        return 1
    server, health = started
    runs: list[dict] = []
    try:
        run_loop(load(port, draws, clients=args.clients, requests=args.warmup, limit_seconds=60))
        for _ in range(args.runs):
            before = load_average()
            latencies, errors, seconds, distinct = run_loop(
                load(port, draws, clients=args.clients, requests=args.requests, limit_seconds=args.limit_seconds)
            )
            # 1-, 5- and 15-minute load averages as the run began and ended (the
            # load script and the server count in them too).
            runs.append({**summary(latencies, errors, seconds, distinct), "load_average": [before, load_average()]})
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    report = {
        "machine": machine,
        "database_events": health["events"],
        "clients": args.clients,
        "workers": args.workers,
        "cache": args.cache,
        "index": not args.no_index,
        "runs": runs,
    }
    print(json.dumps(report, indent=2))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0 if not any(run["errors"] for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
