"""`followthrough` command line (SPEC.md). The only place that configures logging."""
from __future__ import annotations

import argparse
import logging
import sys
from collections import Counter
from pathlib import Path

from .config import PARTITIONS, Config, ConfigError, load_config
from .discovery import MissingInput
from .engines import ENGINES, EngineError
from .gold import GoldError
from .manifest import ManifestError
from .outputs import OutputBusy
from .process import DocumentOutcome
from .runner import BatchSummary, SystemicFailure, run_batch

log = logging.getLogger("followthrough")


def _describe(outcome: DocumentOutcome) -> str:
    if outcome.quarantine is not None:
        return f"quarantined {outcome.source_path}: {outcome.quarantine.message}"
    ex = outcome.extraction
    assert ex is not None
    return (f"{ex.document.status.value:<11} {outcome.source_path} ({outcome.pages} p, "
            f"{ex.document.doc_type.value}, {len(ex.recommendations)} recs, "
            f"{len(ex.responses)} responses, {len(ex.updates)} updates, {outcome.seconds:.1f} s)")


class _Reporter:
    """A progress bar on a terminal; one plain line per document otherwise."""

    def __init__(self, stream=sys.stderr) -> None:
        self.stream = stream
        self.tty = stream.isatty()

    def __call__(self, outcome: DocumentOutcome, done: int, total: int) -> None:
        if self.tty:
            width = 30
            filled = int(width * done / max(total, 1))
            name = Path(outcome.source_path).name[:40]
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name:<40}")
            if done == total:
                self.stream.write("\n")
            self.stream.flush()
            if outcome.quarantine is not None:
                log.debug(_describe(outcome))
        else:
            log.info(_describe(outcome))


def _summary_table(summary: BatchSummary) -> str:
    status = Counter(o.status for o in summary.outcomes)
    reasons = Counter(o.reason_code for o in summary.outcomes if o.reason_code)
    lines = ["", f"{'documents':<24}{len(summary.outcomes):>8}"]
    lines += [f"  {k:<22}{v:>8}" for k, v in sorted(status.items())]
    lines += [f"    {k:<20}{v:>8}" for k, v in sorted(reasons.items())]
    if summary.skipped:
        lines.append(f"{'skipped (hidden)':<24}{len(summary.skipped):>8}   (--no-ignore-hidden reads them)")
    lines += [f"{'table rows':<24}"] + [f"  {k:<22}{v:>8}" for k, v in summary.counts().items()]
    rate = summary.pages / summary.seconds if summary.seconds else 0.0
    lines.append(f"{summary.pages} pages in {summary.seconds:.1f} s ({rate:.1f} pages/s)")
    return "\n".join(lines)


def run_command(paths: list[str], out: str, config: Config, manifest: str | None = None,
                ignore_hidden: bool = True, append: bool = False) -> int:
    """`followthrough run` once its flags are read: the exit status, with the reason on stderr."""
    try:
        summary = run_batch(paths, out, config, manifest, _Reporter(), append=append,
                            ignore_hidden=ignore_hidden)
    except (MissingInput, ManifestError, OutputBusy, EngineError) as exc:
        print(f"followthrough: {exc}", file=sys.stderr)
        return 2
    except SystemicFailure as exc:
        print(f"followthrough: the run failed as a whole, so the tables in {out} were left as they "
              f"were: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"followthrough: cannot write the output, so the tables in {out} were left as they "
              f"were: {exc}", file=sys.stderr)
        return 1
    for warning in summary.warnings:
        log.warning("warning: %s", warning)
    if not summary.written:
        print(f"followthrough: no input files found under {', '.join(paths)}"
              f"{f' ({len(summary.skipped)} hidden path(s) skipped)' if summary.skipped else ''}; "
              f"the tables in {out} were left as they were", file=sys.stderr)
        return 0
    print(_summary_table(summary), file=sys.stderr)
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    try:
        config = load_config(Path(args.params) if args.params else None).with_overrides(
            workers=args.workers, strict=args.strict or None, cache=False if args.no_cache else None,
            run_date=args.run_date, engine=args.engine, scheduler=args.scheduler, partition=args.partition)
        from .engines import engine_for
        engine_for(config)  # an unknown or missing engine is a usage error before anything is touched
    except (ConfigError, EngineError) as exc:
        print(f"followthrough: {exc}", file=sys.stderr)
        return 2
    return run_command(args.paths, args.out, config, args.manifest, args.ignore_hidden, args.append)


def _cmd_report(args: argparse.Namespace) -> int:
    from .compare import CouncilNotFound
    from .report import write_report
    fmt = args.format or ("json" if args.out and args.out.endswith(".json") else "html")
    target = args.out or str(Path(args.outputs) / f"report.{fmt}")
    try:
        report = write_report(args.outputs, target, fmt, _as_of(args), args.council, args.timeline)
    except (FileNotFoundError, CouncilNotFound, ImportError) as exc:
        print(f"followthrough: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {target}: {len(report.comparison)} council(s), {len(report.items)} item(s), "
          f"{len(report.overdue)} overdue on {report.as_of}", file=sys.stderr)
    return 0


