"""One voice: every page in Chinese shows no English word outside an allow-list (and no English text of
the catalog), and in English no Chinese character outside names that have no English form (and no
Chinese text of the catalog), including what the widgets show after the language is switched in the
same session."""

from __future__ import annotations

import re
import string

import pytest

from analysis.i18n import CATALOG, t

pytestmark = pytest.mark.browser

PAGES = ["", "scoring", "map", "competitors", "housing", "distributors", "territories", "summary", "data"]
# What a person reads: the page's text and the values in its inputs, without icon ligatures (":material/
# science:" is drawn as a glyph, its name is not read), text drawn at size 0 (the dropzone's English label,
# replaced by ours) and Streamlit's own skip link, which is off screen and in English in every app.
SHOWN_TEXT = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const copy = app.cloneNode(true);
  copy.querySelectorAll('[translate="no"], [data-testid="stSkipToContent"], '
    + '[data-testid="stFileUploaderDropzone"] button p').forEach(e => e.remove());
  copy.style.cssText = 'position:absolute; left:-100000px; top:0; width:1400px';
  document.body.appendChild(copy);
  const text = copy.innerText;
  copy.remove();
  const inputs = [...app.querySelectorAll('input')].filter(i => !['hidden', 'checkbox', 'radio'].includes(i.type))
    .map(i => i.value);
  return text + '\\n' + inputs.join('\\n');
}"""
# Latin words a Chinese page may show: abbreviations Chinese readers use as they are, file formats, the
# date pattern of a date input, and the language switch, which names each language in its own words.
LATIN_ALLOWED = {"HHI", "AHP", "CR", "CSV", "Excel", "PDF", "PPTX", "TOML", "MB", "TXT", "TSV", "XLSX", "XLSM",
                 "XLS", "yyyy", "mm", "dd", "Language", "English"}  # fmt: skip
HAN_ALLOWED = {"语言", "中文"}  # the language switch


def _data_names() -> set[str]:
    """Names in the demo data that have no English form: distributors, promotions, brands without one."""
    from analysis.demo import generate_demo

    frames = generate_demo()
    brands = frames["competitors"]
    unnamed = brands.loc[brands["competitor_en"].fillna("").eq(""), "competitor"]
    return {*frames["distributors"]["name"], *frames["promotions"]["name"], *unnamed}


def _foreign(text: str, lang: str, names: set[str]) -> list[str]:
    """Words of the other language in `text`: Latin words on a Chinese page, Han characters on an English one."""
    text = text.replace("\u200b", "")  # the zero-width spaces that keep names from turning into links
    text = re.sub(r"(?:/[\w.-]+)+", " ", text)  # file-system paths (the store's location)
    text = re.sub(r"python -m analysis[^\n]*|λmax|Holt-Winters|MASE", " ", text)  # commands, method names
    if lang == "zh":
        return sorted({w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in LATIN_ALLOWED})
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    return sorted({w for w in re.findall(r"[\u4e00-\u9fff]+", text) if w not in HAN_ALLOWED})


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
    names = _data_names()
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
            shown = page.evaluate(SHOWN_TEXT)
            found = _stray(shown, other) + _foreign(shown, lang, names)
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
