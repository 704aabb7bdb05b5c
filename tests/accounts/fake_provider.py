"""A fake identity provider on loopback that plays Google, Facebook and one OpenID Connect server.

allauth reaches a provider through `get_adapter().get_requests_session()`. The `fake_provider` fixture
gives it a session that sends the providers' https addresses to this server over real HTTP instead, so
each token exchange and profile request is encoded, sent, parsed and answered as it is in production;
nothing inside requests or allauth is mocked. The OpenID Connect server is configured with this
server's own address, as an operator would configure LinkedIn's.

The server checks what a real provider checks (client id and secret, the code it issued for that
redirect URI, Facebook's appsecret_proof) and answers 400 or 401 otherwise, which allauth shows as a
sign-in error. `person` is who consents at the next authorization.
"""

import hashlib
import hmac
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import requests
from requests.adapters import HTTPAdapter

# Hosts the real providers answer on; requests for them are sent to the fake.
PROVIDER_HOSTS = {"accounts.google.com", "oauth2.googleapis.com", "www.googleapis.com"} | {
    "www.facebook.com",
    "graph.facebook.com",
}
GOOGLE_ISSUER = "https://accounts.google.com"
CLIENTS = {"google": ("google-client", "google-secret"), "facebook": ("fb-app", "fb-secret")} | {
    "oidc": ("oidc-client", "oidc-secret"),
}


class FakeProvider:
    def __init__(self) -> None:
        self.person: dict = {}
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.seen: list[tuple[str, str]] = []  # (method, host + path) of each request, in order
        self.failing: set[str] = set()  # paths that answer 500, as a provider having a bad day
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.oidc_server_url = f"{self.base}/oidc"

    def start(self) -> None:
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        ).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def route(self, url: str) -> str:
        """The address on this server for a provider's https address; loopback addresses unchanged."""
        parts = urlsplit(url)
        if parts.hostname in PROVIDER_HOSTS:
            return f"{self.base}/{parts.hostname}{parts.path}" + (f"?{parts.query}" if parts.query else "")
        if not url.startswith(self.base):
            raise AssertionError(f"a test tried to reach {url}")
        return url

    def session(self) -> requests.Session:
        """What allauth's adapter hands out while the fake runs: every request goes to this server."""
        session = requests.Session()
        adapter = _RouteToFake(self)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        return session

    def consent(self, authorize_url: str) -> str:
        """The reader's browser at the provider: it agrees and is sent back; the callback URL."""
        response = requests.get(self.route(authorize_url), allow_redirects=False, timeout=5)
        assert response.status_code == 302, response.text
        return response.headers["Location"]

    # What each provider answers.

    def authorize(self, provider: str, query: dict) -> tuple[int, dict]:
        client_id, _ = CLIENTS[provider]
        if query.get("client_id") != client_id or query.get("response_type", "code") != "code":
            return 400, {"error": "invalid_request"}
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "provider": provider,
            "redirect_uri": query["redirect_uri"],
            "person": dict(self.person),
            "nonce": query.get("nonce"),
        }
        back = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query.get('state', '')})}"
        return 302, {"Location": back}

    def token(self, provider: str, form: dict) -> tuple[int, dict]:
        client_id, secret = CLIENTS[provider]
        if form.get("client_id") != client_id or form.get("client_secret") != secret:
            return 401, {"error": "invalid_client"}
        grant = self.codes.pop(form.get("code", ""), None)
        if (
            grant is None
            or grant["provider"] != provider
            or grant["redirect_uri"] != form.get("redirect_uri")
        ):
            return 400, {"error": "invalid_grant"}
        access_token = secrets.token_urlsafe(16)
        self.tokens[access_token] = grant
        answer = {"access_token": access_token, "token_type": "Bearer", "expires_in": 3600}
        if provider in ("google", "oidc"):
            issuer = GOOGLE_ISSUER if provider == "google" else self.oidc_server_url
            answer["id_token"] = self.id_token(issuer, client_id, grant)
        return 200, answer

    @staticmethod
    def id_token(issuer: str, audience: str, grant: dict) -> str:
        now = int(time.time())
        claims = {"iss": issuer, "aud": audience, "iat": now, "exp": now + 600, **grant["person"]}
        if grant["nonce"]:
            claims["nonce"] = grant["nonce"]
        return jwt.encode(
            claims,
            "a signing key the fake provider keeps to itself",
            algorithm="HS256",
            headers={"kid": "fake"},
        )

    def grant_for(self, headers, query: dict) -> dict | None:
        bearer = headers.get("Authorization", "").removeprefix("Bearer ")
        return self.tokens.get(bearer or query.get("access_token", ""))

    def facebook_me(self, query: dict) -> tuple[int, dict]:
        grant = self.tokens.get(query.get("access_token", ""))
        if grant is None:
            return 401, {"error": {"message": "Invalid OAuth access token."}}
        proof = hmac.new(b"fb-secret", query["access_token"].encode(), hashlib.sha256).hexdigest()
        if query.get("appsecret_proof") != proof:
            return 400, {"error": {"message": "Invalid appsecret_proof"}}
        return 200, grant["person"]

    def oidc_configuration(self) -> dict:
        base = self.oidc_server_url
        return {
            "issuer": base,
            "authorization_endpoint": f"{base}/authorize",
            "token_endpoint": f"{base}/token",
            "userinfo_endpoint": f"{base}/userinfo",
            "jwks_uri": f"{base}/jwks",
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
            "response_types_supported": ["code"],
        }


