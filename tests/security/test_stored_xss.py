"""Stored XSS: the Big List of Naughty Strings and classic payloads, sent through the real forms into
every field a person controls, then every page that shows them fetched as a visitor, a reader, an editor
and a moderator, on PostgreSQL. Nothing may come alive: no event-handler attribute, no script that is not
ours, no javascript: link, no #xss-probe element, no 5xx.

Every page is checked as served, parsed as a browser parses it (payloads.live_payloads, html5lib's WHATWG
parser with scripting on). The pages where our scripts handle the stored text (the discussion, the
queue, the editor's form) are also opened in Chromium with the Content Security Policy bypassed, so the
test proves the escaping and sanitising themselves, not the CSP, a second wall: there no dialog may
open and window.__xss stay unset.

Payloads are packed many to a field (up to its maximum length), so a few hundred pages cover every string.
"""

import time
from itertools import chain, cycle, repeat
from urllib.parse import urlencode

import pytest
from allauth.account.models import EmailAddress
from django.db.models import F
from django.test import Client
from django.utils.text import slugify

from accounts.models import User
from comments.models import Comment, encode_step
from moderation.models import Flag
from posts.forms import ask_started_token
from posts.models import Post, Question, Tag
from tests.browser import BROWSER_MARKS
from tests.factories import CategoryFactory, PostFactory, UserFactory, staff, verified
from tests.security.payloads import CLASSIC, FIND_LIVE_PAYLOADS, PAYLOADS, chunks, live_payloads

# On PostgreSQL, the production database, alone (as the axe sweep): escaping and sanitising do not depend
# on the database, and the suite's time is better spent elsewhere than running this twice.
pytestmark = [*BROWSER_MARKS, pytest.mark.usefixtures("no_posting_guards", "on_postgres")]

OK = {200, 302, 400, 403, 404, 429}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_ok(client: Client, path: str, data: dict, **extra) -> int:
    status = client.post(path, data, **extra).status_code
    assert status in OK, f"POST {path} answered {status}"
    return status


def tag_names() -> list[str]:
    """The payloads a tag can be named after: the post form refuses commas' halves with no letter."""
    names, slugs = [], set()
    for payload in PAYLOADS:
        for part in payload[:60].split(","):
            name = " ".join(part.split())
            if name and slugify(name) and slugify(name) not in slugs:
                slugs.add(slugify(name))
                names.append(name)
    return names


def ask_questions(anonymous: Client) -> None:
    # Every payload is in a title (200 characters each) and in a body (10,000 each, so three bodies hold
    # them all); the questions after those three have a plain body.
    bodies = chain(chunks(PAYLOADS, 10_000, "\n\n"), repeat("What should I do?"))
    for number, (title, body, name) in enumerate(
        zip(chunks(PAYLOADS, 200, " "), bodies, cycle(CLASSIC), strict=False)
    ):
        data = {
            "title": title,
            "body": body,
            "name": name[:100],
            "email": "",
            "consent": "on",
            "website": "",
            "started": ask_started_token(time.time() - 60),
        }
        # A different sender each time: the ask view limits questions per IP address.
        post_ok(anonymous, "/ask/", data, REMOTE_ADDR=f"192.0.2.{number % 250}")


def publish_all(editor: User) -> list[Post]:
    client = signed_in(editor)
    category = CategoryFactory(name="Workplace")
    tags = iter(chunks(tag_names(), 500, ", "))
    for question in Question.objects.order_by("pk"):
        post_ok(client, f"/editor/questions/{question.pk}/answer/", {})
        post = Post.objects.get(source_question=question)
        edit = {
            "title": question.title[:200],
            "question": question.body,
            "answer": "Be kind, be brief.",
            "category": str(category.pk),
            "new_tags": ", ".join(next(tags, "").split(", ")[:10]),
            "action": "publish",  # Save and publish, in one request
        }
        post_ok(client, f"/editor/posts/{post.pk}/", edit)
    return list(Post.objects.published().order_by("pk"))


def comment(client: Client, post: Post, **data) -> None:
    post_ok(client, f"/comments/post/{post.pk}/", {"body": "A comment.", **data})


def stored_as_typed(thread: Post, comments: list[Comment]) -> None:
    """New top-level comments on `thread`, stored as typed in one insert rather than a service call
    each: the forms took a sample of the same strings, and how the pages show them is under test."""
    start = Comment.objects.filter(post=thread).count()
    for number, new in enumerate(comments, start=start + 1):
        new.post, new.path, new.depth = thread, encode_step(number), 0
        new.body_html = f"<p>{new.body}</p>"
    Comment.objects.bulk_create(comments)
    published = sum(new.status == Comment.Status.PUBLISHED for new in comments)
    Post.objects.filter(pk=thread.pk).update(comment_count=F("comment_count") + published)


