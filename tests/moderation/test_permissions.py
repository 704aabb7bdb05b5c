"""Every moderation URL, found through the URL resolver, against every role, by GET and by POST."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from moderation.models import AuditEntry, Block, Sanction, Term
from tests.factories import TagFactory, UserFactory, verified
from tests.moderation.conftest import make_comment

pytestmark = pytest.mark.usefixtures("no_posting_guards")

ROLES = ["anonymous", "reader", "suspended", "editor", "moderator"]

# The only (role, GET url name) pairs that may answer 2xx. No POST may: a change answers with a
# redirect, a refusal with 4xx. A new URL appears here only by a deliberate edit.
ALLOWED_GET = {
    "reader": {"my_flags", "comment_flag"},
    "suspended": {"my_flags"},
    "editor": {"my_flags", "comment_flag", "post_detail"},
    "moderator": {
        "queue",
        "comment_detail",
        "comment_flag",
        "my_flags",
        "post_detail",
        "person_detail",
        "block_list",
        "term_list",
        "tag_list",
        "audit_log",
        "preferences",
    },
}


def moderation_patterns() -> list:
    """(url name, route) for every pattern under the moderation namespace."""
    resolver = next(
        entry
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLResolver) and entry.namespace == "moderation"
    )
    return [(pattern.name, str(pattern.pattern)) for pattern in resolver.url_patterns]


@pytest.fixture
def world(db, post, moderator, suspended_reader):
    author = verified(UserFactory(username="author"))
    comment = make_comment(post, author=author, body="Something to moderate.")
    target = UserFactory(username="target")
    sanction = Sanction.objects.create(user=target, kind=Sanction.Kind.WARNING, reason="Be kind")
    return {
        "comments/": comment.pk,
        "posts/": post.pk,
        "people/": target.pk,
        "sanctions/": sanction.pk,
        "blocks/": Block.objects.create(kind=Block.Kind.IP, value="192.0.2.1").pk,
        "terms/": Term.objects.create(text="casino", action=Term.Action.HOLD).pk,
        "tags/": TagFactory().pk,
    }


def url_for(name: str, route: str, world: dict) -> str:
    if "<int:pk>" not in route:
        return reverse(f"moderation:{name}")
    prefix = next((prefix for prefix in world if route.startswith(prefix)), None)
    assert prefix is not None, f"add an object for {route!r} to the permission matrix"
    return reverse(f"moderation:{name}", kwargs={"pk": world[prefix]})


@pytest.fixture
def users(db, reader, suspended_reader, editor, moderator):
    return {"reader": reader, "suspended": suspended_reader, "editor": editor, "moderator": moderator}


def test_the_matrix_covers_every_moderation_url():
    names = {name for name, _ in moderation_patterns()}
    assert len(names) == len(moderation_patterns()) > 20
    known = set().union(*ALLOWED_GET.values())
    assert known <= names


@pytest.mark.parametrize("role", ROLES)
def test_no_role_gets_an_unexpected_success_from_any_moderation_url(role, world, users):
    client = Client()
    if role != "anonymous":
        client.force_login(users[role])
    allowed = ALLOWED_GET.get(role, set())
    surprises = []
    # GETs first: they must change nothing. Then POSTs (with a valid CSRF token, as Client sends).
    log_before = AuditEntry.objects.count()
    for name, route in moderation_patterns():
        status = client.get(url_for(name, route, world)).status_code
        if 200 <= status < 300 and name not in allowed:
            surprises.append(("GET", name, status))
        if name in allowed:
            assert status == 200, (name, status)
    assert AuditEntry.objects.count() == log_before, "a GET changed something"
    for name, route in moderation_patterns():
        status = client.post(url_for(name, route, world)).status_code
        if 200 <= status < 300:
            surprises.append(("POST", name, status))
    assert surprises == []
    if role != "moderator":
        assert AuditEntry.objects.count() == log_before, f"{role} changed something"


def test_a_post_without_a_csrf_token_is_refused_everywhere(world, moderator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    for name, route in moderation_patterns():
        response = client.post(url_for(name, route, world), {"reason": "x", "action": "close"})
        assert response.status_code == 403, name
    assert AuditEntry.objects.count() == 0


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    for name, route in moderation_patterns():
        response = client.get(url_for(name, route, world))
        assert response.status_code in {302, 405}, name
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), name


def test_moderators_without_a_second_factor_are_sent_to_set_one_up(client, db):
    user = verified(UserFactory())
    user.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(user)
    response = client.get(reverse("moderation:queue"))
    assert response.status_code == 302 and "totp" in response["Location"]


def test_roles_are_groups_with_permissions(moderator, editor):
    moderators = set(Group.objects.get(name="Moderators").permissions.values_list("codename", flat=True))
    assert {
        "moderate_comment",
        "moderate_people",
        "manage_terms",
        "manage_tags",
        "moderate_post",
    } <= moderators
    assert "delete_comment" not in moderators  # deleting for good is for administrators
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert "moderate_post" in editors and "moderate_comment" not in editors
    assert moderator.has_perm("comments.moderate_comment") and not editor.has_perm(
        "comments.moderate_comment"
    )
