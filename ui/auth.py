"""Sign-in with Streamlit's own OpenID Connect support, and what the signed-in person may do.

With an ``[auth]`` section in secrets.toml (see .streamlit/secrets.toml.example) every session
signs in through the identity provider (`st.login`), and `current_user` is the `User` its claims
and the roles file make (analysis/access.py). Without one the app runs single-user as
`LOCAL_USER` and the sidebar says so. The frame calls `gate` then `sidebar_block` in the sidebar
of every run; pages and buttons ask `require(user, action, lang)`.
"""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from analysis import config
from analysis.access import LOCAL_USER, Roles, RolesError, User, allowed, load_roles, refusal, user_from_claims
from analysis.i18n import Join, Text, t
from ui.safe import literal

log = logging.getLogger("territory_atlas")


def _secrets_unreadable() -> bool:
    """Whether a secrets file exists but Streamlit could not read it (say, a TOML error)."""
    try:
        "auth" in st.secrets  # noqa: B015 - reading is the point
        return False
    except FileNotFoundError:  # Streamlit's StreamlitSecretNotFoundError: none found, or none readable
        return any(Path(p).is_file() for p in st.get_option("secrets.files"))


def auth_configured() -> bool:
    """Whether sign-in is required: secrets.toml has an ``[auth]`` section.

    A secrets file that exists but cannot be read counts as configured, so that a typo in it
    closes the app (`gate` says why) instead of opening it to everyone as single-user.
    """
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # Streamlit's StreamlitSecretNotFoundError: none found, or none readable
        return _secrets_unreadable()


@st.cache_resource(show_spinner=False, max_entries=4)
def _roles_at(path: str, modified: int) -> Roles:
    """The roles file, read again when it changes (`modified` is its mtime)."""
    return load_roles(path)


def roles() -> Roles:
    """The roles file as it is now (no file: no one has a role from it).

    Raises
    ------
    RolesError
        The file is invalid.
    """
    path = config.roles_path()
    try:
        modified = Path(path).stat().st_mtime_ns
    except OSError:
        modified = -1
    return _roles_at(str(path), modified)


def signed_in_user() -> User | None:
    """The signed-in person as a `User`; None when nobody is signed in or they have no role.

    Raises
    ------
    RolesError
        The roles file is invalid (no one's role can be known).
    """
    if not auth_configured():
        return LOCAL_USER
    if _secrets_unreadable() or not st.user.is_logged_in:
        return None
    return user_from_claims(dict(st.user), roles())


def current_user() -> User:
    """Who runs this session: `LOCAL_USER` without sign-in configured, else the signed-in user.

    When sign-in is configured and nobody with a role is signed in, the run stops here (the
    frame's `gate` has already said why), so that no page ever runs without a user.
    """
    try:
        user = signed_in_user()
    except RolesError:
        user = None
    if user is None:
        st.stop()
    return user


def _email(claims) -> str:
    return str(claims.get("email") or claims.get("preferred_username") or claims.get("sub") or "")


def _screen(lang: str, title: str, body: str, button: str, **params: object) -> None:
    """A modal over the empty page that cannot be closed: what is wrong and the one button that helps.

    The modal makes the sidebar's language switch unreachable, so it speaks both languages, the
    reader's first. `button` is "auth.sign_in" or "auth.sign_out".
    """
    both = (lang, "en" if lang == "zh" else "zh")

    def content() -> None:
        for code in both:
            st.markdown(t(body, code, **{k: v(code) if callable(v) else v for k, v in params.items()}))
        icon = ":material/login:" if button == "auth.sign_in" else ":material/logout:"
        label = " · ".join(t(button, code) for code in both)
        if st.button(label, key=button, type="primary", icon=icon):
            if button == "auth.sign_in":
                st.login()
            else:
                st.logout()

    st.dialog(" · ".join(t(title, code) for code in both), dismissible=False, width="medium")(content)()


def _stop(lang: str) -> None:
    """End the run before any page: with the pages registered but hidden, so that the sidebar does not
    list the pages/ files (Streamlit's default when a run calls no st.navigation)."""
    from ui.pages import pages

    st.navigation(pages(lang), position="hidden")
    st.stop()


def gate(lang: str) -> None:
    """Stop the run unless the session may see the app.

    Without sign-in configured this does nothing. Nobody signed in: a sign-in screen. Signed in
    but with no role (or the roles file is broken): the reason and a sign-out button. Either way
    the run stops there, before any page.
    """
    if not auth_configured():
        return
    if _secrets_unreadable():
        log.error("the secrets file cannot be read: no one can sign in until it is fixed")
        st.error(t("auth.secrets_unreadable", lang), icon=":material/lock:")
        _stop(lang)
    if not st.user.is_logged_in:
        _screen(lang, "auth.sign_in_title", "auth.sign_in_body", "auth.sign_in")
        _stop(lang)
    try:
        user = user_from_claims(dict(st.user), roles())
    except RolesError as exc:
        log.error("the roles file is invalid: %s", exc)

        def problems(code: str, found: tuple = exc.problems) -> str:
            return "\n".join(f"- {literal(p.render(code))}" for p in found)

        _screen(lang, "auth.no_access_title", "auth.roles_invalid", "auth.sign_out", problems=problems)
        _stop(lang)
    if user is None:
        _screen(lang, "auth.no_access_title", "auth.no_role", "auth.sign_out", email=literal(_email(st.user)))
        _stop(lang)


def scope_names(user: User, lang: str) -> str:
    """The user's scope as the reader calls it: 全国 / All of China, or the provinces' and cities' names."""
    if not user.scope:
        return t("auth.scope_all", lang)
    from ui.cache import regions

    table = regions()
    table = table[table["level"].isin(["province", "city"])].drop_duplicates("region_id").set_index("region_id")
    column = "name" if lang == "zh" else "name_en"
    return Join(table[column].get(rid, rid) for rid in user.scope).render(lang)


def sidebar_block(lang: str) -> None:
    """Who is signed in, with which role and scope, and the sign-out button; or the single-user note."""
    if not auth_configured():
        st.caption(t("auth.single_user", lang))
        return
    user = signed_in_user()
    if user is None:
        if st.button(t("auth.sign_in", lang), key="auth.sidebar_sign_in", icon=":material/login:"):
            st.login()
        return
    role = Text(f"access.role.{user.role}")
    st.caption(t("auth.signed_in_as", lang, name=literal(user.name or user.email), role=role))
    if user.scope:
        st.caption(t("auth.scope", lang, scope=literal(scope_names(user, lang))))
    if st.button(t("auth.sign_out", lang), key="auth.sign_out", icon=":material/logout:"):
        st.logout()


def require(user: User, action: str, lang: str) -> bool:
    """Whether `user` may do `action`; if not, says why (the role it needs) and returns False.

    In a page: ``if require(ctx.user, "import", ctx.lang):`` draw the import controls.
    """
    if allowed(user, action):
        return True
    st.info(refusal(user, action).render(lang), icon=":material/lock:")
    return False
