"""Why a region scored as it did, in words from the catalog: the tier rule, the gate, the capacity chain.

Every function returns `analysis.i18n.Text` (or a frame of plain values): the page, the map panel,
the exports and the reports render them in the reader's language.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.formats import Figure
from analysis.i18n import Join, Name, Text
from analysis.market.features import OURS
from analysis.market.scenarios import ALL, Category, Scenario


def _finite(value) -> bool:
    try:
        return bool(np.isfinite(float(value)))
    except (TypeError, ValueError):
        return False


def tier_reason(row: pd.Series, table: pd.DataFrame, scenario: Scenario, floors: dict | None = None) -> Text:
    """Why a scored region has its tier, with the gap to the next tier up where there is one.

    Parameters
    ----------
    row : Series
        One row of `analysis.market.scoring.score_regions`.
    table : DataFrame
        The whole scored table (for the lowest score of the next tier up).
    scenario : Scenario
        The scenario it was scored with.
    floors : dict, optional
        The lowest score per tier of `table`, when the caller has it already.

    Returns
    -------
    Text
    """
    code = str(row.get("tier_rule") or "none")
    if code.startswith("hold."):
        return gate_reason(row, scenario)
    tier = row.get("tier")
    if code == "none" or not isinstance(tier, str):
        return Text("scoring.rule.no_score")
    family = code.split(".")[0]
    params: dict[str, object] = {"score": Figure(row["score"], "score")}
    if family == "pareto":
        params |= {"value": Figure(row["tier_value"], "share"), "threshold": Figure(row["tier_threshold"], "share")}
    else:
        params["threshold"] = Figure(row["tier_threshold"], "score")
    if family == "quantile":
        params |= {
            "a": Figure(scenario.a_share, "share"),
            "b": Figure(scenario.b_share, "share"),
            "ab": Figure(scenario.a_share + scenario.b_share, "share"),
        }
    text = Text(f"scoring.rule.{family}.{tier}", **params)
    above = {"B": "A", "C": "B"}.get(tier)
    if above is None or family == "pareto":
        return text
    if family == "quantile":
        floor = (floors if floors is not None else _floors(table)).get(above, np.nan)
    else:
        floor = scenario.a_min if above == "A" else scenario.b_min
    if not _finite(floor):
        return text
    gap = Text("scoring.next_gap", tier=above, gap=Figure(floor - row["score"], "score"))
    return Text("scoring.sentences", first=text, second=gap)


def _floors(table: pd.DataFrame) -> dict[str, float]:
    """The lowest score of each tier (what a region one tier down would need to reach)."""
    return table.groupby("tier")["score"].min().to_dict()


def reasons(table: pd.DataFrame, scenario: Scenario, lang: str) -> pd.DataFrame:
    """Every region's tier and gate reasons as text in `lang` (for exports): tier_reason, gate_note.

    Parameters
    ----------
    table : DataFrame
        The output of `analysis.market.scoring.score_regions`. Not modified.
    scenario : Scenario
        The scenario it was scored with.
    lang : {"zh", "en"}

    Returns
    -------
    DataFrame
        Same index as `table`.
    """
    floors = _floors(table)
    tier, gate = [], []
    for _, row in table.iterrows():
        tier.append(tier_reason(row, table, scenario, floors).render(lang))
        gate.append(gate_reason(row, scenario).render(lang))
    return pd.DataFrame({"tier_reason": tier, "gate_note": gate}, index=table.index)


def gate_reason(row: pd.Series, scenario: Scenario) -> Text:
    """What the housing gate says about a region: held and why, open with a flag, or plainly open."""
    rule = scenario.gate
    per = rule.per_1000_households
    kind = "index" if per else "count"
    pipeline = row.get("pipeline_per_1000hh" if per else "pipeline_units")
    years = row.get("pipeline_years", "")
    minimum = Figure(rule.minimum, kind)
    unit = Text("scoring.gate.per_1000" if per else "scoring.gate.homes")
    if row.get("gate") == "hold":
        if row.get("gate_reason") == "unknown":
            return Text("scoring.rule.hold.unknown", years=years)
        return Text("scoring.rule.hold.pipeline", years=years, units=Figure(pipeline, kind), minimum=minimum, unit=unit)
    flag = row.get("pipeline_flag") or ""
    if flag == "drying":
        return Text("scoring.flag.drying", years=years, units=Figure(pipeline, kind), minimum=minimum, unit=unit)
    if flag == "unknown":
        return Text("scoring.flag.unknown", years=years)
    return Text("scoring.gate.passed", years=years, units=Figure(pipeline, kind), minimum=minimum, unit=unit)


def gate_rule(scenario: Scenario) -> Text:
    """The scenario's gate in one sentence (what holds a market, and what does not)."""
    rule = scenario.gate
    if not rule.enabled:
        return Text("scoring.gate.off")
    unit = Text("scoring.gate.per_1000" if rule.per_1000_households else "scoring.gate.homes")
    kind = "index" if rule.per_1000_households else "count"
    key = "scoring.gate.rule_unknown_holds" if rule.unknown_holds else "scoring.gate.rule"
    return Text(key, minimum=Figure(rule.minimum, kind), unit=unit)


