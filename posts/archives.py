"""The archive summary (years, months, post counts), cached for the footer box and the archive pages.

The cache key carries a version that `archive_changed()` replaces whenever a post is saved or deleted
(posts.apps connects it to the model's signals), so readers never see a month without its newest
post. A scheduled post becomes visible without any write, so an entry also expires when the next
scheduled post falls due.
"""

import time
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.cache import cache
from django.db.models import Count, Min, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from posts.models import Post

VERSION_KEY = "posts:archive:version"
CACHE_SECONDS = 60 * 60


@dataclass(frozen=True)
class ArchiveMonth:
    year: int
    month: int
    count: int

    @property
    def date(self) -> date:
        return date(self.year, self.month, 1)


@dataclass
class ArchiveYear:
    year: int
    months: list[ArchiveMonth] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(month.count for month in self.months)


def archive_changed() -> None:
    """Start a new cache version: the next reader recomputes the summary."""
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # Never reuse an old version number: its entry may still hold an outdated summary.
        version = time.time_ns()
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def _compute(now: datetime) -> tuple[list[ArchiveMonth], datetime | None]:
    """Visible posts per month, newest first, and when the next scheduled post falls due: one query."""
    rows = (
        Post.objects.filter(status__in=[Post.Status.PUBLISHED, Post.Status.SCHEDULED])
        .annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(
            visible=Count("pk", filter=Q(published_at__lte=now)),
            next_due=Min("published_at", filter=Q(published_at__gt=now)),
        )
        .order_by("-month")
    )
    months, next_due = [], None
    for row in rows:
        if row["visible"]:
            when = row["month"]
            months.append(ArchiveMonth(year=when.year, month=when.month, count=row["visible"]))
        if row["next_due"] is not None and (next_due is None or row["next_due"] < next_due):
            next_due = row["next_due"]
    return months, next_due


def archive_months() -> list[ArchiveMonth]:
    """Every month with a visible post, newest first; from the cache when it is current."""
    key = f"posts:archive:months:{_version()}"
    now = timezone.now()
    entry = cache.get(key)
    # The entry also carries the due time itself: the cache's own expiry is whole seconds on a clock
    # of its own, and a scheduled post must not wait for it.
    if entry is None or (entry[1] is not None and entry[1] <= now):
        months, next_due = _compute(now)
        timeout = CACHE_SECONDS
        if next_due is not None:
            timeout = max(1, min(timeout, int((next_due - now).total_seconds()) + 1))
        cache.set(key, (months, next_due), timeout=timeout)
        return months
    return entry[0]


def archive_years(months: list[ArchiveMonth] | None = None) -> list[ArchiveYear]:
    """The months (by default the cached ones) grouped by year, newest first."""
    years: list[ArchiveYear] = []
    for month in archive_months() if months is None else months:
        if not years or years[-1].year != month.year:
            years.append(ArchiveYear(year=month.year))
        years[-1].months.append(month)
    return years
