"""``python -m dp_analysis.serving``: start the dashboard server."""

import sys

from dp_analysis.serving.app import main

main(sys.argv[1:])
