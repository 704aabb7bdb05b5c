"""One way to print a moment, everywhere: pages, mails and messages.

    datetime  Dec 7, 2026, 14:05        (the default: comments, tables, notices)
    date      December 7, 2026          (when the day is what matters: updates, joined, sent)
    day       Monday, December 7, 2026  (the date header above a post, as the old blogs printed it)

A 24-hour clock, so no "a.m." whose dot runs into a sentence's. Pages show the moment in a <time>
element whose title holds the full date and time, with the time zone (forum.templatetags.dates).
"""

from datetime import date, datetime

from django.utils import timezone
from django.utils.dateformat import format as date_format

FORMATS = {"datetime": "M j, Y, H:i", "date": "F j, Y", "day": "l, F j, Y"}
FULL = "l, F j, Y \\a\\t H:i T"


def _local(value: date) -> date:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def moment(value: date | None, style: str = "datetime") -> str:
    """`value` as text in `style` (one of FORMATS), in the site's time zone; "" for None."""
    if value is None or value == "":
        return ""
    return date_format(_local(value), FORMATS.get(style, FORMATS["datetime"]))


def full_moment(value: date) -> str:
    """The full date and time, with the time zone: the title of every <time> we print."""
    value = _local(value)
    if not isinstance(value, datetime):
        return date_format(value, "l, F j, Y")
    return date_format(value, FULL)
