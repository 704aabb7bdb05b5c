import json

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import selectors, services
from accounts.forms import AccountDeleteForm, ProfileSettingsForm
from accounts.models import Ignore, User
from forum.http import posted_choice
from forum.pagination import Paginator

COMMENTS_PER_PAGE = 20


@require_safe
def profile(request: HttpRequest, username: str) -> HttpResponse:
    if "\x00" in username:  # PostgreSQL refuses NUL in a query; no username holds one
        raise Http404
    person = get_object_or_404(User.objects.select_related("profile"), username=username, is_active=True)
    comments = selectors.profile_comments(user=person)
    page = None
    if comments is not None:
        page = Paginator(comments, COMMENTS_PER_PAGE).get_page(request.GET.get("page"))
    try:
        person_profile = person.profile
    except User.profile.RelatedObjectDoesNotExist:
        person_profile = None
    another = request.user.is_authenticated and request.user != person  # whom the reader may ignore
    ignoring = another and Ignore.objects.filter(user=request.user, ignored=person).exists()
    is_staff = another and person.is_staff_member()
    context = {
        "person": person,
        "profile": person_profile,
        "page": page,
        "ignoring": ignoring,
        "may_ignore": another and not is_staff,
        "ignore_waits": ignoring and is_staff,  # ignored before they became staff
        "staff_not_ignored": STAFF_NOT_IGNORED,
    }
    return render(request, "accounts/profile.html", context)


STAFF_NOT_IGNORED = (
    "Editors and moderators cannot be ignored: what they say in a discussion is for every reader."
)


@login_required
@require_POST
def profile_ignore(request: HttpRequest, username: str) -> HttpResponse:
    """Ignore a reader, or stop (`action=unignore`); back to their profile, or to the settings page."""
    if "\x00" in username:
        raise Http404
    person = get_object_or_404(User, username=username)
    if person == request.user:
        raise BadRequest("You cannot ignore yourself.")
    unignore = posted_choice(request, "action", ("ignore", "unignore")) == "unignore"
    if not unignore and not person.is_active:  # a suspended or banned person can still be taken off
        raise Http404("No such reader.")
    if not unignore and person.is_staff_member():
        raise BadRequest(STAFF_NOT_IGNORED)
    if unignore:
        services.ignore_remove(user=request.user, ignored=person)
        messages.success(request, f"You read {person.public_name}'s comments again.")
    else:
        services.ignore_add(user=request.user, ignored=person)
        messages.success(
            request, f"You ignore {person.public_name}: their comments fold for you and send you no mail."
        )
    if request.POST.get("next") == "settings":
        return redirect("accounts:profile_settings")
    return redirect("accounts:profile", username=person.username)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile_settings(request: HttpRequest) -> HttpResponse:
    user = request.user
    profile = services.profile_get(user=user)
    if request.method == "POST":
        form = ProfileSettingsForm(request.POST)
        if form.is_valid():
            services.profile_update(user=user, **form.cleaned_data)
            messages.success(request, "Your settings are saved.")
            return redirect("accounts:profile_settings")
    else:
        form = ProfileSettingsForm(
            initial={
                "display_name": user.display_name,
                "bio": profile.bio,
                "website": profile.website,
                "digest": profile.digest,
                "is_notified_of_replies": profile.is_notified_of_replies,
                "is_notified_of_follows": profile.is_notified_of_follows,
                "is_notified_of_moderation": profile.is_notified_of_moderation,
                "is_notified_of_updates": profile.is_notified_of_updates,
            }
        )
    return render(
        request,
        "accounts/profile_settings.html",
        {
            "form": form,
            "followed_posts": selectors.followed_posts(user=user),
            # Each with whether the ignore works: one of someone who became staff waits (Ignore.in_force).
            "ignored": User.objects.filter(pk__in=user.ignores.values("ignored_id"))
            .annotate(
                ignore_waits=~Exists(Ignore.objects.in_force().filter(user=user, ignored=OuterRef("pk")))
            )
            .order_by("username"),
        },
    )


@login_required
@require_safe
def data_export(request: HttpRequest) -> HttpResponse:
    data = selectors.account_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    filename = f"readers-write-{request.user.username}-{timezone.now():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@reauthentication_required(allow_get=True, enabled=True)
def account_delete(request: HttpRequest) -> HttpResponse:
    """Ask how to treat the comments; the POST runs only after a fresh reauthentication."""
    form = AccountDeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        keep = form.cleaned_data["comments"] == AccountDeleteForm.CommentChoice.KEEP
        services.account_delete(user=request.user, keep_comments=keep)
        logout(request)
        messages.success(request, "Your account is deleted. Thank you for reading with us.")
        return redirect("/")
    return render(request, "accounts/account_delete.html", {"form": form})
