"""The documented schedules: systemd units verified, the cron line parsed."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from dp_analysis import paths
from dp_analysis.cli import build_parser

DEPLOY = paths.PROJECT_ROOT / "deploy"
INSTALL_ROOT = "/opt/dp-analysis"
DATA_ROOT = "/srv/dp-analysis"
CRON_FIELDS = (
    ("minute", 0, 59),
    ("hour", 0, 23),
    ("day of month", 1, 31),
    ("month", 1, 12),
    ("day of week", 0, 7),
)

# `make setup` installs systemd; under CI a missing tool fails rather than skips.
needs_systemd = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None and os.environ.get("CI") != "true",
    reason="systemd-analyze is not installed (Debian package systemd)",
)


def installed_units(folder: Path) -> list[Path]:
    """Copy the units as if installed here: paths point at this checkout."""
    units = []
    for name in ("dp-analysis-refresh.service", "dp-analysis-refresh.timer"):
        text = (DEPLOY / name).read_text(encoding="utf-8")
        text = text.replace(INSTALL_ROOT, str(paths.PROJECT_ROOT))
        text = text.replace(DATA_ROOT, str(folder / "srv"))
        (folder / name).write_text(text, encoding="utf-8")
        units.append(folder / name)
    return units


def verify(units: list[Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["systemd-analyze", "verify", *map(str, units)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=units[0].parent,
    )


def refresh_arguments(command: str) -> list[str]:
    """Return the arguments after ``dp-analysis`` in a shell command line."""
    words = shlex.split(command.split("&&")[-1].split(">>")[0])
    return words[
        next(i for i, w in enumerate(words) if w.endswith("dp-analysis")) + 1 :
    ]


@needs_systemd
def test_systemd_units_pass_systemd_analyze_verify(tmp_path):
    result = verify(installed_units(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""


@needs_systemd
def test_verify_would_catch_a_broken_unit(tmp_path):
    service, timer = installed_units(tmp_path)
    service.write_text(service.read_text().replace("ExecStart=", "ExecStrat="))
    result = verify([service, timer])
    assert "ExecStrat" in result.stderr


@needs_systemd
def test_the_timer_fires_on_the_third_of_each_month():
    timer = (DEPLOY / "dp-analysis-refresh.timer").read_text(encoding="utf-8")
    (calendar,) = [
        line.split("=", 1)[1]
        for line in timer.splitlines()
        if line.startswith("OnCalendar=")
    ]
    result = subprocess.run(
        ["systemd-analyze", "calendar", "--iterations=3", calendar],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    elapses = re.findall(r"\d{4}-\d{2}-(\d{2}) (\d{2}:\d{2}:\d{2})", result.stdout)
    assert len(elapses) == 3
    assert set(elapses) == {("03", "06:30:00")}


def test_the_service_runs_a_valid_refresh_command():
    service = (DEPLOY / "dp-analysis-refresh.service").read_text(encoding="utf-8")
    (command,) = [
        line.split("=", 1)[1]
        for line in service.splitlines()
        if line.startswith("ExecStart=")
    ]
    args = build_parser().parse_args(refresh_arguments(command))
    assert (args.command, args.month, args.mode) == ("refresh", "latest", "public")


def parse_cron_field(text: str, low: int, high: int) -> set[int]:
    """Return the values a cron field selects; raise ValueError if it is invalid."""
    values: set[int] = set()
    for part in text.split(","):
        span, _, step = part.partition("/")
        if span == "*":
            start, end = low, high
        elif "-" in span:
            start, end = (int(x) for x in span.split("-"))
        else:
            start = end = int(span)
        if not (low <= start <= end <= high):
            raise ValueError(f"{text!r} is outside {low}-{high}")
        values.update(range(start, end + 1, int(step) if step else 1))
    return values


def test_the_cron_line_is_valid_and_runs_a_valid_refresh_command():
    lines = [
        line
        for line in (DEPLOY / "crontab.example").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert len(lines) == 1
    fields = lines[0].split(None, 5)
    schedule = {
        name: parse_cron_field(field, low, high)
        for field, (name, low, high) in zip(fields[:5], CRON_FIELDS, strict=True)
    }
    assert schedule["day of month"] == {3}
    assert schedule["hour"] == {6} and schedule["minute"] == {30}
    command = fields[5]
    # cron turns an unescaped % into a new line: the command must have none.
    assert "%" not in command.replace("\\%", "")
    args = build_parser().parse_args(refresh_arguments(command))
    assert (args.command, args.month, args.mode) == ("refresh", "latest", "public")
