from django.contrib.redirects.middleware import RedirectFallbackMiddleware as BaseRedirectFallbackMiddleware
from django.contrib.redirects.models import Redirect
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpResponsePermanentRedirect


class RedirectFallbackMiddleware(BaseRedirectFallbackMiddleware):
    """django.contrib.redirects' 404 fallback (renamed and merged tags answer 301).

    A path with a NUL byte is no redirect and PostgreSQL refuses it in a query, so it stays a 404.
    A GET with a query string (`/tags/old/?page=2`) the stored paths do not mention is redirected by
    its path, keeping the query.
    """

    def process_response(self, request, response):
        if "\x00" in request.get_full_path():
            return response
        redirected = super().process_response(request, response)
        if (
            redirected is not response
            or response.status_code != 404
            or request.method not in ("GET", "HEAD")
            or not request.META.get("QUERY_STRING")
        ):
            return redirected
        site = get_current_site(request)
        new_path = Redirect.objects.filter(site=site, old_path=request.path).values_list(
            "new_path", flat=True
        )
        new_path = new_path.first()
        if not new_path or "?" in new_path:
            return response
        return HttpResponsePermanentRedirect(f"{new_path}?{request.META['QUERY_STRING']}")
