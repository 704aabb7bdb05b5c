import html

from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator

register = template.Library()


@register.filter
def excerpt(rendered_html: str, words: int = 40) -> str:
    """Plain text of stored, sanitised HTML cut to `words` words; the template escapes it again."""
    text = " ".join(html.unescape(strip_tags(rendered_html or "")).split())
    return Truncator(text).words(int(words), truncate="…")
