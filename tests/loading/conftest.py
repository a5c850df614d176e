"""Fixtures for the loading tests: small files written the way analysts write them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from dp_analysis.counts import appendix_a
from dp_analysis.synthetic import generate_extract
from tests.support.fixtures import postgres_database, postgres_url  # noqa: F401

HEADER = "month,age_group,client_group,cost_band,people"


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Return a function writing text (or bytes) to a CSV file in tmp_path."""

    def write(
        text: str | bytes, name: str = "counts.csv", encoding: str = "utf-8"
    ) -> Path:
        path = tmp_path / name
        data = text if isinstance(text, bytes) else text.encode(encoding)
        path.write_bytes(data)
        return path

    return write


@pytest.fixture
def appendix_csv_text() -> str:
    """Appendix A as the text of a tidy CSV file."""
    return appendix_a().to_csv(index=False)


@pytest.fixture(scope="session")
def small_extract() -> pd.DataFrame:
    """Three SYNTHETIC months at the council's scale (about 5,500 rows)."""
    return generate_extract(3, seed=11)


def extract_csv(rows: list[dict], columns: list[str] | None = None) -> str:
    """Return a client-level extract CSV made of ``rows``, with real-looking ids."""
    base = {
        "client_id": "C0001",
        "age": 45,
        "primary_support_reason": "Physical Support: Personal care support",
        "weekly_cost": 150.0,
        "delivery_mechanism": "direct payment",
        "snapshot_month": "2019-06",
    }
    records = []
    for number, changes in enumerate(rows, start=1):
        records.append(base | {"client_id": f"C{number:04d}"} | changes)
    frame = pd.DataFrame(records)
    if columns is not None:
        frame = frame[columns]
    return frame.to_csv(index=False)