def _load(args: argparse.Namespace):
    from .writer import load_outputs
    return load_outputs(args.outputs)


def _as_of(args: argparse.Namespace):
    from datetime import date
    return args.as_of or date.today()


def _iso_date(text: str):
    from datetime import date
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; give it as YYYY-MM-DD") from None


def _views(args: argparse.Namespace):
    from .feed import read_outputs, thread_views
    return thread_views(read_outputs(args.outputs))


def _cmd_thread(args: argparse.Namespace) -> int:
    from .feed import find_threads, render_timeline
    views = find_threads(_views(args), args.thread_id)
    if len(views) != 1:
        print(f"followthrough: {len(views)} threads match {args.thread_id!r}; "
              "list them with `followthrough threads`", file=sys.stderr)
        return 2
    if args.thread_id in views[0].aliases:
        print(f"({args.thread_id} is an alias of {views[0].thread_id}: the threads merged)")
    print(render_timeline(views[0], _as_of(args)))
    return 0


def _cmd_threads(args: argparse.Namespace) -> int:
    from .feed import build_feed
    rows = build_feed(_views(args), _as_of(args))
    wanted = {
        "council": lambda r: r["council"] and args.council.lower() in r["council"].lower(),
        "status": lambda r: r["status"] == args.status,
        "kind": lambda r: r["kind"] == args.kind,
        "overdue": lambda r: r["overdue"],
        "text": lambda r: args.text.lower() in r["text"].lower(),
        "linked": lambda r: r["papers"] > 1,
    }
    for name, keep in wanted.items():
        if getattr(args, name):
            rows = [r for r in rows if keep(r)]
    for r in rows[: args.limit]:
        print(f"{r['thread_id']}  {r['papers']}p  {r['kind'][:3]}  {(r['status'] or '-'):<12} "
              f"{'OVERDUE ' if r['overdue'] else ''}{(r['council'] or '-')[:28]:<28}  "
              f"{r['number'] or '-':>5}  {r['text'][:70]}")
    print(f"{len(rows)} thread(s)", file=sys.stderr)
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from .export import write_feed
    from .feed import build_feed
    views = _views(args)
    rows = build_feed(views, _as_of(args), args.since)
    if args.format == "sqlite":  # every table besides the feed, for datasette and SQL: pipeline.browse
        from .browse import write_database
        export = write_database(_load(args), rows, views, Path(args.out), _as_of(args))
        print(f"wrote {args.out} ({', '.join(f'{k} {v}' for k, v in export.rows.items())}) and "
              f"{export.metadata}; browse with: datasette {args.out} --metadata {export.metadata}", file=sys.stderr)
        return 0
    write_feed(rows, views, args.format, Path(args.out))
    print(f"wrote {len(rows)} thread(s) to {args.out}", file=sys.stderr)
    return 0


def _cmd_forget(args: argparse.Namespace) -> int:
    from .runner import forget
    try:
        config = load_config(Path(args.params) if args.params else None).with_overrides(run_date=args.run_date)
        removed = forget(args.out, args.targets, config)
    except (ConfigError, OutputBusy) as exc:
        print(f"followthrough: {exc}", file=sys.stderr)
        return 2
    if not removed:
        print(f"followthrough: no paper in {args.out} has the path or doc_id "
              f"{', '.join(args.targets)}; see {args.out}/documents.parquet", file=sys.stderr)
        return 2
    for path in removed:
        print(f"forgot {path}", file=sys.stderr)
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate
    from .scorecard import render_text, write_json
    evaluation = evaluate(args.gold, args.out)
    print(render_text(evaluation, per_document=args.per_document))
    if args.json:
        write_json(evaluation, args.json)
        print(f"wrote {args.json}", file=sys.stderr)
    return 0


def _add_outputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--outputs", default="outputs", help="output folder of a run (default: outputs/)")
    parser.add_argument("--as-of", type=_iso_date, help="reference date for 'overdue' (YYYY-MM-DD; default: today)")


