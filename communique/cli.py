"""The `communique` command: a thin shell over the library.

Each subcommand parses its options and calls one library function; the
summary and progress go to standard error so that `--out -` can stream
events to standard output.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from contextlib import ExitStack

from rich.console import Console
from rich.table import Table

from communique import __version__
from communique.errors import CommuniqueError
from communique.ingest import DEFAULT_MAX_CHARS, parse_published
from communique.ingest.cli_options import add_ingest_arguments, ingest_options_from_args

EXIT_OK = 0
EXIT_CANNOT_RUN = 2


def _date(value: str):
    try:
        return parse_published(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date: {value!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="communique",
        description="Turn news articles into PLOVER/CAMEO-coded political event data.",
    )
    parser.add_argument("--version", action="version", version=f"communique {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    code = commands.add_parser(
        "code",
        help="code articles into events (JSONL out, DuckDB optional)",
        description=(
            "Code articles into PLOVER events. INPUT is a JSONL file (one article per line, "
            "see article.schema.json), a .txt file (one article), an HTML page, an RSS/Atom feed, "
            "a WARC file, a CSV/TSV table, a list of URLs to fetch, a folder of these, "
            "or - for JSONL on standard input (docs/inputs.md)."
        ),
    )
    code.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="file (any format in docs/inputs.md), folder, or - for stdin"
    )
    code.add_argument(
        "--out",
        metavar="FILE",
        default=None,
        help="write events as JSON Lines to FILE, or - for standard output; "
        "DIR/ (a trailing slash, or an existing folder) writes a Parquet dataset instead (docs/storage.md)",
    )
    code.add_argument("--db", metavar="FILE", default=None, help="also store articles and events in this DuckDB file")
    code.add_argument(
        "--rejects",
        metavar="FILE",
        default=None,
        help="write inputs that could not be coded, with reasons, to FILE "
        "(default: next to --out as NAME.rejects.jsonl; listed in the summary when --out is -)",
    )
    code.add_argument(
        "--published",
        metavar="DATE",
        type=_date,
        default=None,
        help="publication date (YYYY-MM-DD) for articles that have none, e.g. .txt files",
    )
    code.add_argument(
        "--max-chars",
        metavar="N",
        type=int,
        default=DEFAULT_MAX_CHARS,
        help=f"reject articles longer than N characters (default {DEFAULT_MAX_CHARS:,})",
    )
    code.add_argument(
        "--recode",
        action="store_true",
        help="with --db, code again articles the database already holds unchanged (default: skip them)",
    )
    code.add_argument(
        "--actors",
        metavar="FILE",
        action="append",
        default=[],
        help="your own actor dictionary CSV (organisations and people, or role words; see docs/actors.md); "
        "repeatable; its entries replace packaged ones of the same name",
    )
    code.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local: worker processes on this machine (default); dask: a Dask cluster (docs/scaling.md)",
    )
    code.add_argument(
        "--workers",
        metavar="N",
        type=int,
        default=None,
        help="worker processes (default: one per core; 1 codes in this process); with --engine dask, "
        "the size of the local Dask cluster",
    )
    code.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="with --engine dask: join the running Dask cluster at ADDRESS (tcp://host:8786) instead of starting one",
    )
    code.add_argument(
        "--partitions",
        metavar="DIR",
        default=None,
        help="with --engine dask: keep finished partitions (Parquet) in DIR, so that a re-run resumes "
        "(default: beside --db, else beside --out, as NAME.partitions)",
    )
    code.add_argument(
        "--quiet",
        action="store_true",
        help="no progress bar and no summary (errors are still reported)",
    )
    code.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="a progress bar with ETA on standard error (default: only when it is a terminal); --no-progress: none",
    )
    add_ingest_arguments(code)

    evaluate = commands.add_parser(
        "evaluate",
        help="score the coder against gold files (detection, types, actors, modes)",
        description=(
            "Code the sentences of one or more gold JSONL files (the format of shared/gold/plover-gsr.jsonl; "
            '"event_type": null marks a sentence with no event) and score the coder\'s main event per sentence.'
        ),
    )
    evaluate.add_argument("gold", nargs="+", metavar="GOLD", help="gold JSONL file(s), scored together")
    evaluate.add_argument("--report", metavar="FILE", default=None, help="also write the full report as JSON to FILE")

    summary = commands.add_parser(
        "summary",
        help="print what a database holds: counts by event type, top dyads, examples",
        description="Print what a Communique DuckDB database holds.",
    )
    summary.add_argument(
        "--db", metavar="FILE", required=True, help="the DuckDB file written by `communique code --db`"
    )
    summary.add_argument(
        "--examples", metavar="N", type=int, default=8, help="how many example events to show (default 8)"
    )
    export = commands.add_parser(
        "export",
        help="export a database's events: Parquet, CSV, JSON Lines, PLOVER JSON or a GDELT 2.0 table",
        description=(
            "Export a Communique database. parquet, csv: one row per event; jsonl: full event records; "
            "plover: PLOVER JSON records; gdelt: GDELT 2.0 event table, one row per event cluster. "
            "See docs/exports.md."
        ),
    )
    export.add_argument("--db", metavar="FILE", required=True, help="the DuckDB file written by `communique code --db`")
    export.add_argument(
        "--format", required=True, choices=["parquet", "csv", "jsonl", "plover", "gdelt"], help="the export format"
    )
    export.add_argument(
        "--out", metavar="PATH", default="-", help="where to write (default: standard output; Parquet needs a path)"
    )
    query = commands.add_parser(
        "query",
        help="filtered event clusters (or event mentions), newest first",
        description=(
            "Print the event clusters (with --events, the event mentions) matching the filters, newest first. "
            "Negated, hypothetical and future events are left out unless --include-negated."
        ),
    )
    query.add_argument("--db", metavar="FILE", required=True, help="the DuckDB file written by `communique code --db`")
    query.add_argument(
        "--source", metavar="CODE", help="source actor: country code (CHN), optionally with sector (CHNGOV)"
    )
    query.add_argument("--target", metavar="CODE", help="target actor, as --source")
    query.add_argument("--type", metavar="TYPE", help="PLOVER type (CONSULT) or CAMEO code prefix (19)")
    query.add_argument("--from", dest="date_from", metavar="DATE", type=_date, help="events on or after DATE")
    query.add_argument("--to", dest="date_to", metavar="DATE", type=_date, help="events on or before DATE")
    query.add_argument("--country", metavar="CODE", help="either side's country, or the place's country")
    query.add_argument("--place", metavar="NAME", help="the event's place name (case-insensitive)")
    query.add_argument("--include-negated", action="store_true", help="also negated, hypothetical and future events")
    query.add_argument("--events", action="store_true", help="event mentions instead of clusters")
    query.add_argument("--limit", metavar="N", type=int, default=50, help="at most N rows (default 50; 0 for all)")
    query.add_argument("--format", choices=["table", "csv", "json"], default="table", help="output format")

    dyad = commands.add_parser(
        "dyad",
        help="a dyad's time series: counts per QuadClass, summed Goldstein, cooperation-conflict balance",
        description="Print the time series of the event clusters between two actors, in both directions.",
    )
    dyad.add_argument("source", metavar="SOURCE", help="an actor code: CHN, or CHNGOV for a sector")
    dyad.add_argument("target", metavar="TARGET", help="the other actor code")
    dyad.add_argument("--db", metavar="FILE", required=True, help="the DuckDB file written by `communique code --db`")
    dyad.add_argument("--by", choices=["day", "week", "month", "year"], default="month", help="period (default month)")
    dyad.add_argument("--plot", metavar="FILE", help="also draw the series as a chart (PNG, PDF or SVG by extension)")
    dyad.add_argument("--format", choices=["table", "csv", "json"], default="table", help="output format")

    stats = commands.add_parser(
        "stats",
        help="totals, top actors, top dyads and event types over time",
        description="Print a database's totals, most active actors and dyads, and event types per period.",
    )
    stats.add_argument("--db", metavar="FILE", required=True, help="the DuckDB file written by `communique code --db`")
    stats.add_argument("--top", metavar="N", type=int, default=10, help="how many actors and dyads (default 10)")
    stats.add_argument(
        "--by", choices=["day", "week", "month", "year"], default="year", help="period for types over time"
    )

    actors = commands.add_parser(
        "actors",
        help="list the actors the dictionaries did not resolve, most frequent first",
        description=(
            "Read events JSONL files (the output of `communique code --out`) and list the actor texts that "
            "got no country, most frequent first: candidates for your own dictionary file (docs/actors.md)."
        ),
    )
    actors.add_argument("events", nargs="+", metavar="EVENTS", help="events JSONL file(s)")
    actors.add_argument(
        "--unknown", action="store_true", required=True, help="list unresolved actors (the only listing so far)"
    )
    actors.add_argument("--top", metavar="N", type=int, default=30, help="how many to list (default 30)")
    actors.add_argument("--format", choices=("table", "csv"), default="table", help="table (default) or csv")
    serve = commands.add_parser(
        "serve",
        help="the HTTP API and the dashboard over a database (docs/serve.md)",
        description=(
            "Serve a database's events over HTTP: the API under /v1 (OpenAPI at /docs) and the dashboard at /. "
            "Read-only unless --allow-write, which also needs the COMMUNIQUE_TOKEN environment variable."
        ),
    )
    serve.add_argument("--db", metavar="FILE", required=True, help="the DuckDB file written by `communique code --db`")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument(
        "--allow-write",
        action="store_true",
        help="let POST /v1/code store what it codes (with the token in COMMUNIQUE_TOKEN); one worker only",
    )
    serve.add_argument(
        "--workers", metavar="N", type=int, default=1, help="worker processes (default 1; read-only databases)"
    )
    serve.add_argument(
        "--cache",
        metavar="N",
        type=int,
        default=0,
        help="pages of /v1/events remembered per worker (default 0: none; read-only databases only)",
    )
    serve.add_argument(
        "--no-index",
        action="store_true",
        help="query DuckDB for each page of /v1/events instead of the in-memory index built at start",
    )
    serve.add_argument(
        "--coders",
        metavar="N",
        type=int,
        default=1,
        help="processes coding POST /v1/code requests, per worker (default 1; 0: in the server process)",
    )
    serve.add_argument("--access-log", action="store_true", help="log every request")
    return parser


PERIOD_FORMATS = {"day": "%Y-%m-%d", "week": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def _print_frame(frame, fmt: str, title: str, out: Console, *, date_format: str = "%Y-%m-%d") -> None:
    """A DataFrame as a table, CSV or JSON records on standard output."""
    for column in frame.columns:
        if str(frame[column].dtype).startswith("datetime64"):
            frame[column] = frame[column].dt.strftime(date_format)
    if fmt == "csv":
        sys.stdout.write(frame.to_csv(index=False))
    elif fmt == "json":
        sys.stdout.write(frame.to_json(orient="records", date_format="iso", force_ascii=False, lines=True))
    else:
        rows = [tuple("" if v is None or v != v else v for v in row) for row in frame.itertuples(index=False)]
        out.print(_table(title, tuple(str(c) for c in frame.columns), rows))


def _run_query(args: argparse.Namespace, out: Console) -> int:
    from communique.query import EventFilter, query_events

    spec = EventFilter(
        source=args.source,
        target=args.target,
        event_type=args.type,
        date_from=args.date_from,
        date_to=args.date_to,
        country=args.country,
        place=args.place,
        include_negated=args.include_negated,
        level="events" if args.events else "clusters",
        limit=args.limit or None,
    )
    with _open_existing(args.db) as db:
        frame = query_events(db, spec)
    if args.format == "table":
        frame = _compact(frame, show_modality=args.include_negated)
    _print_frame(frame, args.format, "Events" if args.events else "Event clusters", out)
    return EXIT_OK


EVIDENCE_CHARS = 70


def _compact(frame, *, show_modality: bool):
    """What a terminal table has room for; csv and json get every column."""
    import pandas as pd

    def actor(name, country) -> str:
        if name is None or name != name:
            return ""
        return f"{name} ({country})" if isinstance(country, str) else str(name)

    table = pd.DataFrame(
        {
            "date": frame["date"],
            "type": frame["event_type"],
            "cameo": frame["cameo_code"],
            "source": [actor(n, c) for n, c in zip(frame["source_name"], frame["source_country"], strict=True)],
            "target": [actor(n, c) for n, c in zip(frame["target_name"], frame["target_country"], strict=True)],
            "place": frame["location_name"],
        }
    )
    if "mentions" in frame.columns:
        table["mentions/articles/outlets"] = [
            f"{m}/{a}/{s}" for m, a, s in zip(frame["mentions"], frame["articles"], frame["sources"], strict=True)
        ]
    if show_modality:
        flags = frame["negated"].map({True: "negated", False: ""})
        table["modality"] = flags.where(~frame["hypothetical"], "hypothetical")
    table["evidence"] = [
        e if len(e) <= EVIDENCE_CHARS else e[: EVIDENCE_CHARS - 1] + "…" for e in frame["evidence"].fillna("")
    ]
    return table


def _run_dyad(args: argparse.Namespace, out: Console) -> int:
    from communique.query import dyad_series

    with _open_existing(args.db) as db:
        series = dyad_series(db, args.source, args.target, by=args.by)
    title = f"{args.source.upper()} – {args.target.upper()} per {args.by}"
    _print_frame(series.copy(), args.format, title, out, date_format=PERIOD_FORMATS[args.by])
    if args.plot:
        from communique.query.plot import plot_dyad

        plot_dyad(series, args.source.upper(), args.target.upper(), args.plot, by=args.by)
        Console(stderr=True).print(f"chart written to {args.plot}", highlight=False)
    return EXIT_OK


def _run_stats(args: argparse.Namespace, out: Console) -> int:
    import pandas as pd

    from communique.query import database_stats

    with _open_existing(args.db) as db:
        stats = database_stats(db, top=args.top, by=args.by)
    out.print(
        f"{args.db}: {stats.articles} articles, {stats.events} events in {stats.clusters} clusters, "
        f"{stats.rejects} rejects",
        highlight=False,
        soft_wrap=True,
    )
    _print_frame(stats.top_actors, "table", "Top actors (clusters as source or target)", out)
    _print_frame(stats.top_dyads, "table", "Top dyads (source -> target)", out)
    types = stats.types_over_time
    if not types.empty:
        types = types.assign(period=pd.to_datetime(types["period"]))
    title = f"Event types per {args.by} (clusters)"
    _print_frame(types, "table", title, out, date_format=PERIOD_FORMATS[args.by])
    return EXIT_OK


def _open_existing(path: str, *, read_only: bool = False):
    from pathlib import Path

    from communique.errors import InputError
    from communique.store import EventDatabase
    from communique.store.parquet_dataset import is_dataset, open_as_database

    if not Path(path).exists():
        raise InputError(f"database not found: {path}")
    if is_dataset(path):  # `communique code --out DIR/`: read into memory and clustered there
        return open_as_database(path)
    return EventDatabase(path, read_only=read_only)


def _run_export(args: argparse.Namespace, err: Console) -> int:
    from communique.export import export

    with _open_existing(args.db) as db:
        rows = export(db, args.format, args.out)
    where = "standard output" if args.out == "-" else args.out
    err.print(f"{rows} {args.format} rows written to {where}", highlight=False, soft_wrap=True)
    return EXIT_OK


def _run_code(args: argparse.Namespace, err: Console) -> int:
    from communique.run import run
    from communique.store import EventDatabase, JsonlWriter, rejects_path_for

    if args.out is None and args.db is None:
        err.print("communique code: nothing to write; give --out FILE, --out - or --db FILE")
        return EXIT_CANNOT_RUN
    from communique.store.parquet_dataset import ParquetDataset, is_dataset_target

    dataset_target = args.out if is_dataset_target(args.out) else None
    if dataset_target and args.db:
        err.print("communique code: --out DIR/ (a Parquet dataset) takes the place of --db; give one of them")
        return EXIT_CANNOT_RUN
    events_target = None if dataset_target else args.out
    rejects_target = args.rejects or (rejects_path_for(events_target) if events_target else None)
    show_progress = not args.quiet and (args.progress if args.progress is not None else err.is_terminal)
    with ExitStack() as stack:
        out = stack.enter_context(JsonlWriter(events_target)) if events_target else None
        rejects_out = stack.enter_context(JsonlWriter(rejects_target)) if rejects_target else None
        database = stack.enter_context(EventDatabase(args.db)) if args.db else None
        dataset = stack.enter_context(ParquetDataset(dataset_target)) if dataset_target else None
        progress_callback = None
        if show_progress:
            from communique.run.progress import ProgressBar, estimate_articles

            progress_callback = ProgressBar(
                err.file, total=estimate_articles(args.inputs, ingest_options_from_args(args)), terminal=err.is_terminal
            )
            stack.callback(progress_callback.close)

        from pathlib import Path

        from communique.run.engines import batch_size_for, open_coder, partition_dir_for

        coder = stack.enter_context(
            open_coder(
                args.engine,
                workers=args.workers,
                scheduler=args.scheduler,
                partition_dir=Path(args.partitions) if args.partitions else partition_dir_for(args.db, args.out),
                actor_files=args.actors,
            )
        )
        pipeline = None
        if args.actors and coder is None:
            from communique.pipeline import Pipeline

            pipeline = Pipeline.load(actor_files=[Path(p) for p in args.actors])
        summary = run(
            args.inputs,
            pipeline=pipeline,
            out=out,
            database=database,
            dataset=dataset,
            rejects_out=rejects_out,
            published=args.published,
            max_chars=args.max_chars,
            progress=progress_callback,
            recode=args.recode,
            ingest=ingest_options_from_args(args),
            coder=coder,
            batch_size=batch_size_for(args.engine),
        )
    if not args.quiet:
        from communique.run.progress import summary_line

        err.print(summary_line(summary), highlight=False, soft_wrap=True)
        if dataset_target:
            err.print(f"Parquet dataset: {dataset_target} ({dataset.article_count} articles)", highlight=False)
        if coder is not None:
            from communique.run.engines import describe_engine

            err.print(describe_engine(coder), highlight=False, soft_wrap=True)
        if summary.languages:
            counts = ", ".join(f"{reason} {n}" for reason, n in summary.languages.most_common())
            err.print(f"not English, not coded: {sum(summary.languages.values())} ({counts})", highlight=False)
        fetched = summary.ingest
        if fetched.fetched or fetched.fetched_from_cache:
            err.print(f"URLs fetched: {fetched.fetched}  from the cache: {fetched.fetched_from_cache}", highlight=False)
        if summary.near_duplicates or summary.ingest.skipped_total:
            err.print(
                f"near-duplicates (not coded again, recorded as sources): {summary.near_duplicates}  "
                f"records skipped as not articles: {summary.ingest.skipped_total}",
                highlight=False,
                soft_wrap=True,
            )
        if summary.rejected or summary.near_duplicates:
            if rejects_target:
                err.print(f"rejects listed in {rejects_target}", highlight=False)
            else:
                for reject in summary.rejects:
                    where = f"{reject.origin}:{reject.line}" if reject.line else reject.origin
                    err.print(f"rejected {where}: {reject.reason}", highlight=False, markup=False)
                for link in summary.near_duplicate_links:
                    where = f"{link.article.origin}:{link.article.line}" if link.article.line else link.article.origin
                    err.print(f"not coded {where}: {link.reason}", highlight=False, markup=False)
    return EXIT_OK


def _table(title: str, columns: tuple[str, ...], rows: list[tuple[object, ...]]) -> Table:
    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(str(v) for v in row))
    return table


def _run_evaluate(args: argparse.Namespace, out: Console) -> int:
    import json
    from pathlib import Path

    from communique.errors import InputError
    from communique.evaluation import evaluate

    paths = [Path(p) for p in args.gold]
    for path in paths:
        if not path.is_file():
            raise InputError(f"gold file not found: {path}")
    report = evaluate(paths)
    if args.report:
        try:
            Path(args.report).write_text(json.dumps(report.to_dict(), indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write {args.report}: {exc.strerror}") from exc
    detection = report.detection
    rate = report.rate
    lines = [
        f"sentences: {report.sentences}  with a gold event: {report.with_event}",
        f"detection: precision {detection['precision']:.3f}  recall {detection['recall']:.3f}  "
        f"F1 {detection['f1']:.3f}",
        f"type accuracy (main event): {report.type_accuracy:.3f}  "
        f"(any coded event of the gold type: {report.any_event_type_accuracy:.3f})",
        f"QuadClass accuracy: {report.quad_accuracy:.3f}",
        f"source country {rate(report.source_country):.3f} (n={report.source_country[1]})  "
        f"sector {rate(report.source_sector):.3f} (n={report.source_sector[1]})",
        f"target country {rate(report.target_country):.3f} (n={report.target_country[1]})  "
        f"sector {rate(report.target_sector):.3f} (n={report.target_sector[1]})",
        f"location in the gold's country: {rate(report.location_country):.3f} (n={report.location_country[1]})",
    ]
    lines += [f"{mode}: {rate(pair):.3f} (n={pair[1]})" for mode, pair in report.modes.items()]
    for line in lines:
        out.print(line, highlight=False, soft_wrap=True)
    rows = [
        (t, f"{s.precision:.2f}", f"{s.recall:.2f}", f"{s.f1:.2f}", str(s.support)) for t, s in report.per_type.items()
    ]
    out.print(_table("Per type (main event)", ("type", "precision", "recall", "F1", "gold"), rows))
    errors = sorted(
        ((gold, coded, n) for gold, row in report.confusion.items() for coded, n in row.items() if gold != coded),
        key=lambda item: -item[2],
    )
    out.print(_table("Biggest confusions (gold -> coded)", ("gold", "coded", "sentences"), errors[:15]))
    return EXIT_OK


def _run_summary(args: argparse.Namespace, out: Console) -> int:
    from communique.store.summary import summarize

    with _open_existing(args.db) as db:
        summary = summarize(db, examples=args.examples)
    out.print(
        f"{args.db}: {summary.articles} articles, {summary.events} events, {summary.rejects} rejects recorded",
        highlight=False,
        soft_wrap=True,
    )
    out.print(
        _table(
            "Events by PLOVER type",
            ("type", "events", "negated", "hypothetical/future", "mean Goldstein"),
            summary.by_type,
        )
    )
    out.print(
        _table("Top dyads (source country -> target country)", ("source", "target", "events", "types"), summary.dyads)
    )
    out.print(_table("Example events", ("date", "type", "cameo", "source", "trigger", "target"), summary.examples))
    return EXIT_OK


def _run_actors(args: argparse.Namespace, out: Console) -> int:
    import csv
    from pathlib import Path

    from communique.resolve.unknown import unknown_actors

    found = unknown_actors([Path(p) for p in args.events], top=args.top)
    rows = [
        (e.text, e.count, ", ".join(f"{s} {n}" for s, n in e.sectors.most_common(3)) or "-", e.example[:100])
        for e in found
    ]
    if args.format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(("text", "count", "sectors", "example"))
        writer.writerows(rows)
        return EXIT_OK
    out.print(_table("Unresolved actors (no country)", ("text", "events", "sectors given", "example"), rows))
    return EXIT_OK


def _run_serve(args: argparse.Namespace) -> int:
    import os

    from communique.serve.run import serve
    from communique.serve.settings import ServeSettings

    settings = ServeSettings(
        db=args.db,
        allow_write=args.allow_write,
        token=os.environ.get("COMMUNIQUE_TOKEN") or None,
        cache_entries=args.cache,
        index=not args.no_index,
        coders=args.coders,
    )
    serve(settings, host=args.host, port=args.port, workers=args.workers, access_log=args.access_log)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    err = Console(stderr=True)
    if args.command is None:
        parser.print_help()
        return EXIT_CANNOT_RUN
    try:
        if args.command == "code":
            return _run_code(args, err)
        if args.command == "evaluate":
            return _run_evaluate(args, Console())
        if args.command == "serve":
            return _run_serve(args)
        if args.command == "export":
            return _run_export(args, err)
        if args.command in ("query", "dyad", "stats"):
            # Tables are wide: piped output gets room rather than rich's 80 columns.
            out = Console() if Console().is_terminal else Console(width=200)
            runner = {"query": _run_query, "dyad": _run_dyad, "stats": _run_stats}[args.command]
            return runner(args, out)
        if args.command == "actors":
            return _run_actors(args, Console())
        return _run_summary(args, Console())
    except CommuniqueError as exc:
        print(f"communique: {exc.message}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except KeyboardInterrupt:
        print("communique: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
