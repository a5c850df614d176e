"""``dp-analysis summary`` and ``--help``: what a person sees in the terminal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dp_analysis.cli import build_parser, main


def test_summary_prints_the_reports_key_figures(capsys):
    assert main(["summary"]) == 0
    out = capsys.readouterr().out
    assert "Direct Payments summary for 2019-06" in out
    assert "Totals: SPB £47,680, ASC £51,480, difference -£3,800 (7.4% saving)" in out
    assert "break-even ASC hourly cost £18.52" in out
    assert "Total cost pressure: £127,200" in out
    assert "ICU shortfall against £95,000: £35,935" in out
    assert "Bands 1-4 hold 258 of 308 (84%)" in out
    assert "fourth largest group =29" in out  # listed among the mismatches


def test_summary_with_a_changed_scenario(tmp_path, capsys, report_scenario):
    path = tmp_path / "hourly-24.yaml"
    path.write_text(
        report_scenario.with_changes({"spb": {"asc_hourly_cost": 24}}).to_yaml(),
        encoding="utf-8",
    )
    assert main(["summary", "--scenario", str(path)]) == 0
    assert "ASC £61,776, difference -£14,096" in capsys.readouterr().out


def test_a_bad_scenario_exits_non_zero_with_the_key(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\nspb: {}\n", encoding="utf-8")
    assert main(["summary", "--scenario", str(path)]) == 1
    assert "(top level): it must contain ['age_split'" in capsys.readouterr().err


def test_help_explains_every_subcommand():
    parser = build_parser()
    text = parser.format_help()
    subcommands = parser._subparsers._group_actions[0].choices
    assert {"summary", "validate"} <= set(subcommands)
    for name, sub in subcommands.items():
        assert name in text
        assert sub.description, f"{name} has no description for --help"


@pytest.mark.parametrize("argv", [["--help"], ["summary", "--help"]])
def test_help_exits_zero_from_the_installed_command(argv):
    done = subprocess.run(
        [str(Path(sys.executable).with_name("dp-analysis")), *argv],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0
    assert "usage: dp-analysis" in done.stdout
