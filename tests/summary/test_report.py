"""Excel, PDF and deck files of the monthly summary, offline and without a browser; the `report` command."""

from __future__ import annotations

import io
import re
import shutil
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from pptx import Presentation
from pypdf import PdfReader

from analysis.cli import main
from analysis.formats import fmt
from analysis.geo.boundaries import load_regions
from analysis.i18n import t
from analysis.io.store import Store
from analysis.summary import fonts, pdf, tables
from analysis.summary.build import build_summary
from analysis.summary.excel import build_excel
from analysis.summary.pdf import build_pdf, page_count

from .conftest import crafted_frames, fake_scorer

SHEETS = (
    "kpis",
    "trend",
    "regions",
    "movers",
    "changes",
    "tiers",
    "gates",
    "distributors",
    "forecast",
    "quotas",
    "promotions",
    "actions",
    "narrative",
)


@pytest.fixture(scope="module")
def summary():
    return build_summary(crafted_frames(), "2026-10", scorer=fake_scorer, is_demo=True)


def _pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


# -- Excel ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_excel_has_every_table_with_numbers_as_numbers(summary, lang: str) -> None:
    book = openpyxl.load_workbook(io.BytesIO(build_excel(summary, lang)))
    assert book.sheetnames == [
        *(t(f"summary.sheet.{name}", lang) for name in SHEETS),
        t("field.sheet.dictionary", lang),
    ]
    kpis = book[t("summary.sheet.kpis", lang)]
    header = [c.value for c in kpis[1]]
    assert header[:2] == [t("field.measure", lang), tables.field("actual").label(lang)]
    revenue = kpis[2]
    assert revenue[0].value == t("summary.measure.revenue", lang)
    assert revenue[1].value == pytest.approx(summary.kpis.revenue.actual) and revenue[1].number_format == "#,##0"
    attainment = header.index(next(h for h in header if h.startswith(tables.field("attainment").label(lang))))
    assert revenue[attainment].value == pytest.approx(summary.kpis.revenue.attainment, abs=1e-4)
    assert revenue[attainment].number_format == "0.0%"
    regions = book[t("summary.sheet.regions", lang)]
    names = [row[0].value for row in regions.iter_rows(min_row=2)]
    assert len(names) == 31 and set(names) <= set(load_regions("province")["name" if lang == "zh" else "name_en"])
    for cell in regions[2][1:]:
        assert isinstance(cell.value, (int, float)) and cell.number_format != "General"
    tiers = list(book[t("summary.sheet.tiers", lang)].values)
    assert tiers[1][1:3] == ("A", "B")  # Nanning moved A → B
    distributors = [c.value for c in book[t("summary.sheet.distributors", lang)][1]]
    assert distributors[:3] == [t("field.distributor_id", lang), t("field.distributor", lang), t("field.name", lang)]


# -- PDF -----------------------------------------------------------------------------------------------------


def test_pdf_lists_every_province_and_the_decliner_it_names(summary) -> None:
    data = build_pdf(summary, "zh")
    text = "\n".join(_pdf_pages(data))
    assert page_count(data) == len(_pdf_pages(data))
    for name in summary.attainment["name"]:
        assert name in text
    assert len(summary.attainment) == 31
    decliner = summary.movers.query("group == 'loss_abs'").iloc[0]["name"]
    assert decliner in tables.key_points(summary, "zh")[-1] and decliner in text
    for label in ("月度经营摘要", "销售额", "计划达成率", "年累计同比", "要点", "会议行动项"):
        assert label in text
    assert fmt(summary.kpis.revenue.attainment, "share", "zh") in text
    assert b"/Subtype /Image" in data  # the charts


def test_pdf_embeds_the_cjk_font_and_says_which(summary) -> None:
    found = fonts.find()
    if found is None:
        pytest.skip("no CJK font file on this machine (fonts-noto-cjk)")
    data = build_pdf(summary, "zh")
    reader = PdfReader(io.BytesIO(data))
    assert found.family in reader.metadata.subject and "已嵌入" in reader.metadata.subject
    embedded = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                embedded.add(str(font["/BaseFont"]))
    assert any(found.family.replace(" ", "") in name for name in embedded)
    assert found.family in _pdf_pages(data)[0]  # said on the first page too


def test_pdf_falls_back_to_the_built_in_cid_font_without_a_font_file(summary, monkeypatch) -> None:
    monkeypatch.setattr(fonts, "find", lambda bold=False: None)
    data = build_pdf(summary, "zh")
    reader = PdfReader(io.BytesIO(data))
    assert "STSong-Light" in reader.metadata.subject
    assert "销售额" in reader.pages[0].extract_text()
    assert b"/FontFile2" not in data


