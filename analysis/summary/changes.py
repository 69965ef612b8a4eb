"""What changed since the month before: tier migrations, housing-gate changes, distributor classes, flags.

Everything here is worked out once for the whole country (`month_facts`) and then read for a scope
(`what_changed`): a region belongs to its province, a distributor to the province of its seat, a
price flag to the province of its county — so the provinces' counts add up to the country's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.distributors import flags as distributor_flags
from analysis.distributors.classes import CLASS_RANK, distributor_classes
from analysis.geo import boundaries
from analysis.i18n import Text
from analysis.market import explain
from analysis.market.scenarios import Scenario
from analysis.summary.months import shift

TIER_RANK = {"A": 3, "B": 2, "C": 1}
CLASS_BAND = 0.05  # hysteresis of the distributor classes month to month (METHODS.md §3.3)
TIER_KEYS = ("up", "down", "new_whitespace")
GATE_KEYS = ("enter_hold", "leave_hold", "newly_drying")
DISTRIBUTOR_KEYS = ("distributor_up", "distributor_down")
FLAG_KEYS = ("conflict_flags", "price_flags")


# ------------------------------------------------------------------------------- tiers and the gate


def _prepared(scored: pd.DataFrame) -> pd.DataFrame:
    """region_id, tier, gate, flag and whitespace of a scored table (gate read from the tier when absent)."""
    tier = scored["tier"].astype("str")
    gate = scored["gate"].astype("str") if "gate" in scored else pd.Series(np.where(tier == "hold", "hold", "open"))
    flag = scored["pipeline_flag"].fillna("").astype("str") if "pipeline_flag" in scored else ""
    whitespace = scored.get("whitespace_units", np.nan)
    return pd.DataFrame(
        {
            "region_id": scored["region_id"].astype("str").to_numpy(),
            "tier": tier.to_numpy(),
            "gate": np.asarray(gate, dtype=object),
            "flag": np.asarray(flag, dtype=object) if not isinstance(flag, str) else flag,
            "whitespace": np.asarray(whitespace, dtype=float) * np.ones(len(scored)),
        }
    )


def _compared(prev_scored: pd.DataFrame, this_scored: pd.DataFrame) -> pd.DataFrame:
    return _prepared(prev_scored).merge(_prepared(this_scored), on="region_id", how="outer", suffixes=("_prev", "_now"))


def tier_migrations(prev_scored: pd.DataFrame, this_scored: pd.DataFrame) -> pd.DataFrame:
    """Regions whose tier, hold gate or whitespace changed between two scored tables.

    Parameters
    ----------
    prev_scored, this_scored : DataFrame
        One row per region with region_id and tier ("A", "B", "C" or "hold"); optional gate
        ("open"/"hold"; else read from the tier) and whitespace_units.

    Returns
    -------
    DataFrame
        region_id, tier_prev, tier_now, gate_prev, gate_now, whitespace_prev, whitespace_now,
        move ("up", "down" or ""), hold ("enter", "leave" or ""), new_whitespace (bool); only the
        regions where something changed. A region in only one table is compared with nothing
        (its previous or current values missing).

    Examples
    --------
    >>> prev = pd.DataFrame({"region_id": ["1", "2", "3"], "tier": ["A", "C", "B"], "whitespace_units": [0, 5, 0]})
    >>> now = pd.DataFrame({"region_id": ["1", "2", "3"], "tier": ["B", "C", "hold"], "whitespace_units": [9, 5, 0]})
    >>> tier_migrations(prev, now)[["region_id", "move", "hold", "new_whitespace"]].values.tolist()
    [['1', 'down', '', True], ['3', '', 'enter', False]]
    """
    both = _compared(prev_scored, this_scored)
    rank_prev = both["tier_prev"].map(TIER_RANK).astype(float)
    rank_now = both["tier_now"].map(TIER_RANK).astype(float)
    same_gate = both["gate_prev"] == both["gate_now"]
    move = np.select([same_gate & (rank_now > rank_prev), same_gate & (rank_now < rank_prev)], ["up", "down"], "")
    hold = np.select(
        [
            (both["gate_prev"] != "hold") & (both["gate_now"] == "hold"),
            (both["gate_prev"] == "hold") & (both["gate_now"] != "hold"),
        ],
        ["enter", "leave"],
        "",
    )
    hold = np.where(both["gate_prev"].isna() | both["gate_now"].isna(), "", hold)
    new_whitespace = (both["whitespace_now"] > 0) & ~(both["whitespace_prev"] > 0)
    out = pd.DataFrame(
        {
            "region_id": both["region_id"],
            "tier_prev": both["tier_prev"],
            "tier_now": both["tier_now"],
            "gate_prev": both["gate_prev"],
            "gate_now": both["gate_now"],
            "whitespace_prev": both["whitespace_prev"],
            "whitespace_now": both["whitespace_now"],
            "move": pd.array(move, dtype="str"),
            "hold": pd.array(hold, dtype="str"),
            "new_whitespace": new_whitespace.to_numpy(dtype=bool),
        }
    )
    changed = (out["move"] != "") | (out["hold"] != "") | out["new_whitespace"]
    return out[changed.to_numpy()].sort_values("region_id").reset_index(drop=True)


def migration_counts(migrations: pd.DataFrame) -> dict[str, int]:
    """Counts of tier moves up and down, entries into and exits from hold, new whitespace."""
    return {
        "up": int((migrations["move"] == "up").sum()),
        "down": int((migrations["move"] == "down").sum()),
        "enter_hold": int((migrations["hold"] == "enter").sum()),
        "leave_hold": int((migrations["hold"] == "leave").sum()),
        "new_whitespace": int(migrations["new_whitespace"].sum()),
    }


def gate_changes(
    prev_scored: pd.DataFrame, this_scored: pd.DataFrame, scenario: Scenario | None = None
) -> pd.DataFrame:
    """The housing gate month over month: regions entering or leaving hold, and newly flagged "drying".

    Parameters
    ----------
    prev_scored, this_scored : DataFrame
        Scored tables (region_id, tier, gate, pipeline_flag; gate_reason, pipeline_units and the
        gate's other inputs for the explanation).
    scenario : Scenario, optional
        The scenario whose gate rule explains the current verdict.

    Returns
    -------
    DataFrame
        region_id, change ("enter_hold", "leave_hold" or "newly_drying"), gate_prev, gate_now,
        pipeline_flag (now), pipeline_units (now), gate_reason (an `analysis.i18n.Text`: the gate's
        verdict this month), by change then region.

    Examples
    --------
    >>> prev = pd.DataFrame({"region_id": ["1", "2", "3"], "tier": ["A", "hold", "B"], "gate": ["open", "hold", "open"],
    ...                      "pipeline_flag": ["", "", ""]})
    >>> now = prev.assign(tier=["hold", "C", "B"], gate=["hold", "open", "open"], pipeline_flag=["", "", "drying"])
    >>> gate_changes(prev, now)[["region_id", "change"]].values.tolist()
    [['1', 'enter_hold'], ['2', 'leave_hold'], ['3', 'newly_drying']]
    """
    both = _compared(prev_scored, this_scored)
    known = both["gate_prev"].notna() & both["gate_now"].notna()
    change = np.select(
        [
            known & (both["gate_prev"] != "hold") & (both["gate_now"] == "hold"),
            known & (both["gate_prev"] == "hold") & (both["gate_now"] != "hold"),
            known & (both["flag_now"] == "drying") & (both["flag_prev"] != "drying"),
        ],
        list(GATE_KEYS),
        "",
    )
    out = both.assign(change=change)[change != ""]
    now = (
        this_scored.drop_duplicates("region_id")
        .set_index(this_scored["region_id"].astype("str"))
        .reindex(out["region_id"])
    )
    scenario = scenario or Scenario()
    reasons = [explain.gate_reason(row, scenario) for _, row in now.iterrows()]
    order = {key: i for i, key in enumerate(GATE_KEYS)}
    result = pd.DataFrame(
        {
            "region_id": out["region_id"].to_numpy(),
            "change": pd.array(out["change"].to_numpy(), dtype="str"),
            "gate_prev": out["gate_prev"].to_numpy(),
            "gate_now": out["gate_now"].to_numpy(),
            "pipeline_flag": out["flag_now"].to_numpy(),
            "pipeline_units": now["pipeline_units"].to_numpy(dtype=float) if "pipeline_units" in now else np.nan,
            "gate_reason": pd.Series(reasons, dtype="object").to_numpy(),
        }
    )
    return (
        result.assign(_o=result["change"].map(order))
        .sort_values(["_o", "region_id"])
        .drop(columns="_o")
        .reset_index(drop=True)
    )


def gate_counts(gates: pd.DataFrame) -> dict[str, int]:
    """Regions entering hold, leaving it, and newly drying up."""
    return {key: int((gates["change"] == key).sum()) for key in GATE_KEYS}


# ------------------------------------------------------------------------------------ distributors

DISTRIBUTOR_CHANGE_COLUMNS = [
    "distributor_id",
    "distributor",
    "region_id",
    "class_prev",
    "class_now",
    "rule",
    "explanation",
]


def distributor_changes(sales: pd.DataFrame, distributors: pd.DataFrame | None, month: str) -> pd.DataFrame:
    """Active distributors whose class changed from the month before to `month`, by the one class rule.

    Both months are classed by `analysis.distributors.classes.distributor_classes` ("ordered in a
    month" read from the sales, range coverage from the distributor table); last month's class
    seeds this month's hysteresis band (`CLASS_BAND`).

    Parameters
    ----------
    sales : DataFrame
        With distributor_id, month, units.
    distributors : DataFrame, optional
        distributor_id, name, region_id, status, skus_stocked, skus_total.
    month : str

    Returns
    -------
    DataFrame
        distributor_id, distributor (its name), region_id (its seat), class_prev, class_now, rule
        (the code that fired), explanation (`analysis.i18n.Text`); only the distributors whose
        class changed.
    """
    if distributors is None or distributors.empty or "distributor_id" not in sales:
        return pd.DataFrame(columns=DISTRIBUTOR_CHANGE_COLUMNS)
    active = distributors
    if "status" in distributors:
        active = distributors[distributors["status"].fillna("active").eq("active").to_numpy()]
    active = active.reset_index(drop=True)
    before = distributor_classes(active, sales, shift(month, -1))
    now = distributor_classes(active, sales, month, previous=before, band=CLASS_BAND)
    out = pd.DataFrame(
        {
            "distributor_id": active["distributor_id"].astype("str").to_numpy(),
            "distributor": active["name"].to_numpy() if "name" in active else "",
            "region_id": active["region_id"].to_numpy() if "region_id" in active else "",
            "class_prev": before["class"].to_numpy(),
            "class_now": now["class"].to_numpy(),
            "rule": now["rule"].to_numpy(),
            "explanation": now["explanation"].to_numpy(),
        }
    )
    return out[out["class_prev"] != out["class_now"]].reset_index(drop=True)


def distributor_counts(changes: pd.DataFrame) -> dict[str, int]:
    """Distributors moved up a class and down."""
    step = changes["class_now"].map(CLASS_RANK).astype(float) - changes["class_prev"].map(CLASS_RANK).astype(float)
    return {"distributor_up": int((step > 0).sum()), "distributor_down": int((step < 0).sum())}


# ------------------------------------------------------------------------------------------- flags


@dataclass(frozen=True, eq=False)
class MonthFlags:
    """The flags one month's sales raise, country-wide.

    Attributes
    ----------
    conflicts : DataFrame
        Distributors flagged for selling outside their contract
        (`analysis.distributors.flags.cross_territory_flags`, METHODS.md §8 rule 1).
    prices : DataFrame
        County × product prices below the floor or robust low outliers among the province's peers
        (`analysis.distributors.flags.price_flags_from_sales`, rules 3–4), with province_id.
    """

    conflicts: pd.DataFrame
    prices: pd.DataFrame


def month_flags(sales: pd.DataFrame, territories: pd.DataFrame | None, month: str) -> MonthFlags:
    """The conflict and price flags raised by the sales of `month`, as the Distributors page raises them."""
    rows = sales[sales["month"] == month]
    conflicts = pd.DataFrame(columns=["distributor_id", "flagged"])
    if territories is not None and len(territories) and "distributor_id" in rows and len(rows):
        found = distributor_flags.cross_territory_flags(rows, territories, months=None)
        conflicts = found[found["flagged"].astype(bool)]
    prices = pd.DataFrame(columns=["region_id", "province_id", "flagged"])
    if len(rows) and "revenue" in rows:
        found = distributor_flags.price_flags_from_sales(rows, months=None)
        prices = found[found["flagged"].astype(bool)]
    return MonthFlags(conflicts.reset_index(drop=True), prices.reset_index(drop=True))


def flag_counts(flags: MonthFlags, seats: pd.Series, scope_province_id: str | None = None) -> dict[str, int]:
    """Flags inside a scope: distributors seated there, prices of its counties.

    Parameters
    ----------
    flags : MonthFlags
    seats : Series
        distributor_id → province_id of its seat.
    scope_province_id : str, optional
    """
    conflicts, prices = flags.conflicts, flags.prices
    if scope_province_id:
        conflicts = conflicts[conflicts["distributor_id"].map(seats).eq(scope_province_id).to_numpy()]
        prices = prices[prices["province_id"].astype("str").eq(scope_province_id).to_numpy()]
    return {"conflict_flags": len(conflicts), "price_flags": len(prices)}


# --------------------------------------------------------------------------------------- the month


@dataclass(frozen=True, eq=False)
class MonthFacts:
    """What changed country-wide between the month before and `month`; `what_changed` reads a scope.

    Attributes
    ----------
    month, previous : str
    migrations, gates : DataFrame or None
        From `tier_migrations` and `gate_changes`; None without two scored tables.
    distributors : DataFrame
        From `distributor_changes`.
    flags, flags_prev : MonthFlags
        This month's and last month's.
    seats : Series
        distributor_id → province_id.
    scoring_note, scoring_detail : str
        Text key (and error text) said instead of tier migrations when the scored tables are missing.
    """

    month: str
    previous: str
    migrations: pd.DataFrame | None
    gates: pd.DataFrame | None
    distributors: pd.DataFrame
    flags: MonthFlags
    flags_prev: MonthFlags
    seats: pd.Series = field(default_factory=lambda: pd.Series(dtype="str"))
    scoring_note: str = ""
    scoring_detail: str = ""


def month_facts(
    frames: dict[str, pd.DataFrame],
    month: str,
    *,
    prev_scored: pd.DataFrame | None = None,
    this_scored: pd.DataFrame | None = None,
    scenario: Scenario | None = None,
    scoring_note: str = "",
    scoring_detail: str = "",
) -> MonthFacts:
    """Tier migrations and gate changes (given two scored tables), distributor class changes and flags.

    Parameters
    ----------
    frames : dict of kind → DataFrame
        Needs sales; distributors and territories are used when present.
    month : str
    prev_scored, this_scored : DataFrame, optional
        Scored tables (country-wide) of the previous month and this month.
    scenario : Scenario, optional
        The scenario the tables were scored with (its gate rule explains the gate changes).
    scoring_note, scoring_detail : str
        Why there are no scored tables.

    Returns
    -------
    MonthFacts
    """
    previous = shift(month, -1)
    sales = frames["sales"]
    distributors = frames.get("distributors")
    territories = frames.get("territories")
    migrations = gates = None
    if prev_scored is not None and this_scored is not None:
        migrations = tier_migrations(prev_scored, this_scored)
        gates = gate_changes(prev_scored, this_scored, scenario)
        scoring_note = scoring_detail = ""
    has_previous = bool((sales["month"] == previous).any())
    seats = pd.Series(dtype="str")
    if distributors is not None and {"distributor_id", "region_id"} <= set(distributors):
        seats = pd.Series(
            boundaries.province_of(distributors["region_id"].astype("str")).to_numpy(),
            index=distributors["distributor_id"].astype("str").to_numpy(),
        )
    return MonthFacts(
        month=month,
        previous=previous,
        migrations=migrations,
        gates=gates,
        distributors=distributor_changes(sales, distributors if has_previous else None, month),
        flags=month_flags(sales, territories, month),
        flags_prev=month_flags(sales, territories, previous),
        seats=seats,
        scoring_note=scoring_note,
        scoring_detail=scoring_detail,
    )


@dataclass(frozen=True, eq=False)
class Changes:
    """What changed since the month before, inside one scope.

    Attributes
    ----------
    month, previous : str
    migrations : DataFrame or None
        `tier_migrations` with the regions' names; None when no scoring was available.
    gates : DataFrame or None
        `gate_changes` with the regions' names.
    counts : dict
        Tier moves and gate changes (when scored), distributor class changes, conflict and price
        flags (these two also for the previous month, under "<name>_prev").
    distributors : DataFrame
        `distributor_changes` of the distributors seated in the scope, with the seat's names.
    scoring_note, scoring_detail : str
    """

    month: str
    previous: str
    migrations: pd.DataFrame | None
    gates: pd.DataFrame | None
    counts: dict[str, int]
    distributors: pd.DataFrame
    scoring_note: str = ""
    scoring_detail: str = ""

    @property
    def scored(self) -> bool:
        return self.migrations is not None

    def scoring_text(self) -> Text | None:
        """Why tier migrations are missing; None when they are there."""
        return Text(self.scoring_note, detail=self.scoring_detail) if self.scoring_note else None


def _named(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with name and name_en of its region_id (any level) after region_id."""
    regions = boundaries.load_regions().drop_duplicates("region_id", keep="first")[["region_id", "name", "name_en"]]
    named = regions.merge(frame, on="region_id", how="right")
    return named[["region_id", "name", "name_en", *[c for c in frame.columns if c != "region_id"]]]


def what_changed(facts: MonthFacts, scope_province_id: str | None = None) -> Changes:
    """The country-wide facts of a month read for one scope (all of China, or a province).

    Parameters
    ----------
    facts : MonthFacts
    scope_province_id : str, optional

    Returns
    -------
    Changes
    """

    def scoped(frame: pd.DataFrame | None) -> pd.DataFrame | None:
        if frame is None:
            return None
        return _named(boundaries.within(frame, (scope_province_id,)) if scope_province_id else frame)

    migrations, gates = scoped(facts.migrations), scoped(facts.gates)
    distributors = facts.distributors
    if scope_province_id:
        distributors = distributors[distributors["distributor_id"].map(facts.seats).eq(scope_province_id).to_numpy()]
    distributors = _named(distributors.reset_index(drop=True))
    counts: dict[str, int] = {}
    if migrations is not None:
        counts |= migration_counts(migrations) | gate_counts(gates)
    counts |= distributor_counts(distributors)
    counts |= flag_counts(facts.flags, facts.seats, scope_province_id)
    counts |= {f"{k}_prev": v for k, v in flag_counts(facts.flags_prev, facts.seats, scope_province_id).items()}
    return Changes(
        facts.month, facts.previous, migrations, gates, counts, distributors, facts.scoring_note, facts.scoring_detail
    )
