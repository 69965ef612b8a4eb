"""What the figures of a scope rest on: which inputs are missing, for all regions or some of them.

Missing data is unknown, never zero: a page says so before it shows a number that lacks an input.
"""

from __future__ import annotations

import pandas as pd

from analysis.formats import Figure
from analysis.i18n import Text


def missing_inputs(features: pd.DataFrame) -> list[Text]:
    """One sentence per input that is missing in the scope of `features`, or missing for some regions.

    Parameters
    ----------
    features : DataFrame
        `analysis.market.features.build_features` of the scope.

    Returns
    -------
    list of Text
        Empty when every input is there for every region.

    Examples
    --------
    >>> f = pd.DataFrame({"surveyed": [False, False], "housed": [True, False], "yoy_growth": [float("nan")] * 2,
    ...                   "served": [True, False], "plan_revenue": [1.0, float("nan")], "households": [1.0, 2.0]})
    >>> [text.key for text in missing_inputs(f)]
    ['inputs.no_competitors', 'inputs.some_housing', 'inputs.no_prior_year']
    """
    n = len(features)
    if n == 0:
        return []
    notes: list[Text] = []
    checks = (
        ("surveyed", "competitors"),
        ("housed", "housing"),
    )
    for column, name in checks:
        if column not in features:
            continue
        have = int(features[column].fillna(False).astype(bool).sum())
        if have == 0:
            notes.append(Text(f"inputs.no_{name}"))
        elif have < n:
            notes.append(Text(f"inputs.some_{name}", missing=Figure(n - have, "count"), total=Figure(n, "count")))
    if "households" in features and features["households"].isna().all():
        notes.append(Text("inputs.no_demographics"))
    served = features.get("served", pd.Series(False, index=features.index)).fillna(False).astype(bool)
    if "yoy_growth" in features and served.any() and features.loc[served, "yoy_growth"].isna().all():
        notes.append(Text("inputs.no_prior_year"))
    if "plan_revenue" in features and served.any() and features.loc[served, "plan_revenue"].isna().all():
        notes.append(Text("inputs.no_plan"))
    return notes


def every_region_has_prior_year(features: pd.DataFrame) -> bool:
    """Whether YoY is known for every served region (only then can a page say "no region declined")."""
    served = features["served"].fillna(False).astype(bool)
    return bool(served.any()) and bool(features.loc[served, "yoy_growth"].notna().all())
