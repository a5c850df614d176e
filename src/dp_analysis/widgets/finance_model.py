"""Financial model: Table 2, the cost pressure, Table 6 and the ICU shortfall.

The Table 2 amounts and the Core service inputs (Table 6: staff, their cost,
management, the overhead rate) are editable, as are the Integrated
Commissioning Unit (ICU) budget and the SPB services amount (Table 5's
total, £47,680, by default). The dashboard shows the cost pressure (the
report's £127,200) and the ICU shortfall (£35,935).
"""

from __future__ import annotations

import dataclasses

import ipywidgets
import pandas as pd
import traitlets

from dp_analysis.models import finance
from dp_analysis.models import spb as spb_model
from dp_analysis.scenario import CoreService, FinanceAssumptions, Scenario
from dp_analysis.widgets import figure_style
from dp_analysis.widgets.chart import Chart
from dp_analysis.widgets.dashboard import Dashboard
from dp_analysis.widgets.table import DataTable, gbp, key_figures_html

# Table 2 lines with a typed amount, and the setting that holds each.
LINE_SETTINGS = {
    "AIG": "aig_cost",
    "Training – developing the programme": "training_development_cost",
    "PA System": "pa_system_cost",
}


def finance_from_settings(
    settings: dict, report: FinanceAssumptions
) -> FinanceAssumptions:
    """Return the finance assumptions that a dashboard's settings describe."""
    lines = tuple(
        dataclasses.replace(
            line, annual_cost=float(settings[LINE_SETTINGS[line.service_area]])
        )
        if line.service_area in LINE_SETTINGS
        else line
        for line in report.cost_lines
    )
    return dataclasses.replace(
        report,
        cost_lines=lines,
        training_delivery={
            "trainers": settings["trainers"],
            "day_rate": settings["trainer_day_rate"],
            "days": settings["training_days"],
        },
        spb_online_system=float(settings["spb_online_system"]),
        core_service=CoreService(
            staff=settings["core_staff"],
            staff_cost=settings["core_staff_cost"],
            manager_fte=settings["manager_fte"],
            manager_cost=settings["manager_cost"],
            other_costs_rate=settings["other_costs_percent"] / 100,
        ),
        icu_budget=float(settings["icu_budget"]),
    )


def settings_from_finance(report: FinanceAssumptions) -> dict:
    """Return the dashboard settings that reproduce ``report``'s figures."""
    settings = {
        LINE_SETTINGS[line.service_area]: float(line.annual_cost or 0)
        for line in report.cost_lines
        if line.service_area in LINE_SETTINGS
    }
    core = report.core_service
    settings.update(
        trainers=int(report.training_delivery["trainers"]),
        trainer_day_rate=float(report.training_delivery["day_rate"]),
        training_days=int(report.training_delivery["days"]),
        spb_online_system=float(report.spb_online_system),
        core_staff=int(core.staff),
        core_staff_cost=float(core.staff_cost),
        manager_fte=float(core.manager_fte),
        manager_cost=float(core.manager_cost),
        other_costs_percent=float(round(core.other_costs_rate * 100, 4)),
        icu_budget=float(report.icu_budget),
    )
    return settings


