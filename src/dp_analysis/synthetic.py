"""SYNTHETIC client-level extracts for demonstrations, tests and benchmarks.

The generator makes monthly extracts shaped like the council's: one row per
person in long-term community support, with a pseudonymised id, age (or date
of birth), national primary support reason, weekly cost, delivery mechanism
and snapshot month. It is consistent with the report's Appendix A:

- in the base month (June 2019), when ``rows`` is not given, the people on a
  direct payment reproduce Appendix A exactly, cell by cell (308 people), and
  56 of them have a part direct payment (48 in bands 1-4, 2 in band 7, as the
  report says);
- other months drift from there: each cell loses about 3% of its people a
  month and gains newcomers at a rate that grows 0.4% a month;
- people not on a direct payment (a council-managed personal budget or
  commissioned support) are added in every cell, with a DP share that varies
  by client group, age and cost band, so that uptake rates can be computed.

Every output is marked synthetic, three ways: ids start with ``SYN-``, a
``synthetic`` column is true, and :func:`write_extract` puts SYNTHETIC in the
file name (and in Parquet metadata, or as a sheet of a workbook). The loader
refuses a source that mixes synthetic and real rows.

>>> extract = generate_extract(1, seed=7)
>>> int(extract["delivery_mechanism"].isin(["direct payment",
...     "part direct payment"]).sum())
308
>>> bool(extract["synthetic"].all()), extract["client_id"].iloc[0][:4]
(True, 'SYN-')
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from dp_analysis import counts as counts_table
from dp_analysis import reference
from dp_analysis.loading.aliases import DELIVERY_MECHANISMS
from dp_analysis.loading.months import month_end, month_range, parse_month
from dp_analysis.loading.readers import PARQUET_SYNTHETIC_KEY, SYNTHETIC_MARK

logger = logging.getLogger(__name__)

BASE_MONTH = "2019-06"
MONTHLY_LEAVING = 0.03
MONTHLY_GROWTH = 1.004
#: Appendix A's mixed budgets: 56 of 308, 48 in bands 1-4 and 2 in band 7.
PART_DP_BY_BANDS = {(0, 1, 2, 3): 48, (6,): 2, (4, 5, 7): 6}
#: Share of clients on a DP, before the age and band factors (report groups).
DP_SHARE_BY_GROUP = (0.40, 0.10, 0.22, 0.25, 0.27, 0.30, 0.30)
DP_SHARE_AGE_FACTOR = (1.25, 1.0, 0.55)
DP_SHARE_BAND_FACTOR = (1.0, 1.0, 1.0, 1.0, 0.85, 0.85, 0.7, 0.7)
COUNCIL_MANAGED_SHARE = 0.55  # of clients not on a DP; the rest commissioned


def generate_extract(
    months: list[str] | int,
    seed: int,
    rows: int | None = None,
    *,
    birth_dates: bool = False,
) -> pd.DataFrame:
    """Return a SYNTHETIC client-level extract, one row per person per month.

    ``months`` is a list of ``YYYY-MM`` months, or a number of consecutive
    months from June 2019. ``rows`` scales the extract to about that many
    rows in all (exactly that many); without it the extract is at the
    council's own scale and the base month reproduces Appendix A exactly.
    ``birth_dates`` gives a ``date_of_birth`` column instead of ``age``.
    """
    if isinstance(months, int):
        months = month_range(BASE_MONTH, months)
    months = [parse_month(m) or m for m in months]
    rng = np.random.default_rng(seed)

    # 1. How many people of each mechanism in each month and cell.
    dp_base = _appendix_a_cells()
    if rows is None:
        people = _people_by_month(dp_base, months, rng)
    else:
        people = _scaled_people(dp_base, months, rows, rng)

    # 2. One row per person: expand the cell counts, then shuffle.
    cell = np.repeat(np.arange(people.size), people.ravel())
    cell = cell[rng.permutation(cell.size)]
    month_i, age_i, group_i, band_i, mechanism_i = np.unravel_index(cell, people.shape)
    ages = _ages(age_i, rng)
    extract = pd.DataFrame(
        {
            "client_id": _client_ids(cell.size),
            "age": ages,
            "primary_support_reason": _categorical(
                reference.client_groups()["primary_support_reason"].tolist(), group_i
            ),
            "weekly_cost": _weekly_costs(band_i, rng),
            "delivery_mechanism": _categorical(list(DELIVERY_MECHANISMS), mechanism_i),
            "snapshot_month": _categorical(months, month_i),
            "synthetic": np.ones(cell.size, dtype=bool),
        }
    )
    if birth_dates:
        extract.insert(1, "date_of_birth", _birth_dates(ages, month_i, months, rng))
        extract = extract.drop(columns="age")
    extract = extract.sort_values("snapshot_month", kind="stable")
    return extract.reset_index(drop=True)


def write_extract(extract: pd.DataFrame, path: Path | str) -> Path:
    """Write a synthetic extract as CSV, Parquet or Excel; return the path.

    The file name must contain SYNTHETIC, so that it is never taken for real
    data; Parquet files also carry it in their metadata and workbooks as a
    sheet of their own.
    """
    path = Path(path)
    if SYNTHETIC_MARK not in path.name.upper():
        raise ValueError(
            f"a synthetic extract's file name must contain "
            f"{SYNTHETIC_MARK}; got {path.name}"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        table = pa.Table.from_pandas(extract, preserve_index=False)
        metadata = {**(table.schema.metadata or {}), PARQUET_SYNTHETIC_KEY: b"true"}
        pq.write_table(table.replace_schema_metadata(metadata), path)
    elif suffix == ".csv":
        table = pa.Table.from_pandas(extract, preserve_index=False)
        pa_csv.write_csv(table, path)
    elif suffix == ".xlsx":
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            extract.to_excel(writer, sheet_name="extract", index=False)
            pd.DataFrame(
                {
                    SYNTHETIC_MARK: [
                        "Made by dp_analysis.synthetic: these are not real people."
                    ]
                }
            ).to_excel(writer, sheet_name=SYNTHETIC_MARK, index=False)
    else:
        raise ValueError(f"write .csv, .parquet or .xlsx, not {path.suffix}")
    logger.info("wrote SYNTHETIC extract %s: %s rows", path, f"{len(extract):,}")
    return path


def default_file_name(months: list[str], suffix: str = ".csv") -> str:
    """Return a file name that says the extract is synthetic and which months."""
    span = months[0] if len(months) == 1 else f"{months[0]}-to-{months[-1]}"
    return f"{SYNTHETIC_MARK}-extract-{span}{suffix}"


# -- counts per month and cell -------------------------------------------------


@cache
def _appendix_a_cells() -> np.ndarray:
    """Return Appendix A's DP people as a read-only array: age x group x band."""
    appendix = counts_table.appendix_a()
    shape = (3, len(reference.client_group_labels()), 8)
    cells = (
        appendix.sort_values(["age_group", "client_group", "cost_band"])["people"]
        .to_numpy(dtype=np.int64)
        .reshape(shape)
    )
    cells.flags.writeable = False
    return cells


