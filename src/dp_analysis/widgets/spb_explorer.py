"""SPB cost scenario explorer: every assumption of Table 5 as a control.

Support planning and brokerage (SPB) is costed per person by tier (low,
medium, high): a fixed fee under SPB, against the tier's hours cap times the
Adult Social Care (ASC) hourly cost when ASC staff do the work. Each cost
band is mapped to a tier. The dashboard shows Table 5 for the people on a
direct payment, the costing for the planned participants split by the tier
mix, and the ASC hourly cost at which the two cost the same (break-even).
Up to three scenarios can be kept and compared with the current one.
"""

from __future__ import annotations

from typing import Any

import ipywidgets
import pandas as pd
import traitlets

from dp_analysis import disclosure, narrative, reference
from dp_analysis.models import spb as spb_model
from dp_analysis.scenario import TIERS, Scenario, SPBAssumptions, Tier
from dp_analysis.widgets import figure_style
from dp_analysis.widgets.chart import Chart
from dp_analysis.widgets.dashboard import Dashboard
from dp_analysis.widgets.table import DataTable, Formatter, gbp, key_figures_html

MAX_KEPT = 3
TIER_NAMES = {"low": "Low", "medium": "Medium", "high": "High"}


def spb_from_settings(settings: dict, report: SPBAssumptions) -> SPBAssumptions:
    """Return the SPB assumptions that a dashboard's settings describe."""
    tiers = {
        name: Tier(
            fee=float(settings[f"fee_{name}"]),
            hours_cap=float(settings[f"hours_{name}"]),
            description=report.tiers[name].description,
        )
        for name in TIERS
    }
    low, high = settings["mix_low_percent"] / 100, settings["mix_high_percent"] / 100
    return SPBAssumptions(
        tiers=tiers,
        asc_hourly_cost=float(settings["asc_hourly_cost"]),
        band_to_tier={n: settings[f"band_{n}_tier"] for n in range(1, 9)},
        participants=int(settings["participants"]),
        tier_mix={"low": low, "medium": 1 - low - high, "high": high},
    )


def settings_from_spb(spb: SPBAssumptions) -> dict:
    """Return the dashboard settings that reproduce ``spb``."""
    settings: dict = {"asc_hourly_cost": spb.asc_hourly_cost}
    for name in TIERS:
        settings[f"fee_{name}"] = spb.tiers[name].fee
        settings[f"hours_{name}"] = spb.tiers[name].hours_cap
    for number, tier in spb.band_to_tier.items():
        settings[f"band_{number}_tier"] = tier
    settings["participants"] = spb.participants
    settings["mix_low_percent"] = round(spb.tier_mix["low"] * 100)
    settings["mix_high_percent"] = round(spb.tier_mix["high"] * 100)
    return settings


