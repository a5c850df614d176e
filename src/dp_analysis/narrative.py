"""Plain-English sentences generated from model results.

Every number a notebook states in its text comes from here, so the words stay
true after the data are refreshed. Each function takes model results (never a
raw file) and returns one or two sentences of Markdown.

In public mode counts from 1 to 7 are shown as ``[c]`` (confidential), the
primary small-number rule of :mod:`dp_analysis.disclosure`; see :func:`people`.
Sentences state margins and single counts, not the cells of a cross-tab;
secondary suppression, which protects cross-tab cells, is applied to the
published tables and charts (:mod:`dp_analysis.notebook_support`).

>>> from dp_analysis.counts import appendix_a
>>> from dp_analysis.models import uptake
>>> findings = uptake.key_findings(appendix_a())
>>> largest_band(findings)
'The largest cost band is 2) £100-199, with 90 people (29%).'
>>> largest_band(findings, public=True)
'The largest cost band is 2) £100-199, with 90 people (29%).'
>>> top_band(findings, public=True)
'Band 8) £1000+, the highest budgets, holds [c] people.'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from dp_analysis import disclosure
from dp_analysis.models.spb import SPBTotals
from dp_analysis.models.uptake import AgeGroupFinding, Count, KeyFindings, percent

#: Counts from 1 to this are suppressed in public mode (shown as ``[c]``).
SMALL_COUNT_MAX = disclosure.DEFAULT_THRESHOLD
SUPPRESSED = disclosure.SUPPRESSED


def is_small(people: float) -> bool:
    """Return True for a count the public rule hides: 1 to 7, not 0.

    >>> [is_small(n) for n in (0, 1, 7, 8)]
    [False, True, True, False]
    """
    return 0 < people <= SMALL_COUNT_MAX


def people(number: float, *, public: bool = False) -> str:
    """Return a count of people as text: ``[c]`` when public and small.

    >>> people(1234), people(5, public=True), people(0, public=True)
    ('1,234', '[c]', '0')
    """
    if public and is_small(number):
        return SUPPRESSED
    return f"{int(number):,}"


def share(part: float, whole: float, *, public: bool = False) -> str:
    """Return ``part`` as a whole percentage of ``whole``, hidden when small.

    >>> share(90, 308), share(5, 308, public=True)
    ('29%', '[c]')
    """
    if public and is_small(part):
        return SUPPRESSED
    return percent(part / whole) if whole else "0%"


def money(amount: float) -> str:
    """Return an amount in pounds, whole pounds unless it has pence.

    >>> money(47680), money(-3800), money(18.52)
    ('£47,680', '-£3,800', '£18.52')
    """
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if round(amount, 2) != round(amount):
        return f"{sign}£{amount:,.2f}"
    return f"{sign}£{amount:,.0f}"


def month_name(month: str) -> str:
    """Return ``YYYY-MM`` as a month and year in words.

    >>> month_name("2019-06")
    'June 2019'
    """
    return dt.datetime.strptime(month, "%Y-%m").strftime("%B %Y")


def listing(items: Iterable[str]) -> str:
    """Join items as English does: 'a, b and c'.

    >>> listing(["a"]), listing(["a", "b", "c"])
    ('a', 'a, b and c')
    """
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


# Uptake profile ----------------------------------------------------------


def total_dp_clients(findings: KeyFindings) -> str:
    """Return the headline count of DP clients in the month."""
    return (
        f"In {month_name(findings.month)}, {findings.total:,} people received "
        "a direct payment (DP)."
    )


def largest_band(findings: KeyFindings, *, public: bool = False) -> str:
    """Return the sentence naming the largest cost band and its count."""
    band = findings.largest_band
    return (
        f"The largest cost band is {band.label}, with "
        f"{people(band.people, public=public)} people "
        f"({share(band.people, findings.total, public=public)})."
    )


def bands_ranked(findings: KeyFindings, *, public: bool = False, top: int = 4) -> str:
    """Return the cost bands with most people, in order, as one sentence."""
    parts = [
        f"{band.label} ({people(band.people, public=public)})"
        for band in findings.bands_ranked[:top]
    ]
    return f"The {top} largest cost bands, in order, are {listing(parts)}."


def bands_1_to_4(findings: KeyFindings, *, public: bool = False) -> str:
    """Return the share of DP clients in bands 1 to 4 (under £400 a week)."""
    low = findings.bands_1_to_4
    return (
        f"Bands 1 to 4 (packages under £400 a week) hold "
        f"{people(low.people, public=public)} of the {findings.total:,} DP clients "
        f"({share(low.people, findings.total, public=public)}): targeting them "
        "would reach the most people."
    )


def top_band(findings: KeyFindings, *, public: bool = False) -> str:
    """Return the sentence on the top cost band, the highest budgets."""
    band = findings.top_band
    return (
        f"Band {band.label}, the highest budgets, holds "
        f"{people(band.people, public=public)} people."
    )


def largest_high_budget_band(findings: KeyFindings, *, public: bool = False) -> str:
    """Return the band with most people among the higher budgets (5 to 8)."""
    band = findings.largest_high_budget_band
    return (
        f"Among the higher budgets (bands 5 to 8), band {band.label} has the most "
        f"people: {people(band.people, public=public)}."
    )


def age_group_profile(finding: AgeGroupFinding, *, public: bool = False) -> str:
    """Return what the data say of one age group, as the report's Appendix A."""
    group: Count = finding.largest_client_group
    majority = "the majority" if finding.bands_1_to_4_are_majority else "not a majority"
    return (
        f"In the {finding.age_group} age group, "
        f"{people(finding.people, public=public)} people use a DP "
        f"({percent(finding.share)} of all DP clients). The largest client group "
        f"is {group.label} ({people(group.people, public=public)}), and bands 1 "
        f"to 4 hold {people(finding.bands_1_to_4.people, public=public)}, "
        f"{majority}."
    )


