"""``dp-analysis validate``: check a source and say what it holds, or what is wrong."""

from __future__ import annotations

import argparse

from dp_analysis.exceptions import DataValidationError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``validate`` subcommand."""
    parser = subparsers.add_parser(
        "validate",
        help="check a counts file, client-level extract or database table",
        description=(
            "Load SOURCE (aggregated counts or a client-level extract, as CSV, "
            "Excel or Parquet, or a database URL with --table or --query), "
            "validate it and print a summary: rows read, months, people on a "
            "DP and the kind of source. Every problem found is printed with "
            "its row and column, and the exit code is then 1."
        ),
    )
    parser.add_argument("source", help="file path, or a SQLAlchemy database URL")
    parser.add_argument(
        "--month",
        help="keep only this month (YYYY-MM), or name "
        "the month of a source that has none",
    )
    parser.add_argument("--table", help="database table holding the extract")
    parser.add_argument("--query", help="SQL query returning the extract")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Validate the source; print its summary (exit 0) or its problems (exit 1)."""
    from dp_analysis.loading import validate_source

    try:
        loaded = validate_source(
            args.source, month=args.month, table=args.table, query=args.query
        )
    except DataValidationError as error:
        print(f"INVALID: {error.source}")
        print(f"{len(error.problems)} problem(s):")
        for problem in error.problems:
            print(f"  - {problem}")
        return 1
    print(f"VALID: {loaded.source}")
    if loaded.synthetic:
        print("SYNTHETIC data: made by the generator, not real people")
    print(f"kind:       {loaded.kind}")
    print(f"rows read:  {loaded.rows_read:,}")
    print(f"months:     {', '.join(loaded.months)}")
    print(f"people on a DP: {loaded.people:,}")
    if "clients" in loaded.counts:
        print(f"all clients:    {int(loaded.counts['clients'].sum()):,}")
    for warning in loaded.warnings:
        print(f"warning: {warning}")
    return 0
