"""An anonymous commenter's name and e-mail, remembered on their browser when they ask (issue 23, part 3)."""

import pickle
import re

import pytest
from django.core import signing
from django.core.cache import caches
from django.test import Client

from comments.models import Comment
from comments.views import REMEMBER_COOKIE, REMEMBER_SALT

pytestmark = pytest.mark.usefixtures("no_posting_guards")

NAME, EMAIL = "Wren Quill", "wren.quill@example.com"
YEAR = 365 * 24 * 60 * 60


def comment(client, post, **data):
    fields = {"body": "Good advice.", "author_name": NAME, "author_email": EMAIL, **data}
    return client.post(f"/comments/post/{post.pk}/", fields)


def field(page: str, name: str) -> str:
    """The <input> tag of the comment form's field `name`."""
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert match, f"no {name} field"
    return match.group(0)


def form_fields(client, post) -> tuple[str, str, str]:
    page = client.get(post.get_absolute_url()).content.decode()
    return field(page, "author_name"), field(page, "author_email"), field(page, "remember_author")


def test_remember_box_is_offered_unticked_to_anonymous_readers_only(client, post, verified_user):
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Remember my name and e-mail on this browser" in page
    assert "value=" not in field(page, "author_name") and "value=" not in field(page, "author_email")
    assert "checked" not in field(page, "remember_author")
    client.force_login(verified_user)
    assert 'name="remember_author"' not in client.get(post.get_absolute_url()).content.decode()


def test_ticked_box_sets_a_signed_httponly_lax_secure_cookie_for_a_year(client, post):
    response = comment(client, post, remember_author="on")
    assert response.status_code == 302
    cookie = response.cookies[REMEMBER_COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["secure"] is True  # tests run with DEBUG off, like production
    assert cookie["max-age"] == YEAR
    assert client.cookies[REMEMBER_COOKIE].value.count(":") >= 2  # value:timestamp:signature


def test_remembered_cookie_is_not_secure_where_the_session_cookie_is_not(client, post, settings):
    settings.SESSION_COOKIE_SECURE = False  # as with DEBUG on: plain-HTTP localhost
    assert comment(client, post, remember_author="on").cookies[REMEMBER_COOKIE]["secure"] == ""


def test_unticked_box_sets_no_cookie(client, post):
    response = comment(client, post)
    assert response.status_code == 302
    assert REMEMBER_COOKIE not in response.cookies


def test_a_held_first_comment_is_accepted_and_remembered(client, post, settings):
    settings.MODERATION_PREMODERATION = "first_time"
    response = comment(client, post, remember_author="on")
    assert Comment.objects.get().status == Comment.Status.PENDING
    assert REMEMBER_COOKIE in response.cookies


def test_a_refused_comment_leaves_the_cookie_alone(client, post):
    response = comment(client, post, body="", remember_author="on")
    assert response.status_code == 400
    assert REMEMBER_COOKIE not in response.cookies


def test_remembered_name_and_email_fill_the_form_on_this_browser_only(client, post):
    comment(client, post, remember_author="on")
    name, email, box = form_fields(client, post)
    assert f'value="{NAME}"' in name and f'value="{EMAIL}"' in email
    assert "checked" in box

    other_name, other_email, other_box = form_fields(Client(), post)
    assert "value=" not in other_name and "value=" not in other_email
    assert "checked" not in other_box


def test_a_page_with_a_remembered_name_is_private_to_the_browser(client, post):
    comment(client, post, remember_author="on")
    response = client.get(post.get_absolute_url())
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_remembered_values_never_enter_a_kept_rendering(client, post):
    comment(client, post, remember_author="on")
    client.get(post.get_absolute_url())
    client.get(f"{post.get_absolute_url()}?all=1")
    kept = []
    for cache in caches.all(initialized_only=True):
        kept += [pickle.loads(value) for value in getattr(cache, "_cache", {}).values()]
    assert kept, "the post page keeps renderings (threads, page parts) in the cache"
    assert not [value for value in kept if EMAIL in repr(value)]


def test_reply_form_is_filled_from_the_cookie_too(client, post):
    comment(client, post, remember_author="on")
    parent = Comment.objects.get()
    page = client.get(f"{post.get_absolute_url()}?replyto={parent.pk}").content.decode()
    assert f'value="{EMAIL}"' in field(page, "author_email")


@pytest.mark.parametrize("kind", ["garbage", "tampered", "other salt", "signed nonsense", "signed list"])
def test_a_forged_or_broken_cookie_is_ignored(client, post, kind):
    comment(client, post, remember_author="on")
    genuine = client.cookies[REMEMBER_COOKIE].value
    signer = signing.TimestampSigner(salt=REMEMBER_SALT)
    mallory = {"name": "Mallory", "email": "mallory@example.com"}
    forged = signing.b64_encode(b'{"name":"Mallory","email":"mallory@example.com"}').decode()
    values = {
        "garbage": "not a signed value",
        "tampered": forged + genuine[genuine.index(":") :],
        "other salt": signing.dumps(mallory, salt="other"),
        "signed nonsense": signer.sign("!!not base64!!"),
        "signed list": signing.dumps(["Mallory"], salt=REMEMBER_SALT),
    }
    client.cookies[REMEMBER_COOKIE] = values[kind]
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "value=" not in field(page, "author_name") and "value=" not in field(page, "author_email")
    assert "Mallory" not in page


def test_unticking_the_box_forgets_the_name_and_email(client, post):
    comment(client, post, remember_author="on")
    response = comment(client, post, body="Second thoughts.")
    assert response.status_code == 302
    deleted = response.cookies[REMEMBER_COOKIE]
    assert deleted.value == "" and deleted["max-age"] == 0
    name, email, box = form_fields(client, post)
    assert "value=" not in name and "value=" not in email and "checked" not in box


def test_a_signed_in_reader_with_the_cookie_sees_no_anonymous_fields(client, post, verified_user):
    comment(client, post, remember_author="on")
    client.force_login(verified_user)
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert 'name="author_name"' not in response.content.decode()
