"""The queue (chips, priority, filters, constant queries), the append-only log, tags, stale-queue mail."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import IntegrityError, InternalError, connection, transaction
from django.db.utils import DatabaseError
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Comment
from moderation import services
from moderation.models import AuditEntry, Flag, ModeratorPreference
from posts.models import Tag, TopicFollow
from tests.factories import PostFactory, QuestionFactory, TagFactory, UserFactory, staff, verified
from tests.moderation.conftest import make_comment

pytestmark = pytest.mark.usefixtures("no_posting_guards")


@pytest.fixture
def moderating(moderator):
    client = Client()
    client.force_login(moderator)
    return client


def fill_queue(post, count: int) -> None:
    """Half held replies (with parents), half flagged comments."""
    author, flagger = verified(UserFactory()), verified(UserFactory())
    parent = make_comment(post, body="A parent", author=author)
    for n in range(count):
        if n % 2:
            make_comment(post, body=f"held {n}", author_name=f"Anon {n}", parent=parent)
        else:
            comment = make_comment(post, body=f"flagged {n}", author=author)
            Flag.objects.create(comment=comment, user=flagger, reason="unkind")
    Comment.objects.filter(body__startswith="held").update(status=Comment.Status.PENDING)


def queue_queries(client) -> int:
    client.get("/moderation/")  # warm per-process caches (content types, site)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/moderation/")
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_the_queue_costs_the_same_queries_for_5_and_100_items(moderating, db):
    small, large = PostFactory(), PostFactory()
    fill_queue(small, 5)
    few = queue_queries(moderating)
    fill_queue(large, 100)
    many = queue_queries(moderating)
    # session, user, staff-group and MFA checks (once: the staff middleware and has_perm share the
    # answer cached on the user), two permission reads, then the page's own five: item count, items
    # (with post, parent, author, moderation row), open flags, the oldest wait, new questions; and
    # base.html's notice of a sanction the signed-in reader has not acknowledged.
    assert few == many == 12
    page = moderating.get("/moderation/").content.decode()
    assert (
        page.count('<article class="queue-item" data-comment="') == 50
    )  # one page of the 105 items (DESIGN §5)


def test_the_queue_sorts_by_flags_then_age_and_shows_why_each_item_is_there(moderating, post, first_time):
    QuestionFactory()
    make_comment(post, body="https://a.example https://b.example https://c.example", author_name="A")
    once = make_comment(post, body="flagged once", author=verified(UserFactory()))
    twice = make_comment(post, body="flagged twice", author=verified(UserFactory()))
    Comment.objects.filter(pk__in=[once.pk, twice.pk]).update(status=Comment.Status.PUBLISHED)
    for n, comment in enumerate([once, twice, twice]):
        Flag.objects.create(comment=comment, user=verified(UserFactory(username=f"f{n}")), reason="off_topic")
    page = moderating.get("/moderation/").content.decode()
    assert page.index("flagged twice") < page.index("flagged once") < page.index("https://c.example")
    assert "2 flags: Off-topic or derailing" in page and "1 flag: Off-topic or derailing" in page
    assert "3 links" in page and "first-time commenter" in page and "new account" in page
    assert "1 new question" in page


def test_the_queue_shows_the_parent_and_the_post(moderating, post, first_time):
    parent = make_comment(post, body="The parent says hi")
    Comment.objects.filter(pk=parent.pk).update(status=Comment.Status.PUBLISHED)
    make_comment(post, body="A held reply", parent=Comment.objects.get(pk=parent.pk))
    page = moderating.get("/moderation/?show=held").content.decode()
    assert "The parent says hi" in page and post.title in page and "A held reply" in page


def test_queue_filters(moderating, post, first_time):
    make_comment(post, body="only held", author_name="A")
    flagged = make_comment(post, body="only flagged", author=verified(UserFactory()))
    Comment.objects.filter(pk=flagged.pk).update(status=Comment.Status.PUBLISHED)
    Flag.objects.create(comment=flagged, user=verified(UserFactory()), reason="spam")
    held_page = moderating.get("/moderation/?show=held").content.decode()
    assert "only held" in held_page and "only flagged" not in held_page
    flagged_page = moderating.get("/moderation/?show=flagged&reason=spam").content.decode()
    assert "only flagged" in flagged_page and "only held" not in flagged_page
    assert "only flagged" not in moderating.get("/moderation/?reason=identifying").content.decode()
    other_post = moderating.get(f"/moderation/?post={PostFactory().pk}").content.decode()
    assert "only held" not in other_post
    for junk in ("?show=%00", "?post=abc", "?post=99999999999999999999999", "?page=-1", "?reason=x"):
        assert moderating.get(f"/moderation/{junk}").status_code == 200


def test_every_moderator_action_leaves_an_entry_and_the_log_filters_them(moderating, moderator, post):
    comment = make_comment(post)
    services.comment_hide(comment=comment, actor=moderator, reason="rude")
    services.post_set_pinned(post=post, actor=moderator, pinned=True)
    page = moderating.get("/moderation/log/?action=hide").content.decode()
    assert "<td>Hid a comment</td>" in page and "rude" in page and "<td>Pinned a post</td>" not in page
    page = moderating.get("/moderation/log/?actor=mona&target_type=post").content.decode()
    assert "<td>Pinned a post</td>" in page and "<td>Hid a comment</td>" not in page
    assert moderating.get("/moderation/log/?target_id=abc&action=%00").status_code == 200


def test_the_log_cannot_be_changed_or_deleted_in_code(moderator):
    entry = services.audit_record(actor=moderator, action="note", target_type="user", target_id=1)
    entry.reason = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="rewritten")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()


def test_the_database_refuses_to_change_a_log_entry(moderator):
    entry = services.audit_record(actor=moderator, action="note", target_type="user", target_id=1)
    table = AuditEntry._meta.db_table
    with (
        pytest.raises((DatabaseError, IntegrityError, InternalError)),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {table} SET reason = 'rewritten' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get().reason == ""


def test_postgresql_refuses_to_delete_a_log_entry(on_postgres, moderator):
    entry = services.audit_record(actor=moderator, action="note", target_type="user", target_id=1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_admin_shows_the_log_read_only(rf, moderator):
    model_admin = admin.site._registry[AuditEntry]
    request = rf.get("/admin/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_deleting_a_moderator_account_keeps_their_entries(moderator):
    services.audit_record(actor=moderator, action="note", target_type="user", target_id=1)
    moderator.delete()
    assert AuditEntry.objects.get().actor_name == "mona"


def test_a_renamed_tag_answers_301_from_its_old_address(moderating, client, post):
    tag = TagFactory(name="Linkedin", slug="linkedin")
    post.tags.add(tag)
    response = moderating.post(
        f"/moderation/tags/{tag.pk}/rename/", {"name": "LinkedIn", "slug": "linked-in"}
    )
    assert response.status_code == 302
    old = client.get("/tags/linkedin/")
    assert old.status_code == 301 and old["Location"] == "/tags/linked-in/"
    assert post.title in client.get("/tags/linked-in/").content.decode()
    entry = AuditEntry.objects.get(action="tag_rename")
    assert entry.before == "Linkedin (linkedin)" and entry.after == "LinkedIn (linked-in)"
    post.refresh_from_db()
    assert post.search_tags == "LinkedIn"


def test_a_merged_tag_redirects_and_its_posts_and_followers_follow(moderating, client, reader):
    source, target = (
        TagFactory(name="job hunt", slug="job-hunt"),
        TagFactory(name="job search", slug="job-search"),
    )
    moved, both = PostFactory(tags=[source]), PostFactory(tags=[source, target])
    TopicFollow.objects.create(user=reader, tag=source)
    response = moderating.post(f"/moderation/tags/{source.pk}/merge/", {"target": "job-search"})
    assert response.status_code == 302
    assert not Tag.objects.filter(slug="job-hunt").exists()
    assert set(target.posts.all()) == {moved, both}
    moved.refresh_from_db()
    assert moved.search_tags == "job search"
    assert TopicFollow.objects.get(user=reader).tag == target
    redirect = client.get("/tags/job-hunt/")
    assert redirect.status_code == 301 and redirect["Location"] == "/tags/job-search/"
    assert AuditEntry.objects.get(action="tag_merge").target_label == "job-hunt into job-search"


def test_chained_renames_redirect_straight_to_the_newest_address(moderating, client):
    tag = TagFactory(name="a", slug="a")
    moderating.post(f"/moderation/tags/{tag.pk}/rename/", {"name": "b"})
    moderating.post(f"/moderation/tags/{tag.pk}/rename/", {"name": "c"})
    assert client.get("/tags/a/")["Location"] == "/tags/c/"
    assert client.get("/tags/b/")["Location"] == "/tags/c/"


@pytest.mark.parametrize("data", [{"name": ""}, {"name": "!!!"}, {"name": "taken"}, {"name": "x\x00"}])
def test_bad_renames_change_nothing(moderating, data):
    TagFactory(name="taken", slug="taken")
    tag = TagFactory(name="mine", slug="mine")
    moderating.post(f"/moderation/tags/{tag.pk}/rename/", data)
    tag.refresh_from_db()
    assert tag.slug == "mine" and not AuditEntry.objects.exists()


def test_merging_into_itself_or_nowhere_changes_nothing(moderating):
    tag = TagFactory(name="mine", slug="mine")
    moderating.post(f"/moderation/tags/{tag.pk}/merge/", {"target": "mine"})
    moderating.post(f"/moderation/tags/{tag.pk}/merge/", {"target": "nowhere"})
    assert Tag.objects.filter(pk=tag.pk).exists() and not AuditEntry.objects.exists()


def test_a_nul_byte_in_a_missing_path_is_still_a_404(client, db):
    assert client.get("/tags/x%00/").status_code == 404


def test_stale_queue_mail_goes_to_opted_in_moderators_once(
    moderating, moderator, post, first_time, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.MODERATION_STALE_QUEUE_MINUTES = 60
    quiet = verified(UserFactory(username="quiet"))
    staff(quiet, "Moderators")
    moderating.post("/moderation/preferences/", {"notify_stale_queue": "on"})
    assert ModeratorPreference.objects.get(user=moderator).is_notified_of_stale_queue

    held = make_comment(post, author_name="A")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notify_stale_queue", stdout=StringIO())
    assert mailoutbox == []  # not waited long enough yet

    Comment.objects.filter(pk=held.pk).update(created_at=timezone.now() - timedelta(hours=3))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notify_stale_queue", stdout=StringIO())
        call_command("notify_stale_queue", stdout=StringIO())
    assert [message.to for message in mailoutbox] == [[moderator.email]]
    assert "/moderation/" in mailoutbox[0].body and "1 item" in mailoutbox[0].body
