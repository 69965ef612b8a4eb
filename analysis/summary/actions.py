"""The review meeting's decisions: what, who, by when, where, and whether it got done.

An action belongs to the meeting that decided it (``month``: the month under review). The review
of a later month carries it over: open actions stay on the list until they are done or dropped
(overdue once their due month is over), done and dropped ones are shown for the three reviews after
the meeting that decided them, and the actions decided at this review are listed last. The
page saves changes as a new version of the ``actions`` kind (versioned and in the audit trail).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.geo import boundaries
from analysis.schemas import ACTION_STATUS, KINDS
from analysis.summary.months import shift

GROUPS = ("overdue", "open", "done", "new")  # the order of the review list
DONE_REVIEWS = 3  # done and dropped actions stay on the list for this many reviews after their meeting
COLUMNS = list(KINDS["actions"].stored_columns)
REVIEW_COLUMNS = [*COLUMNS, "group"]
_ID = re.compile(r"^A-(\d+)$")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _text(values: pd.Series) -> pd.Series:
    return values.fillna("").astype("str").str.strip().replace({"nan": "", "None": ""})


def normalised(actions: pd.DataFrame | None) -> pd.DataFrame:
    """The actions with every stored column, text trimmed, missing text as "" and a missing status as open."""
    if actions is None or actions.empty:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in COLUMNS})
    out = pd.DataFrame({c: _text(actions[c]) if c in actions else "" for c in COLUMNS}, index=actions.index)
    return out.assign(status=out["status"].where(out["status"] != "", "open")).reset_index(drop=True)


def _about(
    actions: pd.DataFrame, scope_province_id: str | None, distributors: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The actions about the province: its regions, or distributors seated in it (all of them for China)."""
    if not scope_province_id or actions.empty:
        return actions
    region = actions["region_id"].where(actions["region_id"] != "")
    if distributors is not None and {"distributor_id", "region_id"} <= set(distributors):
        seats = pd.Series(distributors["region_id"].astype("str").to_numpy(), index=distributors["distributor_id"])
        region = region.fillna(actions["distributor_id"].map(seats))
    inside = boundaries.in_scope(region.fillna("").astype("str"), (scope_province_id,)) & region.notna()
    return actions[inside.to_numpy()]