def test_long_pdf_tables_continue_under_a_repeated_header(summary) -> None:
    many = pd.DataFrame(
        {
            "action_id": [f"A-{i:03d}" for i in range(1, 91)],
            "month": "2026-09",
            "what": [f"第 {i} 项行动" for i in range(1, 91)],
            "owner": "经理",
            "due": "2026-12",
            "region_id": "",
            "distributor_id": "",
            "status": "open",
        }
    )
    frames = {**crafted_frames(), "actions": many}
    long = build_summary(frames, "2026-10", scorer=None)
    pages = _pdf_pages(build_pdf(long, "zh"))
    holding = [page for page in pages if re.search(r"第 \d+ 项行动", page)]
    assert len(holding) >= 2
    for page in holding:
        assert "做什么" in page and "负责人" in page  # the header on every page the table runs over
    listed = {int(n) for page in holding for n in re.findall(r"第 (\d+) 项行动", page)}
    assert listed == set(range(1, 91))  # nothing cut


def test_pdf_in_english(summary) -> None:
    text = "\n".join(_pdf_pages(build_pdf(summary, "en")))
    assert "Actual, this month" in text and "Guangxi" in text and "Monthly executive summary" in text


def test_pdf_needs_no_browser(summary, monkeypatch) -> None:
    """No kaleido, no Chrome or Chromium on PATH: the PDF and its charts are still made."""
    monkeypatch.setitem(sys.modules, "kaleido", None)
    monkeypatch.setitem(sys.modules, "choreographer", None)
    monkeypatch.setattr(shutil, "which", lambda *args, **kwargs: None)
    monkeypatch.setenv("PATH", "")
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    data = build_pdf(summary, "zh")
    assert data.startswith(b"%PDF") and b"/Subtype /Image" in data
    assert "销售额" in "".join(_pdf_pages(data))


def test_charts_fall_back_to_english_labels_without_a_cjk_font(summary, monkeypatch) -> None:
    monkeypatch.setattr(fonts, "matplotlib_family", lambda: None)
    assert pdf._chart_lang("zh") == "en"
    assert pdf.trend_png(summary, "zh").startswith(b"\x89PNG")


def test_attainment_bands() -> None:
    assert [tables.attainment_band(v) for v in (1.0, 0.95, 0.5, float("nan"))] == ["good", "near", "short", None]


# -- the command line ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("report-store")
    assert main(["demo", "--store", str(store)]) == 0
    return store


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The crafted data of three provinces (Beijing, Zhejiang, Guangxi), written as a store."""
    location = tmp_path_factory.mktemp("small-store")
    store = Store(location)
    for kind, frame in crafted_frames().items():
        keep = frame["region_id"].str[:2].isin(["11", "33", "45"]) if "region_id" in frame else slice(None)
        store.write(kind, frame[keep], source="demo")
    return location


def test_report_command_writes_the_meeting_deck_with_the_pages_numbers(demo_store, demo_summary, tmp_path, capsys):
    out = tmp_path / "r.pptx"
    assert main(["report", "--month", "2026-10", "--out", str(out), "--store", str(demo_store)]) == 0
    line = capsys.readouterr().out.strip()
    assert re.fullmatch(rf"已写入 {re.escape(str(out))} · 全国 · 2026-10 · \d+ 张幻灯片 · [\d.]+ 秒", line)
    prs = Presentation(out)
    kpi_table = next(shape.table for shape in prs.slides[1].shapes if shape.has_table)
    page = tables.kpi_grid(demo_summary, "zh")  # the demo as the page shows it
    assert [[c.text for c in row.cells] for row in list(kpi_table.rows)[1:]] == page.rows
    titles = [slide.shapes.title.text for slide in prs.slides]
    assert "促销复盘：618净水节" in titles and "促销复盘：秋季热水器换新" in titles
    actions = next(s for s in prs.slides if s.shapes.title.text == "会议行动项")
    rows = [[c.text for c in r.cells] for r in list(next(sh for sh in actions.shapes if sh.has_table).table.rows)[1:]]
    assert [r[:2] for r in rows] == [["已逾期", "A-002"], ["进行中", "A-001"], ["已完成/取消", "A-003"]]


def test_demo_promotions_are_reported_as_crafted(demo_summary) -> None:
    """The demo's 618 festival (+20 % crafted) lies in its stated band; the heater drive (no effect) misses."""
    reviews = {p.promotion_id: p for p in demo_summary.promotions}
    festival, drive = reviews["P-618"], reviews["P-HEAT"]
    assert festival.uplift_lower <= 0.20 <= festival.uplift_upper and festival.target_met
    assert festival.after_month == "2026-07" and np.isfinite(festival.dip)  # the month after is reviewed too
    assert drive.verdict == "none" and not drive.target_met


