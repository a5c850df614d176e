"""The ``dp-analysis`` command line.

Each subcommand lives in its own module in this package and defines
``register(subparsers)``, which adds its parser and sets ``handler`` to a
function taking the parsed arguments and returning an exit code. Logging is
configured here and only here.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Sequence

from dp_analysis.exceptions import DPAnalysisError

logger = logging.getLogger("dp_analysis")


def build_parser() -> argparse.ArgumentParser:
    """Return the parser with every subcommand module registered."""
    parser = argparse.ArgumentParser(
        prog="dp-analysis",
        description=(
            "Direct Payments analysis for the Joint Task Force report: validate "
            "a month's data, summarise it, serve the dashboards and publish the "
            "monthly pages."
        ),
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="show debug messages"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module.name.startswith("_"):
            continue
        importlib.import_module(f"{__name__}.{module.name}").register(subparsers)
    return parser


def configure_logging(verbose: bool = False) -> None:
    """Send the library's log records to standard error, with times.

    Called again (tests call :func:`main` many times), it replaces the
    handler it added before rather than adding a second one.
    """
    for old in [h for h in logger.handlers if getattr(h, "dp_analysis_cli", False)]:
        logger.removeHandler(old)
    handler = logging.StreamHandler(sys.stderr)
    handler.dp_analysis_cli = True  # type: ignore[attr-defined]
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S")
    )
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    configure_logging(args.verbose)
    try:
        return int(args.handler(args) or 0)
    except DPAnalysisError as error:
        print(f"dp-analysis {args.command}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
