"""Benchmark: load, validate and aggregate SYNTHETIC client-level extracts.

    .venv/bin/python benchmarks/bench_load.py [--sizes 10000 100000 1000000]

For each size, a seeded SYNTHETIC extract is written as Parquet and as CSV.
Each file is then loaded with ``dp_analysis.loading.load_counts`` (read,
validate, band and aggregate) in a fresh Python process, three times; the
table shows the median time, the peak resident memory of the process (from
``resource.getrusage``, so it includes Python, pandas and pyarrow themselves)
and the time per row against the 10k baseline. Not a timed test: it prints
figures for docs/loading.md.

Target on the project's 2-core machine: 1M rows in at most 3 s and 1.5 GB
peak, with time growing no faster than the number of rows.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from dp_analysis.synthetic import generate_extract, write_extract

TARGET_SECONDS = 3.0
TARGET_PEAK_MB = 1536
REPEATS = 3

# Run in a child process so that each measurement starts cold and the peak
# memory belongs to this one load.
_CHILD = """
import json, resource, sys, time
from dp_analysis.loading import load_counts
started, cpu_started = time.perf_counter(), time.process_time()
loaded = load_counts(sys.argv[1])
seconds = time.perf_counter() - started
cpu_seconds = time.process_time() - cpu_started
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds,
                  "peak_mb": peak_mb,
                  "rows": loaded.rows_read, "people": loaded.people}))
"""


def measure(path: Path) -> dict:
    """Return the median time and the largest peak memory of three loads."""
    runs = []
    for _ in range(REPEATS):
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {
        "seconds": statistics.median(r["seconds"] for r in runs),
        "cpu_seconds": statistics.median(r["cpu_seconds"] for r in runs),
        "peak_mb": max(r["peak_mb"] for r in runs),
        "rows": runs[0]["rows"],
    }


def print_table(results: list[dict], baseline_rows: int) -> None:
    """Print the figures as a Markdown table, per-row times against 10k."""
    baseline = {r["format"]: r for r in results if r["rows"] == baseline_rows}
    print(
        "| format | rows | file MB | wall s (median of 3) | CPU s | peak MB "
        "| wall µs per row | wall per row vs 10k | CPU per row vs 10k |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        base = baseline[r["format"]]
        wall_ratio = (r["seconds"] / r["rows"]) / (base["seconds"] / base["rows"])
        cpu_ratio = (r["cpu_seconds"] / r["rows"]) / (
            base["cpu_seconds"] / base["rows"]
        )
        print(
            f"| {r['format']} | {r['rows']:,} | {r['size_mb']:.1f} | "
            f"{r['seconds']:.2f} | {r['cpu_seconds']:.2f} | {r['peak_mb']:.0f} | "
            f"{r['seconds'] / r['rows'] * 1e6:.2f} | {wall_ratio:.2f}× | "
            f"{cpu_ratio:.2f}× |"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000]
    )
    parser.add_argument("--seed", type=int, default=2019)
    args = parser.parse_args()

    results = []
    with tempfile.TemporaryDirectory() as folder:
        for rows in args.sizes:
            extract = generate_extract(12, seed=args.seed, rows=rows)
            for fmt in ("parquet", "csv"):
                path = write_extract(
                    extract, Path(folder) / f"SYNTHETIC-bench-{rows}.{fmt}"
                )
                size_mb = path.stat().st_size / 1e6
                results.append({"format": fmt, "size_mb": size_mb, **measure(path)})
                print(f"measured {fmt} {rows:,} rows", file=sys.stderr)

    print_table(results, min(args.sizes))
    largest = [r for r in results if r["rows"] == max(args.sizes)]
    met = all(
        r["seconds"] <= TARGET_SECONDS and r["peak_mb"] <= TARGET_PEAK_MB
        for r in largest
    )
    load = os.getloadavg()[0]
    print(
        f"\ntarget ({TARGET_SECONDS:g} s and {TARGET_PEAK_MB} MB at "
        f"{max(args.sizes):,} rows): {'met' if met else 'NOT met'}; "
        f"load average {load:.1f} on {os.cpu_count()} cores"
        + (
            " (busy machine: wall times are inflated, see CPU s)"
            if load > (os.cpu_count() or 1)
            else ""
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
