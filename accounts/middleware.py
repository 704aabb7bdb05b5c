from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse


class StaffMFARequiredMiddleware:
    """Send staff without a second factor to set one up before any staff page answers.

    Staff are is_staff users and members of the STAFF_GROUPS (Editors, Moderators); staff pages are
    those under STAFF_PATH_PREFIXES. Other pages cost no query: the check runs only on staff paths.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = tuple(settings.STAFF_PATH_PREFIXES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.path.startswith(self.prefixes)
            and request.user.is_authenticated
            # Cached on the user, so the permission checks that follow ask no more queries.
            and request.user.lacks_required_mfa()
        ):
            messages.warning(
                request, "Staff pages need two-factor authentication. Set up an authenticator app first."
            )
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
