"""Invariants of loading, checked by hypothesis on generated extracts."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dp_analysis import reference
from dp_analysis.exceptions import DataValidationError
from dp_analysis.loading import aliases, load_counts
from dp_analysis.loading.extract import counts_from_extract
from dp_analysis.loading.problems import ProblemLog
from dp_analysis.loading.readers import frame_to_raw

PSR = reference.client_groups(include_absent=True)["primary_support_reason"].tolist()

people = st.fixed_dictionaries(
    {
        "age": st.integers(18, 110),
        "primary_support_reason": st.sampled_from(PSR),
        "weekly_cost": st.floats(0, 5_000, allow_nan=False).map(lambda c: round(c, 2)),
        "delivery_mechanism": st.sampled_from(aliases.DELIVERY_MECHANISMS),
        "snapshot_month": st.sampled_from(["2019-06", "2019-07", "2020-01"]),
    }
)


def _extract(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame.insert(0, "client_id", [f"C{i}" for i in range(len(frame))])
    return frame


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(rows=st.lists(people, min_size=1, max_size=60))
def test_aggregation_conserves_people(tmp_path, rows):
    extract = _extract(rows)
    path = tmp_path / "extract.parquet"
    extract.to_parquet(path)
    counts = load_counts(path).counts
    on_dp = extract["delivery_mechanism"].isin(aliases.DIRECT_PAYMENT_MECHANISMS)
    assert int(counts["people"].sum()) == int(on_dp.sum())
    part = extract["delivery_mechanism"] == "part direct payment"
    assert int(counts["part_dp"].sum()) == int(part.sum())
    assert int(counts["clients"].sum()) == len(extract)
    assert (counts["clients"] >= counts["people"]).all()
    assert (counts["people"] >= counts["part_dp"]).all()
    by_month = counts.groupby("month")["people"].sum()
    expected = extract[on_dp].groupby("snapshot_month").size()
    assert all(by_month.get(m, 0) == n for m, n in expected.items())


labels_typed = st.sampled_from(
    reference.labels("client_group")
    + PSR
    + ["LD", "mental  health", "MEMORY AND COGNITION", "Phy Support Access & Mobility"]
).flatmap(
    lambda label: st.sampled_from(
        [label, label.upper(), label.lower(), f"  {label} ", label.replace("&", "and")]
    )
)


@given(text=labels_typed)
def test_label_normalisation_is_idempotent(text):
    once = reference.normalise_label("client_group", text)
    assert once is not None
    assert reference.normalise_label("client_group", once) == once


@given(
    text=st.sampled_from(
        aliases.DELIVERY_MECHANISMS
        + tuple(s for v in aliases.MECHANISM_ALIASES.values() for s in v)
    )
)
def test_mechanism_normalisation_is_idempotent(text):
    once = aliases.normalise_mechanism(text)
    assert once in aliases.DELIVERY_MECHANISMS
    assert aliases.normalise_mechanism(once) == once
    assert aliases.normalise_mechanism(text.upper()) == once


@settings(max_examples=25, deadline=None)
@given(
    rows=st.lists(people, min_size=1, max_size=30),
    cut=st.integers(min_value=1, max_value=29),
)
def test_nothing_half_loaded(rows, cut):
    """A bad row anywhere stops the whole load: no partial table comes back."""
    extract = _extract(rows)
    bad_at = min(cut, len(extract)) - 1
    extract.loc[bad_at, "age"] = 12
    with pytest.raises(DataValidationError) as caught:
        load_counts_from_frame(extract)
    assert [(p.reason, p.row) for p in caught.value.problems] == [
        ("AGE_UNDER_18", bad_at + 2)
    ]


def load_counts_from_frame(extract: pd.DataFrame) -> None:
    problems = ProblemLog()
    raw = frame_to_raw("generated", extract, problems)
    counts_from_extract(raw, None, problems)
    problems.raise_if_any(raw.source)
