"""One test per bad input of issue 2 §3.

Each message names the file, the row, the column and what was expected.
"""

from __future__ import annotations

import pandas as pd
import pytest

from dp_analysis.exceptions import DataValidationError, DPAnalysisWarning
from dp_analysis.loading import Reason, load_counts, validate_source
from dp_analysis.loading.pivot_writer import write_pivot_workbook

from .conftest import HEADER, extract_csv


def problems_of(source, **options) -> tuple[DataValidationError, str]:
    with pytest.raises(DataValidationError) as caught:
        load_counts(source, **options)
    return caught.value, str(caught.value)


def reasons(error: DataValidationError) -> set[str]:
    return {problem.reason for problem in error.problems}


# -- columns -------------------------------------------------------------------


def test_misspelt_column_is_named_with_what_was_expected(write_csv):
    path = write_csv(
        "month,age_group,client_group,cost_band,peple\n"
        "2019-06,18-39,Mental Health Support,1) Under £100,1\n"
    )
    error, text = problems_of(path)
    assert reasons(error) == {Reason.MISSING_COLUMN}
    assert str(path) in text
    assert "row 1, column 'people'" in text
    assert "expected a column named 'people'" in text
    assert "is 'peple' meant to be it?" in text


def test_missing_column_of_counts(write_csv):
    path = write_csv(
        "month,age_group,client_group,people\n2019-06,18-39,Mental Health Support,1\n"
    )
    error, text = problems_of(path)
    assert [p.column for p in error.problems] == ["cost_band"]
    assert "row 1, column 'cost_band': no 'cost_band' column" in text


def test_extract_without_age_or_date_of_birth(write_csv):
    columns = [
        "client_id",
        "primary_support_reason",
        "weekly_cost",
        "delivery_mechanism",
        "snapshot_month",
    ]
    path = write_csv(extract_csv([{}], columns), "extract.csv")
    error, text = problems_of(path)
    assert reasons(error) == {Reason.MISSING_COLUMN}
    assert "no 'age' or 'date_of_birth' column; expected one of them" in text


def test_columns_of_neither_kind_list_both_layouts(write_csv):
    path = write_csv("ward,team\nNorth,A\n")
    error, text = problems_of(path)
    assert reasons(error) == {Reason.MISSING_COLUMN}
    assert "found 'ward', 'team'" in text
    assert "expected either aggregated counts" in text
    assert "or a client-level extract" in text


def test_two_columns_for_one_meaning(write_csv):
    path = write_csv(
        "month,age_group,client_group,Client Group,cost_band,people\n"
        "2019-06,18-39,LD,LD,1,1\n"
    )
    error, text = problems_of(path)
    assert reasons(error) == {Reason.DUPLICATE_COLUMN}
    assert "columns 'client_group' and 'Client Group' both hold client_group" in text


def test_unused_column_is_a_warning_not_an_error(write_csv, appendix_csv_text):
    lines = appendix_csv_text.splitlines()
    text = "\n".join([lines[0] + ",note"] + [line + ",x" for line in lines[1:]])
    with pytest.warns(DPAnalysisWarning, match="column 'note' is not used"):
        loaded = load_counts(write_csv(text + "\n"))
    assert loaded.warnings == ["column 'note' is not used and was ignored"]


# -- labels --------------------------------------------------------------------


def test_unknown_label_suggests_the_nearest(write_csv):
    path = write_csv(
        f"{HEADER}\n2019-06,18-39,Mental Helth,1) Under £100,1\n"
        "2019-06,18-39,Learning Disability,2) £100-199,1\n"
    )
    error, text = problems_of(path)
    assert reasons(error) == {Reason.UNKNOWN_LABEL}
    assert (
        "row 2, column 'client_group': expected one of the report's client "
        "groups, found 'Mental Helth'; did you mean 'Mental Health Support'?"
    ) in text


def test_unknown_cost_band_and_age_group(write_csv):
    path = write_csv(
        f"{HEADER}\n2019-06,18 to 39,LD,1) Under £100,1\n2019-06,40-64,LD,9) £2000+,1\n"
    )
    _error, text = problems_of(path)
    assert "row 2, column 'age_group': expected an age group" in text
    assert "found '18 to 39'; did you mean '18-39'?" in text
    assert "row 3, column 'cost_band': expected a cost band" in text


def test_unknown_primary_support_reason_and_mechanism(write_csv):
    path = write_csv(
        extract_csv(
            [
                {"primary_support_reason": "Mental Helth Support"},
                {"delivery_mechanism": "direct paymnt"},
            ]
        ),
        "extract.csv",
    )
    _error, text = problems_of(path)
    assert "row 2, column 'primary_support_reason'" in text
    assert "did you mean 'Mental Health Support'?" in text
    assert "row 3, column 'delivery_mechanism': expected one of direct payment" in text
    assert "did you mean 'direct payment'?" in text


