"""``dp-analysis synthetic``: write a SYNTHETIC client-level extract."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``synthetic`` subcommand."""
    parser = subparsers.add_parser(
        "synthetic",
        help="write a SYNTHETIC client-level extract for demonstrations and tests",
        description=(
            "Generate a seeded SYNTHETIC client-level extract consistent with "
            "the report's Appendix A (June 2019 reproduced exactly unless --rows "
            "is given) and write it as CSV, Parquet or Excel. The file name "
            "always contains SYNTHETIC."
        ),
    )
    parser.add_argument("directory", type=Path, help="folder to write the file in")
    parser.add_argument(
        "--months",
        type=int,
        default=24,
        help="number of months from June 2019 (default 24)",
    )
    parser.add_argument("--seed", type=int, default=2019, help="random seed")
    parser.add_argument("--rows", type=int, help="scale to this many rows in all")
    parser.add_argument(
        "--format",
        choices=("csv", "parquet", "xlsx"),
        default="csv",
        help="file format (default csv)",
    )
    parser.add_argument(
        "--birth-dates", action="store_true", help="give dates of birth instead of ages"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Write the extract and print where it went; return 0."""
    from dp_analysis import synthetic

    extract = synthetic.generate_extract(
        args.months, seed=args.seed, rows=args.rows, birth_dates=args.birth_dates
    )
    months = sorted(extract["snapshot_month"].astype(str).unique())
    name = synthetic.default_file_name(months, f".{args.format}")
    path = synthetic.write_extract(extract, args.directory / name)
    print(f"wrote {path} ({len(extract):,} SYNTHETIC rows, {len(months)} months)")
    return 0