def mixed_budget(
    figures: dict[str, int], *, from_data: bool, public: bool = False
) -> str:
    """Return the sentence on DPs held as part of a mixed budget.

    ``figures`` has ``people``, ``total``, ``in_bands_1_to_4`` and
    ``in_band_7``, from the source's ``part_dp`` column or, when it has none,
    the report's figures in the scenario.

    >>> print(mixed_budget({"people": 56, "total": 308, "in_bands_1_to_4": 48,
    ...                     "in_band_7": 2}, from_data=True))
    56 of the 308 DP clients (18%) have the DP as part of a mixed budget, in this
    source. Of them, 48 are in bands 1 to 4 and 2 in band 7.
    """
    source = (
        "in this source"
        if from_data
        else "as the report states (this source has no mixed-budget column)"
    )
    part, total = figures["people"], figures["total"]
    return (
        f"{people(part, public=public)} of the {total:,} DP clients "
        f"({share(part, total, public=public)}) have the DP as part of a mixed "
        f"budget, {source}. Of them, "
        f"{people(figures['in_bands_1_to_4'], public=public)} are in bands 1 to 4 "
        f"and {people(figures['in_band_7'], public=public)} in band 7."
    )


def uptake_statement(rates: pd.DataFrame | None, dimension_title: str) -> str:
    """Return the uptake-rate headline, or say plainly why there is none.

    ``rates`` is :func:`dp_analysis.models.uptake.uptake_rates` by one
    dimension, or None when the source has no denominator.
    """
    if rates is None:
        return (
            "Uptake rates cannot be given: this source counts only people on a "
            "DP, not all clients in long-term community support, so there is no "
            "denominator for the ASCOF direct-payments measure."
        )
    overall = rates["people"].sum() / rates["clients"].sum()
    best = rates["uptake_rate"].idxmax()
    return (
        f"Overall, {percent(overall)} of clients in long-term community support "
        f"take a DP (the ASCOF measure). By {dimension_title.lower()}, uptake is "
        f"highest in {best}, at {percent(rates.loc[best, 'uptake_rate'])}."
    )


# SPB costs ---------------------------------------------------------------


def spb_against_asc(totals: SPBTotals) -> str:
    """Return the Table 5 headline: SPB against ASC staff for the DP clients."""
    difference = totals.asc_total - totals.spb_total
    direction = "less" if difference >= 0 else "more"
    return (
        f"For the {totals.people:,} DP clients, SPB would cost "
        f"{money(totals.spb_total)} against {money(totals.asc_total)} for ASC "
        f"staff doing the same work: {money(abs(difference))} "
        f"({abs(totals.saving_share):.1%}) {direction}."
    )


def tier_mix(scenario_mix: dict[str, float], implied_mix: dict[str, float]) -> str:
    """Return the report's tier mix set against the mix the data imply."""
    stated = "/".join(f"{scenario_mix[t]:.0%}" for t in scenario_mix)
    implied = "/".join(f"{implied_mix[t]:.0%}" for t in implied_mix)
    names = "/".join(scenario_mix)
    return (
        f"The report assumes a {names} tier mix of {stated}; the cost bands of "
        f"the DP clients imply {implied}."
    )