# -- counts --------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, shown", [("-3", "'-3'"), ("2.5", "'2.5'"), ("two", "'two'")]
)
def test_negative_or_non_integer_count(write_csv, value, shown):
    path = write_csv(
        f"{HEADER}\n2019-06,18-39,LD,1) Under £100,4\n"
        f"2019-06,18-39,LD,2) £100-199,{value}\n"
    )
    error, text = problems_of(path)
    assert reasons(error) == {Reason.BAD_COUNT}
    assert (
        f"row 3, column 'people': expected a whole number of people, 0 or "
        f"more, found {shown}"
    ) in text


def test_part_dp_above_people(write_csv):
    path = write_csv(
        "month,age_group,client_group,cost_band,people,part_dp\n"
        "2019-06,18-39,LD,1,4,5\n"
    )
    error, text = problems_of(path)
    assert reasons(error) == {Reason.INCONSISTENT_COUNTS}
    assert "row 2, column 'part_dp': expected part DP no more than people" in text


def test_duplicate_cells_name_both_rows(write_csv):
    path = write_csv(
        f"{HEADER}\n2019-06,18-39,LD,1) Under £100,4\n"
        "2019-06,18-39,LD,2) £100-199,1\n"
        "2019-06,18-39,Learning Disability Support,1) Under £ 100,4\n"
    )
    error, text = problems_of(path)
    assert reasons(error) == {Reason.DUPLICATE_CELL}
    assert "appears in rows 2, 4; expected each month, age group" in text
    assert error.problems[0].row == 4


def test_client_counted_twice_in_a_month(write_csv):
    csv = extract_csv([{}, {}, {}])
    csv = csv.replace("C0003", "C0001")
    error, text = problems_of(write_csv(csv, "extract.csv"))
    assert reasons(error) == {Reason.DUPLICATE_CLIENT}
    assert (
        "row 4, column 'client_id': expected each client once in a snapshot "
        "month, found 'the id of row 2'"
    ) in text


# -- months --------------------------------------------------------------------


def test_month_that_does_not_parse(write_csv):
    path = write_csv(f"{HEADER}\nJune 2019,18-39,LD,1,4\n2019-13,18-39,LD,2,1\n")
    error, text = problems_of(path)
    assert reasons(error) == {Reason.BAD_MONTH}
    assert (
        "row 3, column 'month': expected a month such as 2019-06 or June 2019, "
        "found '2019-13'"
    ) in text


def test_snapshot_month_that_does_not_parse(write_csv):
    path = write_csv(
        extract_csv([{}, {"snapshot_month": "Summer 2019"}]), "extract.csv"
    )
    _error, text = problems_of(path)
    assert "row 3, column 'snapshot_month'" in text
    assert "found 'Summer 2019'" in text


def test_counts_without_month_need_one(write_csv):
    path = write_csv("age_group,client_group,cost_band,people\n18-39,LD,1,4\n")
    _error, text = problems_of(path)
    assert "expected a 'month' column (YYYY-MM) or the month given with --month" in text
    assert int(load_counts(path, month="2019-06").counts["people"].sum()) == 4


def test_month_asked_for_is_absent(write_csv, appendix_csv_text):
    error, text = problems_of(write_csv(appendix_csv_text), month="2019-07")
    assert reasons(error) == {Reason.MONTH_NOT_FOUND}
    assert "no rows for month 2019-07; the file holds ['2019-06']" in text


# -- costs and ages ------------------------------------------------------------


def test_cost_in_no_band(write_csv):
    path = write_csv(
        extract_csv([{}, {"weekly_cost": -20}, {"weekly_cost": ""}]), "extract.csv"
    )
    error, text = problems_of(path)
    assert (
        "row 3, column 'weekly_cost': expected a weekly cost of £0 or more, "
        "which falls in a cost band, found '-20.0'"
    ) in text
    assert "row 4, column 'weekly_cost': expected a weekly cost in pounds" in text
    assert reasons(error) == {Reason.COST_OUT_OF_BAND, Reason.MISSING_VALUE}


def test_age_under_18(write_csv):
    path = write_csv(extract_csv([{}, {"age": 16}]), "extract.csv")
    error, text = problems_of(path)
    assert reasons(error) == {Reason.AGE_UNDER_18}
    assert (
        "row 3, column 'age': expected an adult aged 18 or over at the "
        "snapshot month, found '16'"
    ) in text


def test_date_of_birth_under_18_at_the_snapshot_month(write_csv):
    # 18 on 1 July 2019: still 17 at the end of June 2019.
    rows = [
        {"date_of_birth": "1970-01-01"},
        {"date_of_birth": "2001-07-01"},
        {"date_of_birth": "31/02/1980"},
    ]
    columns = [
        "client_id",
        "date_of_birth",
        "primary_support_reason",
        "weekly_cost",
        "delivery_mechanism",
        "snapshot_month",
    ]
    path = write_csv(extract_csv(rows, columns), "extract.csv")
    _error, text = problems_of(path)
    assert (
        "row 3, column 'date_of_birth': expected an adult aged 18 or over at "
        "the snapshot month, found '2001-07-01 (age 17)'"
    ) in text
    assert "row 4, column 'date_of_birth': expected a date of birth" in text
    loaded = load_counts(write_csv(extract_csv(rows[:1], columns), "ok.csv"))
    assert loaded.counts.query("people > 0")["age_group"].tolist() == ["40-64"]


