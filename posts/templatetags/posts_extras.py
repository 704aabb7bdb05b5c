import html

from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator

from posts.archives import archive_years
from posts.models import TopicFollow

register = template.Library()


@register.inclusion_tag("posts/_archive_box.html")
def archive_box() -> dict:
    """The compact archive (years, months, counts) for the footer; cached, see posts.archives."""
    return {"archive": archive_years()}


@register.filter
def excerpt(rendered_html: str, words: int = 40) -> str:
    """Plain text of stored, sanitised HTML cut to `words` words; the template escapes it again."""
    text = " ".join(html.unescape(strip_tags(rendered_html or "")).split())
    return Truncator(text).words(int(words), truncate="…")


@register.simple_tag
def followed_topics(user) -> list:
    """The tags and categories the user follows, tags first, by name, in one query."""
    if user is None or not user.is_authenticated:
        return []
    follows = TopicFollow.objects.for_user(user).select_related("tag", "category")
    return sorted(follows, key=lambda follow: (follow.tag_id is None, follow.target.name.lower()))
