"""The `legacy_404s` report: unanswered old URLs grouped by pattern, with a proposed redirect for each
one that names an imported post.

A proposal matches the path's last segment (the post's name in an old permalink) against the visible
posts, by slug exactly and then by slugified title; a name several titles share proposes nothing.
`importers.services.legacy_redirects_create` maps the proposals, one audit entry per redirect.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qs, unquote

from django.utils.text import slugify

from importers.models import LegacyNotFound, LegacyRedirect
from importers.parsing import normalise_path
from importers.selectors import BLOGGER_POST, CATEGORY, LABEL, PERMALINK_SUFFIX, TAG
from posts.models import Post

BLOGGER = "Blogger post (/yyyy/mm/slug.html)"
WORDPRESS_DATED = "WordPress dated post (/yyyy/mm/dd/slug/)"
WORDPRESS_ID = "WordPress ?p= / ?page_id="
BLOGGER_PAGE = "Blogger static page (/p/name.html)"
CATEGORY_GROUP = "Category (/category/name/, ?cat=)"
TAG_GROUP = "Tag or label (/tag/name/, /search/label/name, ?tag=)"
FEED = "Feed"
WP_CONTENT = "wp-content file"
OTHER = "Other"
# Groups whose last path segment names a post, so a proposal is worth looking for.
POST_GROUPS = (BLOGGER, WORDPRESS_DATED, BLOGGER_PAGE, OTHER)

WORDPRESS_DATED_POST = re.compile(r"^/\d{4}/\d{2}/\d{2}/[^/]+$")
BLOGGER_PAGE_PATH = re.compile(r"^/p/[^/]+\.html$")
FEED_PATH = re.compile(r"^/(?:feeds?|atom\.xml|rss\.xml)(?:/|$)|/feed(?:/[a-z0-9]+)?$")
# Blogger gives a second post of the same name in a month the day as a suffix: my-post_15.html.
DAY_SUFFIX = re.compile(r"_\d{1,2}$")
OLD_PATH_MAX = LegacyRedirect._meta.get_field("old_path").max_length


@dataclass
class Row:
    """One recorded old URL and, when one was found, the redirect proposed for it."""

    path: str  # as recorded: quoted, with the old-blog query keys
    hits: int
    last_seen_at: datetime
    old_path: str  # what a LegacyRedirect would hold: decoded and normalised, no query
    target: str = ""
    note: str = ""  # "slug", "title" or "ambiguous (N posts)"


@dataclass
class Group:
    name: str
    rows: list[Row] = field(default_factory=list)

    @property
    def hits(self) -> int:
        return sum(row.hits for row in self.rows)


def pattern_name(path: str, query: dict[str, list[str]]) -> str:
    """The group of an old path (decoded and normalised) with its old-blog query keys."""
    if "p" in query or "page_id" in query or "attachment_id" in query:
        return WORDPRESS_ID
    if "feed" in query or FEED_PATH.search(path):
        return FEED
    if "cat" in query or CATEGORY.match(path):
        return CATEGORY_GROUP
    if "tag" in query or TAG.match(path) or LABEL.match(path):
        return TAG_GROUP
    if path.startswith("/wp-content/"):
        return WP_CONTENT
    if BLOGGER_PAGE_PATH.match(path):
        return BLOGGER_PAGE
    if BLOGGER_POST.match(path):
        return BLOGGER
    if WORDPRESS_DATED_POST.match(_without_suffix(path)):
        return WORDPRESS_DATED
    return OTHER


def post_name(path: str) -> str:
    """The name an old permalink gives its post: the last segment, without .html or a day suffix."""
    last = _without_suffix(path).rsplit("/", 1)[-1].removesuffix(".html")
    return DAY_SUFFIX.sub("", last)


def _without_suffix(path: str) -> str:
    """The permalink without a comment page, AMP or trackback suffix (feeds are grouped apart)."""
    match = PERMALINK_SUFFIX.search(path)
    return path[: match.start()] if match and not match["feed"] else path


class PostIndex:
    """The visible posts by slug and by slugified title, read in one query."""

    def __init__(self):
        self.by_slug: dict[str, Post] = {}
        self.by_title: dict[str, list[Post]] = defaultdict(list)
        for post in Post.objects.published().only("slug", "title", "published_at", "created_at"):
            self.by_slug[post.slug] = post
            self.by_title[slugify(post.title)].append(post)

    def match(self, name: str) -> tuple[Post | None, str]:
        """The post `name` stands for and how it was found, or None and why not (or "")."""
        if not name:
            return None, ""
        if post := self.by_slug.get(name):
            return post, "slug"
        posts = self.by_title.get(slugify(name), [])
        if len(posts) > 1:
            return None, f"ambiguous ({len(posts)} posts)"
        return (posts[0], "title") if posts else (None, "")


def _row(record: LegacyNotFound, index: PostIndex) -> tuple[str, Row]:
    path, _, query = record.path.partition("?")
    old_path = normalise_path(unquote(path))
    group = pattern_name(old_path, parse_qs(query))
    row = Row(path=record.path, hits=record.hits, last_seen_at=record.last_seen_at, old_path=old_path)
    # A NUL byte or an overlong path could not be stored as a redirect (PostgreSQL refuses both).
    if group in POST_GROUPS and "\x00" not in old_path and len(old_path) <= OLD_PATH_MAX:
        post, row.note = index.match(post_name(old_path))
        if post is not None and normalise_path(post.get_absolute_url()) != old_path:
            row.target = post.get_absolute_url()
    return group, row


def legacy_404_report() -> list[Group]:
    """The recorded old URLs no redirect answers yet, grouped by pattern, most hit group first."""
    mapped = set(LegacyRedirect.objects.values_list("old_path", flat=True))
    index = PostIndex()
    groups: dict[str, Group] = {}
    for record in LegacyNotFound.objects.order_by("-hits", "path"):
        name, row = _row(record, index)
        if row.old_path not in mapped:
            groups.setdefault(name, Group(name)).rows.append(row)
    return sorted(groups.values(), key=lambda group: (-group.hits, group.name))


def proposals(groups: list[Group]) -> list[Row]:
    """The rows with a proposed redirect, one per old path (several recorded URLs may share one)."""
    chosen: dict[str, Row] = {}
    for group in groups:
        for row in group.rows:
            if row.target:
                chosen.setdefault(row.old_path, row)
    return list(chosen.values())
