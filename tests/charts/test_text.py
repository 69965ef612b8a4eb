"""Names in Plotly labels shown as written (analysis/charts/text.py): checked in plotly.js itself."""

from __future__ import annotations

import json
from pathlib import Path

import plotly
import plotly.graph_objects as go
import pytest

from analysis.charts.text import plain

NAMES = ['<a href="http://evil.example">x</a>', "<img src=x onerror=alert(1)>", "A&B <b>bold</b><br>two",
         "<span style='color:red'>红</span>"]  # fmt: skip
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


@pytest.mark.parametrize("name", NAMES)
def test_plain_leaves_no_tag(name: str) -> None:
    assert "<" not in plain(name) and ">" not in plain(name)


@pytest.mark.parametrize(("value", "expected"), [(None, ""), (float("nan"), ""), (3, "3"), ("南宁", "南宁"),
                                                 ("&lt;", "&amp;lt;")])  # fmt: skip
def test_plain_of_other_values(value, expected: str) -> None:
    assert plain(value) == expected


@pytest.mark.browser
def test_plotly_draws_escaped_names_as_text_in_ticks_text_and_legend(browser) -> None:
    labels = [plain(n) for n in NAMES]
    fig = go.Figure(go.Bar(x=labels, y=[1, 2, 3, 4], text=labels, name=labels[0], showlegend=True,
                           hovertemplate="%{x}<extra></extra>"))  # fmt: skip
    fig.update_layout(title=labels[2], width=1200, height=600)
    context = browser.new_context()
    page = context.new_page()
    page.route("**/*", lambda route: route.abort())  # nothing is fetched: the page is set inline
    page.set_content("<div id='plot'></div>")
    page.add_script_tag(path=str(PLOTLY_JS))
    spec = json.loads(fig.to_json())
    page.evaluate("spec => Plotly.newPlot('plot', spec.data, spec.layout, {displayModeBar: false})", spec)
    svg = page.locator("#plot .main-svg").first
    svg.wait_for()
    assert page.locator("#plot a, #plot img").count() == 0
    assert page.locator("#plot tspan[style*='bold'], #plot tspan[style*='color']").count() == 0
    ticks = page.locator("#plot .xtick text").all_text_contents()
    assert [t.replace("\u00a0", " ") for t in ticks] == NAMES
    bar_texts = page.locator("#plot .bartext").all_text_contents()
    assert [t.replace("\u00a0", " ") for t in bar_texts] == NAMES
    assert page.locator("#plot .gtitle").text_content().replace("\u00a0", " ") == NAMES[2]
    assert page.locator("#plot .legendtext").text_content().replace("\u00a0", " ") == NAMES[0]
    context.close()


@pytest.mark.browser
def test_without_plain_plotly_would_make_a_link(browser) -> None:
    """The hazard itself: an unescaped name becomes an <a> element (so the test above means something)."""
    fig = go.Figure(go.Bar(x=[NAMES[0]], y=[1]))
    context = browser.new_context()
    page = context.new_page()
    page.route("**/*", lambda route: route.abort())
    page.set_content("<div id='plot'></div>")
    page.add_script_tag(path=str(PLOTLY_JS))
    page.evaluate(
        "spec => Plotly.newPlot('plot', spec.data, spec.layout, {displayModeBar: false})", json.loads(fig.to_json())
    )
    page.locator("#plot .main-svg").first.wait_for()
    assert page.locator("#plot .xtick a").count() == 1
    context.close()
