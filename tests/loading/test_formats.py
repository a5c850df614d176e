"""Every accepted format gives the same tidy counts: pivots, Parquet, encodings."""

from __future__ import annotations

import pandas as pd
import pytest

from dp_analysis.counts import KEY_COLUMNS
from dp_analysis.exceptions import DPAnalysisWarning
from dp_analysis.loading import load_counts
from dp_analysis.loading.pivot_writer import write_pivot_workbook
from dp_analysis.synthetic import write_extract

# Appendix A's 18-39 and 40-64 tables as the report prints them (tab-separated,
# labels split over rows and inside words, 'Sum of' / 'PEOPLE' on two lines).
REPORT_AGE_TABLES = """AGE_GROUP\t18-39
-----------\t-------

Sum of PEOPLE\t\t\t\t\t\t\t
COST_CLASS\tLEARNING\tMENTAL\tPHY\tPHYSICAL\tSENSORY\tSENSORY\tGrand
\tDISABILITY\tHEALTH\tSUPPORT\tSUPPORT:\tSUPPORT:\tSUPPORT:\tTotal
\tSUPPORT\tSUPPORT\tACCESS &\tPERSONAL\tVISUAL\tDUAL\t
\t\t\tMOBILITY\tCARE\t\t\t
1) Under £ 100\t12\t1\t1\t3\t\t1\t18
2) £ 100-199\t11\t1\t1\t4\t\t\t17
3) £ 200-299\t10\t1\t1\t8\t2\t\t22
4) £ 300-399\t12\t1\t\t1\t1\t\t15
5) £ 400-499\t5\t\t\t4\t\t\t9
6) £ 500-599\t1\t\t\t\t\t\t1
7) £ 600-999\t8\t\t\t5\t\t\t13
8) £ 1000 +\t1\t\t\t1\t\t\t2
Grand Total\t60\t4\t3\t26\t3\t1\t97
AGE_GROUP\t40-64\t\t\t\t\t\t

Sum of\t\t\t\t\t\t\t\t
PEOPLE\t\t\t\t\t\t\t\t
COST_CLASS\tLEARNING\tMEMORY &\tMENTAL\tPHY\tPHYSICAL\tSENSORY\tSENSORY\tGrand
\tDISABILITY\tCOGNITION\tHEALTH\tSUPPORT\tSUPPORT:\tSUPPORT:\tSUPPORT:\tTotal
\tSUPPORT\tSUPPORT\tSUPPORT\tACCESS &\tPERSONAL\tVISUAL\tDUAL\t
\t\t\t\tMOBILITY\tCARE\t\t\t
1) Under £\t\t\t\t\t\t\t\t
100\t1\t\t2\t1\t15\t3\t\t22
2) £ 100-199\t6\t\t3\t1\t32\t2\t\t44
3) £ 200-299\t3\t1\t3\t1\t25\t\t1\t34
4) £ 300-399\t2\t\t\t\t8\t\t\t10
5) £ 400-499\t1\t\t\t\t1\t1\t\t3
6) £ 500-599\t\t\t1\t\t3\t\t\t4
7) £ 600-999\t\t\t\t\t5\t\t\t5
8) £ 1000 +\t1\t\t1\t\t1\t\t\t3
Grand Total\t14\t1\t10\t3\t90\t6\t1\t125
"""


def _people(counts: pd.DataFrame) -> pd.Series:
    return counts.set_index(list(KEY_COLUMNS))["people"]


@pytest.mark.parametrize("layout", ["sheets", "stacked"])
def test_excel_pivot_round_trip(tmp_path, report_counts, layout):
    path = write_pivot_workbook(
        report_counts, tmp_path / "appendix.xlsx", layout=layout
    )
    loaded = load_counts(path)
    assert loaded.counts.equals(report_counts)
    assert loaded.months == ["2019-06"]
    assert loaded.synthetic is False


def test_the_reports_own_pivot_text(write_csv, report_counts):
    path = write_csv(REPORT_AGE_TABLES, "appendix_a.tsv")
    with pytest.warns(DPAnalysisWarning, match="no table for age group 65"):
        loaded = load_counts(path, month="2019-06")
    expected = report_counts[report_counts["age_group"] != "65+"]
    got = loaded.counts[loaded.counts["age_group"] != "65+"]
    assert _people(got).equals(_people(expected))
    assert loaded.warnings == [
        "no table for age group 65+; its cells were taken as zero"
    ]


def test_pivot_with_a_split_label_it_does_not_know(write_csv):
    text = REPORT_AGE_TABLES.replace(
        "\tHEALTH\tSUPPORT\tSUPPORT:\tSUPPORT:",
        "\tHEALTH\tSUPPORT\tSUPPORT:\tSUPPERT:",
        1,
    )
    with pytest.raises(Exception) as caught:
        load_counts(write_csv(text, "appendix_a.tsv"), month="2019-06")
    message = str(caught.value)
    assert (
        "row 5, column 'F': expected one of the report's client groups, found "
        "'SENSORY SUPPERT: VISUAL'; did you mean 'Sensory Support: Visual'?"
    ) in message


