"""One time format everywhere (forum/dates.py): the `|when` filter, its text twin, and its users."""

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template

from forum.dates import moment

MOMENT = datetime(2026, 12, 7, 0, 19, tzinfo=UTC)


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_a_moment_prints_one_way_on_a_24_hour_clock_with_no_trailing_abbreviation():
    assert moment(MOMENT) == "Dec 7, 2026, 00:19"
    assert moment(MOMENT, "date") == "December 7, 2026"
    assert moment(MOMENT, "day") == "Monday, December 7, 2026"
    assert moment(None) == ""


def test_when_prints_a_time_element_with_the_full_date_on_hover():
    html = render("{{ value|when }}", value=MOMENT)
    assert html == (
        '<time datetime="2026-12-07T00:19:00+00:00" title="Monday, December 7, 2026 at 00:19 UTC">'
        "Dec 7, 2026, 00:19</time>"
    )
    assert render("{{ value|when_text }}", value=MOMENT) == "Dec 7, 2026, 00:19"
    assert render("{{ value|when }}", value=None) == ""


def test_a_date_without_a_time_keeps_its_day(settings):
    html = render('{{ value|when:"date" }}', value=date(2026, 12, 7))
    assert 'datetime="2026-12-07" title="Monday, December 7, 2026">December 7, 2026</time>' in html


def test_moments_follow_the_site_time_zone(settings):
    settings.TIME_ZONE = "America/New_York"
    assert moment(MOMENT) == "Dec 6, 2026, 19:19"
    assert "at 19:19 EST" in render("{{ value|when }}", value=MOMENT)


@pytest.mark.django_db
def test_a_suspension_notice_ends_without_two_dots(client, settings):
    from moderation.models import Sanction
    from tests.factories import UserFactory

    person = UserFactory()
    sanction = Sanction(user=person, kind=Sanction.Kind.SUSPENSION, reason="Personal attacks", ends_at=MOMENT)
    assert sanction.describe() == "Your account is suspended until Dec 7, 2026, 00:19: Personal attacks"
