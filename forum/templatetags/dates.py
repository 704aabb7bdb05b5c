"""`{{ value|when }}` and `{{ value|when:"date" }}`: a <time> element in the one format of
forum.dates, with the full date and time on hover. `{{ value|when_text }}` is the same, as text,
for mails."""

from django import template
from django.utils.html import format_html

from forum.dates import full_moment, moment

register = template.Library()


@register.filter
def when(value, style="datetime"):
    if value is None or value == "":
        return ""
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        value.isoformat(),
        full_moment(value),
        moment(value, style),
    )


@register.filter
def when_text(value, style="datetime"):
    return moment(value, style)
