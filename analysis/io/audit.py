"""The audit trail as a person reads it: filters from the command line or the page, columns in words.

The store keeps the trail (`Store.audit`, columns `AUDIT_COLUMNS`); this module turns a `--since`
date into the store's filter and a trail into a table of the data dictionary's audit fields
(``audit_at``, ``audit_user``, ...), with actions and kinds in the reader's language.
"""

from __future__ import annotations

import json
from datetime import date, datetime

import pandas as pd

from analysis.i18n import CATALOG, t

# store column → data-dictionary field (analysis/fields.py, "# audit")
FIELDS = {
    "id": "audit_id",
    "created_at": "audit_at",
    "user_name": "audit_user",
    "action": "audit_action",
    "kind": "audit_kind",
    "name": "audit_name",
    "version_from": "version_from",
    "version_to": "version_to",
    "rows": "audit_rows",
    "detail": "audit_detail",
}
SHOWN = tuple(FIELDS.values())
# What a person filters by: an action prefix ("scenario." is every scenario change).
ACTION_PREFIXES = ("import", "restore", "design", "scenario.", "column_mapping.", "region_map.", "demo")


def parse_since(text: str | None) -> datetime | None:
    """A ``YYYY-MM-DD`` date as the start of that day (UTC, as the trail's times), None for none.

    Raises
    ------
    ValueError
        Not a date in that form.

    >>> parse_since("2026-03-01")
    datetime.datetime(2026, 3, 1, 0, 0)
    """
    if not text:
        return None
    return datetime.combine(date.fromisoformat(text.strip()), datetime.min.time())


def since_of(day: date | None) -> datetime | None:
    """A date picked on the page as the store's `since` filter (the start of that day)."""
    return None if day is None else datetime.combine(day, datetime.min.time())


def action_label(action: str, lang: str) -> str:
    """An action in words ("import" → 导入), the code itself when the catalog has none.

    >>> action_label("scenario.save", "en"), action_label("something.new", "en")
    ('scenario saved', 'something.new')
    """
    key = f"audit.action.{action}"
    return t(key, lang) if key in CATALOG else action


def prefix_label(prefix: str, lang: str) -> str:
    """An action filter in words: "import" → 导入, "scenario." (every scenario change) → 方案.

    >>> prefix_label("scenario.", "en"), prefix_label("restore", "en")
    ('scenarios', 'restore')
    """
    if prefix.endswith("."):
        key = f"audit.group.{prefix[:-1]}"
        return t(key, lang) if key in CATALOG else prefix
    return action_label(prefix, lang)


def kind_label(kind: str, lang: str) -> str:
    """A data kind in words ("sales" → 销售); "" stays ""."""
    key = f"kind.{kind}"
    return t(key, lang) if kind and key in CATALOG else (kind or "")


def _detail(text: object) -> str:
    """The detail JSON as "key: value" pairs (empty values left out)."""
    if not isinstance(text, str) or not text.strip():
        return ""
    try:
        found = json.loads(text)
    except ValueError:
        return text
    if not isinstance(found, dict):
        return str(found)
    return ", ".join(f"{k}: {v}" for k, v in found.items() if v not in ("", None, 0, [], {}))


def _version(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(int(value))


def readable(trail: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The trail with the dictionary's audit fields as columns, in `lang`, newest first as given.

    Parameters
    ----------
    trail : DataFrame
        `Store.audit`'s result (`AUDIT_COLUMNS`).
    lang : {"zh", "en"}

    Returns
    -------
    DataFrame with the columns `SHOWN`: times as "YYYY-MM-DD HH:MM:SS" (UTC), actions and kinds in
    words, versions as text ("" when none), rows as numbers, the detail as "key: value" pairs.

    Examples
    --------
    >>> trail = pd.DataFrame({"id": [1], "created_at": [datetime(2026, 3, 1, 9, 5)], "user_name": ["li@x.cn"],
    ...     "action": ["import"], "kind": ["sales"], "name": [""], "version_from": [None], "version_to": [1],
    ...     "rows": [2], "detail": ['{"mode": "replace", "filename": "s.csv"}']})
    >>> readable(trail, "en").iloc[0].astype(str).tolist()
    ['1', '2026-03-01 09:05:00', 'li@x.cn', 'import', 'Sales', '', '', '1', '2', 'mode: replace, filename: s.csv']
    """
    times = pd.to_datetime(trail["created_at"])
    out = pd.DataFrame(
        {
            "audit_id": trail["id"].astype("Int64"),
            "audit_at": times.dt.strftime("%Y-%m-%d %H:%M:%S"),
            "audit_user": trail["user_name"].fillna("").astype(str),
            "audit_action": trail["action"].map(lambda a: action_label(str(a), lang)),
            "audit_kind": trail["kind"].map(lambda k: kind_label(str(k or ""), lang)),
            "audit_name": trail["name"].fillna("").astype(str),
            "version_from": trail["version_from"].map(_version),
            "version_to": trail["version_to"].map(_version),
            "audit_rows": pd.to_numeric(trail["rows"], errors="coerce").astype("Int64"),
            "audit_detail": trail["detail"].map(_detail),
        },
        index=trail.index,
    )
    return out[list(SHOWN)]
