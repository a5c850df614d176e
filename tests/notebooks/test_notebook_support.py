"""The notebooks' helpers: loading, publication and recorded values."""

from __future__ import annotations

import pandas as pd
import pytest

from dp_analysis import notebook_support as nb
from dp_analysis.exceptions import DPAnalysisError
from dp_analysis.models.uptake import crosstab
from tests.notebooks.extract_builder import write_extract


def test_load_the_shipped_appendix_a():
    data = nb.load("data/appendix_a_2019-06.csv", "2019-06")
    assert int(data.counts["people"].sum()) == 308
    assert (data.month, data.kind, data.has_denominator) == (
        "2019-06",
        "aggregated counts",
        False,
    )


def test_load_one_month_of_a_client_level_extract(tmp_path):
    data = nb.load(write_extract(tmp_path), "2019-07")
    assert int(data.counts["people"].sum()) == 16
    assert int(data.counts["clients"].sum()) == 30
    assert sorted(data.history["month"].unique()) == ["2019-06", "2019-07"]
    assert nb.load(write_extract(tmp_path), "").month == "2019-07"


def test_a_month_the_source_lacks_is_an_error():
    with pytest.raises(KeyError, match="no data for month 2031-01"):
        nb.load("data/appendix_a_2019-06.csv", "2031-01")


def test_setup_refuses_an_unknown_mode():
    with pytest.raises(DPAnalysisError, match="mode must be one of internal, public"):
        nb.setup_notebook("secret")


def test_public_crosstab_is_suppressed_with_its_grand_totals(report_counts):
    table = crosstab(report_counts, "cost_band", "client_group")
    shown = nb.publishable(table, "public")
    assert shown.loc["Grand Total", "Grand Total"] == 308
    assert shown.loc["1) Under £100", "Mental Health Support"] == "[c]"  # 4
    body = shown.drop(index="Grand Total", columns="Grand Total")
    assert not [
        v for v in body.to_numpy().ravel() if isinstance(v, int) and 1 <= v <= 7
    ]
    assert nb.publishable(table, "internal") is table


def test_public_mixed_table_hides_the_totals_of_a_hidden_count():
    table = pd.DataFrame(
        {"number": [5, 90], "spb_total": [1600.0, 9000.0], "fee": [320.0, 100.0]},
        index=["band 8", "band 2"],
    )
    shown = nb.publishable(table, "public")
    assert shown.loc["band 8"].tolist() == ["[c]", "[c]", 320.0]
    # Alone in its column, the hidden 5 could be worked out from the column's
    # total, so the next smallest count (and its row's total) is hidden too.
    assert shown.loc["band 2"].tolist() == ["[c]", "[c]", 100.0]


def test_tables_and_values_in_public_mode(tmp_path):
    nb.setup_notebook("public", tmp_path / "tables")
    try:
        recorded = nb.record(small=3, large=30, amount=2.5, flag=True)
        assert recorded == {"small": "[c]", "large": 30, "amount": 2.5, "flag": True}
        nb.show_table(
            pd.DataFrame({"people": [3, 30]}, index=["a", "b"]),
            "Caption",
            name="example",
        )
        written = pd.read_csv(tmp_path / "tables" / "example.csv", index_col=0)
        assert written["people"].tolist() == ["[c]", "[c]", "33"]
    finally:
        nb.setup_notebook("internal")
