"""The monthly line chart: a forecast band is in the legend only where it is drawn."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.charts import lines

MONTHS = ["2026-01", "2026-02", "2026-03"]
ACTUAL = {"actual": ([1.0, 2.0, 3.0], lines.ACTUAL_STYLE)}


def _chart(forecast: pd.DataFrame):
    return lines.monthly(
        MONTHS, ACTUAL, "money", "en", axis_label="yuan", forecast=forecast, forecast_name="fc", band_name="band"
    )


def _names(fig) -> list[str]:
    return [trace.name for trace in fig.data if trace.showlegend is not False]


def test_a_forecast_with_bounds_draws_its_band_and_names_it() -> None:
    forecast = pd.DataFrame({"month": ["2026-04"], "forecast": [3.0], "lower": [2.0], "upper": [4.0]})
    fig = _chart(forecast)
    assert _names(fig) == ["band", "fc", "actual"]
    band = next(trace for trace in fig.data if trace.name == "band")
    assert band.fill == "tonexty" and list(band.y) == [2.0]


def test_a_forecast_without_bounds_has_no_band_in_the_legend() -> None:
    forecast = pd.DataFrame({"month": ["2026-04"], "forecast": [3.0], "lower": [np.nan], "upper": [np.nan]})
    fig = _chart(forecast)
    assert _names(fig) == ["fc", "actual"]
    assert not any(trace.fill for trace in fig.data)
