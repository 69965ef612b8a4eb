"""Roles, the roles file, users from identity-token claims, and territory scopes (analysis/access.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.access import (
    ACTIONS,
    LOCAL_USER,
    ROLES,
    RoleEntry,
    Roles,
    RolesError,
    User,
    allowed,
    in_scope,
    load_roles,
    parse_roles,
    refusal,
    roles_toml,
    save_roles,
    scope_counties,
    user_from_claims,
)
from analysis.geo.boundaries import load_regions

GUANGXI, NANNING, QINGXIU, GUANGZHOU, DONGGUAN = "450000", "450100", "450103", "440100", "441900"


def _user(role: str, scope: tuple[str, ...] = ()) -> User:
    return User("li@x.cn", "Li", role, scope)


# -- roles and actions ------------------------------------------------------------------------------


def test_roles_are_ordered_and_every_action_names_one() -> None:
    assert ROLES == ("viewer", "analyst", "admin")
    assert set(ACTIONS.values()) <= set(ROLES)
    assert {"read", "download", "import", "map_values", "save_scenario", "save_territory", "brand_setting",
            "restore", "delete_scenario", "manage_users"} <= set(ACTIONS)  # fmt: skip


@pytest.mark.parametrize(
    ("action", "viewer", "analyst", "admin"),
    [
        ("read", True, True, True),
        ("download", True, True, True),
        ("import", False, True, True),
        ("map_values", False, True, True),
        ("save_scenario", False, True, True),
        ("save_territory", False, True, True),
        ("brand_setting", False, True, True),
        ("restore", False, False, True),
        ("delete_scenario", False, False, True),
        ("manage_users", False, False, True),
    ],
)
def test_allowed(action: str, viewer: bool, analyst: bool, admin: bool) -> None:
    assert [allowed(_user(r), action) for r in ROLES] == [viewer, analyst, admin]


def test_the_local_user_is_an_admin_over_all_of_china() -> None:
    assert LOCAL_USER.role == "admin" and LOCAL_USER.scope == () and LOCAL_USER.email == ""
    assert all(allowed(LOCAL_USER, action) for action in ACTIONS)
    assert LOCAL_USER.audit_user is None and _user("viewer").audit_user == "li@x.cn"


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", ["恢复旧版本", "管理员", "分析师"]), ("en", ["Restoring an earlier version", "admin role", "analyst"])],
)
def test_refusal_names_the_action_the_role_needed_and_the_users_role(lang: str, words: list[str]) -> None:
    text = refusal(_user("analyst"), "restore").render(lang)
    for word in words:
        assert word in text


def test_unknown_action_or_role_is_an_error() -> None:
    with pytest.raises(ValueError, match="action must be one of"):
        allowed(_user("admin"), "fly")
    with pytest.raises(ValueError, match="role must be one of"):
        allowed(User("a@b.cn", "A", "boss"), "read")


# -- users from claims ------------------------------------------------------------------------------

ROLES_FILE = Roles(
    users=(RoleEntry("li@x.cn", "viewer", (GUANGXI,)),),
    groups=(("atlas-analysts", "analyst"), ("atlas-admins", "admin")),
)


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        # the file's entry comes first, even when a group would give more
        ({"email": "Li@X.cn", "name": "Li", "groups": ["atlas-admins"]}, User("li@x.cn", "Li", "viewer", (GUANGXI,))),
        # no entry: the highest role of the groups, over all of China
        ({"email": "wu@x.cn", "name": "Wu", "groups": ["atlas-analysts", "atlas-admins"]},
         User("wu@x.cn", "Wu", "admin")),
        ({"email": "wu@x.cn", "groups": "atlas-analysts, other"}, User("wu@x.cn", "wu@x.cn", "analyst")),
        # an address the provider did not verify is not matched in the file
        ({"email": "li@x.cn", "email_verified": False, "groups": ["atlas-analysts"]},
         User("li@x.cn", "li@x.cn", "analyst")),
        ({"email": "li@x.cn", "email_verified": False}, None),
        # signed in, no entry, no group with a role: refused
        ({"email": "nobody@x.cn", "groups": ["other"]}, None),
        ({"email": "nobody@x.cn"}, None),
        ({}, None),
        # no address at all, but a group: known by the provider's name for them
        ({"sub": "u-17", "groups": ["atlas-analysts"]}, User("u-17", "", "analyst")),
    ],
)  # fmt: skip
def test_user_from_claims(claims: dict, expected: User | None) -> None:
    assert user_from_claims(claims, ROLES_FILE) == expected


def test_the_group_claim_is_named_by_the_file() -> None:
    roles = Roles(groups=(("ops", "analyst"),), claim="roles")
    assert user_from_claims({"email": "a@b.cn", "roles": ["ops"]}, roles).role == "analyst"
    assert user_from_claims({"email": "a@b.cn", "groups": ["ops"]}, roles) is None


# -- the roles file ---------------------------------------------------------------------------------

GOOD = """
claim = "memberOf"

