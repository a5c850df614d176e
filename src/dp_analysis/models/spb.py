"""Support planning and brokerage (SPB) costs: Tables 3 and 5 of the report.

Each cost band is mapped to an SPB tier (low, medium, high). A person in a
band costs the tier's fixed fee under SPB, and the tier's hours cap times the
ASC hourly cost when ASC staff do the same work. Table 5 sets the two side by
side for the people on a DP.

>>> from dp_analysis.counts import appendix_a
>>> from dp_analysis.scenario import load_scenario
>>> spb = load_scenario().spb
>>> table = table_5(people_by_band(appendix_a()), spb)
>>> totals = table_5_totals(table)
>>> totals.spb_total, totals.asc_total, totals.variance_total
(47680.0, 51480.0, -3800.0)
>>> round(totals.saving_share, 3)
0.074
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from dp_analysis import reference
from dp_analysis.scenario import TIERS, SPBAssumptions


def people_by_band(counts: pd.DataFrame) -> pd.Series:
    """Return people on a DP in each cost band, all eight bands in order."""
    by_band = counts.groupby("cost_band", observed=False)["people"].sum()
    by_band.index = by_band.index.astype(str)
    return by_band.reindex(reference.cost_band_labels(), fill_value=0).astype("int64")


def table_5(people_in_band: pd.Series, spb: SPBAssumptions) -> pd.DataFrame:
    """Return Table 5: SPB against ASC cost for each cost band.

    Columns follow the report: ``spb_tier``, ``number``, ``spb_cost_per_person``,
    ``spb_total``, ``asc_hourly_cost``, ``hours``, ``asc_cost_per_person``,
    ``variance_per_person``, ``asc_total``, ``variance_total``.
    """
    rows = []
    for number, label in enumerate(reference.cost_band_labels(), start=1):
        tier_name = spb.band_to_tier[number]
        tier = spb.tiers[tier_name]
        people = int(people_in_band.get(label, 0))
        asc_per_person = tier.hours_cap * spb.asc_hourly_cost
        rows.append(
            {
                "cost_band": label,
                "spb_tier": tier_name,
                "number": people,
                "spb_cost_per_person": tier.fee,
                "spb_total": tier.fee * people,
                "asc_hourly_cost": spb.asc_hourly_cost,
                "hours": tier.hours_cap,
                "asc_cost_per_person": asc_per_person,
                "variance_per_person": tier.fee - asc_per_person,
                "asc_total": asc_per_person * people,
                "variance_total": (tier.fee - asc_per_person) * people,
            }
        )
    return pd.DataFrame(rows).set_index("cost_band")


@dataclass(frozen=True)
class SPBTotals:
    """The Totals row of Table 5, and the efficiency the text quotes."""

    people: int
    sum_of_fees: float  # the report totals the "Cost per person" column: £1,560
    spb_total: float
    asc_total: float
    variance_total: float

    @property
    def saving_share(self) -> float:
        """Return the SPB saving as a share of the ASC cost ("over 7%")."""
        return -self.variance_total / self.asc_total if self.asc_total else 0.0


def table_5_totals(table: pd.DataFrame) -> SPBTotals:
    """Return the Totals row of a :func:`table_5` result."""
    return SPBTotals(
        people=int(table["number"].sum()),
        sum_of_fees=float(table["spb_cost_per_person"].sum()),
        spb_total=float(table["spb_total"].sum()),
        asc_total=float(table["asc_total"].sum()),
        variance_total=float(table["variance_total"].sum()),
    )


def people_by_tier(people_in_band: pd.Series, spb: SPBAssumptions) -> pd.Series:
    """Return people in each SPB tier under the band-to-tier mapping.

    >>> from dp_analysis.counts import appendix_a
    >>> from dp_analysis.scenario import load_scenario
    >>> people_by_tier(people_by_band(appendix_a()), load_scenario().spb).tolist()
    [146, 134, 28]
    """
    tiers = pd.Series(0, index=list(TIERS), dtype="int64")
    for number, label in enumerate(reference.cost_band_labels(), start=1):
        tiers[spb.band_to_tier[number]] += int(people_in_band.get(label, 0))
    return tiers


def implied_tier_mix(
    people_in_band: pd.Series, spb: SPBAssumptions
) -> dict[str, float]:
    """Return the tier mix the data implies, to set against the scenario's mix."""
    tiers = people_by_tier(people_in_band, spb)
    total = int(tiers.sum())
    return {name: (int(tiers[name]) / total if total else 0.0) for name in TIERS}


def allocate(participants: int, tier_mix: dict[str, float]) -> dict[str, int]:
    """Split whole participants across tiers by the mix (largest remainder).

    >>> allocate(300, {"low": 0.25, "medium": 0.5, "high": 0.25})
    {'low': 75, 'medium': 150, 'high': 75}
    >>> sum(allocate(7, {"low": 1 / 3, "medium": 1 / 3, "high": 1 / 3}).values())
    7
    """
    exact = {name: participants * tier_mix[name] for name in TIERS}
    whole = {name: int(exact[name]) for name in TIERS}
    left = participants - sum(whole.values())
    by_remainder = sorted(TIERS, key=lambda n: exact[n] - whole[n], reverse=True)
    for name in by_remainder[:left]:
        whole[name] += 1
    return whole