def review(
    actions: pd.DataFrame | None,
    month: str,
    scope_province_id: str | None = None,
    distributors: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The actions the review of `month` goes through, overdue ones first.

    Parameters
    ----------
    actions : DataFrame, optional
        The stored ``actions`` kind.
    month : str
        The month under review ("YYYY-MM"); the meeting takes place after it.
    scope_province_id : str, optional
        Only actions about this province (its regions, or its distributors).
    distributors : DataFrame, optional
        distributor_id, region_id: where a distributor's action belongs.

    Returns
    -------
    DataFrame
        The stored columns and ``group``: "overdue" (open, due in `month` or before), "open",
        "done" (done or dropped, decided at one of the last `DONE_REVIEWS` meetings) and "new"
        (decided at this review); in that order, overdue and open ones by due month, then by id.

    Examples
    --------
    >>> a = pd.DataFrame({"action_id": ["A-001", "A-002", "A-003"], "month": "2026-09", "what": ["x", "y", "z"],
    ...                   "due": ["2026-12", "2026-10", "2026-10"], "status": ["open", "open", "done"]})
    >>> review(a, "2026-10")[["action_id", "group"]].values.tolist()
    [['A-002', 'overdue'], ['A-001', 'open'], ['A-003', 'done']]
    >>> review(a, "2026-09")["group"].tolist()
    ['new', 'new', 'new']
    """
    table = _about(normalised(actions), scope_province_id, distributors)
    earlier = table["month"] < month
    is_open = table["status"] == "open"
    due = table["due"].where(table["due"] != "")
    recent = table["month"] >= shift(month, -DONE_REVIEWS)
    group = np.select(
        [
            table["month"] == month,
            earlier & is_open & (due <= month).fillna(False),
            earlier & is_open,
            earlier & ~is_open & recent,
        ],
        ["new", "overdue", "open", "done"],
        "",
    )
    out = table.assign(group=group)[group != ""]
    order = out["group"].map({g: i for i, g in enumerate(GROUPS)})
    by_due = out["group"].isin(["overdue", "open"])  # the most overdue first; done and new in the order decided
    out = out.assign(_o=order, _d=out["due"].where(out["due"] != "", "9999-99").where(by_due, ""))
    return out.sort_values(["_o", "_d", "action_id"]).drop(columns=["_o", "_d"]).reset_index(drop=True)[REVIEW_COLUMNS]


def group_counts(reviewed: pd.DataFrame) -> dict[str, int]:
    """Actions per group, every group listed."""
    return {g: int((reviewed["group"] == g).sum()) for g in GROUPS}


def next_ids(existing: pd.Series, n: int) -> list[str]:
    """`n` new action ids after the largest "A-<number>" in `existing`.

    >>> next_ids(pd.Series(["A-001", "A-017", "X"]), 2)
    ['A-018', 'A-019']
    """
    numbers = [int(m.group(1)) for m in (_ID.match(str(v)) for v in existing) if m]
    start = max(numbers, default=0) + 1
    return [f"A-{i:03d}" for i in range(start, start + n)]


@dataclass(frozen=True)
class ActionProblem:
    """Why an edited action cannot be saved: its code (text ``summary.actions.problem.<code>``), row, field."""

    code: str
    row: int
    column: str
    value: str = ""


def changes_to_save(before: pd.DataFrame, edited: pd.DataFrame, month: str, existing_ids: pd.Series):
    """The rows to write after an edit of the review list, and what is wrong with them.

    Rows without an action_id are new actions of this review (`month`) and get the next ids; rows
    whose values did not change are left out. A new action needs a "what"; a due month must be
    "YYYY-MM" and not before the meeting's month; a status must be open, done or dropped.

    Parameters
    ----------
    before : DataFrame
        The list as it was shown (stored columns).
    edited : DataFrame
        The list after editing (same columns; new rows with an empty action_id).
    month : str
        The month under review.
    existing_ids : Series
        Every stored action_id (new ids come after them).

    Returns
    -------
    (DataFrame, list of ActionProblem)
        The rows to store (stored columns) and the problems (rows numbered from 1 in the edited list).
    """
    rows = normalised(edited)
    problems: list[ActionProblem] = []
    for i, row in rows.iterrows():
        if not row["what"]:
            if not row["action_id"] and not any(row[c] for c in ("owner", "due", "region_id", "distributor_id")):
                continue  # an empty row the editor added: nothing to save
            problems.append(ActionProblem("what_missing", i + 1, "what"))
        if row["due"] and not _MONTH.match(row["due"]):
            problems.append(ActionProblem("due_format", i + 1, "due", row["due"]))
        elif row["due"] and row["due"] < (row["month"] or month):
            problems.append(ActionProblem("due_before", i + 1, "due", row["due"]))
        if row["status"] not in ACTION_STATUS:
            problems.append(ActionProblem("status", i + 1, "status", row["status"]))
    keep = rows[(rows["what"] != "") | (rows["action_id"] != "")]
    fresh = keep["action_id"] == ""
    ids = next_ids(existing_ids, int(fresh.sum()))
    keep = keep.assign(
        action_id=keep["action_id"].mask(fresh, pd.Series(ids, index=keep.index[fresh.to_numpy()], dtype="str")),
        month=keep["month"].mask(keep["month"] == "", month),
    )
    old = normalised(before).set_index("action_id")
    changed = [
        not (
            r["action_id"] in old.index and all(old.loc[r["action_id"], c] == r[c] for c in COLUMNS if c != "action_id")
        )
        for _, r in keep.iterrows()
    ]
    return keep[changed].reset_index(drop=True)[COLUMNS], problems
