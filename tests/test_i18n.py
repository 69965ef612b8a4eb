"""The text catalog: complete in both languages, placeholders consistent."""

from __future__ import annotations

import re
import string

import pytest

from analysis.formats import fmt
from analysis.i18n import CATALOG, Join, Text, t


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_every_entry_has_both_languages_with_the_same_placeholders(key: str) -> None:
    zh, en = CATALOG[key]
    assert zh.strip() and en.strip()
    fields = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in (zh, en)]
    assert fields[0] == fields[1]


def _words(text: str) -> str:
    """The text without its placeholders (a template such as "{first}{second}" has none)."""
    return "".join(literal for literal, _, _, _ in string.Formatter().parse(text))


def test_chinese_entries_contain_chinese() -> None:
    lacking = [
        k
        for k, (zh, _) in CATALOG.items()
        if re.search(r"[A-Za-z]", _words(zh)) and not re.search(r"[\u4e00-\u9fff]", zh)
    ]
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
    assert fmt(value, "count", lang) == expected


def test_money_has_the_yuan_sign() -> None:
    assert fmt(1.5e8, "money", "zh") == "¥1.5亿"
    assert t("overview.through", "zh", month="2026-10") == "截至 2026-10"


def test_a_text_renders_its_parameters_in_the_readers_language() -> None:
    from analysis.formats import Figure

    text = Text("overview.through", month=Join([Figure(12_345, "units"), Text("level.city")]))
    assert text.render("zh") == "截至 1.2万、市"
    assert text.render("en") == "through 12.3K, City"
    assert text == Text("overview.through", month=Join([Figure(12_345, "units"), Text("level.city")]))


def test_an_unknown_key_is_refused_when_the_text_is_made() -> None:
    with pytest.raises(KeyError, match="no text"):
        Text("no.such.key")