def _dp_share() -> np.ndarray:
    """Return the share of clients on a DP in each age x group x band cell."""
    share = (
        np.array(DP_SHARE_AGE_FACTOR)[:, None, None]
        * np.array(DP_SHARE_BY_GROUP)[None, :, None]
        * np.array(DP_SHARE_BAND_FACTOR)[None, None, :]
    )
    return np.clip(share, 0.03, 0.8)


def _people_by_month(
    dp_base: np.ndarray, months: list[str], rng: np.random.Generator
) -> np.ndarray:
    """Return people as month x age x group x band x mechanism, council scale."""
    anchor = months.index(BASE_MONTH) if BASE_MONTH in months else 0
    newcomers = MONTHLY_LEAVING * (dp_base + 0.3)
    dp = np.zeros((len(months), *dp_base.shape), dtype=np.int64)
    dp[anchor] = dp_base
    for step in (1, -1):  # walk forward from the base month, then backward
        index = anchor + step
        while 0 <= index < len(months):
            previous = dp[index - step]
            trend = MONTHLY_GROWTH ** (index - anchor)
            dp[index] = (
                previous
                - rng.binomial(previous, MONTHLY_LEAVING)
                + rng.poisson(newcomers * trend)
            )
            index += step

    part = np.zeros_like(dp)
    for m in range(len(months)):
        part[m] = _part_dp(dp[m], exact=m == anchor, rng=rng)
    share = _dp_share()
    other = rng.poisson(
        (dp_base + 0.5) * (1 - share) / share, size=(len(months), *dp_base.shape)
    )
    council_managed = rng.binomial(other, COUNCIL_MANAGED_SHARE)
    return np.stack(
        [dp - part, part, council_managed, other - council_managed], axis=-1
    )


