"""A small client-level extract with counts known by construction."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

# (month, age, primary support reason, weekly cost, delivery mechanism, rows)
ROWS = (
    ("2019-06", 30, "Learning Disability Support", 150.0, "direct payment", 5),
    (
        "2019-06",
        50,
        "Physical Support: Personal care support",
        250.0,
        "direct payment",
        4,
    ),
    ("2019-06", 70, "Mental Health Support", 50.0, "commissioned support", 3),
    ("2019-07", 30, "Learning Disability Support", 150.0, "direct payment", 10),
    ("2019-07", 70, "Mental Health Support", 50.0, "direct payment", 4),
    (
        "2019-07",
        50,
        "Physical Support: Personal care support",
        450.0,
        "part direct payment",
        2,
    ),
    (
        "2019-07",
        30,
        "Learning Disability Support",
        150.0,
        "council-managed personal budget",
        8,
    ),
    ("2019-07", 70, "Mental Health Support", 50.0, "commissioned support", 6),
)
# What the rows above give for July 2019, worked out by hand.
JULY = {
    "total_people": 16,  # 10 + 4 + 2 on a (part) direct payment
    "largest_band": "2) £100-199",
    "largest_band_people": 10,
    "mixed_budget_people": 2,  # the part direct payments, in band 5
    "uptake_rate": round(16 / 30, 4),  # 16 of the 30 July clients
}


def write_extract(folder: Path) -> Path:
    """Write the extract as CSV in ``folder`` and return its path."""
    records = []
    for month, age, reason, cost, mechanism, count in ROWS:
        for _ in range(count):
            records.append(
                {
                    "client_id": f"T{len(records) + 1:04d}",
                    "age": age,
                    "primary_support_reason": reason,
                    "weekly_cost": cost,
                    "delivery_mechanism": mechanism,
                    "snapshot_month": month,
                }
            )
    path = folder / "client_extract.csv"
    pd.DataFrame(records).to_csv(path, index=False)
    return path
