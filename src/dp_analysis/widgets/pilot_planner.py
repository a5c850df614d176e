"""Targeting and pilot planner: who to offer SPB first, and what it costs.

The report's target audiences are people new to Adult Social Care (ASC),
people due a review, and groups the analysis points to (for example cost
bands 1 to 4). It weighs an incremental pilot across all client groups, with
a minimum number in each, against roll-out to everyone. For each option the
planner projects SPB referrals, direct payment (DP) take-up and SPB cost
from the take-up assumptions, which are not figures from the report.
"""

from __future__ import annotations

import dataclasses

import ipywidgets
import pandas as pd
import traitlets

from dp_analysis import disclosure, reference
from dp_analysis.models import targeting
from dp_analysis.scenario import Scenario
from dp_analysis.widgets import figure_style
from dp_analysis.widgets.chart import Chart
from dp_analysis.widgets.dashboard import Dashboard
from dp_analysis.widgets.table import DataTable, gbp, key_figures_html

# Short codes for the options compare_options returns, in its order.
OPTIONS = ("new", "reviews", "analysis", "pilot", "everyone")
OPTION_LABELS = {
    "new": "People new to ASC",
    "reviews": "Reviews",
    "analysis": "Groups from the analysis (chosen bands)",
    "pilot": "Incremental pilot",
    "everyone": "Roll-out to everyone",
}


def scenario_with_rates(
    scenario: Scenario, referral_rate: float, take_up_rate: float, minimum: int
) -> Scenario:
    """Return ``scenario`` with the planner's take-up assumptions."""
    rates = dict(scenario.targeting)
    rates.update(
        spb_referral_rate=referral_rate,
        dp_take_up_rate=take_up_rate,
        pilot_minimum_per_group=minimum,
    )
    return dataclasses.replace(scenario, targeting=rates)