def _add_run_commands(sub) -> None:
    run = sub.add_parser("run", help="parse and extract papers into Parquet tables")
    run.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (recursed)")
    run.add_argument("--out", default="outputs", help="output folder (default: outputs/)")
    run.add_argument("--manifest", help="CSV: path,council,body,meeting_date,doc_type,url")
    run.add_argument("--workers", type=int, help="worker processes (default: all cores)")
    run.add_argument("--engine", help=f"where documents run: {' or '.join(sorted(ENGINES))} "
                     "(default: local, or run.engine in params.yaml)")
    run.add_argument("--scheduler", metavar="tcp://HOST:8786",
                     help="--engine dask: join this running cluster instead of starting one here")
    run.add_argument("--partition", choices=PARTITIONS,
                     help="write each table but quarantine as a Hive-partitioned dataset by council "
                          "(ONS code) or meeting year (default: one file per table)")
    run.add_argument("--strict", action="store_true", help="re-raise the first document error")
    run.add_argument("--params", help="parameters file (default: ./params.yaml when present)")
    run.add_argument("--ignore-hidden", action=argparse.BooleanOptionalAction, default=True,
                     help="skip hidden files and folders inside the given folders, counting them "
                          "in the summary (default: on; a hidden file named explicitly is read)")
    run.add_argument("--no-cache", action="store_true", help="neither read nor write the per-document cache")
    run.add_argument("--append", action="store_true",
                     help="process only PATHs and keep the other papers already in --out (relinks all)")
    run.add_argument("--run-date", type=_iso_date, help="the date this run is recorded at in the folder's history (default: today)")
    run.add_argument("-v", "--verbose", action="store_true")
    run.set_defaults(func=_cmd_run)
    forget = sub.add_parser("forget", help="remove papers from an output folder and relink")
    forget.add_argument("targets", nargs="+", metavar="PATH|DOC_ID")
    forget.add_argument("--out", default="outputs", help="output folder (default: outputs/)")
    forget.add_argument("--params", help="parameters file (default: ./params.yaml when present)")
    forget.add_argument("--run-date", type=_iso_date, help="the date recorded in the folder's history (default: today)")
    forget.set_defaults(func=_cmd_forget)
    report = sub.add_parser("report", help="councils compared: one static HTML page (charts) or JSON")
    report.add_argument("outputs", nargs="?", default="outputs", help="output folder (default: outputs/)")
    report.add_argument("--out", help="file to write (default: OUTPUTS/report.html, or .json with --format json)")
    report.add_argument("--format", choices=("html", "json"), help="html (default) or json (default for a .json --out)")
    report.add_argument("--council", action="append", default=[],
                        help="only councils whose name contains this (repeatable; default: all)")
    report.add_argument("--as-of", type=_iso_date, help="reference date for 'overdue' (YYYY-MM-DD; default: today)")
    report.add_argument("--timeline", help="council whose timeline is drawn (default: the one with most dated items)")
    report.set_defaults(func=_cmd_report)


def _add_thread_commands(sub) -> None:
    thread = sub.add_parser("thread", help="print one recommendation's life across papers")
    thread.add_argument("thread_id", help="a thread id or an alias of one (a unique prefix is enough)")
    _add_outputs(thread)
    thread.set_defaults(func=_cmd_thread)
    threads = sub.add_parser("threads", help="list threads, with filters")
    threads.add_argument("--council", help="council name contains")
    threads.add_argument("--status", help="current status, e.g. achieved, in_progress, behind")
    threads.add_argument("--kind", choices=("recommendation", "decision"))
    threads.add_argument("--overdue", action="store_true", help="only threads past their last due date")
    threads.add_argument("--text", help="recommendation text contains")
    threads.add_argument("--linked", action="store_true", help="only threads spanning two or more papers")
    threads.add_argument("--limit", type=int, default=10_000)
    _add_outputs(threads)
    threads.set_defaults(func=_cmd_threads)
    export = sub.add_parser("export", help="one row per thread for trackers (jsonl, csv, parquet), or every table and the feed (sqlite)")
    export.add_argument("--format", choices=("jsonl", "csv", "sqlite", "parquet"), required=True)
    export.add_argument("--out", required=True, help="file to write")
    export.add_argument("--since", type=_iso_date, help="only threads changed on or after this run date (YYYY-MM-DD)")
    _add_outputs(export)
    export.set_defaults(func=_cmd_export)


def _add_evaluate(sub) -> None:
    evaluate = sub.add_parser("evaluate", help="precision / recall / F1 of an output folder against gold")
    evaluate.add_argument("gold", help="a gold YAML/JSON file, or a folder of them (searched recursively)")
    evaluate.add_argument("out", help="the output folder of `followthrough run`")
    evaluate.add_argument("--json", metavar="FILE", help="also write every figure as JSON")
    shown = evaluate.add_mutually_exclusive_group()
    shown.add_argument("--per-document", dest="per_document", action="store_true", default=True,
                       help="print the per-document table (the default)")
    shown.add_argument("--quiet", dest="per_document", action="store_false",
                       help="print only the per-set, overall and per-field figures")
    evaluate.set_defaults(func=_cmd_evaluate)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="followthrough", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    _add_run_commands(sub)
    _add_thread_commands(sub)
    _add_evaluate(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if getattr(args, "verbose", False) else logging.INFO,
                        format="%(message)s", stream=sys.stderr)
    try:
        return args.func(args)
    except BrokenPipeError:  # `followthrough threads | head`
        sys.stderr.close()
        return 0
    except (FileNotFoundError, GoldError) as exc:  # a missing OUT table, gold file or folder; bad gold
        print(f"followthrough: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
