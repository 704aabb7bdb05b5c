"""`manage.py legacy_404s`: unanswered old URLs grouped by pattern, with redirects proposed and applied."""

from io import StringIO

import pytest
from django.core.management import call_command

from importers.legacy_report import legacy_404_report
from importers.models import LegacyNotFound, LegacyRedirect
from importers.services import legacy_redirect_add
from moderation.models import AuditEntry
from posts.models import Post
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def report(*args: str) -> str:
    out = StringIO()
    call_command("legacy_404s", *args, stdout=out)
    return out.getvalue()


def sections(output: str) -> dict[str, list[str]]:
    """The report's groups: header line → the lines under it."""
    blocks = [block.splitlines() for block in output.split("\n\n") if ":" in block.split("\n", 1)[0]]
    return {block[0]: block[1:] for block in blocks}


def line_of(output: str, path: str) -> str:
    [line] = [line for line in output.splitlines() if line.split()[3:4] == [path]]
    return line


def not_found(path: str, hits: int = 1) -> LegacyNotFound:
    return LegacyNotFound.objects.create(path=path, hits=hits)


def test_report_groups_paths_by_pattern_with_hit_totals():
    not_found("/2009/03/gone.html", hits=5)
    not_found("/2010/01/also-gone.html", hits=2)
    not_found("/2011/04/09/dated-gone/", hits=4)
    not_found("/?p=104", hits=3)
    not_found("/?page_id=7")
    not_found("/p/about-me.html")
    not_found("/category/careers/interviews/", hits=2)
    not_found("/tag/no-such-topic/")
    not_found("/search/label/Nothing%20Here")
    not_found("/feeds/posts/summary/extra", hits=6)
    not_found("/wp-content/uploads/2010/01/desk.jpg")
    not_found("/archives/123")

    groups = sections(report())

    assert list(groups) == [
        "Blogger post (/yyyy/mm/slug.html): 7 hits, 2 paths",
        "Feed: 6 hits, 1 path",
        "WordPress ?p= / ?page_id=: 4 hits, 2 paths",
        "WordPress dated post (/yyyy/mm/dd/slug/): 4 hits, 1 path",
        "Category (/category/name/, ?cat=): 2 hits, 1 path",
        "Tag or label (/tag/name/, /search/label/name, ?tag=): 2 hits, 2 paths",
        "Blogger static page (/p/name.html): 1 hit, 1 path",
        "Other: 1 hit, 1 path",
        "wp-content file: 1 hit, 1 path",
    ]
    # Most hit first within a group.
    blogger = groups["Blogger post (/yyyy/mm/slug.html): 7 hits, 2 paths"]
    assert [line.split()[0] for line in blogger] == ["5", "2"]
    assert blogger[0].endswith("/2009/03/gone.html")
    assert groups["WordPress ?p= / ?page_id=: 4 hits, 2 paths"][0].endswith("/?p=104")


def test_limit_is_per_group_and_counts_the_rest():
    PostFactory(title="Extra five")
    for n in range(1, 5):
        not_found(f"/2009/0{n}/post-{n}.html", hits=10 - n)
    not_found("/2009/05/extra-five.html")
    not_found("/tag/a/")

    groups = sections(report("--limit", "2"))

    blogger = groups["Blogger post (/yyyy/mm/slug.html): 31 hits, 5 paths"]
    assert len(blogger) == 3
    assert blogger[2] == "  ... and 3 more (1 with a proposal)"
    assert len(groups["Tag or label (/tag/name/, /search/label/name, ?tag=): 1 hit, 1 path"]) == 1


def test_proposes_the_post_whose_slug_is_the_old_name():
    post = PostFactory(title="Replying all to the whole company", slug="coworker-reply-all")
    not_found("/2009/03/coworker-reply-all_15.html")  # Blogger's second post of a name that month
    not_found("/2009/03/02/coworker-reply-all/comment-page-2/")

    output = report()

    proposal = f"-> {post.get_absolute_url()} (by slug)"
    assert line_of(output, "/2009/03/coworker-reply-all_15.html").endswith(proposal)
    assert line_of(output, "/2009/03/02/coworker-reply-all/comment-page-2/").endswith(proposal)
    assert "2 redirects proposed; run --apply to create them." in output


def test_proposes_the_post_whose_title_is_the_old_name():
    post = PostFactory(title="Can I skip the office party?", slug="office-party")
    not_found("/2010/12/can-i-skip-the-office-party.html")

    line = line_of(report(), "/2010/12/can-i-skip-the-office-party.html")

    assert line.endswith(f"-> {post.get_absolute_url()} (by title)")


def test_exact_slug_wins_over_another_posts_title():
    by_slug = PostFactory(title="Salary talk", slug="salary-question")
    PostFactory(title="Salary question", slug="money-talk")
    not_found("/2011/02/salary-question.html")

    line = line_of(report(), "/2011/02/salary-question.html")

    assert line.endswith(f"-> {by_slug.get_absolute_url()} (by slug)")