def missing_criteria(row: pd.Series, scenario: Scenario) -> list[str]:
    """The expansion criteria a region has no value for (their weight went to the others)."""
    return [c.name for c in scenario.criteria if not _finite(row.get(f"contrib_{c.name}"))]


def coverage_note(row: pd.Series, scenario: Scenario) -> Text | None:
    """What the score of a region misses, or None when every criterion was observed."""
    missing = missing_criteria(row, scenario)
    if not missing:
        return None
    names = Join(Text(f"scoring.crit.{n}") for n in missing)
    return Text("scoring.renormalised", names=names, coverage=Figure(row.get("coverage"), "share"))


CRITERION_KINDS = {
    "whitespace_units": "units", "pipeline_per_1000hh": "index", "pipeline_units": "count", "capacity_units": "units",
    "competitor_hhi": "hhi", "hhi": "hhi", "competitor_price": "price", "income_per_capita": "money", "bpi": "index",
    "our_share": "share", "yoy_growth": "growth", "attainment": "share", "price_index": "index",
    "housing_per_1000hh": "index",
}  # fmt: skip


def criteria_table(row: pd.Series, scenario: Scenario, which: str = "expansion") -> pd.DataFrame:
    """The criteria of one region's score: value, direction, weight and contribution.

    Parameters
    ----------
    row : Series
        A scored row (with the feature columns passed through) of `score_regions`.
    scenario : Scenario
    which : {"expansion", "push"}

    Returns
    -------
    DataFrame
        criterion, kind (how to format the value), value, direction, weight (scaled to 1),
        contribution (NaN where the value is missing).
    """
    criteria = scenario.criteria if which == "expansion" else scenario.push_criteria
    prefix = "contrib_" if which == "expansion" else "push_contrib_"
    total = sum(c.weight for c in criteria) or 1.0
    return pd.DataFrame(
        {
            "criterion": [c.name for c in criteria],
            "kind": [CRITERION_KINDS.get(c.name, "index") for c in criteria],
            "value": [float(row.get(c.name, np.nan)) for c in criteria],
            "direction": [c.direction for c in criteria],
            "weight": [c.weight / total for c in criteria],
            "contribution": [float(row.get(f"{prefix}{c.name}", np.nan)) for c in criteria],
        }
    )


def capacity_chain(f: pd.Series, scenario: Scenario) -> list[Text]:
    """The capacity chain of one region, every factor shown: replacement, upgrade, new housing, served.

    With several categories scored together (category "all") the assumptions differ per category and
    the chain shows the summed parts and names the categories.
    """
    households = Figure(f.get("households"), "count")
    single = _finite(f.get("penetration"))
    lines: list[Text] = []
    if single:
        lines += [
            Text(
                "scoring.chain.replacement",
                households=households,
                penetration=Figure(f["penetration"], "share"),
                life=f"{float(f['life_years']):g}",
                value=Figure(f["replacement_units"], "units"),
            ),
            Text(
                "scoring.chain.upgrade",
                households=households,
                next=Figure(f["penetration_next"], "share"),
                penetration=Figure(f["penetration"], "share"),
                value=Figure(f["upgrade_units"], "units"),
            ),
            Text(
                "scoring.chain.newhousing",
                fitout=Figure(f["fitout_rate"], "share"),
                attach=Figure(f["attach_rate"], "share"),
                value=Figure(f["newhousing_units"], "units"),
            ),
        ]
    else:
        categories = Join(Category(c) for c in str(f.get("categories") or "").split("+"))
        lines.append(
            Text(
                "scoring.chain.categories",
                categories=categories,
                households=households,
                replacement=Figure(f.get("replacement_units"), "units"),
                upgrade=Figure(f.get("upgrade_units"), "units"),
                newhousing=Figure(f.get("newhousing_units"), "units"),
            )
        )
    lines.append(Text("scoring.chain.capacity", value=Figure(f.get("capacity_units"), "units")))
    lines.append(
        Text(
            "scoring.chain.served",
            ours=Figure(f.get("our_units"), "units"),
            competitors=Figure(f.get("competitor_units"), "units"),
            served=Figure(f.get("served_units"), "units"),
            whitespace=Figure(f.get("whitespace_units"), "units"),
        )
    )
    leader = f.get("leader")
    if leader == OURS:
        leader_text = Text("scoring.ours")
    elif isinstance(leader, str) and leader:
        english = f.get("leader_en")
        leader_text = Name(leader, english if isinstance(english, str) else "")
    else:
        leader_text = "–"
    lines.append(
        Text(
            "scoring.chain.market",
            hhi=Figure(f.get("hhi"), "hhi"),
            leader=leader_text,
            leader_share=Figure(f.get("leader_share"), "share"),
            our_share=Figure(f.get("our_share"), "share"),
            price_index=Figure(f.get("price_index"), "index"),
        )
    )
    if scenario.category != ALL:
        lines.insert(0, Text("scoring.chain.category", category=scenario.category))
    return lines
