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
            "see article.schema.json), a .txt file (one article), a folder of .txt/.jsonl "
            "files, or - for JSONL on standard input."
        ),
    )
    code.add_argument("inputs", nargs="+", metavar="INPUT", help="JSONL file, .txt file, folder, or - for stdin")
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
        "--quiet",
        action="store_true",
        help="no progress bar and no summary (errors are still reported)",
    )

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

        summary = run(
            args.inputs,
            out=out,
            database=database,
            rejects_out=rejects_out,
            published=args.published,
            max_chars=args.max_chars,
            progress=progress_callback,
        )
    if not args.quiet:
        err.print(
            f"articles read: {summary.read}  coded: {summary.coded}  rejected: {summary.rejected}  "
            f"events written: {summary.events}  seconds: {summary.seconds:.1f}  "
            f"articles/second: {summary.articles_per_second:.1f}",
            highlight=False,
        )
        if summary.rejected:
            if rejects_target:
                err.print(f"rejects listed in {rejects_target}", highlight=False)
            else:
                for reject in summary.rejects:
                    where = f"{reject.origin}:{reject.line}" if reject.line else reject.origin
                    err.print(f"rejected {where}: {reject.reason}", highlight=False, markup=False)
    return EXIT_OK


def _run_summary(args: argparse.Namespace, out: Console) -> int:
    from pathlib import Path

    from communique.errors import InputError
    from communique.store import EventDatabase

    if not Path(args.db).exists():
        raise InputError(f"database not found: {args.db}")
    with EventDatabase(args.db) as db:
        con = db.con
        out.print(
            f"{args.db}: {db.count('articles')} articles, {db.count('events')} events, "
            f"{db.count('rejects')} rejects recorded",
            highlight=False,
            soft_wrap=True,
        )
        by_type = Table(title="Events by PLOVER type")
        for column in ("type", "events", "negated", "hypothetical/future", "mean Goldstein"):
            by_type.add_column(column)
        rows = con.execute(
            "SELECT event_type, count(*), sum(negated::INT), sum((hypothetical OR future)::INT), "
            "round(avg(goldstein), 1) FROM events GROUP BY 1 ORDER BY 2 DESC, 1"
        ).fetchall()
        for row in rows:
            by_type.add_row(*(str(v) for v in row))
        out.print(by_type)
        dyads = Table(title="Top dyads (source country -> target country)")
        for column in ("source", "target", "events", "types"):
            dyads.add_column(column)
        rows = con.execute(
            "SELECT coalesce(source_country, '?'), coalesce(target_country, '-'), count(*), "
            "string_agg(DISTINCT event_type, ', ' ORDER BY event_type) FROM events "
            "GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 10"
        ).fetchall()
        for row in rows:
            dyads.add_row(*(str(v) for v in row))
        out.print(dyads)
        examples = Table(title="Example events")
        for column in ("date", "type", "cameo", "source", "trigger", "target"):
            examples.add_column(column)
        rows = con.execute(
            "SELECT date, event_type, cameo_code, source_name || coalesce(' (' || source_country || ')', ''), "
            "trigger_text, coalesce(target_name || coalesce(' (' || target_country || ')', ''), '') "
            "FROM events WHERE NOT negated ORDER BY confidence DESC, date DESC, id LIMIT ?",
            [args.examples],
        ).fetchall()
        for row in rows:
            examples.add_row(*(str(v) for v in row))
        out.print(examples)
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
        return _run_summary(args, Console())
    except CommuniqueError as exc:
        print(f"communique: {exc.message}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except KeyboardInterrupt:
        print("communique: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
