"""Latency of GET /v1/events with filters under concurrent clients.

Starts `communique serve` on a loopback port, then N clients (asyncio, one
keep-alive connection each) send filtered /v1/events requests back to back
until a fixed number of requests is done (or a time limit passes), and
prints percentiles. Filters are drawn from what the database holds
(its busiest countries, dyads, types, places and months), so most return
events; some ask for the second page.

    .venv/bin/python benchmarks/serve_latency.py --db bbc.duckdb --clients 50 --requests 5000
"""

from __future__ import annotations

import argparse
import asyncio
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
from urllib.parse import urlencode

import duckdb


def filter_pool(db: str, *, seed: int = 7) -> list[dict[str, str]]:
    """Realistic filter combinations, each with at least one filter."""
    con = duckdb.connect(db, read_only=True)
    countries = [
        r[0]
        for r in con.execute(
            "SELECT source_country FROM clusters WHERE source_country IS NOT NULL "
            "GROUP BY 1 ORDER BY count(*) DESC LIMIT 15"
        ).fetchall()
    ]
    dyads = con.execute(
        "SELECT source_country, target_country FROM clusters WHERE source_country IS NOT NULL "
        "AND target_country IS NOT NULL GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 15"
    ).fetchall()
    types = [
        r[0]
        for r in con.execute("SELECT event_type FROM clusters GROUP BY 1 ORDER BY count(*) DESC LIMIT 10").fetchall()
    ]
    places = [
        r[0]
        for r in con.execute(
            "SELECT location_name FROM clusters WHERE location_name IS NOT NULL "
            "GROUP BY 1 ORDER BY count(*) DESC LIMIT 10"
        ).fetchall()
    ]
    months = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT date_trunc('month', date_first) FROM clusters WHERE date_first IS NOT NULL ORDER BY 1"
        ).fetchall()
    ]
    con.close()
    rng = random.Random(seed)
    pool: list[dict[str, str]] = []
    for _ in range(400):
        params: dict[str, str] = {}
        choice = rng.randrange(6)
        if choice == 0 and countries:
            params["source"] = rng.choice(countries)
        elif choice == 1 and dyads:
            params["source"], params["target"] = rng.choice(dyads)
        elif choice == 2 and types:
            params["type"] = rng.choice(types)
        elif choice == 3 and countries:
            params["country"] = rng.choice(countries)
        elif choice == 4 and places:
            params["place"] = rng.choice(places)
        if months and (choice == 5 or rng.random() < 0.4):
            start = rng.randrange(len(months))
            end = min(len(months) - 1, start + rng.randrange(1, 6))
            params["from"] = months[start].date().isoformat() if hasattr(months[start], "date") else str(months[start])
            last = months[end].date() if hasattr(months[end], "date") else months[end]
            params["to"] = last.isoformat()
        if rng.random() < 0.3:
            params["level"] = "events"
        if rng.random() < 0.2:
            params["include_negated"] = "true"
        if rng.random() < 0.2:
            params["offset"] = "50"
        params["limit"] = "50"
        pool.append(params)
    return pool


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


async def load(port: int, pool: list[dict[str, str]], *, clients: int, requests: int, limit_seconds: float, seed: int):
    rng = random.Random(seed)
    per_client = max(1, requests // clients)
    plans = [[f"/v1/events?{urlencode(rng.choice(pool))}" for _ in range(per_client)] for _ in range(clients)]
    latencies: list[float] = []
    errors: list[int] = []
    started = time.perf_counter()
    stop_at = time.monotonic() + limit_seconds
    await asyncio.gather(*(_client(port, plan, latencies, errors, stop_at) for plan in plans))
    return latencies, errors, time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=5000, help="total measured requests (default 5000)")
    parser.add_argument("--warmup", type=int, default=500, help="requests sent first and not measured")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes (default 2)")
    parser.add_argument("--cache", type=int, default=0, help="the server's --cache (default 0: every query runs)")
    parser.add_argument("--limit-seconds", type=float, default=180, help="stop measuring after this long")
    args = parser.parse_args()

    pool = filter_pool(args.db)
    port = free_port()
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
    ]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    health = json.loads(response.read())
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    print(server.stderr.read().decode(), file=sys.stderr)
                    return 1
                time.sleep(0.3)
        asyncio.run(load(port, pool, clients=args.clients, requests=args.warmup, limit_seconds=60, seed=1))
        latencies, errors, seconds = asyncio.run(
            load(port, pool, clients=args.clients, requests=args.requests, limit_seconds=args.limit_seconds, seed=2)
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    ms = [x * 1000 for x in latencies]
    report = {
        "database_events": health["events"],
        "clients": args.clients,
        "workers": args.workers,
        "cache": args.cache,
        "requests": len(ms),
        "errors": len(errors),
        "seconds": round(seconds, 1),
        "requests_per_second": round(len(ms) / seconds, 1),
        "p50_ms": round(percentile(ms, 50), 1),
        "p95_ms": round(percentile(ms, 95), 1),
        "p99_ms": round(percentile(ms, 99), 1),
        "max_ms": round(max(ms), 1),
        "mean_ms": round(statistics.fmean(ms), 1),
        "cpus": os.cpu_count(),
        "load_average_before": os.getloadavg()[0],
    }
    print(json.dumps(report, indent=2))
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
