from django.contrib.redirects.middleware import RedirectFallbackMiddleware as BaseRedirectFallbackMiddleware


class RedirectFallbackMiddleware(BaseRedirectFallbackMiddleware):
    """django.contrib.redirects' 404 fallback (renamed and merged tags answer 301).

    A path with a NUL byte is no redirect and PostgreSQL refuses it in a query, so it stays a 404.
    """

    def process_response(self, request, response):
        if "\x00" in request.get_full_path():
            return response
        return super().process_response(request, response)
