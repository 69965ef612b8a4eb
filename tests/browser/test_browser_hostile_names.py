"""Headless Chromium (issue 16, item 8): uploaded names are shown as written, never as live HTML or Markdown.

A store holds the demo with three brands and every distributor renamed to hostile names (the brands
imported through `python -m analysis import`, the distributors written through the store API). The
Competitors, Distributors, Territories and Map pages, and the Data page with an upload named
``<img src=x onerror=alert(1)>`` (a sheet, a header and a region value as hostile), must then hold no
element the names could have made (a link to evil.example, an image with src "x", an onerror
handler, bold text from ``**``), fire no dialog and fetch nothing for them, while the names are
visible literally and the CSV downloads carry them as text.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main
from analysis.i18n import t
from analysis.io.store import Store

pytestmark = pytest.mark.browser

LINK = '<a href="http://evil.example">x</a>'
IMAGE = "<img src=x onerror=alert(1)>"
MARKDOWN = "**bold** [link](http://evil.example) :smile:"
NAMES = (LINK, IMAGE, MARKDOWN)
BRANDS = {"美的": LINK, "海尔": IMAGE, "A.O.史密斯": MARKDOWN}  # the demo's three biggest brands
ZERO_WIDTH = "\u200b"

# What a name could have become: every element or attribute that would be there had one been parsed.
INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    const tag = el.localName.toLowerCase();
    for (const a of el.attributes) {
      const name = a.name.toLowerCase(), value = a.value || '';
      if ((name.endsWith('href') || name === 'src') && value.includes('evil.example')) found.push(`${tag}[${name}]`);
      if (name === 'onerror') found.push(`${tag}[onerror]`);
      if (tag === 'img' && name === 'src' && value === 'x') found.push('img[src=x]');
    }
    if (['strong', 'b'].includes(tag) && el.textContent.trim() === 'bold') found.push(`${tag}:bold`);
    if (tag === 'a' && el.textContent.trim() === 'link') found.push('a:link');
  }
  return found;
}"""
SVG_SHOWS = """([names, every]) => {
  const text = Array.from(document.querySelectorAll('svg text')).map(e => e.textContent).join('\\n')
    .replace(/\\u00a0/g, ' ');
  return every ? names.every(n => text.includes(n)) : names.some(n => text.includes(n));
}"""


def _store_with_hostile_names(folder: Path) -> str:
    """The demo in a store, three brands renamed by an import from the command line, every distributor by the API."""
    location = str(folder / "store")
    assert main(["demo", "--store", location]) == 0
    store = Store(location)
    competitors = store.read("competitors")
    renamed = competitors["competitor"].replace(BRANDS)
    hit = competitors["competitor"].isin(list(BRANDS))
    english = competitors["competitor_en"].where(~hit, renamed)
    competitors.assign(competitor=renamed, competitor_en=english).to_csv(folder / "competitors.csv", index=False)
    path = folder / "competitors.csv"
    assert main(["import", "--kind", "competitors", str(path), "--replace", "--store", location]) == 0
    distributors = store.read("distributors")
    hostile = [NAMES[i % len(NAMES)] for i in range(len(distributors))]
    store.write("distributors", distributors.assign(name=hostile), mode="replace", note="hostile names")
    assert set(Store(location).read("distributors")["name"]) == set(NAMES)
    return location


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory):
    """`streamlit run app.py` on that store (both languages' tests share it)."""
    from tests.conftest import _start_server, _StoreAt

    location = _store_with_hostile_names(tmp_path_factory.mktemp("hostile"))
    proc, url = _start_server(_StoreAt(tmp_path_factory, location))
    yield url
    proc.terminate()
    proc.wait(timeout=20)


class Watch:
    """Dialogs opened and requests made by a page (an injected image would fetch "x")."""

    def __init__(self, page):
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        page.on("dialog", self._dialog)
        page.on("request", lambda request: self.requests.append(request.url))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def fetched_for_names(self) -> list[str]:
        return [u for u in self.requests if "evil.example" in u or u.split("?")[0].endswith("/x")]


def _visible(text: str) -> str:
    """Text as a reader sees it: without the zero-width breaks, non-breaking spaces as spaces."""
    return text.replace(ZERO_WIDTH, "").replace("\u00a0", " ")


def _open(offline_page, url: str) -> None:
    offline_page.page.goto(url, wait_until="domcontentloaded")
    offline_page.wait_for_app(timeout=180_000)
    time.sleep(0.5)
    offline_page.wait_for_app(timeout=180_000)


def _inert(page, watch: Watch) -> None:
    """Nothing a name could have made is in the DOM (Plotly's SVG included); no dialog; nothing fetched."""
    assert page.evaluate(INJECTED) == []
    assert watch.dialogs == []
    assert watch.fetched_for_names() == []
    assert "😄" not in page.inner_text("body")  # :smile: stayed a word, not an emoji


def _body_text(page) -> str:
    return _visible(page.inner_text("body"))


def _csv(page, lang: str) -> pd.DataFrame:
    """The page's last "Download CSV" (its export), read as text."""
    buttons = page.get_by_test_id("stMain").get_by_test_id("stDownloadButton").filter(has_text=t("download.csv", lang))
    with page.expect_download(timeout=120_000) as download:
        buttons.last.click()
    return pd.read_csv(io.BytesIO(Path(download.value.path()).read_bytes()), encoding="utf-8-sig", dtype=str)


