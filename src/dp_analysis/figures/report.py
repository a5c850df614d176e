"""The report's charts, each with a takeaway title written from the data.

These functions take model results and choose the chart type, the title and
the text alternative; the drawing is left to the chart-type modules.

>>> from dp_analysis.counts import appendix_a
>>> from dp_analysis.models import uptake
>>> bundle = people_by_band_chart(uptake.key_findings(appendix_a()))
>>> bundle.title
'Band 2) £100-199 holds the most DP clients: 90 of 308 (29%).'
>>> int(bundle.table.loc["8) £1000+", "people"])
5
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import pandas as pd

from dp_analysis import disclosure, narrative
from dp_analysis.counts import DIMENSION_TITLES
from dp_analysis.figures.bars import bar_chart, grouped_bar_chart
from dp_analysis.figures.bundle import ChartBundle
from dp_analysis.figures.heatmap import heatmap
from dp_analysis.figures.tornado import tornado_chart
from dp_analysis.figures.trend import trend_chart
from dp_analysis.models import uptake
from dp_analysis.models.spb import SPBTotals
from dp_analysis.models.uptake import GRAND_TOTAL, KeyFindings

if TYPE_CHECKING:
    from dp_analysis.month_disclosure import MonthDisclosure

TABLE_NOTE = "Every value is in the table below the chart."


def _planned(
    plan: MonthDisclosure | None, rows: str, columns: str | None = None
) -> pd.DataFrame | pd.Series | None:
    """Return the plan's hidden values of one view, totals left out (or None)."""
    return None if plan is None else _view_hidden(plan, rows, columns)


def _view_hidden(
    plan: MonthDisclosure, rows: str, columns: str | None = None
) -> pd.DataFrame | pd.Series:
    """Return the plan's hidden values of one view, totals left out."""
    hidden = plan.view(rows, columns).hidden
    if columns is None:
        return hidden.drop(GRAND_TOTAL)
    return hidden.drop(index=GRAND_TOTAL, columns=GRAND_TOTAL)


def uptake_heatmap(
    counts: pd.DataFrame,
    rows: str = "cost_band",
    columns: str = "client_group",
    *,
    public: bool = False,
    plan: MonthDisclosure | None = None,
) -> ChartBundle:
    """Return DP clients by two dimensions as a heatmap, largest cell named.

    In public mode the month's ``plan`` (when given) says which cells to hide.
    """
    table = uptake.crosstab(counts, rows, columns, margins=False)
    table.index.name = DIMENSION_TITLES[rows]
    table.columns.name = DIMENSION_TITLES[columns]
    row, column = table.stack().idxmax()
    largest = int(table.loc[row, column])
    hidden = _planned(plan, rows, columns) if public else None
    count = narrative.people(largest, public=public)
    if hidden is not None and hidden.loc[row, column]:
        count = narrative.SUPPRESSED
    title = (
        f"The largest group of DP clients is {column} in "
        f"{DIMENSION_TITLES[rows].lower()} {row}: {count} people."
    )
    alt_text = (
        f"Heatmap of DP clients by {DIMENSION_TITLES[rows].lower()} (rows) and "
        f"{DIMENSION_TITLES[columns].lower()} (columns); darker cells hold more "
        f"people. The darkest cell is {column}, {row}. {TABLE_NOTE}"
    )
    bundle = heatmap(
        table, title=title, alt_text=alt_text, public=public, hidden=hidden
    )
    return replace(bundle, name=f"heatmap_{rows}_by_{columns}")


def people_by_band_chart(
    findings: KeyFindings,
    *,
    public: bool = False,
    plan: MonthDisclosure | None = None,
) -> ChartBundle:
    """Return DP clients in each cost band, the largest band highlighted."""
    band = findings.largest_band
    values = pd.Series({count.label: count.people for count in findings.bands_ranked})
    values = values.reindex(sorted(values.index))
    values.index.name = DIMENSION_TITLES["cost_band"]
    count, part = narrative.bands_text(
        findings, [band.label], band.people, public=public, plan=plan
    )
    title = (
        f"Band {band.label} holds the most DP clients: "
        f"{count} of {narrative.people(findings.total, public=public)} ({part})."
    )
    low = narrative.bands_1_to_4(findings, public=public, plan=plan)
    alt_text = (
        f"Bar chart of DP clients in each of the {len(values)} weekly cost bands, "
        f"band {band.label} highlighted. {low} {TABLE_NOTE}"
    )
    bundle = bar_chart(
        values,
        title=title,
        alt_text=alt_text,
        highlight=band.label,
        public=public,
        hidden=_planned(plan, "cost_band") if public else None,
    )
    return replace(bundle, name="people_by_cost_band")


