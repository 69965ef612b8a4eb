"""The text catalog: complete in both languages, placeholders consistent."""

from __future__ import annotations

import re
import string

import pytest

from analysis.i18n import CATALOG, format_money, format_number, t


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_every_entry_has_both_languages_with_the_same_placeholders(key: str) -> None:
    zh, en = CATALOG[key]
    assert zh.strip() and en.strip()
    fields = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in (zh, en)]
    assert fields[0] == fields[1]


def test_chinese_entries_contain_chinese() -> None:
    lacking = [k for k, (zh, _) in CATALOG.items() if not re.search(r"[\u4e00-\u9fff]", zh)]
    assert lacking == []


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (123_456_789, "zh", "1.2亿"),
        (45_600, "zh", "4.6万"),
        (999, "zh", "999"),
        (2_500_000, "en", "2.5M"),
        (-45_600, "zh", "-4.6万"),
        (float("nan"), "en", "–"),
    ],
)
def test_number_formats(value: float, lang: str, expected: str) -> None:
    assert format_number(value, lang) == expected


def test_money_has_the_yuan_sign() -> None:
    assert format_money(1.5e8, "zh") == "¥1.5亿"
    assert t("overview.through", "zh", month="2026-10") == "截至 2026-10"
