"""The data contract: every kind an analyst uploads, its canonical columns and its key.

Canonical column names are declared here once; readers, validation, the store, the demo
generator and the pages all use these specs.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

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
    """One kind of table: its columns, its key, and how an update replaces rows.

    `partition` is the column an update import goes by: the new version keeps the current rows
    whose partition value the file does not hold and takes the file's rows for the others (a
    monthly sales file replaces its months and keeps every other month). `uploadable` kinds
    have templates and appear on the Data page; the others are written by the product itself.
    """

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    partition: str = ""
    uploadable: bool = True

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def column_type(self, stored: str) -> str:
        """The type of a stored column (`region_id` is the region column)."""
        return next(c.type for c, s in zip(self.columns, self.stored_columns, strict=True) if s == stored)

    @property
    def stored_columns(self) -> tuple[str, ...]:
        """Columns as stored: `region` becomes `region_id`."""
        return tuple("region_id" if c.type == "region" else c.name for c in self.columns)

    @property
    def stored_key(self) -> tuple[str, ...]:
        return tuple("region_id" if k == "region" else k for k in self.key)

    def empty(self) -> pd.DataFrame:
        """A frame with no rows and the stored columns, each of its pandas dtype."""
        pairs = zip(self.columns, self.stored_columns, strict=True)
        return pd.DataFrame({stored: pd.Series(dtype=PANDAS_DTYPES[c.type]) for c, stored in pairs})

    @property
    def stored_partition(self) -> str:
        """`partition` as stored (`region` becomes `region_id`)."""
        return "region_id" if self.partition == "region" else self.partition


# The pandas dtype of each column type, as the demo generator and the store give them.
PANDAS_DTYPES = {
    "region": "str", "month": "str", "text": "str", "year": "int64", "int": "int64", "score": "int64",
    "float": "float64", "money": "float64", "share": "float64", "bool": "bool",
}  # fmt: skip

STATUS_HOUSING = ("completed", "under_construction", "planned")
STATUS_DISTRIBUTOR = ("prospect", "active", "ended")
SOURCES = ("web", "registry", "street", "ads", "trade_show", "referral")
GRADES = ("A", "B", "C")
METRICS = ("units", "revenue", "new_distributors")
ACTION_STATUS = ("open", "done", "dropped")

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
                Column("category", "text"),
                Column("product", "text"),
                Column("distributor_id", "text"),
                Column("channel", "text"),
            ),
            key=("region", "month", "category", "product", "distributor_id", "channel"),
            partition="month",
        ),
        Kind(
            "plan",
            (
                Column("region", "region", required=True),
                Column("month", "month", required=True),
                Column("target_revenue", "money", required=True, non_negative=True),
                Column("target_units", "int", non_negative=True),
                Column("category", "text"),
                Column("distributor_id", "text"),
            ),
            key=("region", "month", "category", "distributor_id"),
            partition="month",
        ),
        Kind(
            "competitors",
            (
                Column("region", "region", required=True),
                Column("year", "year", required=True),
                Column("competitor", "text", required=True),
                Column("revenue", "money", required=True, non_negative=True),
                Column("category", "text"),
                Column("competitor_en", "text"),
                Column("avg_price", "money", non_negative=True),
                Column("units", "int", non_negative=True),
                Column("stores", "int", non_negative=True),
                Column("local_price", "money", non_negative=True),
                Column("discount_rate", "share", non_negative=True),
            ),
            key=("region", "year", "competitor", "category"),
            partition="year",
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
            partition="year",
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
            partition="year",
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
            partition="distributor_id",
        ),
        Kind(
            "territories",
            (
                Column("distributor_id", "text", required=True),
                Column("region", "region", required=True),
                Column("since", "month"),
                Column("until", "month"),
                Column("exclusive", "bool"),
                Column("categories", "text"),
                Column("channels", "text"),
                Column("grade", "text", choices=GRADES),
            ),
            key=("distributor_id", "region"),
            partition="distributor_id",
        ),
        Kind(
            "promotions",
            (
                Column("promotion_id", "text", required=True),
                Column("name", "text", required=True),
                Column("region", "region", required=True),
                Column("start", "month", required=True),
                Column("end", "month", required=True),
                Column("metric", "text", required=True, choices=METRICS),
                Column("target", "float", required=True, non_negative=True),
                Column("category", "text"),
            ),
            key=("promotion_id", "region"),
            partition="promotion_id",
        ),
        Kind(
            "actions",
            (
                Column("action_id", "text", required=True),
                Column("month", "month", required=True),
                Column("what", "text", required=True),
                Column("owner", "text"),
                Column("due", "month"),
                Column("region", "region"),
                Column("distributor_id", "text"),
                Column("status", "text", choices=ACTION_STATUS),
            ),
            key=("action_id",),
            partition="action_id",
            uploadable=False,
        ),
    )
}
UPLOADABLE = tuple(name for name, kind in KINDS.items() if kind.uploadable)

LEVELS = ("province", "city", "county")