def _part_dp(dp: np.ndarray, *, exact: bool, rng: np.random.Generator) -> np.ndarray:
    """Return how many of each cell's DP people have a part DP."""
    part = np.zeros_like(dp)
    for bands, wanted in PART_DP_BY_BANDS.items():
        in_bands = dp[:, :, list(bands)]
        if exact:
            # Pick exactly `wanted` people from these bands, without favour.
            people = np.repeat(np.arange(in_bands.size), in_bands.ravel())
            chosen = rng.choice(people, size=min(wanted, people.size), replace=False)
            picked = np.bincount(chosen, minlength=in_bands.size)
        else:
            rate = wanted / max(int(_appendix_a_cells()[:, :, list(bands)].sum()), 1)
            picked = rng.binomial(in_bands.ravel(), rate)
        part[:, :, list(bands)] = picked.reshape(in_bands.shape)
    return part


def _scaled_people(
    dp_base: np.ndarray, months: list[str], rows: int, rng: np.random.Generator
) -> np.ndarray:
    """Return ``rows`` people spread over months and cells in expectation."""
    share = _dp_share()
    dp_rate = dp_base + 0.3
    part_rate = np.zeros_like(share)
    for bands, wanted in PART_DP_BY_BANDS.items():
        part_rate[:, :, list(bands)] = wanted / dp_base[:, :, list(bands)].sum()
    other = (dp_base + 0.5) * (1 - share) / share
    per_cell = np.stack(
        [
            dp_rate * (1 - part_rate),
            dp_rate * part_rate,
            other * COUNCIL_MANAGED_SHARE,
            other * (1 - COUNCIL_MANAGED_SHARE),
        ],
        axis=-1,
    )
    trend = MONTHLY_GROWTH ** np.arange(len(months))
    weights = trend[:, None, None, None, None] * per_cell[None]
    drawn = rng.multinomial(rows, (weights / weights.sum()).ravel())
    return drawn.reshape(weights.shape)


# -- row attributes ------------------------------------------------------------


def _ages(age_i: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Return an age in whole years for each row's age group."""
    young = rng.integers(18, 40, size=age_i.size)
    middle = rng.integers(40, 65, size=age_i.size)
    old = np.minimum(65 + np.floor(rng.exponential(10.0, size=age_i.size)), 104)
    return np.choose(age_i, [young, middle, old.astype(np.int64)])


def _weekly_costs(band_i: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Return a weekly cost in pounds inside each row's cost band."""
    bands = reference.cost_bands()
    lower = np.array([max(b.lower_gbp, 10.0) for b in bands])
    upper = np.array(
        [b.upper_gbp if np.isfinite(b.upper_gbp) else b.lower_gbp for b in bands]
    )
    spread = rng.random(band_i.size)
    cost = lower[band_i] + spread * (upper[band_i] - lower[band_i] - 0.01)
    top = band_i == len(bands) - 1
    cost[top] = lower[-1] + rng.exponential(350.0, size=int(top.sum()))
    return np.round(cost, 2)


def _birth_dates(
    ages: np.ndarray,
    month_i: np.ndarray,
    months: list[str],
    rng: np.random.Generator,
) -> np.ndarray:
    """Return dates of birth giving each row's age at its snapshot month's end."""
    ends = np.array(
        [month_end(m).to_datetime64() for m in months], dtype="datetime64[D]"
    )[month_i]
    end_years = ends.astype("datetime64[Y]").astype(np.int64) + 1970
    end_month_start = ends.astype("datetime64[M]")
    years_back = (end_years - ages - 1970).astype("datetime64[Y]")
    # The last birthday fell 1 to 330 days before the snapshot date.
    month_of_year = end_month_start.astype(np.int64) % 12
    anniversary = (years_back.astype("datetime64[M]") + month_of_year).astype(
        "datetime64[D]"
    ) + (ends - end_month_start.astype("datetime64[D]"))
    return (
        (anniversary - rng.integers(1, 331, size=ages.size))
        .astype("datetime64[D]")
        .astype(str)
    )


def _client_ids(count: int) -> np.ndarray:
    """Return pseudonymised ids SYN-0000001, SYN-0000002, ..."""
    width = max(7, len(str(count)))
    numbers = pd.Series(np.arange(1, count + 1)).astype(str).str.zfill(width)
    return ("SYN-" + numbers).to_numpy()


def _categorical(labels: list[str], codes: np.ndarray) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=labels)
