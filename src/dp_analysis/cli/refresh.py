"""``dp-analysis refresh``: run the notebooks for a month and publish the site."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from dp_analysis import disclosure, paths
from dp_analysis.exceptions import PublicationError

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def months_from(text: str) -> tuple[str, ...]:
    """Return the months named by ``YYYY-MM`` or a range ``YYYY-MM..YYYY-MM``.

    >>> months_from("2019-11..2020-02")
    ('2019-11', '2019-12', '2020-01', '2020-02')

    ``latest`` stands for the latest month in the source.
    """
    if text == "latest":
        return ("latest",)
    first, _, last = text.partition("..")
    last = last or first
    for month in (first, last):
        if not _MONTH.match(month):
            raise PublicationError(
                f"--month {text!r}: expected YYYY-MM, YYYY-MM..YYYY-MM or latest"
            )
    start_year, start_month = map(int, first.split("-"))
    end_year, end_month = map(int, last.split("-"))
    index, end = start_year * 12 + start_month - 1, end_year * 12 + end_month - 1
    if end < index:
        raise PublicationError(f"--month {text!r}: the range ends before it starts")
    return tuple(f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index, end + 1))


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``refresh`` subcommand."""
    parser = subparsers.add_parser(
        "refresh",
        help="run the notebooks for a month and publish the static site",
        description=(
            "Run every notebook with papermill for the month, render the pages "
            "and switch the published site over only when all of it succeeded."
        ),
    )
    parser.add_argument(
        "--month",
        required=True,
        help="the month to publish: YYYY-MM, a range YYYY-MM..YYYY-MM, or 'latest'",
    )
    parser.add_argument(
        "--source",
        required=True,
        help="the data: a CSV, Excel or Parquet file, or a database URL",
    )
    parser.add_argument(
        "--site",
        type=Path,
        default=paths.PROJECT_ROOT / "site",
        help="the published site folder (default: site/)",
    )
    parser.add_argument(
        "--mode",
        choices=("public", "internal"),
        default="public",
        help="public hides small numbers; internal marks pages 'Not for publication'",
    )
    parser.add_argument(
        "--scenario",
        type=Path,
        default=paths.REPORT_SCENARIO,
        help="the scenario YAML file (default: the report's own)",
    )
    parser.add_argument(
        "--notebooks",
        type=Path,
        default=paths.NOTEBOOK_DIR,
        help="the folder of notebooks to run (default: notebooks/)",
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=None,
        help="executed notebooks and logs (default: SITE-work beside the site)",
    )
    parser.add_argument(
        "--threshold",
        type=int,
        default=disclosure.DEFAULT_THRESHOLD,
        help="in public mode, hide counts from 1 to this number (default: 7)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="notebooks run at the same time, one kernel each (default: 2)",
    )
    parser.add_argument(
        "--fresh-kernels",
        action="store_true",
        help="start a new kernel for every notebook (slower, fully isolated)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Refresh the site; return 0, or raise PublicationError (exit code 1)."""
    from dp_analysis.publish import execute

    # Before anything imports jsonschema: see execute.UNUSED_IMPORTS.
    execute.leave_out_unused_imports()
    from dp_analysis.publish.refresh import RefreshRequest, refresh

    result = refresh(
        RefreshRequest(
            months=months_from(args.month),
            source=args.source,
            site=args.site,
            mode=args.mode,
            scenario=args.scenario,
            notebooks=args.notebooks,
            work_dir=args.work_dir,
            threshold=args.threshold,
            workers=args.workers,
            fresh_kernels=args.fresh_kernels,
        )
    )
    print(
        f"Published {', '.join(result.months)} to {result.site}/index.html "
        f"in {result.seconds:.1f} s. Log: {result.log_path}"
    )
    return 0