class PilotPlanner(Dashboard):
    """Projected referrals, DP take-up and SPB cost for each target option."""

    slug = "pilot-planner"
    title = "Targeting and pilot planner"
    intro = (
        "Choose who is offered support planning and brokerage (SPB) first and "
        "how big a pilot to run. The planner projects how many people would be "
        "referred, how many would then take a direct payment, and the SPB cost. "
        "The referral and take-up rates are assumptions for you to change; they "
        "are not figures from the report."
    )

    options = traitlets.Tuple().tag(setting=True, item=str)
    bands = traitlets.Tuple().tag(setting=True, item=int)
    new_to_asc = traitlets.Int(100).tag(setting=True)
    reviews = traitlets.Int(100).tag(setting=True)
    pilot_places = traitlets.Int(40).tag(setting=True)
    pilot_minimum = traitlets.Int(5).tag(setting=True)
    referral_percent = traitlets.Int(100).tag(setting=True)
    take_up_percent = traitlets.Int(50).tag(setting=True)

    def build(self) -> tuple[ipywidgets.Widget, ipywidgets.Widget]:
        """Return the controls and the projections."""
        rates = self.report_scenario.targeting
        with self._batch():
            self.options = OPTIONS
            self.bands = (1, 2, 3, 4)
            self.pilot_minimum = int(rates["pilot_minimum_per_group"])
            self.referral_percent = round(rates["spb_referral_rate"] * 100)
            self.take_up_percent = round(rates["dp_take_up_rate"] * 100)
        style = {"description_width": "initial"}
        options_control = ipywidgets.SelectMultiple(
            options=[(OPTION_LABELS[o], o) for o in OPTIONS],
            description="Options to compare",
            rows=5,
            style=style,
            layout={"width": "34em"},
        )
        ipywidgets.link((self, "options"), (options_control, "value"))
        bands_control = ipywidgets.SelectMultiple(
            options=[
                (label, n)
                for n, label in enumerate(reference.cost_band_labels(), start=1)
            ],
            description="Cost bands targeted",
            rows=8,
            style=style,
            layout={"width": "24em"},
        )
        ipywidgets.link((self, "bands"), (bands_control, "value"))

        def whole(name: str, label: str, step: int, maximum: int = 100000):
            control = ipywidgets.BoundedIntText(
                min=0,
                max=maximum,
                step=step,
                description=label,
                style=style,
                layout={"width": "18em"},
            )
            ipywidgets.link((self, name), (control, "value"))
            return control

        controls = ipywidgets.VBox(
            [
                ipywidgets.HBox(
                    [options_control, bands_control], layout={"flex_flow": "row wrap"}
                ),
                ipywidgets.HTML(
                    "<p class='dp-help'>Hold Ctrl (or Cmd) to choose several. The "
                    "analysis group is the DP clients in the chosen bands (the "
                    "report's guide: bands 1 to 4 hold 258 of 308).</p>"
                ),
                ipywidgets.HBox(
                    [
                        whole("new_to_asc", "People new to ASC a year", 10),
                        whole("reviews", "Reviews a year", 10),
                    ],
                    layout={"flex_flow": "row wrap"},
                ),
                ipywidgets.HBox(
                    [
                        whole("pilot_places", "Pilot places in all", 5),
                        whole("pilot_minimum", "Minimum places per client group", 1),
                    ],
                    layout={"flex_flow": "row wrap"},
                ),
                ipywidgets.HBox(
                    [
                        whole("referral_percent", "Referred to SPB (%)", 5, 100),
                        whole("take_up_percent", "Referrals taking a DP (%)", 5, 100),
                    ],
                    layout={"flex_flow": "row wrap"},
                ),
            ]
        )
        self.headline = ipywidgets.HTML()
        self.people_chart = Chart(figure_style.bar_figure())
        self.cost_chart = Chart(figure_style.bar_figure(height=380))
        self.options_table = DataTable(
            "Projected referrals, DP take-up and SPB cost by option",
            f"{self.slug}-options.csv",
        )
        self.pilot_table = DataTable(
            "Pilot places by client group", f"{self.slug}-pilot-places.csv"
        )
        results = ipywidgets.VBox(
            [
                self.headline,
                self.people_chart,
                self.cost_chart,
                self.options_table,
                ipywidgets.HTML("<h3>Pilot places by client group</h3>"),
                self.pilot_table,
            ]
        )
        return controls, results

    def scenario(self) -> Scenario:
        """Return the report's scenario with the planner's rates."""
        return scenario_with_rates(
            self.report_scenario,
            self.referral_percent / 100,
            self.take_up_percent / 100,
            self.pilot_minimum,
        )

    def settings_from_scenario(self, scenario: Scenario) -> dict:
        """Return the take-up settings of a scenario file."""
        rates = scenario.targeting
        return {
            "referral_percent": round(rates["spb_referral_rate"] * 100),
            "take_up_percent": round(rates["dp_take_up_rate"] * 100),
            "pilot_minimum": int(rates["pilot_minimum_per_group"]),
        }

    def refresh(self) -> None:
        """Project each chosen option and lay out the pilot."""
        scenario = self.scenario()
        pilot = (
            targeting.pilot_plan(
                self.counts,
                places=self.pilot_places,
                minimum_per_group=self.pilot_minimum,
            )
            if self.pilot_places
            >= self.pilot_minimum * len(reference.client_group_labels())
            else None
        )
        projections = targeting.compare_options(
            self.counts,
            scenario,
            new_to_asc=self.new_to_asc,
            reviews=self.reviews,
            pilot_places=self.pilot_places,
            bands=tuple(sorted(self.bands)),
        )
        projections.insert(0, "code", OPTIONS)
        chosen = projections[projections["code"].isin(self.options)]
        labels = [OPTION_LABELS[c] for c in chosen["code"]]
        self.projections = chosen

        figure = self.people_chart.go_figure
        with figure.batch_update():
            if not figure.data:
                figure.add_bar(name="Referred to SPB")
                figure.add_bar(name="Taking a DP")
                figure.update_layout(yaxis_title="People", showlegend=True)
            figure.data[0].update(x=labels, y=chosen["referrals"].tolist())
            figure.data[1].update(x=labels, y=chosen["dp_take_up"].tolist())
            figure.update_layout(title_text="Projected referrals and DP take-up")
        self.people_chart.show(
            "Bar chart of projected referrals and DP take-up: "
            + "; ".join(
                f"{label}: {int(row.referrals):,} referred, {int(row.dp_take_up):,} "
                "taking a DP"
                for label, row in zip(labels, chosen.itertuples(), strict=True)
            )
            + "."
        )
        figure = self.cost_chart.go_figure
        with figure.batch_update():
            if not figure.data:
                figure.add_bar(name="SPB cost")
                figure.update_layout(
                    yaxis_title="SPB cost (£)", yaxis_tickprefix="£", showlegend=False
                )
            figure.data[0].update(x=labels, y=chosen["spb_cost"].tolist())
            figure.update_layout(title_text="Projected SPB cost by option")
        self.cost_chart.show(
            "Bar chart of projected SPB cost: "
            + "; ".join(
                f"{label}: {gbp(row.spb_cost)}"
                for label, row in zip(labels, chosen.itertuples(), strict=True)
            )
            + "."
        )
        shown = pd.DataFrame(
            {
                "Option": labels,
                "Target group": chosen["target"].tolist(),
                "Referred to SPB": chosen["referrals"].tolist(),
                "Taking a DP": chosen["dp_take_up"].tolist(),
                "SPB cost (£)": chosen["spb_cost"].tolist(),
            }
        )
        self.options_table.show(shown, formats={"SPB cost (£)": gbp})
        figures = [
            (label, f"{int(row.dp_take_up):,} taking a DP, SPB {gbp(row.spb_cost)}")
            for label, row in zip(labels, chosen.itertuples(), strict=True)
        ]
        self.headline.value = key_figures_html(figures, "Projections")
        if pilot is None:
            self.pilot_table.value = (
                f"<p class='dp-message' role='alert'>{self.pilot_places} places cannot "
                f"give {self.pilot_minimum} to each of "
                f"{len(reference.client_group_labels())} client groups.</p>"
            )
            return
        plan = pilot.reset_index()
        plan.columns = ["Client group", "DP clients now", "Pilot places"]
        # Pilot places are planned, not people counted; DP clients are counted.
        counted = plan[["Client group", "DP clients now"]]
        plan["DP clients now"] = disclosure.publishable(counted, self.mode)[
            "DP clients now"
        ]
        self.pilot_table.show(plan)
