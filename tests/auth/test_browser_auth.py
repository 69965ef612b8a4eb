"""Headless Chromium: sign-in through a loopback OpenID Connect provider (st.login), roles and refusals."""

from __future__ import annotations

import re

import pytest

from analysis.i18n import t
from tests.auth.conftest import ANALYST, NO_ROLE, VIEWER
from ui.safe import ZERO_WIDTH

pytestmark = pytest.mark.browser


def _dialog(offline_page):
    return offline_page.page.get_by_role("dialog")


def _open(offline_page, url: str, lang: str = "zh") -> None:
    offline_page.page.goto(url, wait_until="domcontentloaded")
    offline_page.wait_for_app()
    if lang == "en":
        offline_page.choose("English")


def _sign_in(offline_page, url: str, account: str, decision: str = "allow") -> None:
    """From the sign-in screen through the provider's page and back to the app."""
    page = offline_page.page
    dialog = _dialog(offline_page)
    dialog.get_by_text(t("auth.sign_in_title", "zh")).wait_for(timeout=60_000)
    dialog.get_by_role("button", name=t("auth.sign_in", "zh")).click()
    page.get_by_test_id("account").wait_for(timeout=30_000)
    page.get_by_test_id("account").fill(account)
    page.get_by_test_id(decision).click()
    page.wait_for_url(re.compile(re.escape(url) + r"/?(\?.*)?$"), timeout=60_000)
    offline_page.wait_for_app()


def _sidebar_text(offline_page) -> str:
    return offline_page.page.get_by_test_id("stSidebar").inner_text()


def _screenshot(offline_page, screenshot_dir, name: str) -> None:
    offline_page.wait_for_app()
    offline_page.page.wait_for_timeout(2000)  # the dialog's fade-in; the sidebar's radios settle after a rerun
    offline_page.page.screenshot(path=screenshot_dir / f"auth_{name}.png")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_sign_in_screen_speaks_both_languages_the_readers_first(auth_server, offline_page, screenshot_dir, lang):
    _open(offline_page, f"{auth_server}/?lang={lang}")
    dialog = _dialog(offline_page)
    dialog.get_by_text(t("auth.sign_in_title", lang)).wait_for(timeout=60_000)
    text = dialog.inner_text()
    other = "en" if lang == "zh" else "zh"
    assert text.index(t("auth.sign_in_body", lang)) < text.index(t("auth.sign_in_body", other))
    assert offline_page.page.get_by_test_id("stMetric").count() == 0  # nothing of the data before signing in
    assert offline_page.page.get_by_test_id("stSidebarNav").count() == 0  # no list of pages either
    _screenshot(offline_page, screenshot_dir, f"sign_in_{lang}")


def test_sign_in_shows_the_role_and_sign_out_asks_again(auth_server, offline_page, screenshot_dir) -> None:
    _open(offline_page, auth_server)
    page = offline_page.page
    _sign_in(offline_page, auth_server, ANALYST)
    page.get_by_test_id("stSidebar").get_by_text("Ana Analyst", exact=False).wait_for(timeout=60_000)
    assert t("auth.signed_in_as", "zh", name="Ana Analyst", role=t("access.role.analyst", "zh")) in _sidebar_text(
        offline_page
    )
    assert _dialog(offline_page).count() == 0
    _screenshot(offline_page, screenshot_dir, "signed_in_zh")
    offline_page.choose("English")
    sidebar = _sidebar_text(offline_page)
    assert "Signed in as Ana Analyst (analyst)" in sidebar
    assert "Scope:" not in sidebar  # a role from a group: all of China
    _screenshot(offline_page, screenshot_dir, "signed_in_en")
    page.get_by_test_id("stSidebar").get_by_role("button", name=t("auth.sign_out", "en")).click()
    _dialog(offline_page).get_by_text(t("auth.sign_in_title", "zh")).wait_for(timeout=60_000)
    assert "Ana Analyst" not in _sidebar_text(offline_page)
    assert offline_page.blocked == []


def test_a_refused_sign_in_leaves_the_person_signed_out(auth_server, offline_page) -> None:
    _open(offline_page, auth_server)
    _sign_in(offline_page, auth_server, ANALYST, decision="deny")
    _dialog(offline_page).get_by_text(t("auth.sign_in_title", "zh")).wait_for(timeout=60_000)
    assert "Ana Analyst" not in _sidebar_text(offline_page)
    assert offline_page.page.get_by_test_id("stMetric").count() == 0
    assert offline_page.blocked == []


def test_a_user_without_a_role_is_refused_and_told_why(auth_server, offline_page, screenshot_dir) -> None:
    _open(offline_page, auth_server)
    _sign_in(offline_page, auth_server, NO_ROLE)
    dialog = _dialog(offline_page)
    dialog.get_by_text(t("auth.no_access_title", "zh")).wait_for(timeout=60_000)
    text = dialog.inner_text().replace(ZERO_WIDTH, "")  # ui.safe.literal keeps the address from becoming a link
    assert dialog.get_by_role("link").count() == 0
    for lang in ("zh", "en"):
        assert t("auth.no_role", lang, email=NO_ROLE) in text
    assert offline_page.page.get_by_test_id("stMetric").count() == 0
    _screenshot(offline_page, screenshot_dir, "no_role")
    dialog.get_by_role("button", name=t("auth.sign_out", "en")).click()
    _dialog(offline_page).get_by_text(t("auth.sign_in_title", "zh")).wait_for(timeout=60_000)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_viewer_from_the_roles_file_sees_the_role_and_scope(auth_server, offline_page, screenshot_dir, lang) -> None:
    _open(offline_page, auth_server)
    _sign_in(offline_page, auth_server, VIEWER)
    page = offline_page.page
    page.get_by_test_id("stSidebar").get_by_text("Vera Viewer", exact=False).wait_for(timeout=60_000)
    if lang == "en":
        offline_page.choose("English")
    sidebar = _sidebar_text(offline_page)
    role = t("access.role.viewer", lang)
    assert t("auth.signed_in_as", lang, name="Vera Viewer", role=role) in sidebar
    assert t("auth.scope", lang, scope="广西壮族自治区" if lang == "zh" else "Guangxi") in sidebar
    _screenshot(offline_page, screenshot_dir, f"viewer_{lang}")


def test_an_unreadable_secrets_file_closes_the_app_instead_of_opening_it(unreadable_secrets_server, offline_page):
    _open(offline_page, unreadable_secrets_server)
    page = offline_page.page
    page.get_by_text(t("auth.secrets_unreadable", "zh")[:20]).wait_for(timeout=60_000)
    assert t("auth.single_user", "zh") not in _sidebar_text(offline_page)  # not single-user mode
    assert page.get_by_test_id("stMetric").count() == 0
    assert page.get_by_test_id("stSidebarNav").count() == 0
