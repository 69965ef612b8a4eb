"""The data contract: every kind an analyst uploads, its canonical columns and its key.

Canonical column names are declared here once; readers, validation, the store, the demo
generator and the pages all use these specs.
"""

from __future__ import annotations

from dataclasses import dataclass

# Column types: "region" (resolved to region_id), "month" (YYYY-MM text), "year" (int),
# "int", "float", "money" (float, yuan), "share" (float 0-1), "score" (int 1-5), "text", "bool".


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    required: bool = False
    non_negative: bool = False
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Kind:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def stored_columns(self) -> tuple[str, ...]:
        """Columns as stored: `region` becomes `region_id`."""
        return tuple("region_id" if c.type == "region" else c.name for c in self.columns)

    @property
    def stored_key(self) -> tuple[str, ...]:
        return tuple("region_id" if k == "region" else k for k in self.key)


STATUS_HOUSING = ("completed", "under_construction", "planned")
STATUS_DISTRIBUTOR = ("prospect", "active", "ended")
SOURCES = ("web", "registry", "street", "ads", "trade_show", "referral")

KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "sales",
            (
                Column("region", "region", required=True),
                Column("month", "month", required=True),
                Column("units", "int", required=True, non_negative=True),
                Column("revenue", "money", required=True, non_negative=True),
                Column("product", "text"),
                Column("distributor_id", "text"),
                Column("channel", "text"),
            ),
            key=("region", "month", "product", "distributor_id", "channel"),
        ),
        Kind(
            "plan",
            (
                Column("region", "region", required=True),
                Column("month", "month", required=True),
                Column("target_revenue", "money", required=True, non_negative=True),
                Column("target_units", "int", non_negative=True),
            ),
            key=("region", "month"),
        ),
        Kind(
            "competitors",
            (
                Column("region", "region", required=True),
                Column("year", "year", required=True),
                Column("competitor", "text", required=True),
                Column("revenue", "money", required=True, non_negative=True),
                Column("avg_price", "money", non_negative=True),
                Column("units", "int", non_negative=True),
                Column("stores", "int", non_negative=True),
                Column("local_price", "money", non_negative=True),
                Column("discount_rate", "share", non_negative=True),
            ),
            key=("region", "year", "competitor"),
        ),
        Kind(
            "housing",
            (
                Column("region", "region", required=True),
                Column("year", "year", required=True),
                Column("new_units", "int", required=True, non_negative=True),
                Column("status", "text", choices=STATUS_HOUSING),
                Column("floor_area_m2", "float", non_negative=True),
                Column("communities", "int", non_negative=True),
            ),
            key=("region", "year", "status"),
        ),
        Kind(
            "demographics",
            (
                Column("region", "region", required=True),
                Column("year", "year", required=True),
                Column("population", "int", required=True, non_negative=True),
                Column("households", "int", non_negative=True),
                Column("income_per_capita", "money", non_negative=True),
                Column("urban_share", "share", non_negative=True),
                Column("retail_sales", "money", non_negative=True),
            ),
            key=("region", "year"),
        ),
        Kind(
            "distributors",
            (
                Column("distributor_id", "text", required=True),
                Column("name", "text", required=True),
                Column("region", "region", required=True),
                Column("status", "text", choices=STATUS_DISTRIBUTOR),
                Column("source", "text", choices=SOURCES),
                Column("credibility", "score"),
                Column("philosophy", "score"),
                Column("finance", "score"),
                Column("product_priority", "score"),
                Column("execution", "score"),
                Column("skus_stocked", "int", non_negative=True),
                Column("skus_total", "int", non_negative=True),
                Column("ordered_months_last_3", "int", non_negative=True),
            ),
            key=("distributor_id",),
        ),
        Kind(
            "territories",
            (
                Column("distributor_id", "text", required=True),
                Column("region", "region", required=True),
                Column("since", "month"),
                Column("exclusive", "bool"),
            ),
            key=("distributor_id", "region"),
        ),
    )
}

LEVELS = ("province", "city", "county")