def _cells(frame: pd.DataFrame) -> str:
    return "\n".join(frame.fillna("").astype(str).to_numpy().ravel())


def _screenshot(page, path: Path) -> None:
    """The whole page: Streamlit scrolls inside its main block, so make the window as tall as the content."""
    height = page.evaluate("document.querySelector('[data-testid=\\'stMain\\']').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(max(int(height) + 200, 1000), 9000)})
    page.wait_for_timeout(1000)
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": 1400, "height": 1000})


def _plots(page, count: int = 1, selector: str = ".js-plotly-plot .main-svg") -> None:
    page.wait_for_function(f"() => document.querySelectorAll({selector!r}).length >= {count}", timeout=180_000)
    page.wait_for_timeout(500)


def _svg_shows(page, names, every: bool = True) -> None:
    """Wait until Plotly has drawn the names (every one, or any) as SVG text, i.e. literally."""
    page.wait_for_function(SVG_SHOWS, arg=[list(names), every], timeout=180_000)


def _xlsx() -> bytes:
    """A sales workbook: the table on a sheet named like an image tag, a hostile header and region value."""
    table = pd.DataFrame(
        {
            "月份": ["2026-01", "2026-01"],
            "城市": [LINK, "南宁"],
            "销售额": [10.0, 20.0],
            "销量": [1, 2],
            MARKDOWN: ["a", "b"],
        }
    )
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        table.to_excel(writer, sheet_name=IMAGE, index=False)
        pd.DataFrame({"说明": ["notes"]}).to_excel(writer, sheet_name="notes", index=False)
    return buffer.getvalue()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_uploaded_names_are_shown_as_written(lang: str, hostile_server, offline_page, screenshot_dir) -> None:
    page = offline_page.page
    watch = Watch(page)
    view = f"dataset=store&lang={lang}"

    # Competitors: the brand bars (Plotly ticks, hover and legend) and the export's leaders.
    _open(offline_page, f"{hostile_server}/competitors?{view}")
    page.get_by_role("heading", name=t("comp.price", lang)).wait_for(timeout=180_000)
    _svg_shows(page, NAMES)  # the brand bars' ticks and hover show the names as written
    _inert(page, watch)
    _screenshot(page, screenshot_dir / f"hostile_competitors_{lang}.png")
    exported = _cells(_csv(page, lang))
    assert LINK in exported and IMAGE in exported  # the two biggest brands lead somewhere

    # Distributors: scorecard, funnel, coverage map; the scorecard export has every name.
    _open(offline_page, f"{hostile_server}/distributors?{view}")
    page.get_by_role("heading", name=t("distributors.export", lang)).wait_for(timeout=180_000)
    _plots(page, 2)
    _inert(page, watch)
    _screenshot(page, screenshot_dir / f"hostile_distributors_{lang}.png")
    exported = _cells(_csv(page, lang))
    assert all(name in exported for name in NAMES)

    # Territories: territories named after their distributors in the legend, the panel and the export.
    _open(offline_page, f"{hostile_server}/territories?{view}")
    _plots(page, 111, ".js-plotly-plot .choroplethlayer path")
    page.get_by_role("heading", name=t("territories.export", lang)).wait_for(timeout=180_000)
    _plots(page, 2)
    _svg_shows(page, NAMES, every=False)  # the map's legend and the balance bars
    body = _body_text(page)
    assert any(f"→ {name}" in body for name in NAMES)  # the county panel: "county → holder", as Markdown
    _inert(page, watch)
    _screenshot(page, screenshot_dir / f"hostile_territories_{lang}.png")
    exported = _cells(_csv(page, lang))
    assert any(name in exported for name in NAMES)

    # Map: a province's panel with its competitors.
    _open(offline_page, f"{hostile_server}/map?{view}&level=province&region=450000")
    _plots(page, 30, ".js-plotly-plot .choroplethlayer path")
    page.get_by_test_id("stMetric").first.wait_for(timeout=180_000)
    _inert(page, watch)
    _screenshot(page, screenshot_dir / f"hostile_map_{lang}.png")

    # Data: a file that cannot be read names itself in the error box, as written.
    _open(offline_page, f"{hostile_server}/data?{view}")
    uploader = page.locator("input[type='file']")
    binary = b"\x89PNG\r\n\x1a\n" + bytes(64)
    uploader.set_input_files({"name": f"{IMAGE}.csv", "mimeType": "text/csv", "buffer": binary})
    error = page.get_by_test_id("stAlert").filter(has_text=t("data.read_failed", lang, message="")[:8])
    error.first.wait_for(timeout=60_000)
    assert f"{IMAGE}.csv" in _visible(error.first.inner_text())
    _inert(page, watch)
    _screenshot(page, screenshot_dir / f"hostile_data_refused_{lang}.png")

    # ... and a workbook: its sheet in the preview's caption, a header as a widget label, a region value
    # in the value-mapping picker's label.
    uploader.set_input_files({"name": f"{IMAGE}.xlsx", "mimeType": "application/octet-stream", "buffer": _xlsx()})
    page.get_by_test_id("stSelectbox").filter(has_text=LINK).first.wait_for(timeout=60_000)
    offline_page.wait_for_app()
    body = _body_text(page)
    assert IMAGE in body and MARKDOWN in body and LINK in body
    _inert(page, watch)
    _screenshot(page, screenshot_dir / f"hostile_data_{lang}.png")
    assert offline_page.blocked == []
