"""Where an old Blogger or WordPress URL lives now.

`legacy_location` answers with our path (or None). It reads only the path and the query string:
`?showComment=<ms>` and `?replytocom=<id>` find the very comment. A URL's #fragment never reaches the
server, so an old link's `#comment-<id>` (WordPress, Disqus) or `#c<id>` (Blogger) arrives on the post
page, where it names an old id that may be another comment's id here: the redirect marks the visit
(LegacyURLMiddleware's cookie) and the page asks `old_comment_location` where that comment lives.
"""

import re
from urllib.parse import quote, urlencode

from django.http import QueryDict
from django.utils.text import slugify

from comments.models import Comment
from importers.models import LegacyRedirect, SourceRecord
from importers.parsing import normalise_path
from posts.models import Category, Post, Tag

FEED_RSS = "/feed/"
FEED_ATOM = "/feed/atom/"
# Query keys of old URLs on the home page; anything else there is our own page.
HOME_KEYS = ("p", "cat", "tag", "feed", "replytocom", "page_id", "attachment_id")
LEGACY_QUERY_KEYS = (*HOME_KEYS, "showComment")

BLOGGER_POST = re.compile(r"^/\d{4}/\d{2}/[^/]+\.html$")
BLOGGER_ARCHIVE = re.compile(r"^/(?P<year>\d{4})_(?P<month>\d{2})_\d{2}_archive\.html$")
DATE_ARCHIVE = re.compile(r"^/(?P<year>\d{4})(?:/(?P<month>\d{2}))?(?:/(?P<day>\d{2}))?$")
LABEL = re.compile(r"^/search/label/(?P<label>[^/]+)$")
TAG = re.compile(r"^/tag/(?P<slug>[^/]+)(?P<feed>/feed(?:/[a-z0-9]+)?)?(?:/page/(?P<page>\d+))?$")
CATEGORY = re.compile(r"^/category/(?:[^/]+/)*(?P<slug>[^/]+?)(?:/page/(?P<page>\d+))?$")
BLOGGER_POST_FEED = re.compile(r"^/feeds/(?P<post>\d+)/comments/(?:default|full|summary)$")
# Suffixes WordPress adds to a permalink: comment pages, AMP, the post's comment feed.
PERMALINK_SUFFIX = re.compile(r"/(?:comment-page-\d+|amp|(?P<feed>feed)(?:/[a-z0-9]+)?|trackback)$")
# Paths that look like they came from an old blog, worth recording when nothing answers them.
LOOKS_LEGACY = re.compile(
    r"^/(?:\d{4}/\d{2}/|\d{4}_\d{2}_\d{2}_archive\.html|search/label/|feeds/|tag/|category/|archives/"
    r"|p/[^/]+\.html|atom\.xml/|rss\.xml/|wp-content/)"
)


def _visible(post: Post | None) -> Post | None:
    return post if post is not None and post.is_visible else None


def _post_by_record(**lookup) -> Post | None:
    record = (
        # A record of a post deleted here points at nothing and answers nothing.
        SourceRecord.objects.filter(kind=SourceRecord.Kind.POST, post__isnull=False, **lookup)
        .select_related("post")
        .order_by("-pk")
        .first()
    )
    return _visible(record.post) if record is not None else None


def _comment_location(**lookup) -> str | None:
    record = (
        SourceRecord.objects.filter(kind=SourceRecord.Kind.COMMENT, comment__isnull=False, **lookup)
        .select_related("comment__post")
        .order_by("-pk")
        .first()
    )
    if record is None or _visible(record.comment.post) is None:
        return None
    comment: Comment = record.comment
    return comment.get_absolute_url()  # the permalink finds the discussion page that shows it


def _tag_location(name: str, *, feed: bool = False, page: str | None = None) -> str | None:
    record = SourceRecord.objects.filter(kind=SourceRecord.Kind.TAG, source_id=name[:255])
    record = record.select_related("tag").order_by("-pk").first()
    tag = record.tag if record is not None else None
    tag = (
        tag or Tag.objects.filter(slug=slugify(name)).first() or Tag.objects.filter(name__iexact=name).first()
    )
    if tag is None:
        return None
    url = tag.get_absolute_url()
    if feed:
        return f"{url}feed/"
    return f"{url}?page={page}" if page and page != "1" else url


def _category_location(slug: str, *, page: str | None = None, by_key: bool = False) -> str | None:
    lookup = {"legacy_key": slug} if by_key else {"source_id": slug[:255]}
    record = SourceRecord.objects.filter(kind=SourceRecord.Kind.CATEGORY, **lookup)
    record = record.select_related("category").order_by("-pk").first()
    category = record.category if record is not None else None
    if category is None and not by_key:
        category = Category.objects.filter(slug=slugify(slug)).first()
    if category is None:
        return None
    url = category.get_absolute_url()
    return f"{url}?page={page}" if page and page != "1" else url


