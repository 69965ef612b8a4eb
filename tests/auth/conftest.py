"""Fixtures of the sign-in tests: the loopback OIDC provider and an app server that signs in through it."""

from __future__ import annotations

import pytest

from tests.auth.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider

# The accounts the provider knows; the roles file below gives them their roles.
ANALYST, VIEWER, NO_ROLE = "ana@atlas.test", "vera@atlas.test", "nora@atlas.test"
ACCOUNTS = {
    ANALYST: {"name": "Ana Analyst", "groups": ["atlas-analysts"]},  # a role from a group claim
    VIEWER: {"name": "Vera Viewer", "groups": ["unrelated"]},  # a role from the roles file
    NO_ROLE: {"name": "Nora Norole", "groups": ["unrelated"]},  # signed in, no role
}
ROLES_TOML = """
claim = "groups"

[groups]
"atlas-analysts" = "analyst"

[users."VERA@atlas.test"]  # addresses match whatever their case
role = "viewer"
scope = ["广西"]
"""


@pytest.fixture(scope="module")
def oidc_provider():
    """The test identity provider on a free loopback port."""
    provider = Provider(ACCOUNTS).start()
    yield provider
    provider.stop()


def secrets_toml(provider: Provider) -> str:
    """An [auth] section pointing at `provider`; {port} is the app server's port (Streamlit fills it in)."""
    return (
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "a-test-cookie-secret-that-is-long-enough"\n'
        f'client_id = "{CLIENT_ID}"\n'
        f'client_secret = "{CLIENT_SECRET}"\n'
        f'server_metadata_url = "{provider.metadata_url}"\n'
    )


def _server_with(tmp_path_factory: pytest.TempPathFactory, secrets: str, roles: str):
    """`streamlit run app.py` with this secrets file and roles file: (process, url).

    The secrets file is pointed at with Streamlit's `secrets.files` option (as the environment
    variable STREAMLIT_SECRETS_FILES), the roles file with TERRITORY_ATLAS_ROLES.
    """
    from tests.conftest import _start_server

    folder = tmp_path_factory.mktemp("auth-config")
    (folder / "secrets.toml").write_text(secrets)
    (folder / "roles.toml").write_text(roles, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STREAMLIT_SECRETS_FILES", str(folder / "secrets.toml"))
        patch.setenv("TERRITORY_ATLAS_ROLES", str(folder / "roles.toml"))
        return _start_server(tmp_path_factory)


@pytest.fixture(scope="module")
def auth_server(oidc_provider, tmp_path_factory: pytest.TempPathFactory):
    """The app with sign-in through `oidc_provider` and the roles file above."""
    proc, url = _server_with(tmp_path_factory, secrets_toml(oidc_provider), ROLES_TOML)
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture
def unreadable_secrets_server(oidc_provider, tmp_path_factory: pytest.TempPathFactory):
    """The app with a secrets file that is not valid TOML (a typo in the [auth] header)."""
    broken = secrets_toml(oidc_provider).replace("[auth]", "[auth", 1)
    proc, url = _server_with(tmp_path_factory, broken, ROLES_TOML)
    yield url
    proc.terminate()
    proc.wait(timeout=20)
