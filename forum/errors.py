"""Error views: a database outage answers 503 with Retry-After wherever in the stack it surfaced."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

RETRY_AFTER_SECONDS = 10


def is_database_outage(exception: BaseException | None) -> bool:
    return isinstance(exception, OperationalError | InterfaceError)


def database_unavailable() -> HttpResponse:
    """The 503 page; rendered without the request, so it needs no session or user from the database."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


# handler500. A middleware (session, user, MFA check) that loses the database lands here, never in
# DatabaseUnavailableMiddleware.process_exception, which sees only the view's exceptions.
def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, or the 503 page when the uncaught exception is a lost database."""
    if is_database_outage(sys.exception()):
        return database_unavailable()
    return defaults.server_error(request)