def test_synthetic_pivot_is_marked(tmp_path, report_counts):
    path = write_pivot_workbook(
        report_counts, tmp_path / "appendix.xlsx", synthetic=True
    )
    assert load_counts(path).synthetic is True


def test_utf8_byte_order_mark(write_csv, appendix_csv_text, report_counts):
    path = write_csv(appendix_csv_text.encode("utf-8-sig"))
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf"
    loaded = load_counts(path)
    assert loaded.counts.equals(report_counts)
    assert "1) Under £100" in set(loaded.counts["cost_band"])


def test_utf16_byte_order_mark(write_csv, appendix_csv_text, report_counts):
    path = write_csv(
        appendix_csv_text.replace(",", "\t").encode("utf-16"), "counts.txt"
    )
    assert load_counts(path).counts.equals(report_counts)


def test_cp1252_pound_sign(write_csv, appendix_csv_text, report_counts):
    path = write_csv(appendix_csv_text, encoding="cp1252")
    assert b"\xa3" in path.read_bytes() and "£".encode() not in path.read_bytes()
    loaded = load_counts(path)
    assert loaded.counts.equals(report_counts)
    assert loaded.counts["cost_band"].iloc[0] == "1) Under £100"


def test_cp1252_pound_in_extract_costs(write_csv):
    text = (
        "client_id,age,primary_support_reason,weekly_cost,delivery_mechanism,"
        "snapshot_month\nC1,30,Mental Health Support,£1,250.00,DP,June 2019\n"
    )
    text = text.replace("£1,250.00", '"£1,250.00"')
    loaded = load_counts(write_csv(text, "extract.csv", encoding="cp1252"))
    cell = loaded.counts.query("people > 0")
    assert cell[["age_group", "client_group", "cost_band"]].values.tolist() == [
        ["18-39", "Mental Health Support", "8) £1000+"]
    ]


def test_labels_people_type(write_csv):
    text = (
        "Month,Age Group,Client Group,Cost Category,PEOPLE\n"
        "Jun-19,18 - 39,LD,1) Under £ 100,3\n"
        "2019-06,65 +,memory and cognition,£100-£199,2\n"
        "2019-06,40-64,PHYSICAL SUPPORT:PERSONAL CARE,8) £ 1000 +,1\n"
        "2019-06,40-64,Mental Health Suppor,3,4\n"
    )
    counts = load_counts(write_csv(text)).counts
    got = counts.query("people > 0")[
        ["age_group", "client_group", "cost_band", "people"]
    ].values.tolist()
    assert got == [
        ["18-39", "Learning Disability Support", "1) Under £100", 3],
        ["40-64", "Mental Health Support", "3) £200-299", 4],
        ["40-64", "Physical Support: Personal Care", "8) £1000+", 1],
        ["65+", "Memory & Cognition Support", "2) £100-199", 2],
    ]


def test_excel_counts_table_with_title_rows(tmp_path, report_counts):
    path = tmp_path / "counts.xlsx"
    with pd.ExcelWriter(path) as writer:
        report_counts.to_excel(writer, index=False, startrow=2)
        pd.DataFrame({"x": ["DP counts, June 2019"]}).to_excel(
            writer, index=False, header=False
        )
    assert load_counts(path).counts.equals(report_counts)


def test_excel_row_numbers_are_the_sheets(tmp_path, report_counts):
    path = tmp_path / "counts.xlsx"
    broken = report_counts.astype({"people": object})
    broken.loc[4, "people"] = -1
    broken.to_excel(path, index=False, startrow=2)
    with pytest.raises(Exception) as caught:
        load_counts(path)
    assert "row 8, column 'people'" in str(caught.value)  # header on row 3


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".xlsx"])
def test_extract_formats_agree(tmp_path, small_extract, suffix):
    part = small_extract[small_extract["snapshot_month"] == "2019-06"]
    reference = load_counts(write_extract(part, tmp_path / "SYNTHETIC-a.parquet"))
    loaded = load_counts(write_extract(part, tmp_path / f"SYNTHETIC-b{suffix}"))
    assert loaded.counts.equals(reference.counts)
    assert loaded.synthetic and loaded.kind == "extract"
    assert loaded.rows_read == len(part)


def test_aggregated_parquet(tmp_path, report_counts):
    path = tmp_path / "counts.parquet"
    report_counts.to_parquet(path)
    assert load_counts(path).counts.equals(report_counts)


def test_excel_default_pivot_one_sheet_per_age_group(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, people in (("Age 18-39", 3), ("AGE_GROUP 40-64", 5), ("65+", 2)):
        sheet = workbook.create_sheet(title)
        sheet.append(["Sum of PEOPLE", "Column Labels"])
        sheet.append(["Row Labels", "Learning Disability Support", "Grand Total"])
        sheet.append(["1) Under £100", people, people])
        sheet.append(["Grand Total", people, people])
    path = tmp_path / "pivot.xlsx"
    workbook.save(path)
    counts = load_counts(path, month="2020-01").counts
    got = counts.query("people > 0")[["age_group", "people"]].values.tolist()
    assert got == [["18-39", 3], ["40-64", 5], ["65+", 2]]
    assert set(counts["month"]) == {"2020-01"}
