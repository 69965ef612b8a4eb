"""The one distributor class rule (METHODS.md §3.2–3.3): top-down, from the sales, with hysteresis."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.demo import generate_demo
from analysis.distributors.classes import COLUMNS, class_counts, class_history, distributor_classes, ordered_months
from analysis.i18n import Text

COVERAGE_BY_MONTH = [0.72, 0.68, 0.71, 0.66, 0.64]  # METHODS.md §3.3


def _distributors(**columns) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    base = {
        "distributor_id": [f"D{i}" for i in range(1, n + 1)],
        "ordered_months_last_3": [0] * n,
        "skus_stocked": [0] * n,
        "skus_total": [100] * n,
    }
    return pd.DataFrame(base | columns)


def _sales(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["distributor_id", "month", "units"])


@pytest.mark.parametrize(
    ("ordered", "stocked", "total", "expected", "says"),
    [
        (3, 5, 100, "A", "ordered in every month of the last 3 months (distributor table) (3/3)"),
        (2, 72, 100, "B", "range coverage 72.0% ≥ 70.0% (+2.0 pp); A needs orders in every month"),
        (0, 70, 100, "B", "range coverage 70.0% ≥ 70.0% (+0.0 pp)"),
        (0, 69, 100, "C", "B needs coverage ≥ 70.0% (short 1.0 pp)"),
        (1, 50, 100, "C", "range coverage 50.0% ≥ 50.0%"),
        (0, 49, 100, "unclassified", "range coverage 49.0% < 50.0% (-1.0 pp)"),
        (2, 10, 0, "unclassified", "no SKU range"),
    ],
)
def test_class_rules_top_down(ordered, stocked, total, expected, says) -> None:
    d = _distributors(ordered_months_last_3=[ordered], skus_stocked=[stocked], skus_total=[total])
    out = distributor_classes(d)
    assert out.loc[0, "class"] == expected
    assert isinstance(out.loc[0, "explanation"], Text)
    assert says in out.loc[0, "explanation"].render("en")
    assert out.loc[0, "rule"] == ("class.no_range" if total == 0 else f"class.{expected}")
    assert out.loc[0, "ordered_from"] == "table"


def test_the_contract_of_the_one_rule() -> None:
    out = distributor_classes(_distributors(skus_stocked=[80]))
    assert tuple(out.columns) == COLUMNS
    assert out.loc[0, "previous_class"] is None


def test_orders_are_read_from_the_sales_when_they_name_distributors() -> None:
    d = _distributors(ordered_months_last_3=[3, 0], skus_stocked=[30, 75])
    sales = _sales(
        [("D2", m, 4) for m in ("2026-08", "2026-09", "2026-10")] + [("D1", "2026-10", 1), ("", "2026-10", 9)]
    )
    out = distributor_classes(d, sales)
    assert out["class"].tolist() == ["unclassified", "A"]  # the table's 3 months for D1 no longer count
    assert out["ordered_months"].tolist() == [1, 3]
    assert (out["ordered_from"] == "sales").all()
    assert out.loc[1, "explanation"].render("zh") == "A：2026-08 至 2026-10每月都有进货（3/3）"


def test_the_window_ends_with_the_month_asked() -> None:
    sales = _sales([("D1", m, 2) for m in ("2026-06", "2026-07", "2026-08")] + [("D2", "2026-10", 1)])
    d = _distributors(skus_stocked=[40, 40])
    assert distributor_classes(d, sales, month="2026-08").loc[0, "class"] == "A"
    out = distributor_classes(d, sales)  # the latest month: 2026-10
    assert out.loc[0, ["class", "ordered_months", "window_start"]].tolist() == ["unclassified", 1, "2026-08"]


def test_zero_units_are_not_an_order() -> None:
    sales = _sales([("D1", m, u) for m, u in (("2026-08", 3), ("2026-09", 0), ("2026-10", 5))])
    assert ordered_months(sales, "2026-10").to_dict() == {"D1": 2}


def test_summary_use_last_month_as_history() -> None:
    """As the monthly summary calls it: the month before gives the previous class."""
    d = pd.DataFrame({"distributor_id": ["D1"], "skus_stocked": [30], "skus_total": [40]})
    sales = _sales([("D1", m, 5) for m in ("2025-04", "2025-05", "2025-06")])
    before = distributor_classes(d, sales, "2025-05")
    now = distributor_classes(d, sales, "2025-06", previous=before, band=0.05)
    assert (before.loc[0, "class"], now.loc[0, "class"], now.loc[0, "previous_class"]) == ("B", "A", "B")
    later = distributor_classes(d, sales, "2025-07", previous=now)
    assert later.loc[0, "class"] == "B"


def test_class_explanation_in_chinese() -> None:
    d = _distributors(ordered_months_last_3=[1], skus_stocked=[72])
    assert distributor_classes(d).loc[0, "explanation"].render("zh") == (
        "B：铺货率 72.0% ≥ 70.0%（+2.0 个百分点）；A 需近3个月（经销商表）每月进货（现为 1/3）"
    )


@pytest.mark.parametrize(("band", "expected"), [(0.0, "BCBCC"), (0.05, "BBBBC")])
def test_hysteresis_example_of_methods_3_3(band: float, expected: str) -> None:
    months = [_distributors(skus_stocked=[round(c * 100)]) for c in COVERAGE_BY_MONTH]
    got = "".join(class_history(months[: i + 1], band=band).loc[0, "class"] for i in range(len(months)))
    assert got == expected


def test_a_class_held_by_the_band_says_so() -> None:
    months = [_distributors(skus_stocked=[72]), _distributors(skus_stocked=[68])]
    out = class_history(months, band=0.05)
    assert out.loc[0, "class"] == "B"
    assert out.loc[0, "bar"] == pytest.approx(0.65)
    assert "band: was Class B, bar lowered from 70.0%" in out.loc[0, "explanation"].render("en")


def test_the_band_is_only_mentioned_when_it_kept_the_class() -> None:
    months = [_distributors(skus_stocked=[72]), _distributors(skus_stocked=[95])]
    out = class_history(months, band=0.05)
    assert out.loc[0, "bar"] == pytest.approx(0.70)
    assert "band" not in out.loc[0, "explanation"].render("en")


def test_history_from_the_sales_uses_the_month_before() -> None:
    d = _distributors(skus_stocked=[68])
    sales = _sales([("D1", m, 1) for m in ("2026-07", "2026-08", "2026-09")])  # A in September, not in October
    assert class_history([d], band=0.05, sales=sales, month="2026-10").loc[0, "class"] == "B"  # A held it above 65 %
    assert class_history([d], band=0.0, sales=sales, month="2026-10").loc[0, "class"] == "C"


def test_unknown_previous_classes_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown classes"):
        distributor_classes(_distributors(skus_stocked=[50]), previous={"D1": "gold"})


def test_class_counts_list_every_class() -> None:
    d = _distributors(ordered_months_last_3=[3, 0], skus_stocked=[0, 80])
    assert class_counts(distributor_classes(d)).to_dict() == {"A": 1, "B": 1, "C": 0, "unclassified": 0}


def test_the_demo_classes_by_the_one_rule() -> None:
    frames = generate_demo()
    active = frames["distributors"].query("status == 'active'")
    by_sales = class_counts(distributor_classes(active, frames["sales"]))
    assert by_sales.sum() == len(active)
    sales = frames["sales"]
    last3 = sales[sales["month"].isin(sorted(sales["month"].unique())[-3:]) & (sales["units"] > 0)]
    every_month = last3.groupby("distributor_id")["month"].nunique() == 3
    assert by_sales["A"] == active["distributor_id"].isin(every_month[every_month].index).sum()