def participants(costing: pd.DataFrame) -> str:
    """Return the costing for the scenario's participants, split by tier."""
    split = listing(
        f"{int(row.participants):,} {tier}" for tier, row in costing.iterrows()
    )
    spb_total = costing["spb_total"].sum()
    asc_total = costing["asc_total"].sum()
    return (
        f"For {int(costing['participants'].sum()):,} participants ({split}), SPB "
        f"would cost {money(spb_total)} a year against {money(asc_total)} for "
        "ASC staff."
    )


def break_even(rate: float, current: float) -> str:
    """Return the break-even ASC hourly rate set against the current one."""
    cheaper = "SPB is cheaper" if current > rate else "ASC staff are cheaper"
    return (
        f"SPB and ASC staff cost the same at an ASC hourly cost of {money(rate)}; "
        f"at the current {money(current)} an hour, {cheaper}."
    )


def sensitivity(table: pd.DataFrame, swing: float) -> str:
    """Return the input that moves the SPB-against-ASC variance most."""
    widest = table.iloc[0]
    return (
        f"Moving each input by {swing:.0%} either way, the {widest['input']} "
        f"moves the difference between SPB and ASC most: from "
        f"{money(widest['low'])} to {money(widest['high'])}."
    )


# Finance -----------------------------------------------------------------


def cost_pressure(pressures: pd.DataFrame) -> str:
    """Return the total cost pressure and its largest line."""
    largest = pressures.sort_values("cost_pressure", ascending=False).iloc[0]
    return (
        f"The total cost pressure is {money(pressures['cost_pressure'].sum())} a "
        f"year; the largest line is the {largest['service_area']} at "
        f"{money(largest['cost_pressure'])}."
    )


def icu_shortfall(core_total: float, icu_budget: float) -> str:
    """Return the Core service cost against the current ICU budget."""
    gap = core_total - icu_budget
    if gap <= 0:
        return (
            f"The Core service costs {money(core_total)}, within the current ICU "
            f"budget of {money(icu_budget)}."
        )
    return (
        f"The Core service costs {money(core_total)} a year, {money(gap)} more "
        f"than the current ICU budget of {money(icu_budget)}."
    )


def staffing(staff: int, annual_cost: float, caseload_text: str) -> str:
    """Return the Core service posts a caseload needs and their cost."""
    return (
        f"A caseload of {caseload_text} needs {staff} Core service staff, "
        f"costing {money(annual_cost)} a year with management and overheads."
    )


# Targeting and reconciliation --------------------------------------------


def projection(option: Mapping[str, Any]) -> str:
    """Return one targeting option's projected referrals, take-up and cost.

    ``option`` is a row of :func:`dp_analysis.models.targeting.compare_options`
    or the fields of a :class:`~dp_analysis.models.targeting.Projection`.
    """
    return (
        f"{option['option']}: {int(option['referrals']):,} SPB referrals, "
        f"{int(option['dp_take_up']):,} new DPs, SPB cost "
        f"{money(option['spb_cost'])}."
    )


def pilot(plan: pd.DataFrame, group: str = "Mental Health Support") -> str:
    """Return the pilot's size and the places it gives one client group."""
    return (
        f"A pilot of {int(plan['places'].sum()):,} places gives every client group "
        f"at least {int(plan['places'].min()):,}; {group} gets "
        f"{int(plan.loc[group, 'places']):,}."
    )


def reconciliation(table: pd.DataFrame) -> str:
    """Return how many of the report's stated figures the data bear out."""
    mismatched = int((table["status"] != "matches").sum())
    agreed = len(table) - mismatched
    return (
        f"Of {len(table)} figures the report states, {agreed} match the data "
        f"and scenario, and {mismatched} do not."
    )


def trend(by_month: pd.Series) -> str:
    """Return the change in DP clients from the first month to the last."""
    if len(by_month) < 2:
        return "The source holds one month only, so there is no trend to show yet."
    first, last = by_month.index[0], by_month.index[-1]
    change = int(by_month.iloc[-1]) - int(by_month.iloc[0])
    direction = "rose" if change > 0 else "fell" if change < 0 else "stayed"
    amount = f" by {abs(change):,}" if change else " the same"
    return (
        f"DP clients {direction}{amount} between {month_name(first)} and "
        f"{month_name(last)}, from {int(by_month.iloc[0]):,} to "
        f"{int(by_month.iloc[-1]):,}."
    )
