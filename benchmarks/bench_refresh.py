"""Benchmark: a full monthly refresh against papermill's floor.

    .venv/bin/python benchmarks/bench_refresh.py [--months 1 24] [--repeats 3]

For each number of months, a seeded SYNTHETIC client-level extract is
written, then:

- **refresh**: ``dp-analysis refresh --month FIRST..LAST`` is run as a
  command into an empty site folder: every notebook in ``notebooks/`` for
  every month, rendering, the whole site and the switch-over, plus the
  command's own start-up;
- **floor**: one Python process runs papermill's ``execute_notebook`` on a
  trivial notebook (the same five parameters, one cell that does nothing)
  as many times as the refresh runs notebooks, each with its own kernel, as
  papermill does by default.

The table gives the median wall time of ``--repeats`` runs of each and the
ratio. Targets on the project's 2-core machine: refresh at most 1.3 times
the floor, and at most 30 s for one month; each month's page at most 400 KB
besides the shared plotly.js. Not a timed test: it prints figures for
docs/refresh.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from dp_analysis import paths
from dp_analysis.synthetic import generate_extract, write_extract

TARGET_RATIO = 1.3
TARGET_ONE_MONTH_SECONDS = 30.0
PAGE_LIMIT_BYTES = 400 * 1024

_FLOOR = """
import sys, papermill
count, notebook, folder = int(sys.argv[1]), sys.argv[2], sys.argv[3]
for number in range(count):
    papermill.execute_notebook(
        notebook, f"{folder}/out-{number}.ipynb", progress_bar=False,
        parameters={"source": "x", "month": "2019-06", "scenario_path": "x",
                    "mode": "public", "output_dir": folder},
    )
"""


def trivial_notebook(path: Path) -> Path:
    """Write a notebook with the refresh's parameters and one empty cell."""
    parameters = nbformat.v4.new_code_cell(
        'source = ""\nmonth = ""\nscenario_path = ""\nmode = "public"\noutput_dir = ""'
    )
    parameters.metadata["tags"] = ["parameters"]
    notebook = nbformat.v4.new_notebook(
        cells=[parameters, nbformat.v4.new_code_cell("pass")],
        metadata={
            "kernelspec": {
                "name": "python3",
                "display_name": "Python 3",
                "language": "python",
            }
        },
    )
    nbformat.write(notebook, path)
    return path


def timed(command: list[str]) -> tuple[float, float]:
    """Return the wall time and CPU time of a command and all it waited for.

    CPU time (user + system of every process the command reaped, kernels
    included) is less disturbed than wall time on a shared machine.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode != 0:
        sys.exit(f"{command[:4]} failed:\n{completed.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu


def measure(months: int, repeats: int, folder: Path) -> dict[str, float]:
    """Return the median refresh and floor times for ``months`` months."""
    extract = generate_extract(months, seed=2024)
    month_names = sorted(extract["snapshot_month"].astype(str).unique())
    source = write_extract(extract, folder / f"SYNTHETIC-{months}-months.csv")
    notebooks = sorted(paths.NOTEBOOK_DIR.glob("*.ipynb"))
    count = len(notebooks) * months
    trivial = trivial_notebook(folder / "trivial.ipynb")
    dp_analysis = str(Path(sys.executable).parent / "dp-analysis")
    span = f"{month_names[0]}..{month_names[-1]}"

    refresh, floor, largest_page = [], [], 0
    for repeat in range(repeats):
        site = folder / f"site-{months}-{repeat}"
        refresh.append(
            timed(
                [
                    dp_analysis,
                    "refresh",
                    "--month",
                    span,
                    "--source",
                    str(source),
                    "--site",
                    str(site),
                ]
            )
        )
        pages = [p.stat().st_size for p in (site / "months").rglob("*.html")]
        largest_page = max(largest_page, *pages)
        out = folder / f"floor-{months}-{repeat}"
        out.mkdir()
        floor.append(
            timed([sys.executable, "-c", _FLOOR, str(count), str(trivial), str(out)])
        )
    refresh_wall = statistics.median(w for w, _ in refresh)
    floor_wall = statistics.median(w for w, _ in floor)
    return {
        "months": months,
        "notebooks": count,
        "refresh_s": round(refresh_wall, 1),
        "floor_s": round(floor_wall, 1),
        "ratio": round(refresh_wall / floor_wall, 2),
        "refresh_cpu_s": round(statistics.median(c for _, c in refresh), 1),
        "floor_cpu_s": round(statistics.median(c for _, c in floor), 1),
        "load_average": round(os.getloadavg()[0], 1),
        "largest_month_page_kb": largest_page // 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, nargs="+", default=[1, 24])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for months in args.months:
            folder = Path(tmp) / f"m{months}"
            folder.mkdir()
            rows.append(measure(months, args.repeats, folder))
            print(json.dumps(rows[-1]), flush=True)

    print(
        "\n| months | notebooks | refresh wall (s) | floor wall (s) | ratio | "
        "refresh CPU (s) | floor CPU (s) | load avg | largest month page |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['months']} | {row['notebooks']} | {row['refresh_s']} | "
            f"{row['floor_s']} | {row['ratio']} | {row['refresh_cpu_s']} | "
            f"{row['floor_cpu_s']} | {row['load_average']} | "
            f"{row['largest_month_page_kb']} KB |"
        )
    for row in rows:
        verdicts = [
            f"ratio {'meets' if row['ratio'] <= TARGET_RATIO else 'misses'} "
            f"the {TARGET_RATIO}x target"
        ]
        if row["months"] == 1:
            ok = row["refresh_s"] <= TARGET_ONE_MONTH_SECONDS
            verdicts.append(f"{'meets' if ok else 'misses'} the 30 s target")
        ok = row["largest_month_page_kb"] * 1024 <= PAGE_LIMIT_BYTES
        verdicts.append(f"pages {'within' if ok else 'over'} 400 KB")
        print(f"{row['months']} month(s): " + "; ".join(verdicts))


if __name__ == "__main__":
    main()
