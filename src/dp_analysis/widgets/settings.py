"""A dashboard's settings as plain values: query strings and YAML files.

A dashboard's settings are its traitlets tagged ``setting=True``. The same
flat mapping of setting name to value is written to a shareable link (only
the settings that differ from the report's defaults) and to a saved YAML
file, and read back from either.

>>> encode_query({"asc_hourly_cost": 24.0, "bands": (1, 2)},
...              {"asc_hourly_cost": 20.0, "bands": (1, 2)})
'asc_hourly_cost=24'
>>> parse_query("asc_hourly_cost=24&bands=1,3&x=")
{'asc_hourly_cost': '24', 'bands': '1,3', 'x': ''}
"""

from __future__ import annotations

import urllib.parse
from typing import Any

import traitlets
import yaml

from dp_analysis.exceptions import ScenarioError

FILE_KIND = "dp-analysis dashboard settings"


def _text(value: Any) -> str:
    if isinstance(value, tuple | list):
        return ",".join(_text(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def encode_query(settings: dict[str, Any], defaults: dict[str, Any]) -> str:
    """Return a query string holding the settings that differ from defaults."""
    changed = {
        name: _text(value)
        for name, value in sorted(settings.items())
        if defaults.get(name) != value
    }
    return urllib.parse.urlencode(changed, safe=",")


def parse_query(query: str) -> dict[str, str]:
    """Return the query string's parameters, the last value of each name."""
    return dict(urllib.parse.parse_qsl(query.lstrip("?"), keep_blank_values=True))


def decode(trait: traitlets.TraitType, text: Any, name: str) -> Any:
    """Return ``text`` (from a link or a file) as the value ``trait`` holds.

    Raises :class:`ScenarioError` naming the setting when it does not parse.
    """
    try:
        if isinstance(trait, traitlets.Bool):
            return str(text).strip().lower() in ("1", "true", "yes")
        if isinstance(trait, traitlets.Int):
            return int(float(text))
        if isinstance(trait, traitlets.Float):
            return float(text)
        if isinstance(trait, traitlets.Tuple):
            item = trait.metadata.get("item", str)
            parts = text if isinstance(text, list | tuple) else str(text).split(",")
            return tuple(item(part) for part in parts if str(part).strip() != "")
        return str(text)
    except (TypeError, ValueError):
        raise ScenarioError(
            f"setting {name!r}: {text!r} is not a valid value"
        ) from None


def settings_yaml(dashboard: str, settings: dict[str, Any]) -> str:
    """Return the YAML text of a saved settings file."""
    plain = {
        name: list(value) if isinstance(value, tuple) else value
        for name, value in sorted(settings.items())
    }
    document = {"kind": FILE_KIND, "dashboard": dashboard, "settings": plain}
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


def read_settings_yaml(text: str, source: str = "uploaded file") -> dict[str, Any]:
    """Return the parsed YAML document of a settings or scenario file."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ScenarioError(f"{source}: not valid YAML: {error}") from None
    if not isinstance(document, dict):
        raise ScenarioError(f"{source}: expected a mapping of settings")
    return document
