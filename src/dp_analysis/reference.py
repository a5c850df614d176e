"""Reference vocabularies: cost bands, client groups and age groups.

The vocabularies live in ``data/reference/`` as CSV files. Labels that people
actually type are matched through an explicit alias table
(``label_aliases.csv``) after a light normalisation (case, spacing, '£',
'&' or 'and'); nothing is matched by fuzzy guessing. A label that matches
nothing gets the nearest valid label as a *suggestion* in the error message.

>>> cost_band_labels()[:2]
['1) Under £100', '2) £100-199']
>>> normalise_label("client_group", "mental health  SUPPORT")
'Mental Health Support'
>>> normalise_label("cost_band", "1) Under £ 100")
'1) Under £100'
>>> band_for_cost(99.99), band_for_cost(100), band_for_cost(1500)
('1) Under £100', '2) £100-199', '8) £1000+')
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from functools import cache

import pandas as pd

from dp_analysis import paths

VOCABULARIES = ("age_group", "client_group", "cost_band")


@dataclass(frozen=True)
class CostBand:
    """One weekly package-cost band, lower bound inclusive, upper exclusive."""

    number: int
    label: str
    lower_gbp: float
    upper_gbp: float  # math.inf for the open top band


@cache
def cost_bands() -> tuple[CostBand, ...]:
    """Return the eight weekly cost bands of Appendix A, in order."""
    table = pd.read_csv(paths.REFERENCE_DIR / "cost_bands.csv", encoding="utf-8")
    return tuple(
        CostBand(
            number=int(row.band),
            label=str(row.cost_band),
            lower_gbp=float(row.lower_gbp),
            upper_gbp=math.inf if pd.isna(row.upper_gbp) else float(row.upper_gbp),
        )
        for row in table.itertuples()
    )


def cost_band_labels() -> list[str]:
    """Return the cost band labels in band order."""
    return [band.label for band in cost_bands()]


def band_number(label: str) -> int:
    """Return the band number (1 to 8) of a canonical cost band label."""
    return cost_band_labels().index(label) + 1


@cache
def client_groups(include_absent: bool = False) -> pd.DataFrame:
    """Return the client groups with their national primary support reasons.

    The report's seven groups come first; with ``include_absent`` the national
    categories that do not appear in the report follow.
    """
    table = pd.read_csv(paths.REFERENCE_DIR / "client_groups.csv", encoding="utf-8")
    if not include_absent:
        table = table[table["in_report"]]
    return table.reset_index(drop=True)


def client_group_labels(include_absent: bool = False) -> list[str]:
    """Return the client group labels in the report's column order."""
    return client_groups(include_absent)["client_group"].tolist()


@cache
def age_groups() -> pd.DataFrame:
    """Return the age groups with their bounds (``max_age`` empty for 65+)."""
    return pd.read_csv(paths.REFERENCE_DIR / "age_groups.csv", encoding="utf-8")


def age_group_labels() -> list[str]:
    """Return the age group labels, youngest first."""
    return age_groups()["age_group"].tolist()


def labels(vocabulary: str) -> list[str]:
    """Return the valid labels of one vocabulary, in report order."""
    if vocabulary == "age_group":
        return age_group_labels()
    if vocabulary == "client_group":
        return client_group_labels(include_absent=True)
    if vocabulary == "cost_band":
        return cost_band_labels()
    raise KeyError(f"unknown vocabulary {vocabulary!r}; expected one of {VOCABULARIES}")


def _key(text: str) -> str:
    """Fold a label to the form used for matching: case, spacing, '£', '&'."""
    folded = str(text).replace("\u00a0", " ").strip().lower()
    folded = re.sub(r"\band\b", "&", folded)
    folded = folded.replace("£ ", "£")
    folded = re.sub(r"\s*([:&()+\-/])\s*", r"\1", folded)
    return re.sub(r"\s+", " ", folded)


@cache
def _lookup(vocabulary: str) -> dict[str, str]:
    """Map every accepted spelling's key to its canonical label."""
    table = {_key(label): label for label in labels(vocabulary)}
    if vocabulary == "cost_band":
        bands = pd.read_csv(paths.REFERENCE_DIR / "cost_bands.csv", encoding="utf-8")
        for row in bands.itertuples():
            table[_key(row.report_label)] = str(row.cost_band)
    if vocabulary == "client_group":
        for row in client_groups(include_absent=True).itertuples():
            table[_key(row.primary_support_reason)] = str(row.client_group)
            table[_key(row.client_group.upper())] = str(row.client_group)
    aliases = pd.read_csv(
        paths.REFERENCE_DIR / "label_aliases.csv", encoding="utf-8", dtype=str
    )
    for row in aliases[aliases["vocabulary"] == vocabulary].itertuples():
        table[_key(row.alias)] = row.canonical
    return table


def normalise_label(vocabulary: str, text: str) -> str | None:
    """Return the canonical label for ``text``, or None when it matches nothing."""
    return _lookup(vocabulary).get(_key(text))


def suggest_label(vocabulary: str, text: str) -> str | None:
    """Return the nearest valid label, for an error message only."""
    canonical = labels(vocabulary)
    by_key = {_key(label): label for label in canonical}
    near = difflib.get_close_matches(_key(text), list(by_key), n=1, cutoff=0.0)
    return by_key[near[0]] if near else None


def band_for_cost(weekly_cost_gbp: float) -> str | None:
    """Return the cost band label for a weekly cost, or None if it fits no band."""
    for band in cost_bands():
        if band.lower_gbp <= weekly_cost_gbp < band.upper_gbp:
            return band.label
    return None


def age_group_for_age(age: float) -> str | None:
    """Return the age group label for an age in whole years, or None under 18."""
    for row in age_groups().itertuples():
        upper = math.inf if pd.isna(row.max_age) else row.max_age
        if row.min_age <= age <= upper:
            return str(row.age_group)
    return None
