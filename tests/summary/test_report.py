"""Excel and PDF reports of the monthly summary, offline and without a browser; the `report` command."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader

from analysis.cli import main
from analysis.formats import fmt
from analysis.geo.boundaries import load_regions
from analysis.i18n import t
from analysis.summary import report
from analysis.summary.build import build_summary
from analysis.summary.report import build_excel, build_pdf, pdf_page_count

SEASON = np.array([0.95, 0.62, 0.85, 0.95, 1.0, 1.22, 0.95, 0.9, 0.95, 1.05, 1.35, 1.2])
COUNTIES = {"450102": 1.0, "450103": 0.6, "440103": 1.5}  # two districts of Nanning, one of Guangzhou
SHEETS = ("kpis", "trend", "regions", "movers", "changes", "tiers", "distributors", "forecast", "narrative")


def _frames() -> dict[str, pd.DataFrame]:
    """28 months of seasonal sales with a little growth, a plan 2 % above, one distributor per county."""
    months = pd.period_range("2024-07", "2026-10", freq="M")  # 28 months: seasonal naive, no HW fit
    rows = []
    for i, (county, size) in enumerate(COUNTIES.items()):
        for k, month in enumerate(months):
            revenue = round(1e6 * size * SEASON[month.month - 1] * (1 + 0.005 * k) * (1 + 0.03 * np.sin(k + i)))
            rows.append((county, str(month), revenue / 2500, float(revenue), "净水器", f"D{i}"))
    sales = pd.DataFrame(rows, columns=["region_id", "month", "units", "revenue", "product", "distributor_id"])
    plan = sales.assign(target_revenue=sales["revenue"] * 1.02, target_units=sales["units"] * 1.02)
    distributors = pd.DataFrame(
        {
            "distributor_id": [f"D{i}" for i in range(3)],
            "name": ["南宁甲商贸", "南宁乙电器", "广州丙家电"],
            "region_id": list(COUNTIES),
            "status": "active",
            "skus_stocked": [30, 22, 12],
            "skus_total": 40,
        }
    )
    territories = pd.DataFrame({"distributor_id": ["D0", "D1"], "region_id": ["450102", "450103"], "since": "2020-01"})
    return {
        "sales": sales,
        "plan": plan[["region_id", "month", "target_revenue", "target_units"]],
        "distributors": distributors,
        "territories": territories,
    }


def _scorer(frames, month):
    tiers = ["A", "C"] if month == "2026-09" else ["B", "C"]
    return pd.DataFrame({"region_id": ["450100", "440100"], "tier": tiers, "whitespace_units": [5.0, 0.0]})


@pytest.fixture(scope="module")
def summary():
    return build_summary(_frames(), "2026-10", scorer=_scorer, is_demo=True)


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_excel_has_every_sheet_readable(summary, lang: str) -> None:
    book = openpyxl.load_workbook(io.BytesIO(build_excel(summary, lang)), read_only=True)
    assert book.sheetnames == [t(f"summary.sheet.{name}", lang) for name in SHEETS]
    kpis = list(book[t("summary.sheet.kpis", lang)].values)
    assert kpis[0][:3] == (t("summary.kpi.label", lang), t("summary.col.revenue", lang), t("summary.col.units", lang))
    attainment = next(row for row in kpis if row[0] == t("summary.kpi.attainment", lang))
    assert attainment[1] == round(summary.kpis.revenue.attainment * 100, 2)
    tiers = list(book[t("summary.sheet.tiers", lang)].values)
    assert len(tiers) == 2 and tiers[1][1:3] == ("A", "B")  # Nanning moved A → B
    assert len(list(book[t("summary.sheet.forecast", lang)].values)) == 1 + 3


def test_pdf_text_is_real_chinese_with_the_kpis(summary) -> None:
    data = build_pdf(summary, "zh")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 1 and pdf_page_count(data) == len(reader.pages)
    text = _pdf_text(data)
    for label in ("月度经营摘要", "销售额", "本月计划达成率", "年累计同比", "要点"):
        assert label in text
    assert fmt(summary.kpis.revenue.attainment, "share", "zh") in text
    assert b"/Subtype /Image" in data  # the trend and movers charts


def test_pdf_in_english(summary) -> None:
    text = _pdf_text(build_pdf(summary, "en"))
    assert "Attainment, this month" in text and "Nanning" in text


def test_pdf_needs_no_browser(summary, monkeypatch) -> None:
    """No kaleido, no Chrome or Chromium on PATH: the PDF and its charts are still made."""
    monkeypatch.setitem(sys.modules, "kaleido", None)
    monkeypatch.setitem(sys.modules, "choreographer", None)
    monkeypatch.setattr(shutil, "which", lambda *args, **kwargs: None)
    monkeypatch.setenv("PATH", "")
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    data = build_pdf(summary, "zh")
    assert data.startswith(b"%PDF") and b"/Subtype /Image" in data
    assert "销售额" in _pdf_text(data)


def test_charts_fall_back_to_english_labels_without_a_cjk_font(summary, monkeypatch) -> None:
    monkeypatch.setattr(report, "cjk_font", lambda: None)
    assert report._chart_lang("zh") == "en"
    assert report.trend_png(summary, "zh").startswith(b"\x89PNG")
    assert "销售额" in _pdf_text(build_pdf(summary, "zh"))  # the text itself stays Chinese (CID font)


def test_attainment_colours() -> None:
    assert [report.attainment_colour(v) for v in (1.0, 0.95, 0.5, float("nan"))] == [
        "#d8efd9",
        "#fff1c7",
        "#f8d5d8",
        None,
    ]


# -- the command line ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("report-store")
    assert main(["demo", "--store", str(store)]) == 0
    return store


def test_report_command_writes_a_chinese_pdf(demo_store: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "summary.pdf"
    assert main(["report", "--month", "2026-10", "--out", str(out), "--store", str(demo_store)]) == 0
    text = _pdf_text(out.read_bytes())
    assert "销售额" in text and "全国" in text and "演示数据" in text
    assert "已写入" in capsys.readouterr().out


def test_report_command_writes_english_excel_for_a_province(demo_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.xlsx"
    args = ["report", "--month", "2026-09", "--out", str(out), "--lang", "en", "--province", "广西", "--store"]
    assert main([*args, str(demo_store)]) == 0
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames[:5] == ["KPIs", "Trend", "Regions", "Movers", "What changed"]
    regions = [row[0] for row in book["Regions"].values][1:]
    guangxi = load_regions("city").query("province_id == '450000'")["name_en"]
    assert "Nanning" in regions and set(regions) <= set(guangxi)  # cities of Guangxi with sales or plan


def test_report_command_rejects_a_month_without_data(demo_store: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "x.pdf"
    assert main(["report", "--month", "2020-01", "--out", str(out), "--store", str(demo_store), "--lang", "en"]) == 1
    assert "no sales in 2020-01; sales cover 2023-11 – 2026-10" in capsys.readouterr().err
    assert not out.exists()


def test_report_command_on_an_empty_store_suggests_the_demo(store_dir: Path, tmp_path: Path, capsys) -> None:
    assert main(["report", "--out", str(tmp_path / "x.pdf"), "--store", str(store_dir), "--lang", "en"]) == 1
    assert f"python -m analysis demo --store {store_dir}" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--out", "x.txt"], "--out must end in .xlsx or .pdf"),
        (["--out", "x.pdf", "--month", "2026-13"], "--month must be YYYY-MM"),
        (["--out", "x.pdf", "--province", "南宁"], "not a province"),
    ],
)
def test_report_command_usage_errors(extra, message, store_dir: Path, capsys) -> None:
    assert main(["report", *extra, "--store", str(store_dir), "--lang", "en"]) == 2
    assert message in capsys.readouterr().err
