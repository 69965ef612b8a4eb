"""The structured reasons of a design in words: why a county is in its territory, what could not be met.

`analysis.territories.explain` and `evaluation` record reasons as codes and numbers; this module
turns them into catalog texts (`analysis.i18n.Text`), rendered in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.distributors.common import region_name
from analysis.formats import Figure
from analysis.i18n import CATALOG, Join, Text
from analysis.territories.inputs import BALANCE_KINDS


def _km(value) -> str:
    return "–" if value is None or pd.isna(value) else f"{float(value):,.0f}"


def variable_label(name: str) -> Text | str:
    """A balance variable's header from the data dictionary (its name when there is none)."""
    return Text(f"field.{name}") if f"field.{name}" in CATALOG else name


def reason_text(row: Mapping, names: Mapping[str, str] | None = None, tolerance: float | None = None) -> Text:
    """Why one county is in its territory (a row of `Design.explain`).

    Parameters
    ----------
    row : mapping
        region_id, territory, reason, via, centre_km, nearest, nearest_km.
    names : mapping of territory id → label, optional
        The distributors' names (territory ids otherwise).
    tolerance : float, optional
        The design's tolerance, for the balance reason.

    Examples
    --------
    >>> row = {"region_id": "450102", "territory": "T1", "reason": "adjacency", "via": "450103", "centre_km": 12.4}
    >>> print(reason_text(row, {"T1": "南宁某商贸"}).render("zh"))
    兴宁区经由相邻的青秀区接入南宁某商贸；在它相邻的区域中，这一块的中心最近（12 公里）
    """
    names = names or {}
    reason = row.get("reason")
    holder = row.get("territory")
    params = {
        "county": region_name(row["region_id"]),
        "holder": names.get(holder, holder) if isinstance(holder, str) else "–",
        "centre": _km(row.get("centre_km")),
    }
    nearest = row.get("nearest")
    if reason in ("contiguity", "balance", "compactness"):
        params |= {"nearest": names.get(nearest, nearest), "nearest_km": _km(row.get("nearest_km"))}
    if reason == "balance":
        params["tolerance"] = Figure(tolerance, "share") if tolerance is not None else "–"
    if reason == "adjacency":
        via = row.get("via")
        if isinstance(via, str) and via:
            return Text("territories.why.adjacency", via=region_name(via), **params)
        return Text("territories.why.centre", **params)
    if reason in ("seed", "lock", "manual", "contiguity", "balance", "compactness", "unassigned", "excluded"):
        return Text(f"territories.why.{reason}", **params)
    return Text("territories.why.unassigned", **params)


def infeasible_text(reason: Mapping, names: Mapping[str, str] | None = None) -> Text:
    """One structured reason of `Design.infeasible` in words.

    Examples
    --------
    >>> infeasible_text({"code": "out_of_tolerance", "territory": "T2", "variable": "capacity_units",
    ...                  "deviation": 0.071, "tolerance": 0.05}).render("en")
    'T2: Capacity (units/yr) is +7.1% off the target, beyond ±5.0%'
    """
    names = names or {}

    def who(tid):
        return names.get(tid, tid) if isinstance(tid, str) else "–"

    code = reason["code"]
    variable = reason.get("variable")
    kind = BALANCE_KINDS.get(variable, "units")
    params: dict[str, object] = {}
    if "territory" in reason:
        params["territory"] = who(reason["territory"])
    if variable:
        params["variable"] = variable_label(variable)
    if code == "k_exceeds_units":
        params |= {"k": reason["k"], "units": reason["units"]}
    elif code == "components_exceed_k":
        params |= {"components": reason["components"], "k": reason["k"], "n": len(reason["unassigned"])}
    elif code in ("lock_violated", "seed_moved"):
        params |= {"unit": region_name(reason["unit"]), "assigned": who(reason.get("assigned"))}
    elif code == "not_contiguous":
        params |= {"pieces": reason["pieces"]}
        if reason.get("locks_apart"):
            code = "not_contiguous.locks_apart"
    elif code in ("unit_exceeds_target", "locks_exceed_target"):
        params |= {
            "unit": region_name(reason.get("unit", "")),
            "value": Figure(reason["value"], kind),
            "target": Figure(reason["target"], kind),
            "ratio": Figure(reason["ratio"], "index"),
        }
    elif code == "component_share":
        params |= {
            "territories": Join([who(t) for t in reason["territories"]]),
            "units": reason["units"],
            "value": Figure(reason["value"], kind),
            "target": Figure(reason["target"], kind),
            "ratio": Figure(reason["ratio"] - 1, "growth"),
        }
    elif code == "out_of_tolerance":
        params |= {
            "deviation": Figure(reason["deviation"], "growth"),
            "tolerance": Figure(reason["tolerance"], "share"),
        }
    key = f"territories.infeasible.{code}"
    return Text(key, **params) if key in CATALOG else Text("territories.infeasible.other", code=code)