[groups]
"atlas-admins" = "admin"

[users."Li.Wei@Example.com"]
role = "analyst"
scope = ["450000", "广东", "南宁"]

[users."zhao@example.com"]
role = "viewer"
"""


def test_a_good_file_with_scopes_by_name() -> None:
    roles = parse_roles(GOOD)
    assert roles.claim == "memberOf"
    assert roles.groups == (("atlas-admins", "admin"),)
    assert roles.user("LI.WEI@example.COM") == RoleEntry("li.wei@example.com", "analyst", (GUANGXI, "440000", NANNING))
    assert roles.user("zhao@example.com").scope == ()
    assert roles.user("nobody@example.com") is None


@pytest.mark.parametrize(
    ("text", "en", "zh"),
    [
        ('[users."a@b.cn"\nrole = "viewer"', "not valid TOML", "不是有效的 TOML"),
        ('role = "admin"', "unknown setting 'role'", "未知的设置"),
        ('claim = 3', "claim must name a claim", "claim 须为"),
        ('[groups]\n"ops" = "boss"', "group 'ops': unknown role 'boss'. Use one of: viewer, analyst, admin.",
         "组“ops”"),
        ('[users."not-an-address"]\nrole = "viewer"', "'not-an-address' is not an e-mail address", "不是电子邮件地址"),
        ('[users."a@b.cn"]\nrole = "viewer"\n[users."A@B.cn"]\nrole = "admin"', "A@B.cn: this address is listed twice",
         "出现了两次"),
        ('[users."a@b.cn"]\nscope = ["广西"]', 'a@b.cn: no role. Add role = "viewer"', "缺少 role"),
        ('[users."a@b.cn"]\nrole = "Admin"', "a@b.cn: unknown role 'Admin'", "未知角色"),
        ('[users."a@b.cn"]\nrole = "viewer"\nrgion = "x"', "a@b.cn: unknown setting 'rgion'", "未知的设置"),
        ('[users."a@b.cn"]\nrole = "viewer"\nscope = 450000', "a@b.cn: scope must be a list", "scope 须为列表"),
        ('[users."a@b.cn"]\nrole = "viewer"\nscope = ["青秀区"]', "scope entry '青秀区': '青秀区' (450103) is at",
         "范围项“青秀区”"),
        ('[users."a@b.cn"]\nrole = "viewer"\nscope = ["朝阳区"]', "scope entry '朝阳区': '朝阳区' matches 2",
         "朝阳区"),
        ('[users."a@b.cn"]\nrole = "viewer"\nscope = ["Atlantis"]', "a@b.cn: scope entry 'Atlantis': No region named",
         "Atlantis"),
    ],
)  # fmt: skip
def test_faults_name_the_entry_and_the_fix(text: str, en: str, zh: str) -> None:
    with pytest.raises(RolesError) as caught:
        parse_roles(text)
    assert en in caught.value.message("en")
    assert zh in caught.value.message("zh")


def test_every_fault_is_listed_at_once() -> None:
    text = '[users."a@b.cn"]\nrole = "boss"\n[users."c@d.cn"]\nrole = "viewer"\nscope = ["Atlantis"]'
    with pytest.raises(RolesError) as caught:
        parse_roles(text)
    assert len(caught.value.problems) == 2


def test_load_roles_names_the_file(tmp_path) -> None:
    path = tmp_path / "roles.toml"
    path.write_text('[users."a@b.cn"]\nrole = "boss"\n', encoding="utf-8")
    with pytest.raises(RolesError, match=f"{path}: a@b.cn: unknown role"):
        load_roles(path)


def test_a_missing_file_gives_no_roles_unless_it_is_required(tmp_path) -> None:
    assert load_roles(tmp_path / "none.toml") == Roles()
    with pytest.raises(RolesError, match="There is no roles file at"):
        load_roles(tmp_path / "none.toml", missing_ok=False)


def test_save_and_load_round_trip(tmp_path) -> None:
    roles = Roles(
        users=(RoleEntry("li@x.cn", "analyst", (GUANGXI, NANNING)), RoleEntry("wu@x.cn", "admin")),
        groups=(('team "north"', "viewer"), ("区域经理", "analyst")),
        claim="groups",
    )
    path = tmp_path / "conf" / "roles.toml"
    save_roles(roles, path)
    assert load_roles(path) == roles
    assert parse_roles(roles_toml(roles)) == roles
    assert [p.name for p in path.parent.iterdir()] == ["roles.toml"]  # no partial file left


def test_roles_hash_as_a_cache_key() -> None:
    assert hash(parse_roles(GOOD)) == hash(parse_roles(GOOD))


# -- scopes -----------------------------------------------------------------------------------------


def _counties(**where: str) -> set[str]:
    table = load_regions("county")
    for column, value in where.items():
        table = table[table[column] == value]
    return set(table["region_id"])


def test_scope_counties_of_a_province_a_city_and_both() -> None:
    assert scope_counties((GUANGXI,)) == _counties(province_id=GUANGXI)
    assert scope_counties((NANNING,)) == _counties(city_id=NANNING)
    assert scope_counties((NANNING, GUANGZHOU)) == _counties(city_id=NANNING) | _counties(city_id=GUANGZHOU)
    assert scope_counties((GUANGXI, NANNING)) == _counties(province_id=GUANGXI)
    assert scope_counties((DONGGUAN,)) == {DONGGUAN}  # a city without counties is its own county
    assert scope_counties(()) == set(load_regions("county")["region_id"])


def test_scope_counties_refuses_a_county() -> None:
    with pytest.raises(ValueError, match=QINGXIU):
        scope_counties((QINGXIU,))


@pytest.mark.parametrize(
    ("scope", "ids", "expected"),
    [
        # county level
        ((NANNING,), [QINGXIU, "451002", "440103"], [True, False, False]),
        ((GUANGXI,), [QINGXIU, "451002", "440103"], [True, True, False]),
        # city level
        ((NANNING,), [NANNING, "451000", GUANGZHOU], [True, False, False]),
        ((GUANGXI,), [NANNING, "451000", GUANGZHOU], [True, True, False]),
        # province level: a province is in a scope only when all of it is
        ((GUANGXI,), [GUANGXI, "440000"], [True, False]),
        ((NANNING,), [GUANGXI, "440000"], [False, False]),
        # mixed levels in one column, and a city without counties
        ((DONGGUAN, GUANGXI), [DONGGUAN, "440000", GUANGXI, QINGXIU], [True, False, True, True]),
        # ids not in the region table: by their province
        ((GUANGXI,), ["459999", "999999"], [True, False]),
        ((NANNING,), ["459999"], [False]),
        # no scope: everything
        ((), [QINGXIU, "440000", "999999"], [True, True, True]),
    ],
)  # fmt: skip
def test_in_scope_at_every_level(scope: tuple[str, ...], ids: list[str], expected: list[bool]) -> None:
    found = in_scope(pd.Series(ids, index=range(10, 10 + len(ids))), scope)
    pd.testing.assert_series_equal(found, pd.Series(expected, index=range(10, 10 + len(ids))), check_names=False)


def test_in_scope_does_not_modify_its_input() -> None:
    ids = pd.Series([QINGXIU, GUANGXI])
    before = ids.copy()
    in_scope(ids, (NANNING,))
    pd.testing.assert_series_equal(ids, before)
