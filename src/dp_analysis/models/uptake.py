"""DP uptake: counts, shares and rankings by age group, client group, cost band.

Every function takes the tidy counts table of :mod:`dp_analysis.counts` (one
month's rows, or several months when ``month`` is among the dimensions) and
returns a new frame; nothing is changed in place.

>>> from dp_analysis.counts import appendix_a
>>> counts = appendix_a()
>>> by_band = people_by(counts, ["cost_band"])
>>> by_band.loc["2) £100-199", "people"]
np.int64(90)
>>> findings = key_findings(counts)
>>> findings.largest_band.label, findings.largest_band.people
('2) £100-199', 90)
>>> findings.bands_1_to_4.people, round(findings.bands_1_to_4.share, 3)
(258, 0.838)
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dp_analysis import reference
from dp_analysis.counts import has_denominator

GRAND_TOTAL = "Grand Total"
DIMENSIONS = ("age_group", "client_group", "cost_band")


def _check_dimensions(dimensions: list[str]) -> None:
    allowed = (*DIMENSIONS, "month")
    unknown = [d for d in dimensions if d not in allowed]
    if unknown or not 1 <= len(dimensions) <= 3:
        raise ValueError(
            f"dimensions must be one to three of {allowed}; got {dimensions}"
        )


def people_by(counts: pd.DataFrame, dimensions: list[str]) -> pd.DataFrame:
    """Return people (and clients, part DP where present) by the dimensions.

    The result is indexed by the dimensions, in report order, with a
    ``share`` column: each row's share of all people in the table.
    """
    _check_dimensions(dimensions)
    value_columns = [c for c in ("people", "part_dp", "clients") if c in counts]
    grouped = counts.groupby(dimensions, observed=False)[value_columns].sum()
    total = grouped["people"].sum()
    grouped["share"] = grouped["people"] / total if total else 0.0
    return grouped


def crosstab(
    counts: pd.DataFrame,
    rows: str,
    columns: str,
    *,
    value: str = "people",
    margins: bool = True,
) -> pd.DataFrame:
    """Return a two-way table of ``value``, laid out as the report's pivots.

    With ``margins`` a ``Grand Total`` row and column are added, as in
    Appendix A.

    >>> from dp_analysis.counts import appendix_a
    >>> table = crosstab(appendix_a(), "cost_band", "client_group")
    >>> int(table.loc["Grand Total", "Grand Total"])
    308
    >>> int(table.loc["4) £300-399", "Learning Disability Support"])
    18
    """
    _check_dimensions([rows, columns])
    table = (
        counts.pivot_table(
            index=rows, columns=columns, values=value, aggfunc="sum", observed=False
        )
        .fillna(0)
        .astype("int64")
    )
    table.index = table.index.astype(str)
    table.columns = table.columns.astype(str)
    if margins:
        table[GRAND_TOTAL] = table.sum(axis=1)
        table.loc[GRAND_TOTAL] = table.sum(axis=0)
    table.index.name, table.columns.name = rows, columns
    return table


def shares(table: pd.DataFrame, *, within: str = "all") -> pd.DataFrame:
    """Return a cross-tab of counts as shares: of all, of each row or column.

    ``within`` is ``"all"`` (every cell over the grand total), ``"row"`` or
    ``"column"``. The table must carry its ``Grand Total`` margins.

    >>> from dp_analysis.counts import appendix_a
    >>> table = crosstab(appendix_a(), "age_group", "cost_band")
    >>> round(float(shares(table).loc["40-64", "Grand Total"]), 2)
    0.41
    """
    if within == "all":
        return table / table.loc[GRAND_TOTAL, GRAND_TOTAL]
    if within == "row":
        return table.div(table[GRAND_TOTAL], axis=0)
    if within == "column":
        return table.div(table.loc[GRAND_TOTAL], axis=1)
    raise ValueError(f"within must be 'all', 'row' or 'column', not {within!r}")


def ranking(counts: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """Return the labels of one dimension ranked by people, largest first.

    Ties keep report order. Columns: ``rank``, the dimension, ``people``,
    ``share``.

    >>> from dp_analysis.counts import appendix_a
    >>> ranking(appendix_a(), "cost_band")["people"].tolist()[:4]
    [90, 73, 56, 39]
    """
    grouped = people_by(counts, [dimension]).reset_index()
    grouped[dimension] = grouped[dimension].astype(str)
    ranked = grouped.sort_values("people", ascending=False, kind="stable")
    ranked.insert(0, "rank", range(1, len(ranked) + 1))
    return ranked[["rank", dimension, "people", "share"]].reset_index(drop=True)


def uptake_rates(counts: pd.DataFrame, dimensions: list[str]) -> pd.DataFrame:
    """Return the DP share of clients (the ASCOF measure) by the dimensions.

    Needs the ``clients`` denominator; raises ValueError when it is absent,
    so that a caller can say so plainly rather than show a wrong rate.
    """
    if not has_denominator(counts):
        raise ValueError(
            "this source has no denominator (all clients in long-term community "
            "support), so uptake rates cannot be computed"
        )
    grouped = people_by(counts, dimensions)[["people", "clients"]]
    grouped["uptake_rate"] = grouped["people"].where(grouped["clients"] > 0) / (
        grouped["clients"].where(grouped["clients"] > 0)
    )
    return grouped


@dataclass(frozen=True)
class Count:
    """A labelled count with its share of the whole."""

    label: str
    people: int
    share: float


@dataclass(frozen=True)
class AgeGroupFinding:
    """What the report says of each age group."""

    age_group: str
    people: int
    share: float
    largest_client_group: Count
    bands_1_to_4: Count
    bands_1_to_4_are_majority: bool


@dataclass(frozen=True)
class KeyFindings:
    """The report's derived statements, as data for generated text."""

    month: str
    total: int
    bands_ranked: tuple[Count, ...]
    largest_band: Count
    bands_1_to_4: Count
    largest_high_budget_band: Count
    top_band: Count
    client_groups_ranked: tuple[Count, ...]
    age_groups: tuple[AgeGroupFinding, ...]


