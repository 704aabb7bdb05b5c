"""Bad input everywhere: every URL the resolver knows, with random, NUL-laden, huge, badly encoded,
missing and extra fields, as an anonymous visitor, a reader, an editor and a moderator. Never a 5xx.

Runs on both databases; PostgreSQL is the stricter one (it refuses NUL and out-of-range integers).
"""

import re

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comments import services as comment_services
from moderation.models import Block, Sanction, Term
from posts.models import Question
from tests.factories import PostFactory, QuestionFactory, TagFactory, UserFactory, staff, verified

# Bad input must reach the forms behind the posting guards (fill time, rate limits), so they are off.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_posting_guards")]

FIELD_NAMES = [
    "title",
    "body",
    "name",
    "email",
    "consent",
    "started",
    "website",
    "parent",
    "author_name",
    "author_email",
    "token",
    "notify_replies",
    "follow_post",
    "q",
    "tag",
    "category",
    "date_from",
    "date_to",
    "sort",
    "page",
    "status",
    "reason",
    "note",
    "action",
    "ids",
    "next",
    "kind",
    "value",
    "expires_at",
    "ends_at",
    "text",
    "slug",
    "target",
    "display_name",
    "bio",
    "digest",
    "publish_at",
    "new_tags",
    "tags",
    "answer",
    "question",
    "is_pinned",
    "is_comments_closed",
    "notify_stale_queue",
    "show",
    "post",
    "actor",
    "target_type",
    "target_id",
    "comments",
    "confirm",
    "replyto",
    "login",
    "password",
    "password1",
    "password2",
    "remember",
]
BAD_VALUES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\ud7ff\ufffe\uffff",
    "-1",
    "0",
    "9" * 40,
    "1e309",
    "NaN",
    "2024-02-30",
    "9999-12-31T23:59",
    "0000-00-00",
    "../../etc/passwd",
    "//evil.example/",
    "javascript:alert(1)",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "𝕿𝖍𝖊 🙂‮",
    "x" * 100_000,
    ",".join(str(n) for n in range(2_000)),
]
value = st.one_of(st.sampled_from(BAD_VALUES), st.text(max_size=300), st.integers().map(str))
values = st.one_of(value, st.lists(value, min_size=2, max_size=4))
fields = st.dictionaries(
    st.one_of(st.sampled_from(FIELD_NAMES), st.text(min_size=1, max_size=20)), values, max_size=8
)
ROLES = ["anonymous", "reader", "editor", "moderator"]
# The `site` fixture is made once per test, not per example: each example runs in a savepoint it rolls
# back, with an empty cache (`without_a_trace`), so every example starts from the same state and a
# failure Hypothesis found replays and shrinks. print_blob prints how to replay it.
FUZZ = settings(
    max_examples=120,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def routes() -> list[str]:
    """Every route outside the Django admin, as a plain string with converters still in it."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern).removeprefix("^").removesuffix("$")
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            else:
                yield route

    return [route for route in walk(get_resolver().url_patterns) if not route.startswith("admin/")]


def concrete_path(route: str, site: dict) -> str | None:
    """The route with real values in place of its parameters; None for regex routes we cannot fill."""
    ids = site["ids"]
    prefix = route.split("<", 1)[0]
    pk = next((ids[key] for key in ids if prefix.startswith(key)), site["post"].pk)
    replacements = {
        r"<int:[a-z_]+>": str(pk),
        r"<yyyy:year>": f"{site['post'].published_at:%Y}",
        r"<mm:month>": f"{site['post'].published_at:%m}",
        r"<slug:slug>": site["post"].slug if route.startswith("<yyyy") else site["tag"].slug,
        r"<slug:token>": site["question"].token,
        r"<slug:section>": "posts",
        r"<str:username>": site["users"]["reader"].username,
        r"<str:token>": "not-a-token",
    }
    for pattern, replacement in replacements.items():
        route = re.sub(pattern, replacement, route)
    if re.search(r"[<>()\[\]^$?*+\\]", route):
        return None
    return "/" + route


@pytest.fixture
def site(db):
    moderator = staff(verified(UserFactory(username="mona")), "Moderators")
    editor = staff(verified(UserFactory(username="edith")), "Editors")
    reader = verified(UserFactory(username="riley"))
    tag = TagFactory(name="networking")
    post = PostFactory(tags=[tag])
    comment = comment_services.comment_create(post=post, author=reader, body="A thought.")
    question = QuestionFactory()
    sanction = Sanction.objects.create(
        user=reader, kind=Sanction.Kind.choices[0][0], reason="x", created_by=moderator
    )
    block = Block.objects.create(kind=Block.Kind.choices[0][0], value="203.0.113.9", created_by=moderator)
    term = Term.objects.create(text="casino", action=Term.Action.choices[0][0], created_by=moderator)
    site = {
        "users": {"reader": reader, "editor": editor, "moderator": moderator},
        "post": post,
        "tag": tag,
        "question": question,
        # Which object a route's <int:...> names, by the start of the route.
        "ids": {
            "moderation/comments/": comment.pk,
            "comments/post/": post.pk,
            "comments/": comment.pk,
            "moderation/people/": reader.pk,
            "moderation/sanctions/": sanction.pk,
            "moderation/blocks/": block.pk,
            "moderation/terms/": term.pk,
            "moderation/tags/": tag.pk,
            "editor/questions/": question.pk,
        },
    }
    site["paths"] = sorted({path for route in routes() if (path := concrete_path(route, site))})
    assert len(site["paths"]) > 60
    return site


def client_for(site: dict, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(site["users"][role])
    return client


def no_server_error(response, description: str) -> None:
    assert response.status_code < 500, f"{response.status_code} for {description}"


def without_a_trace(site: dict, role: str, method: str, path: str, data: dict):
    """Send one request as `role` and undo everything it wrote: its rows and the cache."""
    cache.clear()
    with transaction.atomic():
        response = getattr(client_for(site, role), method)(path, data)
        transaction.set_rollback(True)
    return response


@FUZZ
@given(data=st.data())
def test_get_with_random_query_parameters_never_fails(site, data):
    path = data.draw(st.sampled_from(site["paths"]), label="path")
    role = data.draw(st.sampled_from(ROLES), label="role")
    params = data.draw(fields, label="params")
    response = without_a_trace(site, role, "get", path, params)
    no_server_error(response, f"GET {path} as {role} with {params!r:.300}")


@FUZZ
@given(data=st.data())
def test_post_with_random_fields_never_fails(site, data):
    path = data.draw(st.sampled_from(site["paths"]), label="path")
    role = data.draw(st.sampled_from(ROLES), label="role")
    body = data.draw(fields, label="body")
    response = without_a_trace(site, role, "post", path, body)
    no_server_error(response, f"POST {path} as {role} with {body!r:.300}")


@pytest.mark.parametrize("role", ROLES)
def test_every_url_survives_invalid_utf8_and_wrong_charsets(site, role):
    client = client_for(site, role)
    raw = b"title=\xff\xfe&body=\xc3\x28&q=\xed\xa0\x80&name=%ff%fe&page=\x80&ids=\xe2\x28\xa1&note=a%00b"
    for path in site["paths"]:
        no_server_error(client.get(path, QUERY_STRING="q=%ff%fe%00&page=%c3%28&tag=%ed%a0%80"), f"GET {path}")
        for charset in ("utf-8", "utf-16", "no-such-charset"):
            content_type = f"application/x-www-form-urlencoded; charset={charset}"
            response = client.generic("POST", path, raw, content_type=content_type)
            no_server_error(response, f"POST {path} ({charset}) as {role}")
        response = client.generic(
            "POST", path, b"\x00\xff" * 1000, content_type="multipart/form-data; boundary=x"
        )
        no_server_error(response, f"POST {path} (broken multipart) as {role}")


def test_missing_fields_on_every_form_are_form_errors(site):
    for role in ROLES:
        client = client_for(site, role)
        for path in site["paths"]:
            no_server_error(client.post(path, {}), f"empty POST {path} as {role}")
    assert Question.objects.count() == 1


def test_a_search_of_many_words_answers_on_every_database(site, client):
    # The SQLite fallback once nested one parenthesis per word and overflowed the parser (a 503).
    PostFactory(title="alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu")
    words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma"
    response = client.get("/search/", {"q": " ".join([words] * 3)[:200]})
    assert response.status_code == 200