def participants_costing(spb: SPBAssumptions) -> pd.DataFrame:
    """Return the SPB and ASC cost for ``spb.participants`` split by ``tier_mix``.

    This is the report's "300 participants" costing: 25% low, 50% medium and
    25% high.

    >>> from dp_analysis.scenario import load_scenario
    >>> costing = participants_costing(load_scenario().spb)
    >>> costing["participants"].tolist(), float(costing["spb_total"].sum())
    ([75, 150, 75], 58500.0)
    """
    allocation = allocate(spb.participants, spb.tier_mix)
    rows = []
    for name in TIERS:
        tier = spb.tiers[name]
        people = allocation[name]
        asc_per_person = tier.hours_cap * spb.asc_hourly_cost
        rows.append(
            {
                "spb_tier": name,
                "participants": people,
                "spb_cost_per_person": tier.fee,
                "spb_total": tier.fee * people,
                "asc_cost_per_person": asc_per_person,
                "asc_total": asc_per_person * people,
                "variance_total": (tier.fee - asc_per_person) * people,
            }
        )
    return pd.DataFrame(rows).set_index("spb_tier")


def break_even_hourly_rate(people_in_band: pd.Series, spb: SPBAssumptions) -> float:
    """Return the ASC hourly cost at which ASC costs the same as SPB.

    Below this rate ASC staff are cheaper; above it SPB is.

    >>> from dp_analysis.counts import appendix_a
    >>> from dp_analysis.scenario import load_scenario
    >>> rate = break_even_hourly_rate(people_by_band(appendix_a()), load_scenario().spb)
    >>> round(rate, 2)
    18.52
    """
    return break_even_from_table(table_5(people_in_band, spb))


def break_even_from_table(table: pd.DataFrame) -> float:
    """Return the break-even ASC hourly cost of a Table 5 already computed.

    >>> from dp_analysis.counts import appendix_a
    >>> from dp_analysis.scenario import load_scenario
    >>> table = table_5(people_by_band(appendix_a()), load_scenario().spb)
    >>> round(break_even_from_table(table), 2)
    18.52
    """
    hours = float((table["hours"] * table["number"]).sum())
    if hours == 0:
        raise ValueError("no people in any band: the break-even rate is undefined")
    return float(table["spb_total"].sum()) / hours


def with_spb(spb: SPBAssumptions, **changes: object) -> SPBAssumptions:
    """Return a copy of ``spb`` with top-level fields replaced."""
    return dataclasses.replace(spb, **changes)  # type: ignore[arg-type]


def with_tier(spb: SPBAssumptions, tier: str, **changes: float) -> SPBAssumptions:
    """Return a copy of ``spb`` with one tier's fee or hours cap replaced."""
    tiers = dict(spb.tiers)
    tiers[tier] = dataclasses.replace(tiers[tier], **changes)  # type: ignore[arg-type]
    return dataclasses.replace(spb, tiers=tiers)


SENSITIVITY_INPUTS = (
    "low fee",
    "medium fee",
    "high fee",
    "low hours",
    "medium hours",
    "high hours",
    "ASC hourly cost",
    "tier mix toward high",
)


def _vary(spb: SPBAssumptions, name: str, factor: float) -> SPBAssumptions:
    """Return ``spb`` with one named input scaled by ``factor``."""
    if name.endswith(" fee"):
        tier = name.split()[0]
        return with_tier(spb, tier, fee=spb.tiers[tier].fee * factor)
    if name.endswith(" hours"):
        tier = name.split()[0]
        return with_tier(spb, tier, hours_cap=spb.tiers[tier].hours_cap * factor)
    if name == "ASC hourly cost":
        return with_spb(spb, asc_hourly_cost=spb.asc_hourly_cost * factor)
    if name == "tier mix toward high":
        # Move a share of the medium tier to high (factor > 1) or low (< 1).
        shift = spb.tier_mix["medium"] * abs(factor - 1)
        mix = dict(spb.tier_mix)
        mix["medium"] -= shift
        mix["high" if factor > 1 else "low"] += shift
        return with_spb(spb, tier_mix=mix)
    raise KeyError(f"unknown sensitivity input {name!r}")


def sensitivity(spb: SPBAssumptions, swing: float = 0.2) -> pd.DataFrame:
    """Return a tornado table: SPB-against-ASC variance for 300 participants.

    Each input is moved down and up by ``swing`` (20% by default) with the
    others held; the table gives the variance at each end and the spread,
    widest first. The measure is the variance total of
    :func:`participants_costing` (negative: SPB cheaper).

    >>> from dp_analysis.scenario import load_scenario
    >>> table = sensitivity(load_scenario().spb)
    >>> float(table.attrs["base"])
    -6000.0
    >>> bool((table["spread"] >= 0).all())
    True
    """
    base = float(participants_costing(spb)["variance_total"].sum())
    rows = []
    for name in SENSITIVITY_INPUTS:
        low, high = (
            float(
                participants_costing(_vary(spb, name, factor))["variance_total"].sum()
            )
            for factor in (1 - swing, 1 + swing)
        )
        rows.append(
            {"input": name, "low": low, "high": high, "spread": abs(high - low)}
        )
    table = pd.DataFrame(rows).sort_values("spread", ascending=False, kind="stable")
    table = table.reset_index(drop=True)
    table.attrs["base"] = base
    return table
