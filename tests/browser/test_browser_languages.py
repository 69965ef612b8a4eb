"""One voice: every page in Chinese shows no English text of the catalog, and in English no Chinese text
of the catalog, including what the widgets show after the language is switched in the same session."""

from __future__ import annotations

import re
import string

import pytest

from analysis.i18n import CATALOG, t

pytestmark = pytest.mark.browser

PAGES = ["", "scoring", "map", "competitors", "housing", "distributors", "territories", "summary", "data"]
SHOWN_TEXT = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const inputs = [...app.querySelectorAll('input')].filter(i => i.type !== 'hidden').map(i => i.value);
  return app.innerText + '\\n' + inputs.join('\\n');
}"""


def _fragments(lang: str) -> dict[str, str]:
    """Pieces of catalog text that only that language has: fragment → catalog key.

    The literal parts between placeholders; Chinese pieces of four or more characters with a Chinese
    character, English pieces of three or more words (shorter ones, like "units", occur in data).
    """
    out = {}
    for key, (zh, en) in CATALOG.items():
        text = zh if lang == "zh" else en
        for literal, *_ in string.Formatter().parse(text):
            for piece in re.split(r"[\n:：·（）()。，,；;“”\"]+", literal):
                piece = piece.strip()
                chinese = re.search(r"[\u4e00-\u9fff]{2}", piece)
                if (lang == "zh" and len(piece) >= 4 and chinese) or (
                    lang == "en" and len(piece.split()) >= 3 and not re.search(r"[\u4e00-\u9fff]", piece)
                ):
                    out[piece] = key
    other = {p for zh_en in CATALOG.values() for p in ([zh_en[1]] if lang == "zh" else [zh_en[0]])}
    return {p: k for p, k in out.items() if not any(p in o for o in other)}  # shared by both: not stray


def _stray(text: str, fragments: dict[str, str]) -> list[str]:
    return sorted(f"{piece!r} ({key})" for piece, key in fragments.items() if piece in text)


def test_no_page_speaks_the_other_language(app_server, offline_page, screenshot_dir) -> None:
    page = offline_page.page
    zh_only, en_only = _fragments("zh"), _fragments("en")
    assert len(zh_only) > 500 and len(en_only) > 500
    page.goto(f"{app_server}/?level=county", wait_until="domcontentloaded")
    offline_page.wait_for_app(timeout=120_000)
    problems = []
    for path in PAGES:
        for lang, name, other in (("zh", "中文", en_only), ("en", "English", zh_only)):
            link = page.get_by_test_id("stSidebarNav").locator(f"a[href$='/{path}']").first
            link.click()
            offline_page.wait_for_app(timeout=120_000)
            offline_page.choose(name)  # switched in the session, as a person does
            page.wait_for_timeout(1500)
            offline_page.wait_for_app(timeout=120_000)
            found = _stray(page.evaluate(SHOWN_TEXT), other)
            if found:
                problems.append((path or "overview", lang, found[:8]))
            page.screenshot(path=str(screenshot_dir / f"voice_{path or 'overview'}_{lang}.png"), full_page=True)
    assert problems == []
    assert offline_page.blocked == []


def test_a_link_in_english_opens_in_english_navigation_included(app_server, offline_page) -> None:
    page = offline_page.page
    page.goto(f"{app_server}/map?lang=en&level=city", wait_until="domcontentloaded")
    offline_page.wait_for_app(timeout=120_000)
    page.wait_for_timeout(1500)
    offline_page.wait_for_app(timeout=120_000)
    nav = page.get_by_test_id("stSidebarNav").inner_text()
    assert all(t(f"page.{name}", "en") in nav for name in ("overview", "map", "summary"))
    assert not re.search(r"[\u4e00-\u9fff]", nav)
    assert t("map.title", "en") in page.get_by_test_id("stMain").inner_text()
    assert "lang=en" in page.url and page.url.split("?")[0].endswith("/map")