def people_by_chart(
    counts: pd.DataFrame,
    dimension: str,
    *,
    public: bool = False,
    plan: MonthDisclosure | None = None,
) -> ChartBundle:
    """Return DP clients by one dimension (age group or client group) as bars."""
    ranked = uptake.ranking(counts, dimension)
    top = ranked.iloc[0]
    values = uptake.people_by(counts, [dimension])["people"]
    values.index = values.index.astype(str)
    values.index.name = DIMENSION_TITLES[dimension]
    name = DIMENSION_TITLES[dimension].lower()
    hidden = _planned(plan, dimension) if public else None
    count = narrative.people(top["people"], public=public)
    part = narrative.share(top["people"], values.sum(), public=public)
    if hidden is not None and hidden.get(str(top[dimension]), False):
        count = part = narrative.SUPPRESSED
    title = (
        f"{top[dimension]} is the largest {name}: {count} of "
        f"{narrative.people(values.sum(), public=public)} DP clients ({part})."
    )
    alt_text = (
        f"Bar chart of DP clients by {name}, {top[dimension]} highlighted. {TABLE_NOTE}"
    )
    bundle = bar_chart(
        values,
        title=title,
        alt_text=alt_text,
        highlight=str(top[dimension]),
        public=public,
        hidden=hidden,
    )
    return replace(bundle, name=f"people_by_{dimension}")


def uptake_rate_chart(
    rates: pd.DataFrame, dimension: str, *, plan: MonthDisclosure | None = None
) -> ChartBundle:
    """Return the DP share of clients (the ASCOF measure) by one dimension.

    With the month's ``plan`` (public mode) the table hides the DP clients the
    plan hides; their rates are expected to be missing already.
    """
    values = (rates["uptake_rate"] * 100).round(1)
    values.index = values.index.astype(str)
    values.index.name = DIMENSION_TITLES[dimension]
    best = values.idxmax()
    title = f"DP uptake is highest in {best}: {values[best]:.0f}% of clients take a DP."
    if values.isna().any():  # public mode hid a rate, which may be higher
        title = f"Of the rates shown, {title[0].lower()}{title[1:]}"
    alt_text = (
        f"Bar chart of the percentage of clients in long-term community support "
        f"who take a DP, by {DIMENSION_TITLES[dimension].lower()}. {TABLE_NOTE}"
    )
    bundle = bar_chart(
        values,
        title=title,
        alt_text=alt_text,
        highlight=best,
        value_name="% taking a DP",
    )
    table = rates[["people", "clients"]].copy()
    table.index = table.index.astype(str)
    table["uptake_rate_percent"] = values
    hidden = None
    if plan is not None:
        by_label = disclosure.aligned(_view_hidden(plan, dimension), table.index)
        hidden = pd.DataFrame({"people": by_label.to_numpy()}, index=table.index)
    bundle = ChartBundle(bundle.figure, table, title, alt_text, hidden=hidden)
    return replace(bundle, name=f"uptake_rate_by_{dimension}")


def table_5_chart(
    table: pd.DataFrame, totals: SPBTotals, *, hidden: pd.Series | None = None
) -> ChartBundle:
    """Return SPB against ASC cost in each cost band (Table 5) as grouped bars.

    A band's costs are its count times its tier's fee or hours, so the costs
    of a band whose count is hidden (``hidden``, True per band) are not drawn.
    """
    costs = table[["spb_total", "asc_total"]].rename(
        columns={"spb_total": "SPB", "asc_total": "ASC staff"}
    )
    left_out = None
    if hidden is not None:
        by_band = disclosure.aligned(hidden, costs.index)
        left_out = pd.DataFrame({column: by_band for column in costs.columns})
    costs.index.name = DIMENSION_TITLES["cost_band"]
    difference = totals.asc_total - totals.spb_total
    cheaper = "less" if difference >= 0 else "more"
    title = (
        f"SPB would cost {narrative.money(abs(difference))} {cheaper} than ASC "
        f"staff for the {totals.people:,} DP clients "
        f"({narrative.money(totals.spb_total)} against "
        f"{narrative.money(totals.asc_total)})."
    )
    alt_text = (
        "Grouped bar chart of the annual SPB cost and the ASC staff cost in each "
        f"weekly cost band. {TABLE_NOTE}"
    )
    bundle = grouped_bar_chart(
        costs,
        title=title,
        alt_text=alt_text,
        value_name="Annual cost (£)",
        money=True,
        hidden=left_out,
    )
    return replace(bundle, name="table_5_spb_against_asc")


def tier_mix_chart(
    scenario_mix: dict[str, float], implied_mix: dict[str, float]
) -> ChartBundle:
    """Return the report's tier mix beside the mix the data imply."""
    table = (
        pd.DataFrame(
            {"Report's assumption": scenario_mix, "Implied by the data": implied_mix}
        )
        .mul(100)
        .round(1)
    )
    table.index.name = "SPB tier"
    assumed, implied = table.columns
    gaps = table[implied] - table[assumed]
    tier = gaps.abs().idxmax()
    direction = "more" if gaps[tier] > 0 else "fewer"
    title = (
        f"The data imply {direction} {tier}-tier clients than the report assumes: "
        f"{table.loc[tier, implied]:.0f}% against "
        f"{table.loc[tier, assumed]:.0f}%."
    )
    alt_text = (
        "Grouped bar chart of the percentage of clients in each SPB tier, the "
        f"report's assumed mix beside the mix the cost bands imply. {TABLE_NOTE}"
    )
    bundle = grouped_bar_chart(
        table, title=title, alt_text=alt_text, value_name="% of clients", money=False
    )
    return replace(bundle, name="tier_mix")


