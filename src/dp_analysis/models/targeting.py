"""Targeting and pilot options for SPB, from the report's "Target audiences".

The report names three target groups (people new to ASC, reviews, and groups
identified from the DP analysis) and two ways to start: an incremental pilot
across all client groups, with small numbers in each (mental health in
particular), or roll-out to everyone. For each option this module projects
SPB referrals, DP take-up and SPB cost from editable take-up assumptions
(``targeting`` in the scenario file: these are not figures from the report).

>>> from dp_analysis.counts import appendix_a
>>> from dp_analysis.scenario import load_scenario
>>> counts, scenario = appendix_a(), load_scenario()
>>> group = analysis_target(counts, scenario.spb, bands=(1, 2, 3, 4))
>>> group.size, group.people_by_tier
(258, {'low': 146, 'medium': 112, 'high': 0})
>>> plan = pilot_plan(counts, places=40, minimum_per_group=5)
>>> int(plan["places"].sum()), int(plan.loc["Mental Health Support", "places"])
(40, 6)
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dp_analysis import reference
from dp_analysis.counts import has_denominator
from dp_analysis.models.spb import allocate, people_by_band, people_by_tier
from dp_analysis.scenario import TIERS, Scenario, SPBAssumptions


@dataclass(frozen=True)
class TargetGroup:
    """A group of people who could be offered SPB, split by SPB tier."""

    name: str
    size: int
    people_by_tier: dict[str, int]


def mix_target(name: str, size: int, spb: SPBAssumptions) -> TargetGroup:
    """Return a target group of ``size`` split by the scenario's tier mix.

    Used for people new to ASC and for reviews, whose cost bands are not
    known in advance.
    """
    return TargetGroup(name, int(size), allocate(int(size), spb.tier_mix))


def analysis_target(
    counts: pd.DataFrame,
    spb: SPBAssumptions,
    *,
    bands: tuple[int, ...] = (1, 2, 3, 4),
    client_groups: tuple[str, ...] | None = None,
) -> TargetGroup:
    """Return a group identified from the analysis: chosen bands and groups.

    When the source carries the denominator, the group is the clients in
    those cells who do not yet take a DP; otherwise it is the DP clients in
    them, the report's own guide ("bands 1-4 hold 258 of 308").
    """
    labels = [reference.cost_band_labels()[n - 1] for n in bands]
    selected = counts[counts["cost_band"].isin(labels)]
    if client_groups is not None:
        selected = selected[selected["client_group"].isin(client_groups)]
    if has_denominator(counts):
        selected = selected.assign(people=selected["clients"] - selected["people"])
        name = "Clients not on a DP in the chosen bands"
    else:
        name = "Groups like current DP clients in the chosen bands"
    tiers = people_by_tier(people_by_band(selected), spb)
    return TargetGroup(name, int(tiers.sum()), {t: int(tiers[t]) for t in TIERS})


def pilot_plan(
    counts: pd.DataFrame, *, places: int, minimum_per_group: int
) -> pd.DataFrame:
    """Return pilot places per client group: a floor for each, the rest by size.

    Every client group gets ``minimum_per_group`` places (the report asks for
    small numbers in each, mental health in particular); the places left are
    shared in proportion to each group's DP clients, by largest remainder.
    """
    groups = reference.client_group_labels()
    if places < minimum_per_group * len(groups):
        raise ValueError(
            f"{places} places cannot give {minimum_per_group} to each of "
            f"{len(groups)} client groups"
        )
    by_group = counts.groupby("client_group", observed=False)["people"].sum()
    by_group.index = by_group.index.astype(str)
    by_group = by_group.reindex(groups, fill_value=0)
    spare = places - minimum_per_group * len(groups)
    # With no DP clients to go by, the spare places are shared evenly.
    weights = by_group if int(by_group.sum()) else by_group * 0 + 1
    exact = weights / weights.sum() * spare
    extra = exact.astype(int)
    left = spare - int(extra.sum())
    order = (exact - extra).sort_values(ascending=False, kind="stable").index[:left]
    extra[order] += 1
    plan = pd.DataFrame({"dp_clients": by_group, "places": extra + minimum_per_group})
    plan.index.name = "client_group"
    return plan


@dataclass(frozen=True)
class Projection:
    """Projected referrals, DP take-up and SPB cost for one option."""

    option: str
    target: int
    referrals: int
    dp_take_up: int
    spb_cost: float


def project(group: TargetGroup, scenario: Scenario) -> Projection:
    """Project one target group through referral, take-up and SPB fees.

    >>> from dp_analysis.scenario import load_scenario
    >>> scenario = load_scenario()
    >>> group = mix_target("New to ASC", 300, scenario.spb)
    >>> projection = project(group, scenario)
    >>> projection.referrals, projection.dp_take_up, projection.spb_cost
    (300, 150, 58500.0)
    """
    referral_rate = scenario.targeting["spb_referral_rate"]
    take_up_rate = scenario.targeting["dp_take_up_rate"]
    referred = {
        tier: round(group.people_by_tier[tier] * referral_rate) for tier in TIERS
    }
    referrals = sum(referred.values())
    cost = sum(referred[t] * scenario.spb.tiers[t].fee for t in TIERS)
    return Projection(
        option=group.name,
        target=group.size,
        referrals=referrals,
        dp_take_up=round(referrals * take_up_rate),
        spb_cost=float(cost),
    )


def compare_options(
    counts: pd.DataFrame,
    scenario: Scenario,
    *,
    new_to_asc: int,
    reviews: int,
    pilot_places: int,
    bands: tuple[int, ...] = (1, 2, 3, 4),
) -> pd.DataFrame:
    """Return projections for each target group, the pilot and roll-out.

    Roll-out to everyone is the scenario's participant count (the report's
    300) unless the source's denominator gives all clients.
    """
    spb = scenario.spb
    everyone = (
        int(counts["clients"].sum()) if has_denominator(counts) else (spb.participants)
    )
    options = [
        mix_target("People new to ASC", new_to_asc, spb),
        mix_target("Reviews", reviews, spb),
        analysis_target(counts, spb, bands=bands),
        mix_target("Incremental pilot across all client groups", pilot_places, spb),
        mix_target("Roll-out to everyone", everyone, spb),
    ]
    return pd.DataFrame([vars(project(group, scenario)) for group in options])
