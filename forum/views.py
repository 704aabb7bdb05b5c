from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from forum.errors import RETRY_AFTER_SECONDS


@require_safe
@never_cache
def healthz(request):
    """Answer 200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        response = HttpResponse("database unavailable", status=503, content_type="text/plain")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def bench_hello(request):
    """A hello-world page for load tests; routed only when BENCH_ENDPOINTS is on."""
    return HttpResponse("Hello, world", content_type="text/plain")


# Pages `make bench` stored in the default cache for bench_cached, under this prefix and a name.
BENCH_CACHED_PREFIX = "bench:cached:"


@require_safe
def bench_cached(request, name: str):
    """The HTML `make bench` stored under `name` in the default cache, served behind the same middleware:
    one cache read, the ceiling beside a page's load figure (BENCH_ENDPOINTS only)."""
    html = cache.get(BENCH_CACHED_PREFIX + name)
    if html is None:
        raise Http404("Nothing stored under that name.")
    return HttpResponse(html, content_type="text/html; charset=utf-8")