class _RouteToFake(HTTPAdapter):
    def __init__(self, fake: FakeProvider) -> None:
        super().__init__()
        self.fake = fake

    def send(self, request, **kwargs):
        request.url = self.fake.route(request.url)
        return super().send(request, **kwargs)


def _handler(fake: FakeProvider):
    routes = {
        ("GET", "/accounts.google.com/o/oauth2/v2/auth"): lambda q, f, h: fake.authorize("google", q),
        ("POST", "/oauth2.googleapis.com/token"): lambda q, f, h: fake.token("google", f),
        ("GET", "/www.facebook.com/v19.0/dialog/oauth"): lambda q, f, h: fake.authorize("facebook", q),
        ("GET", "/graph.facebook.com/v19.0/oauth/access_token"): lambda q, f, h: fake.token("facebook", q),
        ("GET", "/graph.facebook.com/v19.0/me"): lambda q, f, h: fake.facebook_me(q),
        ("GET", "/oidc/.well-known/openid-configuration"): lambda q, f, h: (200, fake.oidc_configuration()),
        ("GET", "/oidc/authorize"): lambda q, f, h: fake.authorize("oidc", q),
        ("POST", "/oidc/token"): lambda q, f, h: fake.token("oidc", f),
        ("GET", "/oidc/userinfo"): lambda q, f, h: _userinfo(fake.grant_for(h, q)),
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.answer("GET")

        def do_POST(self):
            self.answer("POST")

        def answer(self, method: str) -> None:
            parts = urlsplit(self.path)
            query = {key: values[0] for key, values in parse_qs(parts.query).items()}
            length = int(self.headers.get("Content-Length") or 0)
            form = {key: values[0] for key, values in parse_qs(self.rfile.read(length).decode()).items()}
            fake.seen.append((method, parts.path))
            route = routes.get((method, parts.path))
            if parts.path in fake.failing:
                status, body = 500, {"error": "server_error"}
            elif route is None:
                status, body = 404, {"error": "not_found"}
            else:
                status, body = route(query, form, self.headers)
            self.send_response(status)
            if status == 302:
                self.send_header("Location", body["Location"])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            payload = json.dumps(body).encode()
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format, *args):  # quiet: pytest shows failures
            pass

    return Handler


def _userinfo(grant: dict | None) -> tuple[int, dict]:
    return (200, grant["person"]) if grant else (401, {"error": "invalid_token"})
