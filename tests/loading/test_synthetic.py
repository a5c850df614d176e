"""The SYNTHETIC generator: Appendix A reproduced, marked everywhere, seeded."""

from __future__ import annotations

import pandas as pd
import pytest

from dp_analysis.loading import load_counts
from dp_analysis.synthetic import default_file_name, generate_extract, write_extract

DP = ["direct payment", "part direct payment"]


def test_base_month_reproduces_appendix_a(tmp_path, small_extract, report_counts):
    loaded = load_counts(
        write_extract(small_extract, tmp_path / "SYNTHETIC-x.csv"), month="2019-06"
    )
    counts = loaded.counts[[*report_counts.columns.tolist(), "part_dp", "clients"]]
    assert counts["people"].tolist() == report_counts["people"].tolist()
    assert int(counts["part_dp"].sum()) == 56
    band = counts.groupby("cost_band", observed=True)["part_dp"].sum()
    assert int(band.iloc[:4].sum()) == 48 and int(band.iloc[6]) == 2
    assert (counts["clients"] >= counts["people"]).all()
    assert loaded.synthetic is True


def test_other_months_drift_plausibly(small_extract):
    dp = small_extract[small_extract["delivery_mechanism"].isin(DP)]
    by_month = dp.groupby("snapshot_month", observed=True).size()
    assert by_month.iloc[0] == 308
    assert all(abs(n - 308) <= 40 for n in by_month)
    assert by_month.iloc[1:].ne(308).any()


def test_seeded_and_marked(small_extract):
    again = generate_extract(3, seed=11)
    pd.testing.assert_frame_equal(again, small_extract)
    assert not generate_extract(3, seed=12).equals(small_extract)
    assert small_extract["client_id"].str.startswith("SYN-").all()
    assert small_extract["synthetic"].all()
    assert small_extract["client_id"].is_unique


def test_scaled_extract_has_exactly_the_rows_asked_for():
    extract = generate_extract(["2020-01", "2020-02"], seed=3, rows=20_000)
    assert len(extract) == 20_000
    assert set(extract["snapshot_month"]) == {"2020-01", "2020-02"}
    share = extract["delivery_mechanism"].isin(DP).mean()
    assert 0.1 < share < 0.4


def test_dates_of_birth_give_the_same_counts(tmp_path):
    with_ages = generate_extract(2, seed=5)
    with_births = generate_extract(2, seed=5, birth_dates=True)
    assert "age" not in with_births and "date_of_birth" in with_births
    a = load_counts(write_extract(with_ages, tmp_path / "SYNTHETIC-a.parquet"))
    b = load_counts(write_extract(with_births, tmp_path / "SYNTHETIC-b.parquet"))
    assert a.counts.equals(b.counts)


def test_file_names_must_say_synthetic(tmp_path, small_extract):
    with pytest.raises(ValueError, match="must contain SYNTHETIC"):
        write_extract(small_extract, tmp_path / "extract.csv")
    assert default_file_name(["2019-06", "2021-05"], ".parquet") == (
        "SYNTHETIC-extract-2019-06-to-2021-05.parquet"
    )


def test_synthetic_file_renamed_is_still_synthetic(tmp_path, small_extract):
    path = write_extract(small_extract, tmp_path / "SYNTHETIC-x.parquet")
    renamed = path.rename(tmp_path / "june.parquet")
    assert load_counts(renamed).synthetic is True


def test_real_looking_rows_in_a_synthetic_named_file_are_refused(
    tmp_path, small_extract
):
    real = small_extract.head(4).assign(
        synthetic=False, client_id=["A1", "A2", "A3", "A4"]
    )
    path = tmp_path / "SYNTHETIC-x.csv"
    real.to_csv(path, index=False)
    with pytest.raises(Exception, match="the file is marked SYNTHETIC but 4 rows"):
        load_counts(path)