def readers_with_hostile_profiles(thread: Post) -> list[User]:
    """One reader per display-name chunk, each with a comment on `thread`. The readers who carry a bio
    set name, bio and website through the settings form and comment through the comment form; the rest
    get their name and comment stored as typed, unchecked (escaping on output is what is under test)."""
    names = chunks(PAYLOADS, 60, " ")
    bios = chunks(PAYLOADS, 500, "\n")
    users = User.objects.bulk_create(
        User(username=f"hostile{n}", email=f"h{n}@example.com", display_name=name if n >= len(bios) else "")
        for n, name in enumerate(names)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    websites = cycle([*CLASSIC, *PAYLOADS])
    for number, (user, name, bio) in enumerate(zip(users, names, bios, strict=False)):
        client = signed_in(user)
        settings_data = {"display_name": name, "bio": bio, "digest": "none"}
        post_ok(client, "/users/settings/", settings_data)
        post_ok(client, "/users/settings/", {**settings_data, "website": next(websites)})
        comment(client, thread, body=f"Signed comment {number}")
    stored_as_typed(
        thread,
        [
            Comment(author=user, body=f"Signed comment {number}")
            for number, user in enumerate(users[len(bios) :], start=len(bios))
        ],
    )
    return users[: len(bios)]


@pytest.fixture
def staff_and_flagger(db) -> dict[str, User]:
    return {
        "editor": staff(verified(UserFactory(username="edith")), "Editors"),
        "moderator": staff(verified(UserFactory(username="mona")), "Moderators"),
        "flagger": verified(UserFactory(username="fern")),
    }


def searches(path: str, listing: str, rows: int) -> list[str]:
    """`listing` (a word all `rows` stored rows have), page by page: each row in the results with its
    highlighted snippet; then every third payload chunk as the query, echoed back on the page."""
    pages = [f"{path}?{urlencode({'q': listing, 'page': number})}" for number in range(1, rows // 20 + 2)]
    return pages + [f"{path}?{urlencode({'q': query})}" for query in chunks(PAYLOADS, 200, " ")[::3]]


@pytest.fixture
def hostile_letters(staff_and_flagger, monkeypatch):
    """Questions sent through /ask/, answered and published by an editor: the pages that show them.

    Every title is on the home and editor list pages and in a listing search; a page of one post or
    question shows its title in the same escaped places as the next, so every other one is opened.
    """
    monkeypatch.setattr("posts.forms.MIN_FILL_SECONDS", 0)
    editor = staff_and_flagger["editor"]
    ask_questions(Client())
    posts = publish_all(editor)
    assert len(posts) == Question.objects.count() > 100
    home_pages = (len(posts) + 19) // 20
    reader_paths = [
        *[f"/?page={number}" for number in range(1, home_pages + 1)],
        *[post.get_absolute_url() for post in posts[::2]],
        "/tags/",
        *[f"/tags/{tag.slug}/" for tag in Tag.objects.order_by("pk")[:40]],
        *searches("/search/", listing="kind", rows=len(posts)),  # every answer says "Be kind"
    ]
    editor_paths = [
        *[f"/editor/?status=all&page={number}" for number in range(1, Question.objects.count() // 50 + 2)],
        *[f"/editor/questions/{pk}/" for pk in Question.objects.values_list("pk", flat=True)[1::2]],
        *[f"/editor/posts/{post.pk}/" for post in posts[:10]],
    ]
    served = [(None, reader_paths), (editor, editor_paths)]
    in_chromium = [
        (None, ["/", posts[0].get_absolute_url(), "/search/?q=kind"]),
        (editor, ["/editor/?status=all", editor_paths[-1]]),  # the post form's unsaved-changes script
    ]
    return served, in_chromium


@pytest.fixture
def hostile_discussion(staff_and_flagger, settings):
    """Comments, reader profiles, flags and moderators' notes: the pages that show them."""
    settings.MODERATION_FLAG_DAILY_CAP = 100_000
    moderator, flagger = staff_and_flagger["moderator"], staff_and_flagger["flagger"]
    anonymous = Client()
    thread = PostFactory(title=chunks(PAYLOADS, 200, " ")[0])  # shown beside each queued comment

    for body in chunks(PAYLOADS, 10_000, "\n\n"):
        comment(anonymous, thread, body=body)
    bio_users = readers_with_hostile_profiles(thread)
    # Held for a moderator, so the anonymous names fill the moderation queue: the first ones through
    # the comment form, the rest stored as typed.
    settings.MODERATION_PREMODERATION = "everyone"
    names = chunks(PAYLOADS, 60, " ")
    for number, name in enumerate(names[:20]):
        comment(anonymous, thread, body=f"Anonymous comment {number}", author_name=name)
    held = Comment.Status.PENDING
    stored_as_typed(
        thread,
        [
            Comment(author_name=name, body=f"Anonymous comment {number}", status=held)
            for number, name in enumerate(names[20:], start=20)
        ],
    )

    flagged = list(Comment.objects.filter(post=thread, status=Comment.Status.PUBLISHED).order_by("pk"))
    flagger_client = signed_in(flagger)
    for target, note in zip(flagged, chunks(PAYLOADS, 500, "\n"), strict=False):
        post_ok(flagger_client, f"/moderation/comments/{target.pk}/flag/", {"reason": "other", "note": note})
    moderator_client = signed_in(moderator)
    for note in chunks(PAYLOADS, 2000, "\n"):
        post_ok(moderator_client, f"/moderation/people/{bio_users[0].pk}/note/", {"body": note})

    assert Flag.objects.count() >= 40
    assert Comment.objects.filter(status=Comment.Status.PENDING).count() > 300
    queue_pages = (Comment.objects.filter(status=Comment.Status.PENDING).count() + len(flagged)) // 50 + 1
    reader_paths = [
        thread.get_absolute_url(),
        *[f"/users/{user.username}/" for user in bio_users],
        *searches(
            "/search/comments/",
            listing="comment",
            rows=Comment.objects.filter(status=Comment.Status.PUBLISHED).count(),
        ),  # "Signed comment 12"
    ]
    moderator_paths = [
        *[f"/moderation/?page={number}" for number in range(1, queue_pages + 1)],
        *[f"/moderation/comments/{target.pk}/" for target in flagged[:45]],
        *[f"/moderation/people/{user.pk}/" for user in bio_users],
        "/moderation/log/",
        thread.get_absolute_url(),
    ]
    served = [
        (None, reader_paths),
        (flagger, ["/moderation/my-flags/", thread.get_absolute_url()]),
        (moderator, moderator_paths),
    ]
    in_chromium = [
        (None, [thread.get_absolute_url(), f"/users/{bio_users[0].username}/"]),
        (moderator, ["/moderation/", f"/moderation/comments/{flagged[0].pk}/", thread.get_absolute_url()]),
    ]
    return served, in_chromium


def assert_served_inert(visits) -> None:
    """Fetch each (user, paths) visit and find nothing in the served HTML that a browser would bring to
    life (payloads.live_payloads), no 5xx and no redirect off the site."""
    found = []
    for user, paths in visits:
        client = signed_in(user) if user is not None else Client()
        for path in paths:
            response = client.get(path)
            assert response.status_code < 500, f"{path} answered {response.status_code}"
            if response.status_code in {301, 302}:
                location = response["Location"]
                assert location.startswith("/"), f"{path} left the site for {location}"
                continue
            found += [f"{path}: {problem}" for problem in live_payloads(response.content.decode())]
    assert found == [], "\n".join(found[:40])


def assert_inert_in_chromium(open_page, live_server, visits) -> None:
    """Open each (user, paths) visit in Chromium, scripts running, and find nothing that came alive: what
    our own scripts do with the stored text (loading replies, the queue's keys) is in this picture."""
    found = []
    for user, paths in visits:
        page, watch = open_page(user, bypass_csp=True)
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response is not None, f"{path} did not load a document"
            assert response.status < 500, f"{path} answered {response.status}"
            assert page.url.startswith(live_server.url), f"{path} left the site for {page.url}"
            found += [f"{path}: {problem}" for problem in page.evaluate(FIND_LIVE_PAYLOADS)]
        watch.assert_clean()
    assert found == [], "\n".join(found[:40])


# Two tests, so that pytest-xdist can run them side by side. Every page is checked as served; the first
# pages of each visit (the discussion, the queue, the editor's question) are also opened in Chromium.
def test_stored_payloads_in_letters_and_posts_stay_inert_for_readers_and_editors(
    open_page, live_server, hostile_letters
):
    served, in_chromium = hostile_letters
    assert_served_inert(served)
    assert_inert_in_chromium(open_page, live_server, in_chromium)


def test_stored_payloads_in_comments_and_profiles_stay_inert_for_readers_and_moderators(
    open_page, live_server, hostile_discussion
):
    served, in_chromium = hostile_discussion
    assert_served_inert(served)
    assert_inert_in_chromium(open_page, live_server, in_chromium)