class SPBExplorer(Dashboard):
    """Table 5 and the participant costing under editable assumptions."""

    slug = "spb-explorer"
    title = "Support planning and brokerage (SPB) cost scenarios"
    intro = (
        "Compare the cost of support planning and brokerage (SPB) with the cost "
        "of Adult Social Care (ASC) staff doing the same work. Change the fees, "
        "hour caps, ASC hourly cost, which tier each cost band gets, the number "
        "of participants and the tier mix."
    )

    asc_hourly_cost = traitlets.Float(20.0).tag(setting=True)
    fee_low = traitlets.Float(0.0).tag(setting=True)
    fee_medium = traitlets.Float(0.0).tag(setting=True)
    fee_high = traitlets.Float(0.0).tag(setting=True)
    hours_low = traitlets.Float(0.0).tag(setting=True)
    hours_medium = traitlets.Float(0.0).tag(setting=True)
    hours_high = traitlets.Float(0.0).tag(setting=True)
    participants = traitlets.Int(300).tag(setting=True)
    mix_low_percent = traitlets.Int(25).tag(setting=True)
    mix_high_percent = traitlets.Int(25).tag(setting=True)
    # The SPB tier of each weekly cost band, band 1 (under £100) to band 8.
    band_1_tier = traitlets.Unicode("low").tag(setting=True)
    band_2_tier = traitlets.Unicode("low").tag(setting=True)
    band_3_tier = traitlets.Unicode("medium").tag(setting=True)
    band_4_tier = traitlets.Unicode("medium").tag(setting=True)
    band_5_tier = traitlets.Unicode("medium").tag(setting=True)
    band_6_tier = traitlets.Unicode("medium").tag(setting=True)
    band_7_tier = traitlets.Unicode("high").tag(setting=True)
    band_8_tier = traitlets.Unicode("high").tag(setting=True)

    def build(self) -> tuple[ipywidgets.Widget, ipywidgets.Widget]:
        """Return the controls and the results (figures, charts, tables)."""
        self.people_in_band = spb_model.people_by_band(self.counts)
        self._cost_cache: dict[str, tuple] = {}
        with self._batch():
            for name, value in settings_from_spb(self.report_scenario.spb).items():
                setattr(self, name, value)
        style = {"description_width": "initial"}

        def number(name: str, label: str, step: float, minimum: float = 0.0):
            control = ipywidgets.BoundedFloatText(
                min=minimum,
                max=100000,
                step=step,
                description=label,
                style=style,
                layout={"width": "15em"},
            )
            ipywidgets.link((self, name), (control, "value"))
            return control

        self.asc_control = number("asc_hourly_cost", "ASC hourly cost (£)", 0.5)
        tier_rows = []
        for name in TIERS:
            tier_rows.append(
                ipywidgets.HBox(
                    [
                        number(f"fee_{name}", f"{TIER_NAMES[name]} tier fee (£)", 10),
                        number(
                            f"hours_{name}", f"{TIER_NAMES[name]} tier hours cap", 1
                        ),
                    ]
                )
            )
        tier_options = [(TIER_NAMES[t], t) for t in TIERS]
        band_controls = []
        for number_, label in enumerate(reference.cost_band_labels(), start=1):
            control = ipywidgets.Dropdown(
                options=tier_options,
                description=f"Band {label}",
                style=style,
                layout={"width": "18em"},
            )
            ipywidgets.link((self, f"band_{number_}_tier"), (control, "value"))
            band_controls.append(control)
        self.participants_control = ipywidgets.BoundedIntText(
            min=0,
            max=100000,
            step=10,
            description="Participants",
            style=style,
            layout={"width": "15em"},
        )
        ipywidgets.link((self, "participants"), (self.participants_control, "value"))
        mix_controls = []
        for name in ("low", "high"):
            # A number box, not a slider: the slider's handle has no accessible name.
            control = ipywidgets.BoundedIntText(
                min=0,
                max=100,
                step=5,
                description=f"{TIER_NAMES[name]} tier share (%)",
                style=style,
                layout={"width": "15em"},
            )
            ipywidgets.link((self, f"mix_{name}_percent"), (control, "value"))
            mix_controls.append(control)
        self.mix_note = ipywidgets.HTML()

        controls = ipywidgets.VBox(
            [
                self.asc_control,
                ipywidgets.HTML("<h3>SPB tiers (Table 3)</h3>"),
                *tier_rows,
                ipywidgets.HTML(
                    "<h3>SPB tier for each weekly cost band (Table 5)</h3>"
                    "<p class='dp-help'>People in a band get that tier of SPB.</p>"
                ),
                ipywidgets.GridBox(
                    band_controls,
                    layout={"grid_template_columns": "repeat(auto-fill, 19em)"},
                ),
                ipywidgets.HTML("<h3>Participants and tier mix</h3>"),
                ipywidgets.HBox(
                    [self.participants_control, *mix_controls],
                    layout={"flex_flow": "row wrap"},
                ),
                self.mix_note,
            ]
        )

        self.headline = ipywidgets.HTML()
        self.band_chart = Chart(figure_style.bar_figure())
        self.band_table = DataTable(
            "Table 5: SPB and ASC cost by weekly cost band", f"{self.slug}-table-5.csv"
        )
        self.participant_chart = Chart(figure_style.bar_figure(height=380))
        self.participant_table = DataTable(
            "Cost for the participants, by SPB tier",
            f"{self.slug}-participants.csv",
        )
        self.kept: list[tuple[str, dict]] = []
        self.keep_button = ipywidgets.Button(
            description="Keep this scenario to compare",
            tooltip=f"Keep up to {MAX_KEPT} scenarios side by side",
            layout={"width": "auto"},
        )
        self.keep_button.on_click(lambda _: self.keep_scenario())
        self.clear_button = ipywidgets.Button(
            description="Clear kept scenarios", layout={"width": "auto"}
        )
        self.clear_button.on_click(lambda _: self.clear_kept())
        self.compare_table = DataTable(
            "Kept scenarios compared with the current one",
            f"{self.slug}-comparison.csv",
        )
        results = ipywidgets.VBox(
            [
                self.headline,
                self.band_chart,
                self.band_table,
                self.participant_chart,
                self.participant_table,
                ipywidgets.HTML("<h3>Compare scenarios</h3>"),
                ipywidgets.HBox([self.keep_button, self.clear_button]),
                self.compare_table,
            ]
        )
        return controls, results

    def spb(self) -> SPBAssumptions:
        """Return the SPB assumptions the controls describe now."""
        return spb_from_settings(self.state(), self.report_scenario.spb)

    def settings_from_scenario(self, scenario: Scenario) -> dict:
        """Return the settings of a scenario file's SPB assumptions."""
        return settings_from_spb(scenario.spb)

    def refresh(self) -> None:
        """Recompute Table 5, the participant costing and the break-even rate."""
        spb = self.spb()
        medium = 100 - self.mix_low_percent - self.mix_high_percent
        if medium < 0:
            self.mix_note.value = (
                "<p class='dp-message' role='alert'>The low and high tier shares add "
                "up to more than 100%; lower one of them.</p>"
            )
            return
        self.mix_note.value = f"<p>Medium tier share: {medium}% (the rest).</p>"

        table, totals, costing, break_even = self._costs(spb)
        self.results: dict[str, Any] = {
            "spb_total": totals.spb_total,
            "asc_total": totals.asc_total,
            "variance_total": totals.variance_total,
            "break_even": break_even,
            "participants_spb": float(costing["spb_total"].sum()),
            "participants_asc": float(costing["asc_total"].sum()),
        }
        cheaper = "cheaper" if totals.variance_total <= 0 else "dearer"
        self.headline.value = key_figures_html(
            [
                ("SPB cost, people on a DP (Table 5)", gbp(totals.spb_total)),
                ("ASC cost for the same people", gbp(totals.asc_total)),
                (f"Difference (SPB is {cheaper})", gbp(totals.variance_total)),
                ("Saving as a share of the ASC cost", f"{totals.saving_share:.1%}"),
                ("Break-even ASC hourly cost", break_even),
                (
                    f"SPB cost for {spb.participants:,} participants",
                    gbp(self.results["participants_spb"]),
                ),
            ],
            "Key figures",
        )
        self._draw_bands(table, totals)
        self._draw_participants(costing, spb)
        self._show_comparison()

    def _draw_bands(self, table: pd.DataFrame, totals: spb_model.SPBTotals) -> None:
        """Draw Table 5 and its chart; public mode hides small counts in both."""
        columns = [
            "cost_band",
            "spb_tier",
            "number",
            "spb_cost_per_person",
            "spb_total",
            "hours",
            "asc_cost_per_person",
            "asc_total",
            "variance_total",
        ]
        # The same rule as the published Table 5: a band's people and its
        # totals are [c] when the people number 1 to 7, with the next smallest.
        shown = disclosure.publishable(table.reset_index()[columns], self.mode)
        hidden = (shown["spb_total"] == disclosure.SUPPRESSED).to_numpy()
        plotted = table[["spb_total", "asc_total"]].copy()
        plotted.loc[hidden] = float("nan")

        bands = table.index.tolist()
        figure = self.band_chart.go_figure
        with figure.batch_update():
            _set_cost_bars(figure, bands, plotted, "Weekly cost band")
            verdict = "less" if totals.variance_total <= 0 else "more"
            figure.update_layout(
                title_text=f"SPB costs {gbp(abs(totals.variance_total))} {verdict} "
                "than ASC for people on a DP"
            )
        left_out = (
            f" Bands {narrative.listing(map(str, table.index[hidden]))} are left out: "
            f"they hold 1 to {disclosure.DEFAULT_THRESHOLD} people, or would show "
            "such a band's count."
            if hidden.any()
            else ""
        )
        largest = ""
        if plotted["spb_total"].notna().any():
            band = plotted["spb_total"].idxmax()
            largest = (
                f"; the largest SPB cost is in band {band} "
                f"({gbp(table.loc[band, 'spb_total'])})"
            )
        self.band_chart.show(
            f"Bar chart of SPB and ASC cost by weekly cost band. In total SPB costs "
            f"{gbp(totals.spb_total)} and ASC {gbp(totals.asc_total)}{largest}."
            + left_out
        )
        shown.columns = [
            "Cost band",
            "SPB tier",
            "People",
            "SPB fee (£)",
            "SPB total (£)",
            "Hours",
            "ASC cost per person (£)",
            "ASC total (£)",
            "Difference (£)",
        ]
        money: dict[str, Formatter] = {str(c): gbp for c in shown.columns if "(£)" in c}
        self.band_table.show(shown, formats=money)

    def _draw_participants(self, costing: pd.DataFrame, spb: SPBAssumptions) -> None:
        tiers = [TIER_NAMES[t] for t in costing.index]
        figure = self.participant_chart.go_figure
        with figure.batch_update():
            _set_cost_bars(figure, tiers, costing, "SPB tier")
            figure.update_layout(
                title_text=f"{spb.participants:,} participants would cost "
                f"{gbp(costing['spb_total'].sum())} under SPB"
            )
        self.participant_chart.show(
            f"Bar chart of SPB and ASC cost for {spb.participants:,} participants by "
            "tier: "
            + "; ".join(
                f"{TIER_NAMES[t]} tier {int(row.participants)} people, SPB "
                f"{gbp(row.spb_total)}, ASC {gbp(row.asc_total)}"
                for t, row in costing.iterrows()
            )
            + "."
        )
        shown = costing.reset_index()[
            ["spb_tier", "participants", "spb_total", "asc_total", "variance_total"]
        ]
        shown["spb_tier"] = tiers
        shown.columns = [
            "SPB tier",
            "Participants",
            "SPB total (£)",
            "ASC total (£)",
            "Difference (£)",
        ]
        self.participant_table.show(shown, formats={c: gbp for c in shown.columns[2:]})

    # -- comparing scenarios -------------------------------------------------

    def keep_scenario(self) -> None:
        """Keep the current settings for comparison (the oldest drops out)."""
        number = self.kept[-1][0].split()[-1] if self.kept else "0"
        name = f"Scenario {int(number) + 1}"
        self.kept = [*self.kept, (name, self.state())][-MAX_KEPT:]
        self._show_comparison()

    def clear_kept(self) -> None:
        """Forget the kept scenarios."""
        self.kept = []
        self._show_comparison()

    def reset(self) -> None:
        """Reset every setting to the report's figures and clear kept scenarios."""
        self.kept = []
        super().reset()

    def _costs(
        self, spb: SPBAssumptions
    ) -> tuple[pd.DataFrame, spb_model.SPBTotals, pd.DataFrame, str]:
        """Return Table 5, its totals, the participant costing and break-even.

        Kept for the last few assumptions asked for: the comparison table
        asks again for the current settings and for each kept scenario.
        """
        key = repr(spb)
        if key not in self._cost_cache:
            table = spb_model.table_5(self.people_in_band, spb)
            try:
                break_even = gbp(spb_model.break_even_from_table(table))
            except ValueError:
                break_even = "not defined (no hours)"
            self._cost_cache[key] = (
                table,
                spb_model.table_5_totals(table),
                spb_model.participants_costing(spb),
                break_even,
            )
            while len(self._cost_cache) > 2 * (MAX_KEPT + 1):
                del self._cost_cache[next(iter(self._cost_cache))]
        return self._cost_cache[key]

    def _scenario_column(self, settings: dict) -> list[str]:
        spb = spb_from_settings(settings, self.report_scenario.spb)
        _, totals, costing, break_even = self._costs(spb)
        return [
            gbp(spb.asc_hourly_cost),
            " / ".join(gbp(spb.tiers[t].fee) for t in TIERS),
            " / ".join(f"{spb.tiers[t].hours_cap:g}" for t in TIERS),
            "".join(spb.band_to_tier[n][0].upper() for n in range(1, 9)),
            f"{spb.participants:,}",
            " / ".join(f"{spb.tier_mix[t]:.0%}" for t in TIERS),
            gbp(totals.spb_total),
            gbp(totals.asc_total),
            gbp(totals.variance_total),
            break_even,
            gbp(float(costing["spb_total"].sum())),
        ]

    def _show_comparison(self) -> None:
        rows = [
            "ASC hourly cost",
            "Fees (low / medium / high)",
            "Hours caps (low / medium / high)",
            "Tier of bands 1-8 (L, M, H)",
            "Participants",
            "Tier mix (low / medium / high)",
            "SPB cost, people on a DP",
            "ASC cost, people on a DP",
            "Difference",
            "Break-even ASC hourly cost",
            "SPB cost for the participants",
        ]
        columns = {"Figure": rows}
        for name, settings in self.kept:
            columns[name] = self._scenario_column(settings)
        columns["Current settings"] = self._scenario_column(self.state())
        self.compare_table.show(pd.DataFrame(columns))
        self.keep_button.disabled = False


def _set_cost_bars(figure: Any, labels: list, costs: pd.DataFrame, axis: str) -> None:
    """Draw SPB against ASC cost as paired bars; the traces are made only once."""
    if not figure.data:
        figure.add_bar(name="SPB cost")
        figure.add_bar(name="ASC cost")
        figure.update_layout(
            yaxis_title="Annual cost (£)",
            yaxis_tickprefix="£",
            xaxis_title=axis,
            showlegend=True,
        )
    figure.data[0].update(x=labels, y=costs["spb_total"].tolist())
    figure.data[1].update(x=labels, y=costs["asc_total"].tolist())
