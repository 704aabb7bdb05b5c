from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from forum.errors import RETRY_AFTER_SECONDS
from posts.models import Post


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


BENCH_BYTES_MAX = 8 * 1024 * 1024


@require_safe
def bench_bytes(request, size: int):
    """`size` bytes from memory behind the same middleware: what sending a page that large costs at
    best, the ceiling beside a load figure (BENCH_ENDPOINTS only)."""
    return HttpResponse(b"x" * min(size, BENCH_BYTES_MAX), content_type="text/html")


@require_safe
def bench_thread_floor(request, post_id: int):
    """A published post's published comments fetched in one raw query and their stored HTML joined,
    nothing rendered, behind the same middleware: T3's ceiling, what no rendering of that thread can
    beat (BENCH_ENDPOINTS only)."""
    from bench.floor import thread_floor_html  # the bench package, for this route alone

    post = get_object_or_404(Post.objects.published().only("pk"), pk=post_id)
    return HttpResponse(thread_floor_html(post.pk), content_type="text/html")