def _archive_location(year: str, month: str | None) -> str:
    return f"/archive/{year}/{month}/" if month else f"/archive/{year}/"


def _comments_feed(post: Post | None) -> str | None:
    return f"{post.get_absolute_url()}comments/feed/" if post is not None else None


def legacy_location(path: str, query: QueryDict) -> str | None:
    """Our address for an old blog URL, or None when we do not know it."""
    normal = normalise_path(path)
    mapped = LegacyRedirect.objects.filter(old_path=normal).values_list("target", flat=True).first()
    if mapped:
        return mapped

    show = query.get("showComment", "")
    if show.isdigit():
        post = _post_by_record(legacy_path=normal)
        location = _comment_location(legacy_key=show, comment__post=post) if post else None
        return location or _comment_location(legacy_key=show) or (post.get_absolute_url() if post else None)
    reply = query.get("replytocom", "")
    if reply.isdigit():
        return _comment_location(source_id=reply, source=SourceRecord.Source.WORDPRESS)
    p = query.get("p", "")
    if p.isdigit():
        post = _post_by_record(source=SourceRecord.Source.WORDPRESS, source_id=p)
        return post.get_absolute_url() if post else None
    if query.get("cat", "").isdigit():
        return _category_location(query["cat"], by_key=True)
    if query.get("tag"):
        return _tag_location(query["tag"])
    if query.get("feed"):
        return FEED_ATOM if "atom" in query["feed"] else FEED_RSS

    if normal in ("/feeds/posts/default", "/feeds/posts/full", "/feeds/posts/summary", "/atom.xml"):
        return FEED_RSS if query.get("alt") == "rss" else FEED_ATOM
    if normal in ("/rss.xml", "/feed/rss2", "/feed/rss"):
        return FEED_RSS
    if match := BLOGGER_POST_FEED.match(normal):
        return _comments_feed(_post_by_record(source=SourceRecord.Source.BLOGGER, source_id=match["post"]))
    if match := LABEL.match(normal):
        return _tag_location(match["label"])
    if match := TAG.match(normal):
        return _tag_location(match["slug"], feed=bool(match["feed"]), page=match["page"])
    if match := CATEGORY.match(normal):
        return _category_location(match["slug"], page=match["page"])
    if match := BLOGGER_ARCHIVE.match(normal):
        return _archive_location(match["year"], match["month"])

    post = _post_by_record(legacy_path=normal)
    if post is not None:
        return post.get_absolute_url()
    if match := PERMALINK_SUFFIX.search(normal):
        post = _post_by_record(legacy_path=normal[: match.start()] or "/")
        if post is not None:
            return _comments_feed(post) if match["feed"] else post.get_absolute_url()
    if match := DATE_ARCHIVE.match(normal):
        return _archive_location(match["year"], match["month"])
    return None


def looks_legacy(path: str, query: QueryDict) -> bool:
    """Whether an unanswered request looks like an old blog URL worth showing the operator."""
    return bool(
        LOOKS_LEGACY.match(normalise_path(path) + "/")
        or BLOGGER_POST.match(normalise_path(path))
        or any(key in query for key in LEGACY_QUERY_KEYS)
    )


def legacy_404_key(path: str, query: QueryDict) -> str:
    """The path plus only the old-blog query keys, so random query strings do not split the count."""
    kept = [(key, query[key]) for key in LEGACY_QUERY_KEYS if key in query]
    return quote(path, safe="/:@!$&'()*+,;=-._~") + (f"?{urlencode(kept)}" if kept else "")


# An old blog's anchor for a comment: WordPress and Disqus "comment-<id>", Blogger "c<id>".
OLD_FRAGMENT = re.compile(r"^(?:comment-(?P<comment>\d{1,30})|c(?P<blogger>\d{1,30}))$")


def old_comment_location(post: Post, fragment: str) -> str | None:
    """The permalink of the published comment an old blog's anchor on this post named, or None."""
    match = OLD_FRAGMENT.match(fragment)
    if match is None:
        return None
    if match["comment"]:
        # WordPress ids are the blog's own, Disqus's far larger: on one post they do not meet.
        sources, source_id = [SourceRecord.Source.WORDPRESS, SourceRecord.Source.DISQUS], match["comment"]
    else:
        sources, source_id = [SourceRecord.Source.BLOGGER], match["blogger"]
    records = SourceRecord.objects.filter(
        kind=SourceRecord.Kind.COMMENT,
        comment__post=post,
        comment__status=Comment.Status.PUBLISHED,  # a held or hidden one: the post, not a 404
        source__in=sources,
        source_id=source_id,
    ).select_related("comment__post")
    found = sorted(records, key=lambda record: sources.index(record.source))
    return found[0].comment.get_absolute_url() if found else None
