"""The key points in words: three to five sentences written from the numbers by fixed templates."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.formats import Figure
from analysis.i18n import Join, Name, Text
from analysis.summary.changes import Changes
from analysis.summary.kpis import KPIs
from analysis.summary.outlook import Forecast

MAX_POINTS = 5


def region_name(row) -> Name:
    """A region's name, rendered in the reader's language."""
    return Name(row["name"], row["name_en"])


def narrative(
    k: KPIs,
    movers_table: pd.DataFrame,
    changes: Changes | None = None,
    *,
    forecast_result: Forecast | None = None,
    actions: pd.DataFrame | None = None,
) -> list[Text]:
    """Three to five key points, as catalog texts (numbers as `Figure`, names in both languages).

    The order is fixed: the month against plan, the year to date, the biggest movers, the actions
    overdue from earlier meetings, tier moves and flags (when there are any), the forecast, and
    last what to do next; with more than five, the middle ones are dropped from the end so that the
    next step always closes the list.

    Parameters
    ----------
    k : KPIs
    movers_table : DataFrame
        From `analysis.summary.breakdown.movers`.
    changes : Changes, optional
    forecast_result : Forecast, optional
    actions : DataFrame, optional
        From `analysis.summary.actions.review` (its ``group`` column).

    Returns
    -------
    list of Text
    """
    r = k.revenue
    money = lambda v: Figure(v, "money")  # noqa: E731
    growth = lambda v: Figure(v, "growth")  # noqa: E731
    share = lambda v: Figure(v, "share")  # noqa: E731
    points: list[Text] = []
    if np.isfinite(r.plan):
        points.append(
            Text(
                "summary.story.month",
                month=k.month,
                revenue=money(r.actual),
                attainment=share(r.attainment),
                yoy=growth(r.yoy),
                mom=growth(r.mom),
            )
        )
    else:
        points.append(
            Text(
                "summary.story.month_no_plan",
                month=k.month,
                revenue=money(r.actual),
                yoy=growth(r.yoy),
                mom=growth(r.mom),
            )
        )
    if np.isfinite(r.ytd_plan):
        key = "summary.story.ytd_ahead" if r.ytd_gap >= 0 else "summary.story.ytd_behind"
        points.append(
            Text(
                key,
                ytd=money(r.ytd),
                growth=growth(r.ytd_growth),
                attainment=share(r.ytd_attainment),
                gap=money(abs(r.ytd_gap)),
            )
        )
    else:
        points.append(Text("summary.story.ytd_no_plan", ytd=money(r.ytd), growth=growth(r.ytd_growth)))

    gains = movers_table[movers_table["group"] == "gain_abs"]
    losses = movers_table[movers_table["group"] == "loss_abs"]
    signed = lambda v: Figure(v, "money", signed=True)  # noqa: E731
    middle: list[Text] = []
    if len(gains) and len(losses):
        up, down = gains.iloc[0], losses.iloc[0]
        middle.append(
            Text(
                "summary.story.movers",
                up=region_name(up),
                up_change=signed(up["change"]),
                up_pct=growth(up["change_pct"]),
                down=region_name(down),
                down_change=signed(down["change"]),
                down_pct=growth(down["change_pct"]),
            )
        )
    elif len(gains) or len(losses):
        row = (gains if len(gains) else losses).iloc[0]
        key = "summary.story.movers_up_only" if len(gains) else "summary.story.movers_down_only"
        middle.append(Text(key, region=region_name(row), change=signed(row["change"]), pct=growth(row["change_pct"])))
    if actions is not None and len(actions):
        groups = actions["group"].value_counts()
        if groups.get("overdue", 0):
            middle.append(
                Text(
                    "summary.story.actions",
                    overdue=int(groups.get("overdue", 0)),
                    open=int(groups.get("open", 0)),
                    done=int(groups.get("done", 0)),
                )
            )
    if changes is not None:
        c = changes.counts
        tier_keys = ("up", "down", "enter_hold", "leave_hold", "new_whitespace")
        if changes.scored and any(c[key] for key in tier_keys):
            middle.append(
                Text(
                    "summary.story.tiers",
                    up=c["up"],
                    down=c["down"],
                    enter=c["enter_hold"],
                    leave=c["leave_hold"],
                    whitespace=c["new_whitespace"],
                )
            )
        flag_keys = ("distributor_up", "distributor_down", "conflict_flags", "price_flags")
        if any(c[key] for key in flag_keys):
            middle.append(
                Text(
                    "summary.story.flags",
                    dist_up=c["distributor_up"],
                    dist_down=c["distributor_down"],
                    conflicts=c["conflict_flags"],
                    price=c["price_flags"],
                )
            )
    if forecast_result is not None and len(forecast_result.values):
        middle.append(
            Text(
                "summary.story.forecast",
                months=len(forecast_result.values),
                total=money(forecast_result.values["forecast"].sum()),
                model=forecast_result.model_text(),
            )
        )

    laggards = Join(region_name(row) for _, row in losses.head(2).iterrows())
    if np.isfinite(r.ytd_gap) and r.ytd_gap < 0:
        key = "summary.story.next_behind" if laggards.parts else "summary.story.next_behind_plain"
        action = Text(key, gap=money(-r.ytd_gap), regions=laggards)
    elif laggards.parts:
        action = Text("summary.story.next_ahead_watch", regions=laggards)
    else:
        action = Text("summary.story.next_ahead")
    return [*points, *middle][: MAX_POINTS - 1] + [action]  # noqa: RUF005 (reads as: at most four, then the action)