# -- totals --------------------------------------------------------------------


def test_totals_row_that_contradicts_its_cells(write_csv):
    path = write_csv(
        f"{HEADER}\n2019-06,18-39,LD,1) Under £100,4\n"
        "2019-06,18-39,Mental Health,1) Under £100,2\n"
        "2019-06,18-39,Grand Total,1) Under £100,7\n"
    )
    error, text = problems_of(path)
    assert reasons(error) == {Reason.TOTAL_MISMATCH}
    assert (
        "row 4, column 'people': the totals row says 7 but the cells it "
        "totals add up to 6; expected the two to agree"
    ) in text


def test_totals_row_that_agrees_is_dropped(write_csv):
    path = write_csv(
        f"{HEADER}\n2019-06,18-39,LD,1) Under £100,4\n"
        "2019-06,18-39,Mental Health,1) Under £100,2\n"
        "2019-06,18-39,Total,1) Under £100,6\n"
    )
    assert int(load_counts(path).counts["people"].sum()) == 6


def test_pivot_grand_total_that_contradicts_its_cells(tmp_path, report_counts):
    path = write_pivot_workbook(report_counts, tmp_path / "pivot.xlsx")
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    sheet = workbook["40-64"]
    sheet["I14"] = 130  # the Grand Total corner
    sheet["B6"] = 2  # LD, band 1: its row total (22) and column total now disagree
    workbook.save(path)
    error, text = problems_of(path)
    assert reasons(error) == {Reason.TOTAL_MISMATCH}
    assert (
        "row 6, column 'I (Grand Total)': the 40-64 table's Grand Total for "
        "'1) Under £100' says 22 but its cells add up to 23"
    ) in text
    assert (
        "row 14, column 'B (Learning Disability Support)': the 40-64 table's "
        "Grand Total row says 14 for 'Learning Disability Support' but the "
        "cells above add up to 15"
    ) in text
    assert (
        "row 14, column 'I (Grand Total)': the 40-64 table's overall Grand "
        "Total says 130 but its cells add up to 126"
    ) in text


# -- empty files, layout, encodings --------------------------------------------


@pytest.mark.parametrize(
    "content", [b"", b"\xef\xbb\xbf", b"\n\n", (HEADER + "\n").encode()]
)
def test_empty_file(write_csv, content):
    path = write_csv(content)
    error, text = problems_of(path)
    assert reasons(error) == {Reason.EMPTY_FILE}
    assert str(path) in text
    assert "expected" in text


def test_empty_workbook(tmp_path):
    import openpyxl

    path = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(path)
    error, text = problems_of(path)
    assert reasons(error) == {Reason.EMPTY_FILE}
    assert "the workbook has no cells with data" in text


def test_ragged_csv_names_the_row(write_csv):
    path = write_csv(f"{HEADER}\n2019-06,18-39,LD,1,4\n2019-06,18-39,LD,2,4,9\n")
    _error, text = problems_of(path)
    assert "row 3: this row has 6 cells; expected 5" in text


def test_mixed_synthetic_and_real_rows_are_refused(write_csv, small_extract):
    real = pd.read_csv(pd.io.common.StringIO(extract_csv([{}, {}])))
    mixed = pd.concat([small_extract.head(3).drop(columns="synthetic"), real])
    path = write_csv(mixed.to_csv(index=False), "mixed.csv")
    error, text = problems_of(path)
    assert reasons(error) == {Reason.MIXED_SYNTHETIC}
    assert (
        "row 5, column 'client_id': 3 rows are synthetic but 2 rows are not "
        "(first at row 5); expected a source that is wholly synthetic or "
        "wholly real, never a mix"
    ) in text


def test_validate_source_is_load_counts(write_csv, appendix_csv_text):
    path = write_csv(appendix_csv_text)
    assert validate_source(path).counts.equals(load_counts(path).counts)


def test_no_such_file(tmp_path):
    error, text = problems_of(tmp_path / "nowhere.csv")
    assert reasons(error) == {Reason.UNREADABLE}
    assert "no such file" in text


def test_all_ages_table_that_contradicts_the_age_tables(tmp_path, report_counts):
    path = write_pivot_workbook(
        report_counts, tmp_path / "appendix.xlsx", layout="stacked"
    )
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    # Move one person from LD to Mental Health in band 2 of the all-ages table:
    # the band's total still agrees; the column totals and age tables do not.
    sheet["B10"], sheet["D10"] = 16, 7
    workbook.save(path)
    error, text = problems_of(path)
    assert reasons(error) == {Reason.TOTAL_MISMATCH}
    assert (
        "row 10, column 'B (Learning Disability Support)': the all-ages table says "
        "16 for 'Learning Disability Support', '2) £100-199' but the age group "
        "tables add up to 17; expected the two to agree"
    ) in text
    assert len(error.problems) == 4  # two cells, two column totals