LOW_BANDS = (1, 2, 3, 4)  # "Targeting groups 1-4 would yield the greatest volume"


def _count_of(grouped: pd.Series, label: str, total: int) -> Count:
    people = int(grouped.get(label, 0))
    return Count(label=label, people=people, share=people / total if total else 0.0)


def _low_band_count(counts: pd.DataFrame) -> Count:
    low_labels = [reference.cost_band_labels()[n - 1] for n in LOW_BANDS]
    total = int(counts["people"].sum())
    people = int(counts.loc[counts["cost_band"].isin(low_labels), "people"].sum())
    return Count("Bands 1-4", people, people / total if total else 0.0)


def key_findings(counts: pd.DataFrame) -> KeyFindings:
    """Return the statements the report derives from Appendix A, for one month.

    The largest band, the share in bands 1-4, the band with most people among
    the higher budgets (bands 5-8), and for each age group its size, largest
    client group and whether bands 1-4 hold the majority.
    """
    month_values = sorted(counts["month"].unique())
    if len(month_values) != 1:
        raise ValueError(f"key_findings needs one month; got {month_values}")
    total = int(counts["people"].sum())

    bands = ranking(counts, "cost_band")
    bands_ranked = tuple(
        Count(row.cost_band, int(row.people), float(row.share))
        for row in bands.itertuples()
    )
    high_labels = reference.cost_band_labels()[4:]
    high = [c for c in bands_ranked if c.label in high_labels]
    groups = ranking(counts, "client_group")
    groups_ranked = tuple(
        Count(row.client_group, int(row.people), float(row.share))
        for row in groups.itertuples()
    )
    by_band = people_by(counts, ["cost_band"])["people"]
    by_band.index = by_band.index.astype(str)

    age_findings = []
    for age_group in reference.age_group_labels():
        in_age = counts[counts["age_group"] == age_group]
        age_total = int(in_age["people"].sum())
        top_group = ranking(in_age, "client_group").iloc[0]
        low = _low_band_count(in_age)
        age_findings.append(
            AgeGroupFinding(
                age_group=age_group,
                people=age_total,
                share=age_total / total if total else 0.0,
                largest_client_group=Count(
                    top_group.client_group,
                    int(top_group.people),
                    float(top_group.people / age_total) if age_total else 0.0,
                ),
                bands_1_to_4=low,
                bands_1_to_4_are_majority=low.people * 2 > age_total,
            )
        )
    top_label = reference.cost_band_labels()[-1]
    return KeyFindings(
        month=str(month_values[0]),
        total=total,
        bands_ranked=bands_ranked,
        largest_band=bands_ranked[0],
        bands_1_to_4=_low_band_count(counts),
        largest_high_budget_band=high[0],
        top_band=_count_of(by_band, top_label, total),
        client_groups_ranked=groups_ranked,
        age_groups=tuple(age_findings),
    )


def percent(share: float) -> str:
    """Format a share as the report does: a whole percentage.

    >>> percent(97 / 308), percent(125 / 308)
    ('31%', '41%')
    """
    return f"{share:.0%}"
