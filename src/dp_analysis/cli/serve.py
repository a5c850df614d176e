"""``dp-analysis serve``: start the dashboards on this machine.

Serves ``dashboards/`` with Voilà, standalone and read-only, on 127.0.0.1
unless ``--host`` says otherwise. ``--token`` adds token authentication for
a shared server: Voilà prints the address with the token to open.
``--source`` (with ``--month``) shows a month of the analysts' data instead
of the report's Appendix A: the source is validated before the server starts.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from dp_analysis import paths
from dp_analysis.exceptions import DPAnalysisError

if TYPE_CHECKING:
    from dp_analysis.widgets.data_source import DashboardData

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")

logger = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``serve`` subcommand."""
    parser = subparsers.add_parser(
        "serve",
        help="serve the interactive dashboards in a web browser",
        description=(
            "Start the Voilà dashboards (dashboards/) with the settings in "
            "config/voila/voila.json. Open the address it prints in a browser; "
            "stop it with Ctrl+C."
        ),
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only)",
    )
    parser.add_argument("--port", type=int, default=8866, help="port (default 8866)")
    parser.add_argument(
        "--token",
        nargs="?",
        const="generate",
        default=None,
        metavar="TOKEN",
        help=(
            "require a token to open the dashboards (for a shared server); "
            "without a value one is generated and printed"
        ),
    )
    parser.add_argument(
        "--dashboards",
        default=str(paths.DASHBOARD_DIR),
        help="folder of dashboard notebooks to serve (default dashboards/)",
    )
    parser.add_argument(
        "--source",
        default=None,
        metavar="PATH",
        help=(
            "show this data instead of the report's Appendix A: aggregated "
            "counts or a client-level extract (CSV, Excel or Parquet), checked "
            "before the server starts"
        ),
    )
    parser.add_argument(
        "--month",
        type=month_argument,
        default=None,
        metavar="YYYY-MM|latest",
        help="the month of --source to show (default: its latest month)",
    )
    parser.set_defaults(handler=serve)


def month_argument(text: str) -> str:
    """Return ``text`` if it is a month ``YYYY-MM`` or ``latest``.

    >>> month_argument("2019-07"), month_argument("latest")
    ('2019-07', 'latest')
    """
    if text != "latest" and not _MONTH.match(text):
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected a month such as 2019-07, or latest"
        )
    return text


def voila_arguments(args: argparse.Namespace) -> list[str]:
    """Return the Voilà command-line arguments for the parsed options.

    >>> voila_arguments(argparse.Namespace(
    ...     host="127.0.0.1", port=8866, token=None, dashboards="dashboards"))
    ['dashboards', '--Voila.ip=127.0.0.1', '--port=8866']
    >>> voila_arguments(argparse.Namespace(
    ...     host="0.0.0.0", port=9000, token="generate", dashboards="d"))[-1]
    '--token'
    """
    argv = [args.dashboards, f"--Voila.ip={args.host}", f"--port={args.port}"]
    if args.token == "generate":
        argv.append("--token")
    elif args.token:
        argv.append(f"--token={args.token}")
    return argv


def choose_data(args: argparse.Namespace) -> DashboardData | None:
    """Validate ``--source`` and ``--month``; return the month to show, if any.

    Raises :class:`~dp_analysis.exceptions.DataValidationError` (exit code 1)
    when the source does not load or lacks the month, before any server starts.
    """
    if args.source is None:
        if args.month is not None:
            raise DPAnalysisError("--month needs --source: the file to take it from")
        return None
    # Imported here, as the server is: other subcommands need no widgets.
    from dp_analysis.widgets.data_source import read_month

    chosen = read_month(args.source, args.month or "latest")
    logger.info("Dashboards will show %s, month %s", chosen.label, chosen.month)
    return chosen


def serve(args: argparse.Namespace) -> int:
    """Run the dashboard server until it is stopped."""
    from dp_analysis.serving.app import main
    from dp_analysis.widgets.data_source import LABEL_ENV, MONTH_ENV, SOURCE_ENV

    chosen = choose_data(args)
    with tempfile.TemporaryDirectory(prefix="dp-dashboards-") as folder:
        # Kernels inherit the server's environment, as they do DP_ANALYSIS_MODE;
        # without --source they show Appendix A, whatever the shell had set.
        for name in (SOURCE_ENV, MONTH_ENV, LABEL_ENV):
            os.environ.pop(name, None)
        if chosen is not None:
            os.environ.update(chosen.environment(Path(folder)))
        logger.info("Serving %s on %s:%s", args.dashboards, args.host, args.port)
        main(voila_arguments(args))
    return 0
