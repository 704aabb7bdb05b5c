from django.contrib.auth.models import Group
from django.core.management import call_command

from posts.models import Category, Post, Question, Tag


def _snapshot():
    return (
        list(Post.objects.order_by("pk").values_list("pk", "slug", "published_at", "answer_html")),
        list(Tag.objects.order_by("pk").values_list("pk", "slug")),
        list(Category.objects.order_by("pk").values_list("pk", "slug")),
        list(Question.objects.order_by("pk").values_list("pk", "title", "token")),
        sorted(Post.tags.through.objects.values_list("post_id", "tag_id")),
    )


def test_seed_demo_loads_posts_over_years_with_categories_tags_and_an_inbox(db, settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    posts = Post.objects.published()
    assert posts.count() >= 15
    dates = sorted(posts.values_list("published_at", flat=True))
    assert (dates[-1] - dates[0]).days >= 365 * 3.5
    assert posts.values("category").distinct().count() >= 4
    assert {"linkedin", "facebook", "interviewing", "networking", "etiquette"} <= set(
        Tag.objects.filter(posts__isnull=False).values_list("slug", flat=True)
    )
    assert Question.objects.filter(status=Question.Status.RECEIVED).count() >= 3
    editors = Group.objects.get(name="Editors")
    assert editors.user_set.filter(username="editor").exists()
    assert client.get("/").status_code == 200
    assert client.get(posts.first().get_absolute_url()).status_code == 200


def test_seed_demo_twice_changes_no_posts(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = _snapshot()
    call_command("seed_demo")
    assert _snapshot() == first


def test_seed_demo_points_mail_links_at_the_local_site(db, settings):
    from django.contrib.sites.models import Site

    settings.DEBUG = True
    call_command("seed_demo", domain="127.0.0.1:8123")
    assert Site.objects.get_current().domain == "127.0.0.1:8123"
    Site.objects.update(domain="forum.example.org")
    call_command("seed_demo", domain="127.0.0.1:8123")  # an operator's own domain stays
    Site.objects.clear_cache()
    assert Site.objects.get_current().domain == "forum.example.org"
