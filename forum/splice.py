"""Large finished HTML put into a response after its template has rendered, not passed through it.

Django's template engine copies a value at every level it goes through: each node list joins its
pieces and wraps the result in a new SafeString. A 2,500-comment discussion is about 2 MB of HTML
made outside the templates (comments.rendering), and five levels of copies and the final encoding
cost about as much as rendering it. So a template tag hands such HTML to `defer`, which gives back a
short marker to print in its place, and the view calls `splice` on its response, which puts the HTML,
encoded once, where the marker is.

    {{ threads_html }}  →  the tag's context holds defer(request, html)
    return splice(request, render(request, ...))
"""

import logging
import secrets

from django.http import HttpRequest, HttpResponse
from django.utils.safestring import SafeString, mark_safe

_ATTRIBUTE = "_deferred_html"
logger = logging.getLogger(__name__)


def defer(request: HttpRequest | None, html: SafeString | bytes) -> SafeString:
    """A marker standing for `html` (text, or UTF-8 bytes put in as they are) in this request's
    response; `html` itself without a request."""
    if request is None:
        return mark_safe(html.decode() if isinstance(html, bytes) else html)  # noqa: S308 - the caller's
    deferred = getattr(request, _ATTRIBUTE, None)
    if deferred is None:
        deferred = {}
        setattr(request, _ATTRIBUTE, deferred)
    # Random per request: no text a reader wrote can hold it (their HTML is sanitised besides).
    marker = f"<!--deferred:{secrets.token_hex(12)}-->"
    deferred[marker] = html
    return mark_safe(marker)  # noqa: S308 - our own fixed comment


def splice(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Put each deferred HTML into `response` where its marker was printed."""
    deferred = getattr(request, _ATTRIBUTE, None)
    if not deferred or response.streaming:
        return response
    content = response.content
    for marker, html in deferred.items():
        head, found, tail = content.partition(marker.encode())
        if not found:  # the template did not print what the tag gave it: the HTML would be lost
            logger.warning(
                "deferred HTML not spliced into %s: its marker is not in the response", request.path
            )
            continue
        if not isinstance(html, bytes):
            html = html.encode(response.charset)
        elif response.charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
            html = html.decode().encode(response.charset)
        content = b"".join((head, html, tail))
    response.content = content
    setattr(request, _ATTRIBUTE, {})
    return response