class FinanceModel(Dashboard):
    """Cost pressure and ICU shortfall under editable costs."""

    slug = "finance-model"
    title = "Financial model: cost pressure and ICU shortfall"
    intro = (
        "Change the annual costs of Table 2 and the Core service inputs of "
        "Table 6 to see the cost pressure and how far the Core service would "
        "exceed the current ICU (Integrated Commissioning Unit) budget."
    )

    aig_cost = traitlets.Float(0.0).tag(setting=True)
    training_development_cost = traitlets.Float(0.0).tag(setting=True)
    pa_system_cost = traitlets.Float(0.0).tag(setting=True)
    trainers = traitlets.Int(0).tag(setting=True)
    trainer_day_rate = traitlets.Float(0.0).tag(setting=True)
    training_days = traitlets.Int(0).tag(setting=True)
    spb_online_system = traitlets.Float(0.0).tag(setting=True)
    spb_services = traitlets.Float(0.0).tag(setting=True)
    core_staff = traitlets.Int(0).tag(setting=True)
    core_staff_cost = traitlets.Float(0.0).tag(setting=True)
    manager_fte = traitlets.Float(0.0).tag(setting=True)
    manager_cost = traitlets.Float(0.0).tag(setting=True)
    other_costs_percent = traitlets.Float(0.0).tag(setting=True)
    icu_budget = traitlets.Float(0.0).tag(setting=True)

    def build(self) -> tuple[ipywidgets.Widget, ipywidgets.Widget]:
        """Return the controls and the cost tables and charts."""
        report = self.report_scenario
        table = spb_model.table_5(spb_model.people_by_band(self.counts), report.spb)
        with self._batch():
            for name, value in settings_from_finance(report.finance).items():
                setattr(self, name, value)
            self.spb_services = float(table["spb_total"].sum())
        style = {"description_width": "initial"}

        def amount(name: str, label: str, step: float, integer: bool = False):
            kind = ipywidgets.BoundedIntText if integer else ipywidgets.BoundedFloatText
            control = kind(
                min=0,
                max=10_000_000,
                step=step,
                description=label,
                style=style,
                layout={"width": "22em"},
            )
            ipywidgets.link((self, name), (control, "value"))
            return control

        def row(*controls):
            return ipywidgets.HBox(list(controls), layout={"flex_flow": "row wrap"})

        controls = ipywidgets.VBox(
            [
                ipywidgets.HTML("<h3>Table 2: annual costs</h3>"),
                row(
                    amount("aig_cost", "AIG (£)", 500),
                    amount(
                        "training_development_cost", "Training: developing (£)", 100
                    ),
                ),
                row(
                    amount("trainers", "Trainers", 1, True),
                    amount("trainer_day_rate", "Trainer day rate (£)", 10),
                    amount("training_days", "Training days", 1, True),
                ),
                row(
                    amount("spb_services", "SPB services (£, Table 5 total)", 500),
                    amount("spb_online_system", "SPB online system (£)", 500),
                ),
                row(amount("pa_system_cost", "PA system (£)", 500)),
                ipywidgets.HTML("<h3>Table 6: the Core service</h3>"),
                row(
                    amount("core_staff", "Staff", 1, True),
                    amount("core_staff_cost", "Cost per staff member (£)", 500),
                ),
                row(
                    amount("manager_fte", "Manager (full-time equivalent)", 0.1),
                    amount("manager_cost", "Management cost (£)", 500),
                ),
                row(
                    amount(
                        "other_costs_percent",
                        "Other costs (% of staff and management)",
                        1,
                    ),
                    amount("icu_budget", "Current ICU budget (£)", 1000),
                ),
            ]
        )
        self.headline = ipywidgets.HTML()
        self.pressure_chart = Chart(figure_style.bar_figure())
        self.pressure_table = DataTable(
            "Cost pressure by line", f"{self.slug}-cost-pressure.csv"
        )
        self.core_chart = Chart(figure_style.bar_figure(height=360))
        self.core_table = DataTable(
            "Table 6: Core service costs", f"{self.slug}-core-service.csv"
        )
        self.lines_table = DataTable(
            "Table 2: summary of the funding information", f"{self.slug}-table-2.csv"
        )
        results = ipywidgets.VBox(
            [
                self.headline,
                self.pressure_chart,
                self.pressure_table,
                self.core_chart,
                self.core_table,
                self.lines_table,
            ]
        )
        return controls, results

    def finance(self) -> FinanceAssumptions:
        """Return the finance assumptions the controls describe now."""
        return finance_from_settings(self.state(), self.report_scenario.finance)

    def settings_from_scenario(self, scenario: Scenario) -> dict:
        """Return the settings of a scenario file's finance assumptions."""
        settings = settings_from_finance(scenario.finance)
        table = spb_model.table_5(spb_model.people_by_band(self.counts), scenario.spb)
        settings["spb_services"] = float(table["spb_total"].sum())
        return settings

    def refresh(self) -> None:
        """Recompute Table 2, the cost pressure, Table 6 and the shortfall."""
        assumptions = self.finance()
        pressures = finance.cost_pressures(assumptions, spb_services=self.spb_services)
        core = finance.table_6(assumptions.core_service)
        shortfall = finance.icu_shortfall(assumptions)
        total = float(pressures["cost_pressure"].sum())
        self.results: dict[str, float] = {
            "cost_pressure": total,
            "core_service": float(core["cost"].iloc[-1]),
            "icu_shortfall": shortfall,
        }
        self.headline.value = key_figures_html(
            [
                ("Total cost pressure", gbp(total)),
                ("Core service cost (Table 6)", gbp(self.results["core_service"])),
                ("ICU budget", gbp(assumptions.icu_budget)),
                (
                    "ICU shortfall" if shortfall > 0 else "ICU budget left over",
                    gbp(abs(shortfall)),
                ),
            ],
            "Key figures",
        )
        lines = pressures["service_area"].tolist()
        figure = self.pressure_chart.go_figure
        with figure.batch_update():
            if not figure.data:
                figure.add_bar(name="Cost pressure", orientation="h")
                figure.update_layout(
                    xaxis_title="Annual cost (£)",
                    xaxis_tickprefix="£",
                    showlegend=False,
                    margin={"l": 160},
                )
            figure.data[0].update(x=pressures["cost_pressure"].tolist(), y=lines)
            figure.update_layout(title_text=f"The cost pressure is {gbp(total)} a year")
        self.pressure_chart.show(
            "Bar chart of the cost pressure by line: "
            + "; ".join(
                f"{r.service_area} {gbp(r.cost_pressure)}"
                for r in pressures.itertuples()
            )
            + f". Total {gbp(total)}."
        )
        shown = pressures.rename(
            columns={"service_area": "Line", "cost_pressure": "Annual cost (£)"}
        )
        self.pressure_table.show(shown, formats={"Annual cost (£)": gbp})

        parts = core.iloc[:-1]
        figure = self.core_chart.go_figure
        with figure.batch_update():
            if not figure.data:
                figure.add_bar(name="Core service cost")
                figure.add_bar(name="ICU budget")
                figure.update_layout(
                    yaxis_title="Annual cost (£)", yaxis_tickprefix="£", barmode="group"
                )
            figure.data[0].update(x=parts["line"].tolist(), y=parts["cost"].tolist())
            figure.data[1].update(x=["ICU budget"], y=[assumptions.icu_budget])
            verdict = "short by" if shortfall > 0 else "leaves over"
            figure.update_layout(
                title_text=f"The ICU budget is {verdict} {gbp(abs(shortfall))}"
            )
        self.core_chart.show(
            "Bar chart of the Core service costs against the ICU budget: "
            + "; ".join(f"{r.line} {gbp(r.cost)}" for r in parts.itertuples())
            + f"; ICU budget {gbp(assumptions.icu_budget)}."
        )
        shown = pd.concat(
            [
                core,
                pd.DataFrame(
                    {
                        "line": ["ICU budget", "ICU shortfall"],
                        "cost": [assumptions.icu_budget, shortfall],
                    }
                ),
            ]
        ).rename(columns={"line": "Line", "cost": "Annual cost (£)"})
        self.core_table.show(shown, formats={"Annual cost (£)": gbp})

        lines_table = finance.table_2(assumptions, self.spb_services)
        lines_table = lines_table[
            ["service_area", "funding_source", "annual_cost", "cost_pressure"]
        ]
        lines_table.columns = [
            "Service area",
            "Funding source",
            "Annual cost (£)",
            "Cost pressure",
        ]
        self.lines_table.show(
            lines_table,
            formats={
                "Annual cost (£)": lambda v: "No figure" if pd.isna(v) else gbp(v),
                "Cost pressure": lambda v: "Yes" if v else "No",
            },
        )
