"""The scenario: every assumption of the report, read from one YAML file.

A scenario is checked against ``data/scenarios/scenario.schema.json`` when it
is read, then held in frozen dataclasses so that models cannot change it.
What-if work makes a changed copy with :func:`dataclasses.replace` or
:meth:`Scenario.with_changes`.

>>> scenario = load_scenario()
>>> scenario.spb.tiers["medium"].fee, scenario.spb.asc_hourly_cost
(180.0, 20.0)
>>> scenario.with_changes({"spb": {"asc_hourly_cost": 24}}).spb.asc_hourly_cost
24.0
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
import yaml

from dp_analysis import paths
from dp_analysis.exceptions import ScenarioError

logger = logging.getLogger(__name__)

TIERS = ("low", "medium", "high")


@dataclass(frozen=True)
class Tier:
    """One SPB tier of Table 3."""

    fee: float
    hours_cap: float
    description: str = ""


@dataclass(frozen=True)
class SPBAssumptions:
    """The SPB cost model's inputs (Tables 3 and 5)."""

    tiers: dict[str, Tier]
    asc_hourly_cost: float
    band_to_tier: dict[int, str]
    participants: int
    tier_mix: dict[str, float]


@dataclass(frozen=True)
class CostLine:
    """One line of Table 2."""

    service_area: str
    funding_source: str
    cost_pressure: bool
    annual_cost: float | None = None
    computed_from: str | None = None
    note: str = ""


@dataclass(frozen=True)
class CoreService:
    """The Core service costing of Table 6."""

    staff: int
    staff_cost: float
    manager_fte: float
    manager_cost: float
    other_costs_rate: float


@dataclass(frozen=True)
class FinanceAssumptions:
    """Table 2, the cost pressures, Table 6 and the Core service capacity."""

    cost_lines: tuple[CostLine, ...]
    training_delivery: dict[str, float]
    spb_online_system: float
    cost_pressures: dict[str, int]
    core_service: CoreService
    icu_budget: float
    core_capacity_per_staff: dict[str, int]


@dataclass(frozen=True)
class Scenario:
    """Every assumption the report uses, as one immutable value."""

    name: str
    spb: SPBAssumptions
    finance: FinanceAssumptions
    mixed_budget: dict[str, int]
    age_split: dict[str, int]
    targeting: dict[str, float]
    month: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """Return the scenario as plain data, as it would be written to YAML."""
        return copy.deepcopy(self.raw)

    def to_yaml(self) -> str:
        """Return the scenario as YAML text that :func:`parse_scenario` reads."""
        return yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True)

    def with_changes(self, changes: dict[str, Any]) -> Scenario:
        """Return a copy with ``changes`` merged in, checked like a file."""
        merged = _deep_merge(self.to_dict(), changes)
        return parse_scenario(merged, source=f"{self.name} (changed)")


def _deep_merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Merge nested ``changes`` into ``base``; lists and values are replaced."""
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = _deep_merge(base[key], value)
        else:
            base[key] = value
    return base


@cache
def _validator() -> Callable[[Any], Any]:
    """Compile the schema once; fastjsonschema imports in milliseconds."""
    with open(paths.SCENARIO_SCHEMA, encoding="utf-8") as handle:
        return fastjsonschema.compile(json.load(handle))


def _normalise_keys(raw: dict[str, Any]) -> dict[str, Any]:
    """Band numbers are written as YAML integers; the schema wants strings."""
    data = copy.deepcopy(raw)
    spb = data.get("spb")
    if isinstance(spb, dict) and isinstance(spb.get("band_to_tier"), dict):
        spb["band_to_tier"] = {str(k): v for k, v in spb["band_to_tier"].items()}
    if isinstance(data.get("month"), int | float):
        data["month"] = str(data["month"])
    return data


def parse_scenario(raw: Any, source: str = "scenario") -> Scenario:
    """Check plain data against the schema and return a :class:`Scenario`.

    Raises :class:`ScenarioError` naming the key and what was expected.
    """
    if not isinstance(raw, dict):
        raise ScenarioError(f"{source}: expected a mapping of keys, got {raw!r:.60}")
    data = _normalise_keys(raw)

    # The schema names the first key that is wrong and what it must hold.
    try:
        _validator()(data)
    except fastjsonschema.JsonSchemaValueException as error:
        key = ".".join(str(p) for p in error.path[1:]) or "(top level)"
        message = error.message.replace(error.name or "data", "it", 1)
        raise ScenarioError(
            f"{source}: the scenario is not valid: {key}: {message} "
            f"(found {error.value!r:.60})"
        ) from None

    spb = data["spb"]
    mix_total = sum(spb["tier_mix"].values())
    if abs(mix_total - 1) > 1e-9:
        raise ScenarioError(
            f"{source}: spb.tier_mix must add up to 1 (100%), but adds up to "
            f"{mix_total:g}"
        )
    finance = data["finance"]
    return Scenario(
        name=data["name"],
        month=data.get("month"),
        spb=SPBAssumptions(
            tiers={
                name: Tier(
                    fee=float(spb["tiers"][name]["fee"]),
                    hours_cap=float(spb["tiers"][name]["hours_cap"]),
                    description=spb["tiers"][name].get("description", ""),
                )
                for name in TIERS
            },
            asc_hourly_cost=float(spb["asc_hourly_cost"]),
            band_to_tier={int(k): v for k, v in spb["band_to_tier"].items()},
            participants=int(spb["participants"]),
            tier_mix={name: float(spb["tier_mix"][name]) for name in TIERS},
        ),
        finance=FinanceAssumptions(
            cost_lines=tuple(CostLine(**line) for line in finance["cost_lines"]),
            training_delivery=dict(finance["training_delivery"]),
            spb_online_system=float(finance["spb_online_system"]),
            cost_pressures=dict(finance["cost_pressures"]),
            core_service=CoreService(**finance["core_service"]),
            icu_budget=float(finance["icu_budget"]),
            core_capacity_per_staff=dict(finance["core_capacity_per_staff"]),
        ),
        mixed_budget=dict(data["mixed_budget"]),
        age_split=dict(data["age_split"]),
        targeting=dict(data["targeting"]),
        raw=data,
    )


def load_scenario(path: str | Path | None = None) -> Scenario:
    """Read and check a scenario YAML file (the report's own by default)."""
    path = Path(path) if path is not None else paths.REPORT_SCENARIO
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(f"{path}: scenario file not found") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ScenarioError(f"{path}: not valid YAML: {error}") from None
    scenario = parse_scenario(raw, source=str(path))
    logger.info("Read scenario %r from %s", scenario.name, path)
    return scenario
