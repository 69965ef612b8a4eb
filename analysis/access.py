"""Who may do what, and over which territory: roles, the roles file, signed-in users and scopes.

A person signed in through OpenID Connect becomes a `User` with one of three roles (viewer <
analyst < admin) and a scope: the provinces or cities they may see (empty = all of China). The role
comes from the roles file's entry for their e-mail address, else from a group claim of their
identity token mapped by the file's ``[groups]``; someone with neither is refused. Without sign-in
configured the app runs as `LOCAL_USER`: an admin over all of China.

The roles file (TOML; ``.streamlit/roles.toml`` or $TERRITORY_ATLAS_ROLES)::

    claim = "groups"                  # the identity-token claim listing the person's groups

    [groups]                          # group name → role
    "atlas-admins" = "admin"

    [users."li.wei@example.com"]      # e-mail addresses match case-insensitively
    role = "analyst"
    scope = ["450000", "广东"]         # provinces or cities, by adcode or name

Problems are reported as catalog texts (`RolesError`) that name the entry and how to fix it.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.geo.boundaries import SCOPE_LEVELS, _scope_levels, in_scope, scope_counties  # noqa: F401  (part of access's API)
from analysis.i18n import Join, Text

ROLES = ("viewer", "analyst", "admin")  # each role may do everything the ones before it may
ACTIONS: dict[str, str] = {
    "read": "viewer",
    "download": "viewer",
    "import": "analyst",
    "map_values": "analyst",  # save a column or region mapping
    "save_scenario": "analyst",
    "save_territory": "analyst",
    "brand_setting": "analyst",
    "restore": "admin",
    "delete_scenario": "admin",
    "manage_users": "admin",
}
DEFAULT_CLAIM = "groups"


@dataclass(frozen=True)
class User:
    """A person using the app.

    Attributes
    ----------
    email : str
        The address the identity provider vouched for, lower case ("" for the local user).
    name : str
        How to greet them (the token's name, else the address).
    role : {"viewer", "analyst", "admin"}
    scope : tuple of str
        Province or city adcodes they may see; empty = all of China.
    """

    email: str
    name: str
    role: str
    scope: tuple[str, ...] = ()

    @property
    def audit_user(self) -> str | None:
        """Who to write in the audit trail: the e-mail address, or None (the store's login name) locally."""
        return self.email or None


LOCAL_USER = User(email="", name="", role="admin")  # single-user mode: no sign-in configured


@dataclass(frozen=True)
class RoleEntry:
    """One ``[users."address"]`` entry of the roles file."""

    email: str
    role: str
    scope: tuple[str, ...] = ()


@dataclass(frozen=True)
class Roles:
    """The roles file, validated: users by e-mail, groups → roles, and the claim that lists groups.

    Hashable, so that it can key a cache.
    """

    users: tuple[RoleEntry, ...] = ()
    groups: tuple[tuple[str, str], ...] = ()
    claim: str = DEFAULT_CLAIM
    _by_email: dict = field(default=None, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_email", {entry.email.casefold(): entry for entry in self.users})

    def user(self, email: str) -> RoleEntry | None:
        """The entry for `email` (case-insensitive), None when the file has none."""
        return self._by_email.get((email or "").strip().casefold())

    def group_role(self, group: str) -> str | None:
        """The role the file gives members of `group`."""
        return dict(self.groups).get(group)


class RolesError(ValueError):
    """A roles file that cannot be used; `problems` are catalog texts, one per faulty entry."""

    def __init__(self, problems: Iterable[Text]):
        self.problems = tuple(problems)
        super().__init__("; ".join(p.render("en") for p in self.problems))

    def message(self, lang: str) -> str:
        """Every problem in `lang`, one per line."""
        return "\n".join(p.render(lang) for p in self.problems)


# -- roles and actions ------------------------------------------------------------------------------


def _rank(role: str) -> int:
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}, got {role!r}")
    return ROLES.index(role)


def needed_role(action: str) -> str:
    """The least role that may do `action`.

    >>> needed_role("import")
    'analyst'
    """
    if action not in ACTIONS:
        raise ValueError(f"action must be one of {sorted(ACTIONS)}, got {action!r}")
    return ACTIONS[action]


def allowed(user: User, action: str) -> bool:
    """Whether `user` may do `action`.

    >>> allowed(User("a@b.cn", "A", "viewer"), "download"), allowed(User("a@b.cn", "A", "viewer"), "import")
    (True, False)
    >>> allowed(LOCAL_USER, "restore")
    True
    """
    return _rank(user.role) >= _rank(needed_role(action))


def refusal(user: User, action: str) -> Text:
    """Why `user` may not do `action`: the action, the role it needs and the user's role.

    >>> refusal(User("a@b.cn", "A", "viewer"), "import").render("en")
    'Importing data needs the analyst role; your role is viewer. Ask an admin if you need it.'
    """
    return Text(
        "access.refused",
        action=Text(f"access.action.{action}"),
        needed=Text(f"access.role.{needed_role(action)}"),
        role=Text(f"access.role.{user.role}"),
    )


# -- signed-in users --------------------------------------------------------------------------------


def _groups(value: object) -> list[str]:
    """A group claim as a list: providers send a list, some a comma- or space-separated string."""
    if value is None:
        return []
    if isinstance(value, str):
        return [g for g in value.replace(",", " ").split() if g]
    if isinstance(value, Iterable) and not isinstance(value, bytes | Mapping):
        return [str(g) for g in value]
    return [str(value)]


def user_from_claims(claims: Mapping, roles: Roles) -> User | None:
    """The user an identity token's claims describe, or None: signed in but given no role (refused).

    The roles file's entry for the e-mail address comes first (its role and scope); else the
    highest role any of the person's groups (claim `roles.claim`) maps to, over all of China. An
    address the provider marks unverified (``email_verified`` false) is not matched in the file.

    Parameters
    ----------
    claims : mapping
        ``st.user``: email, name, email_verified, sub, the group claim, ...
    roles : Roles

    Returns
    -------
    User or None

    Examples
    --------
    >>> roles = Roles(users=(RoleEntry("li@x.cn", "analyst", ("450000",)),), groups=(("bosses", "admin"),))
    >>> user_from_claims({"email": "Li@X.cn", "name": "Li", "groups": ["bosses"]}, roles)
    User(email='li@x.cn', name='Li', role='analyst', scope=('450000',))
    >>> user_from_claims({"email": "wu@x.cn", "groups": "bosses"}, roles).role
    'admin'
    >>> user_from_claims({"email": "nobody@x.cn"}, roles) is None
    True
    """
    email = str(claims.get("email") or "").strip().casefold()
    name = str(claims.get("name") or claims.get("preferred_username") or email)
    verified = claims.get("email_verified", True) not in (False, "false", "False")
    entry = roles.user(email) if email and verified else None
    if entry is not None:
        return User(email=email, name=name, role=entry.role, scope=entry.scope)
    ranked = [roles.group_role(g) for g in _groups(claims.get(roles.claim))]
    ranked = [r for r in ranked if r is not None]
    if not ranked:
        return None
    identity = email or str(claims.get("preferred_username") or claims.get("sub") or "")
    return User(email=identity, name=name, role=max(ranked, key=ROLES.index))


# -- the roles file ---------------------------------------------------------------------------------

_TOP_KEYS = ("claim", "groups", "users")
_USER_KEYS = ("role", "scope")


def parse_roles(text: str, resolve=None) -> Roles:
    r"""Validate the text of a roles file.

    Parameters
    ----------
    text : str
        TOML (see the module's docstring).
    resolve : callable, optional
        ``resolve(entry) -> (adcode, None) | (None, Text)``: a scope entry to a province or city
        adcode, or why it is none; `scope_id` by default.

    Returns
    -------
    Roles

    Raises
    ------
    RolesError
        Listing every faulty entry: a TOML syntax error, an unknown key or role, an address that is
        not one, an address given twice, a scope entry that is no province or city.

    Examples
    --------
    >>> parse_roles('[users."A@b.cn"]\nrole = "viewer"\nscope = ["广西"]').users
    (RoleEntry(email='a@b.cn', role='viewer', scope=('450000',)),)
    >>> parse_roles('[users."a@b.cn"]\nrole = "boss"')
    Traceback (most recent call last):
    ...
    analysis.access.RolesError: a@b.cn: unknown role 'boss'. Use one of: viewer, analyst, admin.
    """
    resolve = resolve or scope_id
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RolesError([Text("access.roles.syntax", detail=str(exc))]) from exc
    problems: list[Text] = []
    known_roles = Join(ROLES)
    for key in data:
        if key not in _TOP_KEYS:
            problems.append(Text("access.roles.unknown_key", setting=key, known=Join(_TOP_KEYS)))
    claim = data.get("claim", DEFAULT_CLAIM)
    if not isinstance(claim, str) or not claim.strip():
        problems.append(Text("access.roles.bad_claim", value=repr(claim)))
        claim = DEFAULT_CLAIM
    groups = data.get("groups", {})
    group_pairs: list[tuple[str, str]] = []
    if not isinstance(groups, dict):
        problems.append(Text("access.roles.not_table", entry="groups"))
        groups = {}
    for group, role in groups.items():
        if role not in ROLES:
            problems.append(Text("access.roles.group_role", group=group, role=repr(role), roles=known_roles))
        else:
            group_pairs.append((group, role))
    users = data.get("users", {})
    if not isinstance(users, dict):
        problems.append(Text("access.roles.not_table", entry="users"))
        users = {}
    entries: dict[str, RoleEntry] = {}
    for address, body in users.items():
        email = address.strip().casefold()
        if "@" not in email or email.startswith("@") or email.endswith("@") or " " in email:
            problems.append(Text("access.roles.bad_email", entry=address))
            continue
        if email in entries:
            problems.append(Text("access.roles.duplicate", entry=address))
            continue
        if not isinstance(body, dict):
            problems.append(Text("access.roles.user_not_table", entry=address))
            continue
        for key in body:
            if key not in _USER_KEYS:
                problems.append(
                    Text("access.roles.unknown_user_key", entry=address, setting=key, known=Join(_USER_KEYS))
                )
        role = body.get("role")
        if role not in ROLES:
            key = "access.roles.no_role" if role is None else "access.roles.bad_role"
            problems.append(Text(key, entry=email, role=repr(role), roles=known_roles))
            continue
        raw_scope = body.get("scope", [])
        if isinstance(raw_scope, str):
            raw_scope = [raw_scope]
        if not isinstance(raw_scope, list) or not all(isinstance(s, str | int) for s in raw_scope):
            problems.append(Text("access.roles.bad_scope_type", entry=email))
            continue
        scope: list[str] = []
        for item in raw_scope:
            region_id, why = resolve(str(item))
            if region_id is None:
                problems.append(Text("access.roles.bad_scope", entry=email, value=str(item), reason=why))
            elif region_id not in scope:
                scope.append(region_id)
        entries[email] = RoleEntry(email=email, role=role, scope=tuple(scope))
    if problems:
        raise RolesError(problems)
    return Roles(users=tuple(entries.values()), groups=tuple(group_pairs), claim=claim.strip())


def load_roles(path: Path | str, *, missing_ok: bool = True) -> Roles:
    """Read and validate the roles file at `path`.

    Parameters
    ----------
    path : Path or str
    missing_ok : bool
        An absent file means "no one has a role from the file" (roles then come only from groups,
        and the file's defaults apply); with False it is an error.

    Returns
    -------
    Roles

    Raises
    ------
    RolesError
        The file is unreadable or invalid (see `parse_roles`).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        if missing_ok:
            return Roles()
        raise RolesError([Text("access.roles.missing", path=str(path))]) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise RolesError([Text("access.roles.unreadable", path=str(path), detail=str(exc))]) from exc
    try:
        return parse_roles(text)
    except RolesError as exc:
        raise RolesError([Text("access.roles.in_file", path=str(path), problem=p) for p in exc.problems]) from None


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a TOML basic string


def roles_toml(roles: Roles) -> str:
    """The TOML text of `roles`, which `parse_roles` reads back equal (scopes as adcodes).

    >>> r = Roles(users=(RoleEntry("a@b.cn", "admin", ("450100",)),), groups=(("ops", "viewer"),), claim="roles")
    >>> parse_roles(roles_toml(r)) == r
    True
    """
    lines = ["# Territory Atlas roles: viewer < analyst < admin; scope lists province or city adcodes", ""]
    lines.append(f"claim = {_toml_string(roles.claim)}")
    lines += ["", "[groups]"]
    lines += [f"{_toml_string(group)} = {_toml_string(role)}" for group, role in roles.groups]
    for entry in roles.users:
        lines += ["", f"[users.{_toml_string(entry.email)}]", f"role = {_toml_string(entry.role)}"]
        if entry.scope:
            lines.append(f"scope = [{', '.join(_toml_string(s) for s in entry.scope)}]")
    return "\n".join(lines) + "\n"


def save_roles(roles: Roles, path: Path | str) -> None:
    """Write `roles` to `path` (replacing it at once: a reader never sees half a file)."""
    path = Path(path)
    text = roles_toml(roles)
    parse_roles(text)  # what is written must read back
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


# -- scopes -----------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def scope_id(entry: str) -> tuple[str | None, Text | None]:
    """A scope entry (adcode, name or pinyin) as a province or city adcode, or None and why not.

    >>> scope_id("广东")[0], scope_id("南宁")[0], scope_id("东莞")[0]
    ('440000', '450100', '441900')
    >>> scope_id("青秀区")[1].render("en")
    "'青秀区' (450103) is at County level; a scope lists provinces or cities (adcode or name)."
    """
    from analysis.geo.regions import default_resolver

    found = default_resolver().resolve_one(entry)
    if found.status != "ok":
        return None, found.text()
    if found.region_id in _scope_levels():
        return found.region_id, None
    return None, Text("access.scope.not_province_or_city", value=entry, region_id=found.region_id,
                      level=Text(f"level.{found.level}"))  # fmt: skip


def visible(frames: Mapping[str, pd.DataFrame], scope: Iterable[str]) -> dict[str, pd.DataFrame]:
    """The rows of every kind a user limited to `scope` may see (every row for an empty scope).

    Rows with a region keep to the scope (`in_scope`); distributors are those with a seat or a
    territory in scope; an action without a region is kept when it names such a distributor. Frames
    are not modified; an empty scope returns them as they are.

    Examples
    --------
    >>> frames = {"sales": pd.DataFrame({"region_id": ["450102", "440103"], "units": [1, 2]})}
    >>> visible(frames, ("450000",))["sales"]["units"].tolist()
    [1]
    """
    scope = tuple(sorted(set(scope)))
    if not scope:
        return dict(frames)
    out = {}
    for kind, frame in frames.items():
        if "region_id" in frame and kind not in ("distributors", "actions"):
            out[kind] = frame[in_scope(frame["region_id"], scope).to_numpy()]
        else:
            out[kind] = frame
    territories = out.get("territories")
    distributors = frames.get("distributors")
    if distributors is not None and "region_id" in distributors:
        seated = in_scope(distributors["region_id"].fillna(""), scope).to_numpy()
        serving = set(territories["distributor_id"]) if territories is not None else set()
        out["distributors"] = distributors[seated | distributors["distributor_id"].isin(serving).to_numpy()]
    actions = frames.get("actions")
    if actions is not None and "region_id" in actions:
        region = actions["region_id"].fillna("").astype("str")
        kept = set(out["distributors"]["distributor_id"]) if "distributors" in out else set()
        named = actions["distributor_id"].fillna("").astype("str").isin(kept) if "distributor_id" in actions else False
        out["actions"] = actions[((region != "") & in_scope(region, scope)) | ((region == "") & named)]
    return out
