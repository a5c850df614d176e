"""Financial implications: Table 2, the cost pressures and Table 6.

Amounts are annual, in £. The report carries two figures rounded: the SPB
service (£47,680 as "£50,000") and the ICU shortfall (£35,935 as "£36,000");
the rounding steps are in the scenario file, so the £127,200 total comes out
of the code exactly.

>>> from dp_analysis.scenario import load_scenario
>>> scenario = load_scenario()
>>> core_service_total(scenario.finance.core_service)
130935.0
>>> pressures = cost_pressures(scenario.finance, spb_services=47680)
>>> float(pressures["cost_pressure"].sum())
127200.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from dp_analysis.scenario import CoreService, FinanceAssumptions


def round_to(amount: float, step: int) -> float:
    """Round to the nearest multiple of ``step``, halves upward, as the report does.

    >>> round_to(47680, 10000), round_to(35935, 1000), round_to(35500, 1000)
    (50000.0, 36000.0, 36000.0)
    """
    return float(math.floor(amount / step + 0.5) * step)


def training_delivery_cost(finance: FinanceAssumptions) -> float:
    """Return the cost of delivering training: trainers x day rate x days.

    >>> from dp_analysis.scenario import load_scenario
    >>> training_delivery_cost(load_scenario().finance)
    3200.0
    """
    delivery = finance.training_delivery
    return float(delivery["trainers"] * delivery["day_rate"] * delivery["days"])


def table_6(core: CoreService) -> pd.DataFrame:
    """Return Table 6, the Core service costing, with its total as the last row.

    >>> from dp_analysis.scenario import load_scenario
    >>> table_6(load_scenario().finance.core_service)["cost"].tolist()
    [85500.0, 16000.0, 29435.0, 130935.0]
    """
    frame = pd.DataFrame(_table_6_rows(core), columns=["line", "cost"])
    return frame.astype({"cost": "float64"})


def _table_6_rows(core: CoreService) -> list[tuple[str, float]]:
    staff = core.staff * core.staff_cost
    management = core.manager_cost
    other = round((staff + management) * core.other_costs_rate, 2)  # to the penny
    return [
        (f"Staff ({core.staff:g} @ £{core.staff_cost:,.0f})", staff),
        (f"{core.manager_fte:g} management", management),
        (f"Other costs @ {core.other_costs_rate:.0%}", other),
        ("Total", staff + management + other),
    ]


def core_service_total(core: CoreService) -> float:
    """Return the annual cost of the Core service (Table 6 total).

    >>> from dp_analysis.scenario import load_scenario
    >>> core_service_total(load_scenario().finance.core_service)
    130935.0
    """
    return float(_table_6_rows(core)[-1][1])


def icu_shortfall(finance: FinanceAssumptions) -> float:
    """Return how far the Core service cost exceeds the current ICU budget.

    >>> from dp_analysis.scenario import load_scenario
    >>> icu_shortfall(load_scenario().finance)
    35935.0
    """
    return core_service_total(finance.core_service) - finance.icu_budget


def table_2(finance: FinanceAssumptions, spb_services: float) -> pd.DataFrame:
    """Return Table 2: each service area, its funding source and annual cost.

    ``spb_services`` is the SPB total from :func:`dp_analysis.models.spb.table_5`
    (the report's £47,680). Lines the report gives no figure for have a
    missing ``annual_cost``.
    """
    computed = {
        "training_delivery": training_delivery_cost(finance),
        "spb_services": float(spb_services),
        "core_service": core_service_total(finance.core_service),
    }
    rows = []
    for line in finance.cost_lines:
        cost = computed[line.computed_from] if line.computed_from else line.annual_cost
        rows.append(
            {
                "service_area": line.service_area,
                "funding_source": line.funding_source,
                "annual_cost": cost,
                "cost_pressure": line.cost_pressure,
                "note": line.note,
            }
        )
    return pd.DataFrame(rows).astype({"annual_cost": "float64"})


def _line_cost(table: pd.DataFrame, service_area: str) -> float:
    matched = table.loc[table["service_area"] == service_area, "annual_cost"]
    if matched.empty:
        raise KeyError(f"Table 2 has no line {service_area!r}")
    return float(matched.fillna(0).sum())


def cost_pressures(finance: FinanceAssumptions, spb_services: float) -> pd.DataFrame:
    """Return the cost-pressure table that follows Table 2 (total £127,200).

    Its lines, as the report builds them: the SPB service rounded; both
    training lines; the ICU shortfall rounded; the SPB online system; the PA
    online system; the provision of AIG.
    """
    lines = table_2(finance, spb_services)
    training = lines.loc[
        lines["service_area"].str.startswith("Training"), "annual_cost"
    ]
    steps = finance.cost_pressures
    rows = [
        ("SPB service", round_to(spb_services, steps["spb_service_rounding"])),
        ("Training costs", float(training.sum())),
        (
            "ICU shortfall",
            round_to(icu_shortfall(finance), steps["icu_shortfall_rounding"]),
        ),
        ("SPB online system", finance.spb_online_system),
        ("PA Online System", _line_cost(lines, "PA System")),
        ("Provision of AIG", _line_cost(lines, "AIG")),
    ]
    return pd.DataFrame(rows, columns=["service_area", "cost_pressure"])


@dataclass(frozen=True)
class Staffing:
    """Core service staff needed for a caseload, and what they would cost."""

    table: pd.DataFrame
    staff: int
    annual_cost: float


def core_staffing(
    finance: FinanceAssumptions,
    *,
    pa_employment_support: int,
    system_access_support: int,
    pas_recruited: int,
    employers_recruited: int,
) -> Staffing:
    """Return the whole staff posts a caseload needs, one function per post.

    Capacities are the report's, per staff member a year: 100 people helped
    with PA employment, 180 helped to use the systems, 100 PAs and 50
    employers recruited. Management and the overhead rate stay as Table 6.

    >>> from dp_analysis.scenario import load_scenario
    >>> finance = load_scenario().finance
    >>> needed = core_staffing(finance, pa_employment_support=100,
    ...     system_access_support=180, pas_recruited=100, employers_recruited=50)
    >>> needed.staff, needed.annual_cost
    (3, 130935.0)
    >>> core_staffing(finance, pa_employment_support=250, system_access_support=180,
    ...     pas_recruited=100, employers_recruited=50).staff
    5
    """
    capacity = finance.core_capacity_per_staff
    demand = {
        "PA employment support": (
            pa_employment_support,
            capacity["pa_employment_support"],
        ),
        "Access to the PA and SPB systems": (
            system_access_support,
            capacity["system_access_support"],
        ),
        "Recruiting PAs": (pas_recruited, capacity["pas_recruited"]),
        "Recruiting employers": (employers_recruited, capacity["employers_recruited"]),
    }
    rows = [
        {
            "function": name,
            "caseload": load,
            "capacity_per_staff": per_staff,
            "staff_needed": math.ceil(load / per_staff) if load > 0 else 0,
        }
        for name, (load, per_staff) in demand.items()
    ]
    table = pd.DataFrame(rows)
    # One post recruits both PAs and employers (Core service, first bullet).
    recruitment = int(table["staff_needed"].iloc[2:].max())
    staff = int(table["staff_needed"].iloc[:2].sum()) + recruitment
    core = finance.core_service
    cost = core_service_total(
        CoreService(
            staff,
            core.staff_cost,
            core.manager_fte,
            core.manager_cost,
            core.other_costs_rate,
        )
    )
    return Staffing(table=table, staff=staff, annual_cost=cost)
