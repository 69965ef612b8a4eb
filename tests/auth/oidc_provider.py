"""A small OpenID Connect provider on loopback, for the sign-in tests (authorization-code flow, RS256).

It serves the discovery document, an authorization page where the person types which account to
use and presses "Sign in" or "Deny" (deny answers ``error=access_denied``, as a provider does when
a person refuses or is refused), the token endpoint (client_secret_basic or _post, PKCE S256 when
the client sends a challenge) and the JWKS. Accounts are claims dictionaries keyed by e-mail:
whatever they hold (name, groups, ...) goes into the identity token. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "territory-atlas-test"
CLIENT_SECRET = "test-only-client-secret"  # a test provider's, never a real one


class Provider:
    """The provider: `start()` it, give `metadata_url` to the app, `stop()` it.

    Parameters
    ----------
    accounts : dict
        E-mail → extra claims (name, groups, email_verified ...) of the identity token.
    """

    def __init__(self, accounts: dict[str, dict]):
        self.accounts = accounts
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key", "use": "sig", "alg": "RS256"})
        self.codes: dict[str, dict] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    def start(self) -> Provider:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def metadata(self) -> dict:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile", "groups"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": ["sub", "email", "email_verified", "name", "groups"],
        }

    def id_token(self, email: str, nonce: str | None) -> str:
        now = int(time.time())
        sub = hashlib.sha256(email.encode()).hexdigest()[:16]
        claims = {"iss": self.url, "sub": sub, "aud": CLIENT_ID, "iat": now, "exp": now + 600, "email": email,
                  "email_verified": True} | self.accounts[email]  # fmt: skip
        if nonce:
            claims["nonce"] = nonce
        return jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, self.key)

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def _send(self, status: int, body: str | bytes, kind: str = "application/json", **headers) -> None:
                data = body.encode() if isinstance(body, str) else body
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                for name, value in headers.items():
                    self.send_header(name.replace("_", "-"), value)
                self.end_headers()
                self.wfile.write(data)

            def _redirect(self, target: str, **params: str) -> None:
                glue = "&" if "?" in target else "?"
                self._send(302, "", "text/plain", Location=target + glue + urlencode(params))

            def do_GET(self) -> None:
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    self._send(200, json.dumps(provider.metadata()))
                elif url.path == "/jwks":
                    self._send(200, json.dumps({"keys": [provider.key.as_dict(private=False)]}))
                elif url.path == "/authorize":
                    self._authorize_page(query)
                elif url.path == "/decide":
                    self._decide(query)
                else:
                    self._send(404, "{}")

            def _authorize_page(self, query: dict) -> None:
                if query.get("client_id") != CLIENT_ID or not query.get("redirect_uri"):
                    self._send(400, json.dumps({"error": "invalid_client"}))
                    return
                hidden = "".join(
                    f'<input type="hidden" name="{k}" value="{html.escape(v)}">'
                    for k, v in query.items()
                    if k in ("redirect_uri", "state", "nonce", "code_challenge", "code_challenge_method")
                )
                page = (
                    "<!doctype html><title>Test identity provider</title><h1>Test identity provider</h1>"
                    f'<form action="/decide" method="get">{hidden}'
                    '<label>Account <input name="email" data-testid="account"></label> '
                    '<button name="decision" value="allow" data-testid="allow">Sign in</button> '
                    '<button name="decision" value="deny" data-testid="deny">Deny</button></form>'
                )
                self._send(200, page, "text/html; charset=utf-8")

            def _decide(self, query: dict) -> None:
                target, state = query.get("redirect_uri", ""), query.get("state", "")
                email = query.get("email", "").strip().lower()
                if query.get("decision") != "allow":
                    self._redirect(target, error="access_denied", error_description="refused", state=state)
                    return
                if email not in provider.accounts:
                    self._send(200, "<!doctype html><p>Unknown account</p>", "text/html; charset=utf-8")
                    return
                code = secrets.token_urlsafe(16)
                provider.codes[code] = {"email": email, "nonce": query.get("nonce"), "redirect_uri": target,
                                        "challenge": query.get("code_challenge")}  # fmt: skip
                self._redirect(target, code=code, state=state)

            def do_POST(self) -> None:
                if urlparse(self.path).path != "/token":
                    self._send(404, "{}")
                    return
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                client_id, secret = form.get("client_id"), form.get("client_secret")
                basic = self.headers.get("Authorization", "")
                if basic.startswith("Basic "):
                    from urllib.parse import unquote

                    client_id, _, secret = base64.b64decode(basic[6:]).decode().partition(":")
                    client_id, secret = unquote(client_id), unquote(secret)
                if (client_id, secret) != (CLIENT_ID, CLIENT_SECRET):
                    self._send(401, json.dumps({"error": "invalid_client"}))
                    return
                grant = provider.codes.pop(form.get("code", ""), None)
                if grant is None or grant["redirect_uri"] != form.get("redirect_uri"):
                    self._send(400, json.dumps({"error": "invalid_grant"}))
                    return
                if grant["challenge"]:
                    verifier = form.get("code_verifier", "").encode()
                    digest = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=").decode()
                    if digest != grant["challenge"]:
                        self._send(400, json.dumps({"error": "invalid_grant"}))
                        return
                token = {"access_token": secrets.token_urlsafe(16), "token_type": "Bearer", "expires_in": 600,
                         "id_token": provider.id_token(grant["email"], grant["nonce"])}  # fmt: skip
                self._send(200, json.dumps(token))

        return Handler
