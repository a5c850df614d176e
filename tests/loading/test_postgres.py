"""The database source, against the real PostgreSQL server (no mock, no SQLite).

Under CI a missing server fails these tests; locally it skips them with the
reason (see ``tests/support/fixtures.py``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd
import pytest
import sqlalchemy as sa

from dp_analysis.exceptions import DataValidationError
from dp_analysis.loading import load_counts
from dp_analysis.synthetic import write_extract

pytestmark = pytest.mark.postgres


@contextmanager
def table_holding(url: str, extract: pd.DataFrame) -> Iterator[str]:
    """Yield the name of a new table holding ``extract``; drop it after."""
    table = f"dp_extract_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(url)
    try:
        extract.astype(
            {
                "primary_support_reason": str,
                "delivery_mechanism": str,
                "snapshot_month": str,
            }
        ).to_sql(table, engine, index=False, chunksize=2_000, method="multi")
        yield table
    finally:
        with engine.begin() as connection:
            connection.execute(sa.text(f'DROP TABLE IF EXISTS "{table}"'))
        engine.dispose()


@pytest.fixture(scope="module")
def extract_table(postgres_url, small_extract) -> Iterator[tuple[str, str]]:
    """Yield (url, table) holding the small SYNTHETIC extract."""
    with table_holding(postgres_url, small_extract) as table:
        yield postgres_url, table


def test_table_gives_the_same_counts_as_the_csv(tmp_path, extract_table, small_extract):
    url, table = extract_table
    from_csv = load_counts(write_extract(small_extract, tmp_path / "SYNTHETIC-x.csv"))
    from_database = load_counts(url, table=table)
    assert from_database.counts.equals(from_csv.counts)
    assert from_database.kind == "database"
    assert from_database.synthetic is True
    assert from_database.rows_read == len(small_extract)
    assert table in from_database.source and "dp_analysis:***@" in from_database.source


def test_query_and_engine(extract_table, small_extract):
    url, table = extract_table
    engine = sa.create_engine(url)
    try:
        loaded = load_counts(
            engine, query=f"SELECT * FROM \"{table}\" WHERE snapshot_month = '2019-06'"
        )
    finally:
        engine.dispose()
    assert loaded.months == ["2019-06"]
    assert int(loaded.counts["people"].sum()) == 308


def test_bad_rows_in_the_database(postgres_url, small_extract):
    bad = small_extract.head(40).copy()
    bad.loc[3, "age"] = 16
    bad["primary_support_reason"] = bad["primary_support_reason"].astype(str)
    bad.loc[7, "primary_support_reason"] = "Mental Helth"
    with (
        table_holding(postgres_url, bad) as table,
        pytest.raises(DataValidationError) as caught,
    ):
        load_counts(postgres_url, table=table)
    text = str(caught.value)
    assert f"table {table}: 2 problem(s) found" in text
    assert "column 'age': expected an adult aged 18 or over" in text
    assert "found '16'" in text
    assert "column 'primary_support_reason'" in text
    assert "did you mean 'Mental Health Support'?" in text
    assert [p.row for p in caught.value.problems] == [5, 9]


def test_missing_table(postgres_url):
    with pytest.raises(DataValidationError, match="the database refused the read"):
        load_counts(postgres_url, table="no_such_table_here")


def test_table_or_query_is_required(postgres_url):
    with pytest.raises(DataValidationError, match="expected exactly one of a table"):
        load_counts(postgres_url)
