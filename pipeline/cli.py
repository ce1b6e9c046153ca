"""`followthrough` command line (SPEC.md). The only place that configures logging."""
from __future__ import annotations

import argparse
import logging
import os
import sys
from collections import Counter
from pathlib import Path

from .config import load_config
from .engines import ENGINES, EngineError
from .gold import GoldError
from .manifest import ManifestError
from .process import DocumentOutcome
from .runner import BatchSummary, run_batch
from .tablestream import PARTITIONS

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
    lines += [f"{'table rows':<24}"] + [f"  {k:<22}{v:>8}" for k, v in summary.counts().items()]
    rate = summary.pages / summary.seconds if summary.seconds else 0.0
    lines.append(f"{summary.pages} pages in {summary.seconds:.1f} s ({rate:.1f} pages/s)")
    return "\n".join(lines)


def _cmd_run(args: argparse.Namespace) -> int:
    config = load_config(Path(args.params)).with_overrides(
        workers=args.workers, strict=args.strict or None, cache=False if args.no_cache else None,
        engine=args.engine, scheduler=args.scheduler, partition=args.partition)
    try:
        summary = run_batch(args.paths, args.out, config, args.manifest, _Reporter())
    except (ManifestError, EngineError) as exc:
        print(f"followthrough: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"followthrough: cannot write the output: {exc}", file=sys.stderr)
        return 1
    print(_summary_table(summary), file=sys.stderr)
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from .report import write_report
    try:
        report = write_report(args.outputs, args.out)
    except FileNotFoundError as exc:
        print(f"followthrough: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {args.out}: " + ", ".join(f"{k} {v}" for k, v in report["rows"].items()), file=sys.stderr)
    return 0


def _as_of(args: argparse.Namespace):
    from datetime import date
    return date.fromisoformat(args.as_of) if args.as_of else date.today()


def _load(args: argparse.Namespace):
    from .writer import load_outputs
    return load_outputs(args.outputs)


def _cmd_thread(args: argparse.Namespace) -> int:
    from .feed import render_timeline, thread_views
    views = [v for v in thread_views(_load(args)) if v.thread_id.startswith(args.thread_id)]
    if len(views) != 1:
        print(f"followthrough: {len(views)} threads match {args.thread_id!r}; "
              "list them with `followthrough threads`", file=sys.stderr)
        return 2
    print(render_timeline(views[0], _as_of(args)))
    return 0


def _cmd_threads(args: argparse.Namespace) -> int:
    from .feed import build_feed
    rows = build_feed(_load(args), _as_of(args))
    if args.council:
        rows = [r for r in rows if r["council"] and args.council.lower() in r["council"].lower()]
    if args.status:
        rows = [r for r in rows if r["latest_status"] == args.status]
    if args.overdue:
        rows = [r for r in rows if r["overdue"]]
    if args.text:
        rows = [r for r in rows if args.text.lower() in r["text"].lower()]
    if args.linked:
        rows = [r for r in rows if r["documents"] > 1]
    for r in rows[: args.limit]:
        print(f"{r['thread_id']}  {r['documents']}p  {(r['latest_status'] or '-'):<12} "
              f"{'OVERDUE ' if r['overdue'] else ''}{(r['council'] or '-')[:28]:<28}  "
              f"{r['number'] or '-':>5}  {r['text'][:70]}")
    print(f"{len(rows)} thread(s)", file=sys.stderr)
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from .feed import build_feed, write_feed
    rows = build_feed(_load(args), _as_of(args))
    write_feed(rows, args.format, Path(args.out))
    print(f"wrote {len(rows)} thread(s) to {args.out}", file=sys.stderr)
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
    parser.add_argument("--as-of", help="reference date for 'overdue' (YYYY-MM-DD; default: today)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="followthrough", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="parse and extract papers into Parquet tables")
    run.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (recursed)")
    run.add_argument("--out", default="outputs", help="output folder (default: outputs/)")
    run.add_argument("--manifest", help="CSV: path,council,body,meeting_date,doc_type,url")
    run.add_argument("--workers", type=int, help="worker processes (default: all cores)")
    run.add_argument("--engine", help=f"where documents run: {' or '.join(sorted(ENGINES))} "
                     "(default: local, or run.engine in params.yaml)")
    run.add_argument("--scheduler", metavar="tcp://HOST:8786",
                     help="--engine dask: join this running cluster instead of starting one here")
    run.add_argument("--partition", choices=sorted(PARTITIONS),
                     help="write each table as a Hive-partitioned dataset (default: one file per table)")
    run.add_argument("--strict", action="store_true", help="re-raise the first document error")
    run.add_argument("--params", default="params.yaml", help="parameters file (default: params.yaml)")
    run.add_argument("--no-cache", action="store_true", help="neither read nor write the per-document cache")
    run.add_argument("-v", "--verbose", action="store_true")
    run.set_defaults(func=_cmd_run)
    report = sub.add_parser("report", help="summarise an output folder as JSON")
    report.add_argument("outputs", nargs="?", default="outputs", help="output folder (default: outputs/)")
    report.add_argument("--out", default="outputs/report.json", help="JSON file to write")
    report.set_defaults(func=_cmd_report)
    thread = sub.add_parser("thread", help="print one recommendation's life across papers")
    thread.add_argument("thread_id", help="a thread id (a unique prefix is enough)")
    _add_outputs(thread)
    thread.set_defaults(func=_cmd_thread)
    threads = sub.add_parser("threads", help="list threads, with filters")
    threads.add_argument("--council", help="council name contains")
    threads.add_argument("--status", help="latest status, e.g. achieved, in_progress, behind")
    threads.add_argument("--overdue", action="store_true", help="only threads past their last due date")
    threads.add_argument("--text", help="recommendation text contains")
    threads.add_argument("--linked", action="store_true", help="only threads spanning two or more papers")
    threads.add_argument("--limit", type=int, default=10_000)
    _add_outputs(threads)
    threads.set_defaults(func=_cmd_threads)
    export = sub.add_parser("export", help="one row per thread for trackers: jsonl, csv or sqlite")
    export.add_argument("--format", choices=("jsonl", "csv", "sqlite"), required=True)
    export.add_argument("--out", required=True, help="file to write")
    _add_outputs(export)
    export.set_defaults(func=_cmd_export)
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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if getattr(args, "verbose", False) else logging.INFO,
                        format="%(message)s", stream=sys.stderr)
    if not getattr(args, "verbose", False):  # a Dask cluster's own comings and goings, read
        os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")  # when dask is imported
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
