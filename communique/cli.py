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
        help="write events as JSON Lines to FILE, or - for standard output",
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
    return parser


def _run_code(args: argparse.Namespace, err: Console) -> int:
    from communique.run import run
    from communique.store import EventDatabase, JsonlWriter, rejects_path_for

    if args.out is None and args.db is None:
        err.print("communique code: nothing to write; give --out FILE, --out - or --db FILE")
        return EXIT_CANNOT_RUN
    rejects_target = args.rejects or (rejects_path_for(args.out) if args.out else None)
    show_progress = not args.quiet and err.is_terminal
    with ExitStack() as stack:
        out = stack.enter_context(JsonlWriter(args.out)) if args.out else None
        rejects_out = stack.enter_context(JsonlWriter(rejects_target)) if rejects_target else None
        database = stack.enter_context(EventDatabase(args.db)) if args.db else None
        progress_callback = None
        if show_progress:
            from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            bar = stack.enter_context(
                Progress(
                    SpinnerColumn(),
                    TextColumn("{task.description}"),
                    BarColumn(),
                    TimeElapsedColumn(),
                    console=err,
                    transient=True,
                )
            )
            task = bar.add_task("coding", total=None)

            def progress_callback(summary) -> None:
                bar.update(task, description=f"{summary.read} articles read, {summary.events} events")

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
            rejects_out=rejects_out,
            published=args.published,
            max_chars=args.max_chars,
            progress=progress_callback,
            ingest=ingest_options_from_args(args),
            coder=coder,
            batch_size=batch_size_for(args.engine),
        )
    if not args.quiet:
        err.print(
            f"articles read: {summary.read}  coded: {summary.coded}  rejected: {summary.rejected}  "
            f"events written: {summary.events}  seconds: {summary.seconds:.1f}  "
            f"articles/second: {summary.articles_per_second:.1f}",
            highlight=False,
            soft_wrap=True,
        )
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
    from pathlib import Path

    from communique.errors import InputError
    from communique.store import EventDatabase
    from communique.store.summary import summarize

    if not Path(args.db).exists():
        raise InputError(f"database not found: {args.db}")
    with EventDatabase(args.db) as db:
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
