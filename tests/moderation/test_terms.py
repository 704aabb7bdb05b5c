"""Held and blocked terms: phrases match across any whitespace; admin changes reach the cached lists."""

import pytest
from django.test import Client

from comments.models import Comment
from moderation.models import AuditEntry, Term
from moderation.policy import matched_terms, terms
from tests.factories import UserFactory, verified, with_totp

pytestmark = pytest.mark.usefixtures("no_posting_guards")


@pytest.fixture
def free_money(db):
    Term.objects.create(text="Free Money", action=Term.Action.BLOCK)
    Term.objects.create(text="act now", action=Term.Action.HOLD)


@pytest.mark.parametrize(
    "text",
    ["get FREE   money here", "get free\nmoney", "free\t\r\n money!", "get free\u00a0money", "Free Money"],
)
def test_a_phrase_matches_across_any_run_of_whitespace(free_money, text):
    assert matched_terms(text) == (["Free Money"], [])


@pytest.mark.parametrize("text", ["freemoney", "free moneybags", "carefree money", "free - money"])
def test_a_phrase_still_matches_whole_words_only(free_money, text):
    assert matched_terms(text) == ([], [])


def test_held_phrases_match_across_line_breaks_too(free_money):
    assert matched_terms("Please ACT\n\nnow") == ([], ["act now"])


def test_a_blank_term_matches_nothing():
    assert Term(text="   ").pattern == r"(?!)"
    assert Term(text="a.b  c").pattern == r"(?<!\w)a\.b\s+c(?!\w)"


def test_a_comment_with_spread_out_blocked_words_is_refused(client, post, free_money):
    response = client.post(f"/comments/post/{post.pk}/", {"body": "get FREE   money\nhere"})
    assert response.status_code == 400
    assert "contains “Free Money”, which is not allowed here" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.fixture
def admin_client(db):
    admin = with_totp(verified(UserFactory(username="ada", is_superuser=True, is_staff=True)))
    client = Client()
    client.force_login(admin)
    return client


def test_a_term_added_in_the_admin_applies_at_once_and_is_logged(admin_client):
    assert terms() == []  # now cached for an hour
    response = admin_client.post(
        "/admin/moderation/term/add/", {"text": "  Free   Money ", "action": "block"}
    )
    assert response.status_code == 302
    assert Term.objects.get().text == "Free Money"
    assert matched_terms("free money") == (["Free Money"], [])
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor_name, entry.target_label) == ("term_add", "ada", "Free Money")
    assert Term.objects.get().created_by.username == "ada"


def test_a_term_changed_in_the_admin_applies_at_once_and_is_logged(admin_client, free_money):
    term = Term.objects.get(text="Free Money")
    assert matched_terms("free money") == (["Free Money"], [])
    response = admin_client.post(
        f"/admin/moderation/term/{term.pk}/change/", {"text": "Free Cash", "action": "hold"}
    )
    assert response.status_code == 302
    assert matched_terms("free money") == ([], [])
    assert matched_terms("free cash") == ([], ["Free Cash"])
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor_name) == ("term_change", "ada")
    assert (entry.before, entry.after) == ("Free Money (Refuse)", "Free Cash (Hold for review)")


def test_saving_an_unchanged_term_in_the_admin_logs_nothing(admin_client, free_money):
    term = Term.objects.get(text="Free Money")
    admin_client.post(f"/admin/moderation/term/{term.pk}/change/", {"text": "Free Money", "action": "block"})
    assert not AuditEntry.objects.exists()


def test_a_term_deleted_in_the_admin_stops_matching_and_is_logged(admin_client, free_money):
    term = Term.objects.get(text="Free Money")
    assert matched_terms("free money") == (["Free Money"], [])
    response = admin_client.post(f"/admin/moderation/term/{term.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert matched_terms("free money") == ([], [])
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor_name, entry.target_label) == ("term_remove", "ada", "Free Money")


def test_terms_deleted_in_bulk_in_the_admin_stop_matching_and_are_logged(admin_client, free_money):
    assert matched_terms("free money, act now") == (["Free Money"], ["act now"])
    response = admin_client.post(
        "/admin/moderation/term/",
        {
            "action": "delete_selected",
            "_selected_action": list(Term.objects.values_list("pk", flat=True)),
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not Term.objects.exists()
    assert matched_terms("free money, act now") == ([], [])
    assert AuditEntry.objects.filter(action="term_remove").count() == 2


def test_the_admin_refuses_a_duplicate_differing_in_case(admin_client, free_money):
    response = admin_client.post("/admin/moderation/term/add/", {"text": "FREE money", "action": "hold"})
    assert response.status_code == 200
    assert "is already on a list" in response.content.decode()
    assert Term.objects.count() == 2


def test_any_term_save_or_delete_clears_the_cache(free_money):
    assert len(terms()) == 2
    Term.objects.create(text="crypto", action=Term.Action.HOLD)
    assert len(terms()) == 3
    Term.objects.filter(text="crypto").delete()
    assert len(terms()) == 2
