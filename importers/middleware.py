from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control

from importers.selectors import HOME_KEYS, legacy_404_key, legacy_location, looks_legacy
from importers.services import legacy_404_record


class LegacyURLMiddleware:
    """Answer an imported blog's old URLs with a 301 to their new place.

    It acts only where our own site has nothing to say: on a 404, and on the home page when it
    carries an old WordPress query (`/?p=123`, `/?cat=4`), which the home view would otherwise
    ignore. Old-looking requests nothing answers are counted for `manage.py legacy_404s`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        home = request.method in ("GET", "HEAD") and request.path_info == "/"
        if home and any(key in request.GET for key in HOME_KEYS):
            redirect = self._answer(request)
            if redirect is not None:
                return redirect
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            return self._answer(request) or response
        return response

    def _answer(self, request) -> HttpResponsePermanentRedirect | None:
        path, query = request.path_info, request.GET
        # A NUL byte is no old URL, and PostgreSQL refuses it in a query parameter.
        if "\x00" in path or any("\x00" in key or "\x00" in value for key, value in query.items()):
            return None
        location = legacy_location(path, query)
        if location and location != request.get_full_path():
            response = HttpResponsePermanentRedirect(location)
            _mark_old_link(response, location)
            return response
        if looks_legacy(path, query):
            legacy_404_record(path=legacy_404_key(path, query))
        return None


def _mark_old_link(response, location: str) -> None:
    """Tell the post page this visit came through an old address, so an old comment anchor the browser
    carries over (`#comment-881`) is looked up as the old id it is (importers.selectors). Fragments
    never reach the server; this cookie reaches only that page, for a minute."""
    path = urlsplit(location).path
    try:
        if resolve(path).url_name != "post_detail":
            return
    except Resolver404:
        return
    # Browsers keep a 301 for good and would follow it again without asking, so without the mark:
    # this one is asked for each time (search engines still read it as permanent).
    patch_cache_control(response, no_cache=True, max_age=0)
    response.set_cookie(
        settings.LEGACY_LINK_COOKIE,
        "1",
        max_age=60,
        path=path,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