def test_a_name_several_titles_share_proposes_nothing():
    PostFactory(title="An update", slug="update-from-anna")
    PostFactory(title="An update!", slug="update-from-ben")
    not_found("/2012/01/an-update.html")

    output = report("--apply")

    assert line_of(output, "/2012/01/an-update.html").endswith("ambiguous (2 posts)")
    assert "->" not in output
    assert not LegacyRedirect.objects.exists()


def test_unknown_or_unpublished_names_propose_nothing():
    PostFactory(title="Not yet out", status=Post.Status.DRAFT, published_at=None)
    PostFactory(title="Some other letter")
    not_found("/2013/05/never-existed.html")
    not_found("/2013/05/not-yet-out.html")
    not_found("/tag/some-other-letter/")  # only post-shaped paths name a post

    output = report()

    assert line_of(output, "/2013/05/never-existed.html").endswith("/2013/05/never-existed.html")
    assert "->" not in output
    assert "proposed" not in output


def test_dry_report_writes_nothing():
    PostFactory(title="Coworker reply all")
    not_found("/2009/03/coworker-reply-all.html", hits=4)

    report()

    assert not LegacyRedirect.objects.exists()
    assert not AuditEntry.objects.exists()
    assert LegacyNotFound.objects.get().hits == 4


def test_apply_creates_audited_redirects_that_answer_301(client):
    by_slug = PostFactory(title="Replying to all", slug="coworker-reply-all")
    by_title = PostFactory(title="Can I skip the office party?", slug="office-party")
    not_found("/2009/03/coworker-reply-all.html", hits=3)
    not_found("/2009/03/Coworker-Reply-All.html?showComment=1236115800000")  # the same old path
    not_found("/2010/12/can-i-skip-the-office-party.html")
    not_found("/2013/05/never-existed.html")

    output = report("--apply")

    assert "Created 2 redirects, each in the moderation log." in output
    assert dict(LegacyRedirect.objects.values_list("old_path", "target")) == {
        "/2009/03/coworker-reply-all.html": by_slug.get_absolute_url(),
        "/2010/12/can-i-skip-the-office-party.html": by_title.get_absolute_url(),
    }
    entries = AuditEntry.objects.order_by("pk")
    assert [(e.action, e.actor_id, e.actor_name, e.target_type) for e in entries] == [
        (AuditEntry.Action.REDIRECT_ADD, None, "system", "redirect")
    ] * 2
    old, new = "/2009/03/coworker-reply-all.html", by_slug.get_absolute_url()
    assert (entries[0].before, entries[0].after) == (old, new)
    assert entries[0].target_label == f"{old} → {new}"
    assert entries[1].reason == "manage.py legacy_404s --apply: matched a post by title"

    response = client.get("/2010/12/can-i-skip-the-office-party.html")
    assert response.status_code == 301
    assert response["Location"] == by_title.get_absolute_url()
    # The mapped paths leave the report; the unanswered one stays.
    again = report()
    assert "coworker" not in again.lower()
    assert "office-party" not in again
    assert "/2013/05/never-existed.html" in again


def test_an_already_mapped_path_is_not_listed():
    PostFactory(title="Coworker reply all")
    not_found("/2009/03/coworker-reply-all.html", hits=9)
    not_found("/2009/04/still-missing.html")
    legacy_redirect_add(old_path="/2009/03/coworker-reply-all.html", target="/somewhere/")

    output = report("--apply")

    assert "coworker-reply-all" not in output
    assert "Blogger post (/yyyy/mm/slug.html): 1 hit, 1 path" in output
    assert "Created 0 redirects" in output
    assert LegacyRedirect.objects.get().target == "/somewhere/"
    assert not AuditEntry.objects.exists()


def test_nul_bytes_and_long_paths_do_not_break_the_report():
    post = PostFactory(title="Coworker", slug="coworker")
    not_found("/2009/03/coworker%00.html")
    long_path = "/2009/03/" + "x" * 486 + ".html"
    not_found(long_path)
    deep = "/" + "a/" * 200 + "coworker"
    not_found(deep)

    output = report("--apply")

    assert "/2009/03/coworker%00.html" in output
    assert f"/2009/03/{'x' * 91}…" in output
    assert "Created 1 redirect," in output
    assert LegacyRedirect.objects.get().old_path == deep
    assert LegacyRedirect.objects.get().target == post.get_absolute_url()


def test_report_reads_in_three_queries_whatever_the_number_of_paths(django_assert_num_queries):
    PostFactory.create_batch(3)
    for n in range(30):
        not_found(f"/2009/03/missing-{n}.html")
        not_found(f"/tag/missing-{n}/")

    with django_assert_num_queries(3):  # the redirects, the posts, the recorded paths
        groups = legacy_404_report()

    assert sum(len(group.rows) for group in groups) == 60
