import html

from django import template
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from posts.archives import ArchiveMonth, archive_months, archive_years
from posts.models import TopicFollow

register = template.Library()


# The last rendering of the archive box in this process, keyed by the months it shows.
_last_archive_box: tuple[tuple[ArchiveMonth, ...], str] = ((), "")


@register.simple_tag(takes_context=True)
def archive_box(context) -> str:
    """The compact archive (years, months, counts) for the footer; cached, see posts.archives.

    Its markup (a few hundred links) is rendered again only when the cached months change. A view
    that already read the months passes them as `archive_months`.
    """
    global _last_archive_box
    months = tuple(context.get("archive_months") or archive_months())
    shown, markup = _last_archive_box
    if months != shown or not markup:
        markup = render_to_string("posts/_archive_box.html", {"archive": archive_years(list(months))})
        _last_archive_box = (months, markup)
    return mark_safe(markup)  # noqa: S308 - our own template's output


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
