"""ui/auth.py through AppTest: single-user mode, a signed-in user's role and scope in the context, refusals."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from analysis import config
from analysis.access import LOCAL_USER, User
from analysis.i18n import t

AUTH = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "x" * 32, "client_id": "c",
        "client_secret": "s", "server_metadata_url": "http://127.0.0.1:1/.well-known/openid-configuration"}  # fmt: skip
ROLES = '[groups]\n"ops" = "analyst"\n\n[users."li@x.cn"]\nrole = "viewer"\nscope = ["南宁"]\n'


@pytest.fixture
def roles_file(tmp_path, monkeypatch, store_dir):
    path = tmp_path / "roles.toml"
    path.write_text(ROLES, encoding="utf-8")
    monkeypatch.setenv("TERRITORY_ATLAS_ROLES", str(path))
    return path


def _app(user: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(config.ROOT / "app.py"), default_timeout=120)
    if user is not None:
        at.secrets["auth"] = AUTH
        at.user = user
    return at.run()


def _captions(at: AppTest) -> list[str]:
    return [c.value for c in at.sidebar.caption]


def test_without_auth_the_session_is_the_local_user(store_dir) -> None:
    at = _app()
    assert not at.exception
    assert t("auth.single_user", "zh") in _captions(at)
    assert at.session_state["_context"].user == LOCAL_USER


def test_a_signed_in_user_gets_the_roles_file_entry(roles_file) -> None:
    at = _app({"is_logged_in": True, "email": "Li@X.cn", "name": "Li Wei"})
    assert not at.exception
    assert at.session_state["_context"].user == User("li@x.cn", "Li Wei", "viewer", ("450100",))
    captions = _captions(at)
    assert t("auth.signed_in_as", "zh", name="Li Wei", role=t("access.role.viewer", "zh")) in captions
    assert t("auth.scope", "zh", scope="南宁市") in captions
    assert [b.label for b in at.sidebar.button] == [t("auth.sign_out", "zh")]


def test_a_group_gives_the_role_when_the_file_has_no_entry(roles_file) -> None:
    at = _app({"is_logged_in": True, "email": "wu@x.cn", "name": "Wu", "groups": ["ops"]})
    assert at.session_state["_context"].user == User("wu@x.cn", "Wu", "analyst")


@pytest.mark.parametrize(
    "user", [{"is_logged_in": False}, {"is_logged_in": True, "email": "nobody@x.cn", "groups": ["other"]}]
)
def test_nobody_or_someone_without_a_role_never_reaches_a_page(roles_file, user: dict) -> None:
    at = _app(user)
    assert not at.exception
    assert len(at.metric) == 0 and "_context" not in at.session_state


def test_a_broken_roles_file_refuses_everyone(roles_file) -> None:
    roles_file.write_text('[users."li@x.cn"]\nrole = "boss"\n', encoding="utf-8")
    at = _app({"is_logged_in": True, "email": "li@x.cn", "groups": ["ops"]})
    assert not at.exception
    assert "_context" not in at.session_state


def _require_page(role: str, action: str) -> None:
    import streamlit as st

    from analysis.access import User
    from ui.auth import require

    st.write(f"allowed: {require(User('a@b.cn', 'A', role), action, 'en')}")


@pytest.mark.parametrize(("role", "action", "shown"), [("viewer", "import", False), ("analyst", "import", True)])
def test_require_says_why_when_it_refuses(role: str, action: str, shown: bool) -> None:
    at = AppTest.from_function(_require_page, args=(role, action), default_timeout=60).run()
    assert at.markdown[-1].value == f"allowed: {shown}"
    infos = [i.value for i in at.info]
    assert infos == (
        [] if shown else ["Importing data needs the analyst role; your role is viewer. Ask an admin if you need it."]
    )


ANALYST_ROLES = '[users."lin@x.cn"]\nrole = "analyst"\n\n[users."vera@x.cn"]\nrole = "viewer"\n'


@pytest.fixture
def team_roles(tmp_path, monkeypatch, store_dir):
    path = tmp_path / "roles.toml"
    path.write_text(ANALYST_ROLES, encoding="utf-8")
    monkeypatch.setenv("TERRITORY_ATLAS_ROLES", str(path))
    return store_dir


def _data_page(user: dict) -> AppTest:
    at = _app(user)
    at.switch_page("pages/data.py").run()
    assert not at.exception, at.exception
    return at


def test_an_analysts_import_is_in_the_audit_trail_with_their_email(team_roles) -> None:
    from analysis.io.store import Store

    sales = '城市,月份,销量(台),销售额(元)\n南宁,2025年1月,120,"360,000"\n'.encode("gbk")
    at = _data_page({"is_logged_in": True, "email": "lin@x.cn", "name": "Lin"})
    at.file_uploader(key="data_upload").set_value(("s.csv", sales, "text/csv")).run()
    at.button(key="data_import").click().run()
    assert not at.exception, at.exception
    trail = Store(team_roles).audit(action="import")
    assert trail["user_name"].tolist() == ["lin@x.cn"] and trail["kind"].tolist() == ["sales"]


def test_a_viewer_sees_no_import_controls_and_is_told_why(team_roles) -> None:
    at = _data_page({"is_logged_in": True, "email": "vera@x.cn", "name": "Vera"})
    assert not [u for u in at.get("file_uploader")]
    assert any("分析师" in i.value for i in at.info)  # the role it needs, in the reader's language