def test_report_each_province_writes_one_file_per_scope(small_store, tmp_path, capsys) -> None:
    out = tmp_path / "decks"
    assert (
        main(
            [
                "report",
                "--month",
                "2026-10",
                "--each",
                "province",
                "--out",
                str(out),
                "--store",
                str(small_store),
                "--lang",
                "en",
            ]
        )
        == 0
    )
    lines = capsys.readouterr().out.strip().splitlines()
    files = sorted(p.name for p in out.iterdir())
    assert files == [
        "summary_2026-10_110000_Beijing.pptx",
        "summary_2026-10_330000_Zhejiang.pptx",
        "summary_2026-10_450000_Guangxi.pptx",
        "summary_2026-10_CN.pptx",
    ]
    assert len(lines) == 5 and all(line.startswith("wrote ") for line in lines[:4])
    assert lines[-1].startswith(f"4 files written to {out} (0 failed)")
    unit = {"CNY M": 1e6, "CNY K": 1e3, "CNY": 1.0, "CNY B": 1e9}

    def last_actual(name: str) -> tuple[str, float]:
        prs = Presentation(out / name)
        chart = next(shape.chart for shape in prs.slides[2].shapes if shape.has_chart)
        title = chart.value_axis.axis_title.text_frame.text
        actual = [v for v in chart.plots[0].series[0].values if v is not None][-1]
        return prs.slides[0].placeholders[1].text, actual * unit[title[title.index("(") + 1 : -1]]

    scopes = dict(last_actual(name) for name in files)
    country = scopes.pop("All of China · 2026-10")
    assert set(scopes) == {"Beijing · 2026-10", "Zhejiang · 2026-10", "Guangxi · 2026-10"}
    assert sum(scopes.values()) == pytest.approx(country, rel=1e-3)  # the provinces add up to the country


def test_report_each_in_another_format_by_extension(small_store, tmp_path, capsys) -> None:
    out = tmp_path / "pdfs" / "review.pdf"
    assert main(["report", "--each", "province", "--out", str(out), "--store", str(small_store)]) == 0
    assert len(list(out.parent.glob("review_2026-10_*.pdf"))) == 4
    assert "页" in capsys.readouterr().out


def test_report_command_writes_english_excel_for_a_province(small_store, tmp_path) -> None:
    out = tmp_path / "summary.xlsx"
    args = ["report", "--month", "2026-09", "--out", str(out), "--lang", "en", "--province", "广西", "--store"]
    assert main([*args, str(small_store)]) == 0
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames[:5] == ["KPIs", "Trend", "Regions", "Movers", "What changed"]
    regions = [row[0] for row in book["Regions"].values][1:]
    guangxi = load_regions("city").query("province_id == '450000'")["name_en"]
    assert regions and set(regions) <= set(guangxi)  # cities of Guangxi with sales or plan


def test_report_command_uses_a_named_scenario(small_store, tmp_path, capsys) -> None:
    out = tmp_path / "s.pptx"
    assert main(["report", "--out", str(out), "--store", str(small_store), "--scenario", "balanced"]) == 0
    assert main(["report", "--out", str(out), "--store", str(small_store), "--scenario", "nope", "--lang", "en"]) == 2
    assert "--scenario: no scenario named 'nope'" in capsys.readouterr().err


def test_report_command_rejects_a_month_without_data(small_store, tmp_path, capsys) -> None:
    out = tmp_path / "x.pdf"
    assert main(["report", "--month", "2020-01", "--out", str(out), "--store", str(small_store), "--lang", "en"]) == 1
    assert "no sales in 2020-01; sales cover 2024-07 – 2026-10" in capsys.readouterr().err
    assert not out.exists()


def test_report_command_on_an_empty_store_suggests_the_demo(store_dir: Path, tmp_path: Path, capsys) -> None:
    assert main(["report", "--out", str(tmp_path / "x.pdf"), "--store", str(store_dir), "--lang", "en"]) == 1
    assert f"python -m analysis demo --store {store_dir}" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--out", "x.txt"], "--out must end in .xlsx, .pdf or .pptx"),
        (["--out", "x.pdf", "--month", "2026-13"], "--month must be YYYY-MM"),
        (["--out", "x.pdf", "--province", "南宁"], "not a province"),
        (["--out", "d", "--each", "province", "--province", "广西"], "cannot be used together"),
        (["--out", "d/x.txt", "--each", "province"], "must be a directory or a file name ending in"),
    ],
)
def test_report_command_usage_errors(extra, message, store_dir: Path, capsys) -> None:
    assert main(["report", *extra, "--store", str(store_dir), "--lang", "en"]) == 2
    assert message in capsys.readouterr().err


def test_numbers_behind_the_files_are_unrounded(summary) -> None:
    """The tables hold numbers, not text: the files format them, the page sorts them."""
    frame = tables.attainment_table(summary, "zh")
    assert all(np.issubdtype(frame[c].dtype, np.floating) for c in ("revenue", "attainment", "yoy"))
