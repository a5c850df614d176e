"""``dp-analysis validate`` and ``dp-analysis synthetic`` from the command line."""

from __future__ import annotations

from dp_analysis.cli import main

from .conftest import HEADER


def test_validate_prints_a_summary(capsys, write_csv, appendix_csv_text):
    path = write_csv(appendix_csv_text)
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"VALID: {path}" in out
    assert "kind:       aggregated" in out
    assert "rows read:  168" in out
    assert "months:     2019-06" in out
    assert "people on a DP: 308" in out


def test_validate_prints_every_problem_and_exits_1(capsys, write_csv):
    path = write_csv(
        f"{HEADER}\n2019-06,18-39,Mental Helth,1,4\n2019-06,18-39,LD,1,-2\n"
    )
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"INVALID: {path}" in out
    assert "2 problem(s):" in out
    assert "row 2, column 'client_group'" in out
    assert "row 3, column 'people'" in out


def test_synthetic_then_validate(capsys, tmp_path):
    assert (
        main(
            [
                "synthetic",
                str(tmp_path),
                "--months",
                "2",
                "--seed",
                "4",
                "--format",
                "parquet",
            ]
        )
        == 0
    )
    written = tmp_path / "SYNTHETIC-extract-2019-06-to-2019-07.parquet"
    assert written.exists()
    assert main(["validate", str(written), "--month", "2019-06"]) == 0
    out = capsys.readouterr().out
    assert "SYNTHETIC data: made by the generator, not real people" in out
    assert "people on a DP: 308" in out
    assert "kind:       extract" in out
