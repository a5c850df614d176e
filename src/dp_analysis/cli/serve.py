"""``dp-analysis serve``: start the dashboards on this machine.

Serves ``dashboards/`` with Voilà, standalone and read-only, on 127.0.0.1
unless ``--host`` says otherwise. ``--token`` adds token authentication for
a shared server: Voilà prints the address with the token to open.
"""

from __future__ import annotations

import argparse
import logging

from dp_analysis import paths

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
    parser.set_defaults(handler=serve)


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


def serve(args: argparse.Namespace) -> int:
    """Run the dashboard server until it is stopped."""
    from dp_analysis.serving.app import main

    logger.info("Serving %s on %s:%s", args.dashboards, args.host, args.port)
    main(voila_arguments(args))
    return 0
