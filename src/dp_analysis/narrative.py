"""Plain-English sentences generated from model results.

Every number a notebook states in its text comes from here, so the words stay
true after the data are refreshed. Each function takes model results (never a
raw file) and returns one or two sentences of Markdown.

In public mode counts from 1 to 7 are shown as ``[c]`` (confidential), the
primary small-number rule of :mod:`dp_analysis.disclosure`; see :func:`people`.
A sentence must not undo the secondary suppression of the page's tables
either: a cost band's count, or the people in several bands, is stated only
when the people-by-band table published beside it lets no hidden count be
worked out from it (:func:`dp_analysis.disclosure.can_state`), and a count
split into parts (SPB tiers, mixed budgets) is suppressed as a table of its
own. Sentences on an age group name its largest client group and say
whether bands 1 to 4 hold the majority, without the counts of the cells
inside it. A percentage is hidden with its count.

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
from typing import TYPE_CHECKING, Any

import pandas as pd

from dp_analysis import disclosure, reference
from dp_analysis.models.spb import SPBTotals
from dp_analysis.models.uptake import AgeGroupFinding, Count, KeyFindings, percent

if TYPE_CHECKING:
    from dp_analysis.month_disclosure import MonthDisclosure

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


def band_table(findings: KeyFindings) -> disclosure.SuppressedTable:
    """Return the people by cost band as published in public mode, with total.

    The same table, and so the same hidden cells, as the people-by-band
    chart and its table.
    """
    by_band = pd.Series({band.label: band.people for band in findings.bands_ranked})
    by_band = by_band.reindex(sorted(by_band.index)).rename("count")
    return disclosure.suppress_series(by_band, SMALL_COUNT_MAX, name="people by band")


def bands_text(
    findings: KeyFindings,
    labels: list[str],
    number: int,
    *,
    public: bool,
    plan: MonthDisclosure | None = None,
) -> tuple[str, str]:
    """Return the count of people in the bands ``labels``, and its share, as text.

    In public mode both are ``[c]`` when stating them would reveal a hidden
    count: of the month's disclosure plan when ``plan`` is given (every page
    of the month), or else of the people-by-band table.
    """
    if public and number and plan is not None:
        if number <= plan.threshold or not plan.can_state(labels):
            return SUPPRESSED, SUPPRESSED
    elif public and number:
        table = band_table(findings)
        known = [label for label in labels if label in table.values.index]
        if is_small(number) or not disclosure.can_state(
            table, [(label, "count") for label in known]
        ):
            return SUPPRESSED, SUPPRESSED
    return f"{int(number):,}", share(number, findings.total)


def band_labels(numbers: Iterable[int]) -> list[str]:
    """Return the labels of cost bands given by number (1 to 8)."""
    labels = reference.cost_band_labels()
    return [labels[number - 1] for number in numbers]


def band_count(
    findings: KeyFindings,
    labels: list[str],
    *,
    public: bool = False,
    plan: MonthDisclosure | None = None,
) -> int | str:
    """Return the people in the bands ``labels``, or ``[c]`` where public hides it.

    For values recorded beside the sentences, hidden by the same rule.
    """
    by_band = {band.label: band.people for band in findings.bands_ranked}
    number = sum(by_band.get(label, 0) for label in labels)
    count, _ = bands_text(findings, labels, number, public=public, plan=plan)
    return SUPPRESSED if count == SUPPRESSED else number


def total_dp_clients(findings: KeyFindings, *, public: bool = False) -> str:
    """Return the headline count of DP clients in the month."""
    return (
        f"In {month_name(findings.month)}, {people(findings.total, public=public)} "
        "people received a direct payment (DP)."
    )


def largest_band(
    findings: KeyFindings, *, public: bool = False, plan: MonthDisclosure | None = None
) -> str:
    """Return the sentence naming the largest cost band and its count."""
    band = findings.largest_band
    count, part = bands_text(
        findings, [band.label], band.people, public=public, plan=plan
    )
    return f"The largest cost band is {band.label}, with {count} people ({part})."


def bands_ranked(
    findings: KeyFindings,
    *,
    public: bool = False,
    top: int = 4,
    plan: MonthDisclosure | None = None,
) -> str:
    """Return the cost bands with most people, in order, as one sentence."""
    parts = [
        f"{band.label} ("
        + bands_text(findings, [band.label], band.people, public=public, plan=plan)[0]
        + ")"
        for band in findings.bands_ranked[:top]
    ]
    return f"The {top} largest cost bands, in order, are {listing(parts)}."


def bands_1_to_4(
    findings: KeyFindings, *, public: bool = False, plan: MonthDisclosure | None = None
) -> str:
    """Return the share of DP clients in bands 1 to 4 (under £400 a week)."""
    low = findings.bands_1_to_4
    count, part = bands_text(
        findings, band_labels(range(1, 5)), low.people, public=public, plan=plan
    )
    return (
        f"Bands 1 to 4 (packages under £400 a week) hold "
        f"{count} of the {people(findings.total, public=public)} DP clients "
        f"({part}): targeting them would reach the most people."
    )


def top_band(
    findings: KeyFindings, *, public: bool = False, plan: MonthDisclosure | None = None
) -> str:
    """Return the sentence on the top cost band, the highest budgets."""
    band = findings.top_band
    count, _ = bands_text(findings, [band.label], band.people, public=public, plan=plan)
    return f"Band {band.label}, the highest budgets, holds {count} people."


def largest_high_budget_band(
    findings: KeyFindings, *, public: bool = False, plan: MonthDisclosure | None = None
) -> str:
    """Return the band with most people among the higher budgets (5 to 8)."""
    band = findings.largest_high_budget_band
    count, _ = bands_text(findings, [band.label], band.people, public=public, plan=plan)
    return (
        f"Among the higher budgets (bands 5 to 8), band {band.label} has the most "
        f"people: {count}."
    )


def age_group_profile(
    finding: AgeGroupFinding, *, public: bool = False, hidden: bool = False
) -> str:
    """Return what the data say of one age group, as the report's Appendix A.

    In public mode the counts inside the age group are not stated, and its
    own count is ``[c]`` when small or when ``hidden`` (the page's people by
    age group hides it).
    """
    group: Count = finding.largest_client_group
    majority = "the majority" if finding.bands_1_to_4_are_majority else "not a majority"
    if public:
        shown = not (hidden or is_small(finding.people))
        count = f"{finding.people:,}" if shown else SUPPRESSED
        part = percent(finding.share) if shown else SUPPRESSED
        return (
            f"In the {finding.age_group} age group, {count} people use a DP "
            f"({part} of all DP clients). The largest client group is "
            f"{group.label}, and bands 1 to 4 hold {majority} of them."
        )
    return (
        f"In the {finding.age_group} age group, "
        f"{people(finding.people)} people use a DP "
        f"({percent(finding.share)} of all DP clients). The largest client group "
        f"is {group.label} ({people(group.people)}), and bands 1 "
        f"to 4 hold {people(finding.bands_1_to_4.people)}, "
        f"{majority}."
    )


def parts_shown(parts: Mapping[str, int], *, public: bool = False) -> dict[str, str]:
    """Return each part of a whole as text, suppressed as a table of its own.

    The whole is the sum of the parts, and is published with them, so one
    hidden part could be found by subtraction: a second part is hidden too.

    >>> parts_shown({"low": 146, "medium": 5, "high": 40}, public=True)
    {'low': '146', 'medium': '[c]', 'high': '[c]'}
    """
    if not public:
        return {label: f"{int(number):,}" for label, number in parts.items()}
    table = disclosure.suppress_series(
        pd.Series({str(k): int(v) for k, v in parts.items()}, name="count"),
        SMALL_COUNT_MAX,
    )
    shown = table.display()["count"]
    return {
        label: SUPPRESSED if shown[str(label)] == SUPPRESSED else f"{int(number):,}"
        for label, number in parts.items()
    }


def target_group(
    name: str,
    bands: Iterable[int],
    size: int,
    by_tier: Mapping[str, int],
    *,
    public: bool = False,
    findings: KeyFindings | None = None,
    plan: MonthDisclosure | None = None,
) -> str:
    """Return the size of a target group and its split by SPB tier.

    Pass ``findings`` when the group counts DP clients of the month, so its
    size is checked against the people-by-band table like
    :func:`bands_1_to_4`, and the month's ``plan`` in public mode, so that
    the group and its parts by tier are stated only where the plan allows.
    """
    numbers = list(bands)
    if public and findings is not None and plan is not None:
        hidden = _group_hidden(numbers, plan)
        count = SUPPRESSED if hidden else f"{int(size):,}"
        tiers = {
            tier: SUPPRESSED if hidden else f"{int(number):,}"
            for tier, number in by_tier.items()
        }
    elif findings is not None:
        count, _ = bands_text(findings, band_labels(numbers), size, public=public)
        tiers = parts_shown(by_tier, public=public)
    else:
        count = people(size, public=public)
        tiers = parts_shown(by_tier, public=public)
    if count == SUPPRESSED:
        tiers = dict.fromkeys(tiers, SUPPRESSED)
    split = listing(f"{tiers[tier]} {tier}" for tier in by_tier)
    return (
        f"{name} (bands {listing(map(str, numbers))}): {count} people. "
        f"By SPB tier: {split}."
    )


def _group_hidden(numbers: list[int], plan: MonthDisclosure) -> bool:
    """Return True when a group of cost bands may not be stated in public.

    The group's count is stated with its parts by SPB tier (and the figures
    projected from them), so all are hidden unless the month's plan lets
    every one be stated and none is small.
    """
    labels = band_labels(numbers)
    parts = [
        [
            label
            for n, label in zip(numbers, labels, strict=True)
            if plan.band_tiers[n - 1] == tier
        ]
        for tier in dict.fromkeys(plan.band_tiers)
    ]
    return not plan.can_state(labels, *(part for part in parts if part))


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
    low, band_7 = figures["in_bands_1_to_4"], figures["in_band_7"]
    # The mixed-budget people and the others make up the total; bands 1 to 4,
    # band 7 and the other bands make up the mixed-budget people.
    held = parts_shown({"mixed": part, "other": total - part}, public=public)
    within = parts_shown(
        {"low": low, "band 7": band_7, "other": part - low - band_7}, public=public
    )
    if held["mixed"] == SUPPRESSED:
        within = dict.fromkeys(within, SUPPRESSED)
    part_share = share(part, total) if held["mixed"] != SUPPRESSED else SUPPRESSED
    return (
        f"{held['mixed']} of the {people(total, public=public)} DP clients "
        f"({part_share}) have the DP as part of a mixed "
        f"budget, {source}. Of them, "
        f"{within['low']} are in bands 1 to 4 "
        f"and {within['band 7']} in band 7."
    )


def safe_rates(rates: pd.DataFrame, hidden: pd.Series | None = None) -> pd.Series:
    """Return True for each row whose uptake rate public mode may show.

    A rate is shown only when its count of DP clients is not small, nor its
    count of clients not on a DP (the rate and the clients would give either
    back), and its denominator is larger than the threshold; and not when
    ``hidden`` (the month's plan, True per label) hides its count of DP
    clients.

    >>> frame = pd.DataFrame({"people": [5, 40, 40], "clients": [90, 44, 400]})
    >>> safe_rates(frame).tolist()
    [False, False, True]
    """
    people_in = rates["people"]
    others = rates["clients"] - rates["people"]
    safe = (
        ~people_in.map(is_small)
        & ~others.map(is_small)
        & (rates["clients"] > SMALL_COUNT_MAX)
    )
    if hidden is not None:
        safe &= ~disclosure.aligned(hidden, rates.index).to_numpy()
    return safe


def uptake_statement(
    rates: pd.DataFrame | None,
    dimension_title: str,
    *,
    public: bool = False,
    hidden: pd.Series | None = None,
) -> str:
    """Return the uptake-rate headline, or say plainly why there is none.

    ``rates`` is :func:`dp_analysis.models.uptake.uptake_rates` by one
    dimension, or None when the source has no denominator. In public mode
    the highest rate is chosen among the rates that may be shown
    (:func:`safe_rates`, with the month's ``hidden`` counts).
    """
    if rates is None:
        return (
            "Uptake rates cannot be given: this source counts only people on a "
            "DP, not all clients in long-term community support, so there is no "
            "denominator for the ASCOF direct-payments measure."
        )
    overall = rates["people"].sum() / rates["clients"].sum()
    shown = rates[safe_rates(rates, hidden)] if public else rates
    if shown["uptake_rate"].notna().sum() == 0:
        return (
            f"Overall, {percent(overall)} of clients in long-term community support "
            f"take a DP (the ASCOF measure). No rate by {dimension_title.lower()} "
            "can be shown: every one rests on a small count."
        )
    best = shown["uptake_rate"].idxmax()
    # A hidden rate may be higher: then only the shown ones are compared.
    among = (
        f"Of the rates by {dimension_title.lower()} that can be shown, uptake is"
        if len(shown) < len(rates)
        else f"By {dimension_title.lower()}, uptake is"
    )
    return (
        f"Overall, {percent(overall)} of clients in long-term community support "
        f"take a DP (the ASCOF measure). {among} "
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


def costs_withheld(threshold: int = SMALL_COUNT_MAX) -> str:
    """Return why a public page does not give this month's costs.

    >>> costs_withheld()[:44]
    'The SPB and ASC costs of this month are not '
    """
    return (
        "The SPB and ASC costs of this month are not published: one SPB tier "
        f"holds from 1 to {threshold} people, and the costs would give that "
        "count away."
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


def projection(option: Mapping[str, Any], *, hidden: bool = False) -> str:
    """Return one targeting option's projected referrals, take-up and cost.

    ``option`` is a row of :func:`dp_analysis.models.targeting.compare_options`
    or the fields of a :class:`~dp_analysis.models.targeting.Projection`.
    ``hidden`` (public mode, when the group's own count is hidden) shows
    every figure as ``[c]``: each is a fixed share of the hidden count.
    """
    if hidden:
        return (
            f"{option['option']}: {SUPPRESSED} SPB referrals, {SUPPRESSED} new "
            f"DPs, SPB cost {SUPPRESSED} (the group's count is hidden)."
        )
    return (
        f"{option['option']}: {int(option['referrals']):,} SPB referrals, "
        f"{int(option['dp_take_up']):,} new DPs, SPB cost "
        f"{money(option['spb_cost'])}."
    )


def target_hidden(
    size: int,
    bands: Iterable[int],
    findings: KeyFindings | None,
    *,
    public: bool = False,
    plan: MonthDisclosure | None = None,
) -> bool:
    """Return True when public mode hides a target group's count.

    ``findings`` and ``plan`` as for :func:`target_group`.
    """
    if not public:
        return False
    if findings is None:
        return is_small(size)
    if plan is not None:
        return _group_hidden(list(bands), plan)
    return band_count(findings, band_labels(bands), public=True) == SUPPRESSED


def pilot(plan: pd.DataFrame, group: str = "Mental Health Support") -> str:
    """Return the pilot's size and the places it gives one client group."""
    return (
        f"A pilot of {int(plan['places'].sum()):,} places gives every client group "
        f"at least {int(plan['places'].min()):,}; {group} gets "
        f"{int(plan.loc[group, 'places']):,}."
    )


def reconciliation(table: pd.DataFrame) -> str:
    """Return how many of the report's stated figures the data bear out.

    Statements whose status public mode hides (``[c]``) are left out of the
    counts, which would give their status away, and are counted apart.
    """
    withheld = int((table["status"] == SUPPRESSED).sum())
    checked = table[table["status"] != SUPPRESSED]
    mismatched = int((checked["status"] != "matches").sum())
    agreed = len(checked) - mismatched
    if not withheld:
        return (
            f"Of {len(table)} figures the report states, {agreed} match the data "
            f"and scenario, and {mismatched} do not."
        )
    return (
        f"Of {len(checked)} figures the report states that can be checked in "
        f"public, {agreed} match the data and scenario, and {mismatched} do not. "
        f"{withheld} more rest on counts this page hides, so their check is not "
        "shown."
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
