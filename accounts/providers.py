"""Social sign-in providers configured from the environment (read by forum/settings.py).

Only providers whose credentials are set are configured; none are by default. Providers can also be
configured in the admin (Social applications) without any environment variables.
This module must not import Django models: settings import it before apps are ready.
"""

from collections.abc import Mapping
from urllib.parse import urlsplit

# Where each provider's sign-in page lives. The "Continue" form posts to us and we redirect there, and
# browsers hold a form's redirects to the page's CSP form-action (forum/settings.py adds these).
AUTHORIZE_ORIGINS = {"google": "https://accounts.google.com", "facebook": "https://www.facebook.com"}


def providers_from_env(environ: Mapping[str, str]) -> dict:
    """Build SOCIALACCOUNT_PROVIDERS for the providers whose client id and secret are set."""
    providers: dict = {}
    if environ.get("GOOGLE_CLIENT_ID") and environ.get("GOOGLE_CLIENT_SECRET"):
        providers["google"] = {
            "APPS": [{"client_id": environ["GOOGLE_CLIENT_ID"], "secret": environ["GOOGLE_CLIENT_SECRET"]}],
            "SCOPE": ["profile", "email"],
            "AUTH_PARAMS": {"access_type": "online"},
        }
    if environ.get("FACEBOOK_CLIENT_ID") and environ.get("FACEBOOK_CLIENT_SECRET"):
        providers["facebook"] = {
            "APPS": [
                {"client_id": environ["FACEBOOK_CLIENT_ID"], "secret": environ["FACEBOOK_CLIENT_SECRET"]}
            ],
            "METHOD": "oauth2",
            "SCOPE": ["email", "public_profile"],
        }
    # Any OpenID Connect server, e.g. LinkedIn: OIDC_PROVIDER_ID=linkedin,
    # OIDC_SERVER_URL=https://www.linkedin.com/oauth, OIDC_PROVIDER_NAME=LinkedIn.
    if all(environ.get(name) for name in ("OIDC_SERVER_URL", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET")):
        provider_id = environ.get("OIDC_PROVIDER_ID") or "oidc"
        providers["openid_connect"] = {
            "APPS": [
                {
                    "provider_id": provider_id,
                    "name": environ.get("OIDC_PROVIDER_NAME") or provider_id.title(),
                    "client_id": environ["OIDC_CLIENT_ID"],
                    "secret": environ["OIDC_CLIENT_SECRET"],
                    "settings": {"server_url": environ["OIDC_SERVER_URL"]},
                }
            ]
        }
    return providers


def provider_form_action_origins(environ: Mapping[str, str]) -> list[str]:
    """The origins sign-in may send a reader on to: Google's and Facebook's (configurable in the admin
    as well as here), and the OpenID Connect server's when one is set (its authorization endpoint is
    assumed to share the origin of OIDC_SERVER_URL, as LinkedIn's, Okta's and Keycloak's do)."""
    origins = list(AUTHORIZE_ORIGINS.values())
    parts = urlsplit(environ.get("OIDC_SERVER_URL", ""))
    if parts.scheme in ("https", "http") and parts.netloc:
        origins.append(f"{parts.scheme}://{parts.netloc}")
    return origins