def sensitivity_chart(table: pd.DataFrame, swing: float) -> ChartBundle:
    """Return a tornado chart of the SPB-against-ASC sensitivity table."""
    widest = table.iloc[0]
    title = (
        f"The {widest['input']} moves the SPB saving most: a {swing:.0%} change "
        f"shifts it by {narrative.money(widest['spread'] / 2)} either way."
    )
    alt_text = (
        f"Tornado chart: each input moved down and up by {swing:.0%}, the "
        "difference between SPB and ASC cost for the scenario's participants "
        f"(negative: SPB cheaper), widest first. {TABLE_NOTE}"
    )
    bundle = tornado_chart(
        table,
        base=float(table.attrs.get("base", 0.0)),
        title=title,
        alt_text=alt_text,
        swing=swing,
        measure="SPB cost minus ASC cost (£)",
    )
    return replace(bundle, name="sensitivity")


def cost_pressure_chart(pressures: pd.DataFrame) -> ChartBundle:
    """Return the cost-pressure lines as bars, the largest highlighted."""
    values = pressures.set_index("service_area")["cost_pressure"]
    values.index.name = "Cost pressure"
    largest = values.idxmax()
    title = (
        f"The {largest} is the largest of the cost pressures, "
        f"{narrative.money(values[largest])} of {narrative.money(values.sum())}."
    )
    alt_text = f"Bar chart of the annual cost pressure of each line, in £. {TABLE_NOTE}"
    bundle = bar_chart(
        values,
        title=title,
        alt_text=alt_text,
        highlight=largest,
        value_name="£ a year",
        money=True,
    )
    return replace(bundle, name="cost_pressures")


def options_chart(options: pd.DataFrame) -> ChartBundle:
    """Return projected SPB referrals and DP take-up for each targeting option."""
    table = options.set_index("option")[["referrals", "dp_take_up"]].rename(
        columns={"referrals": "SPB referrals", "dp_take_up": "New DPs"}
    )
    table.index.name = "Option"
    best = table["New DPs"].idxmax()
    title = f"{best} would bring the most new DPs: {int(table.loc[best, 'New DPs']):,}."
    alt_text = (
        "Grouped bar chart of projected SPB referrals and new DPs for each "
        f"targeting option. {TABLE_NOTE}"
    )
    bundle = grouped_bar_chart(
        table, title=title, alt_text=alt_text, value_name="People"
    )
    return replace(bundle, name="targeting_options")


def pilot_chart(
    pilot: pd.DataFrame,
    *,
    public: bool = False,
    plan: MonthDisclosure | None = None,
) -> ChartBundle:
    """Return the pilot places for each client group as bars.

    The table beside it gives each group's DP clients: in public mode those
    the month's ``plan`` hides are hidden.
    """
    values = pilot["places"]
    values.index.name = DIMENSION_TITLES["client_group"]
    smallest = int(values.min())
    title = (
        f"Every client group gets at least {smallest} pilot places, "
        f"{int(values.sum()):,} in all."
    )
    alt_text = f"Bar chart of pilot places for each client group. {TABLE_NOTE}"
    bundle = bar_chart(values, title=title, alt_text=alt_text, value_name="places")
    hidden = None
    if public and plan is not None:
        by_group = _view_hidden(plan, "client_group")
        rows = disclosure.aligned(by_group, pilot.index)
        # Places are shared by the size of each group: small ones are hidden too.
        hidden = pd.DataFrame(
            {"dp_clients": rows.to_numpy(), "places": False}, index=pilot.index
        )
    bundle = ChartBundle(bundle.figure, pilot, title, alt_text, hidden=hidden)
    return replace(bundle, name="pilot_places")


def dp_clients_trend_chart(
    history: pd.DataFrame, *, public: bool = False
) -> ChartBundle:
    """Return DP clients each month (and clients, when the source has them)."""
    columns = {"people": "DP clients"}
    if "clients" in history:
        columns["clients"] = "All clients in long-term community support"
    by_month = history.groupby("month")[list(columns)].sum().rename(columns=columns)
    by_month.index.name = "Month"
    title = narrative.trend(by_month["DP clients"])
    alt_text = (
        f"Line chart of DP clients in each of the {len(by_month)} months the "
        f"source holds. {TABLE_NOTE}"
    )
    bundle = trend_chart(by_month, title=title, alt_text=alt_text, public=public)
    return replace(bundle, name="trend_by_month")
