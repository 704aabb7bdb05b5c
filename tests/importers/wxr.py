"""Small WordPress exports (WXR) built in the tests, in each dialect: WXR 1.0, 1.1 and 1.2, under http://
or https:// namespaces, with or without the excerpt namespace, self-hosted or WordPress.com."""

from dataclasses import dataclass, field
from xml.sax.saxutils import escape


@dataclass
class Comment:
    id: int
    author: str
    body: str
    parent: int = 0
    email: str = ""
    approved: str = "1"
    type: str = "comment"
    date: str = "2012-01-03 10:00:00"
    meta: dict[str, str] = field(default_factory=dict)  # wp:commentmeta


@dataclass
class Item:
    id: int
    title: str
    slug: str
    content: str = "<p>Dear column, a question.</p><!--more--><p>An answer.</p>"
    type: str = "post"
    status: str = "publish"
    date: str = "2012-01-03 09:00:00"
    comments: list[Comment] = field(default_factory=list)
    cdata: bool = True  # content in CDATA; False: entity-encoded, as some exporters write it
    extra: str = ""  # more elements, as written


def wxr(
    items: list[Item],
    *,
    version: str = "1.2",
    scheme: str = "http",
    excerpt: bool = True,
    site: str = "https://column.example.com",
    wordpress_com: bool = False,
    wp_namespace: str | None = None,
) -> str:
    wp = wp_namespace or f"{scheme}://wordpress.org/export/{version}/"
    namespaces = [
        f'xmlns:excerpt="{scheme}://wordpress.org/export/{version}/excerpt/"' if excerpt else "",
        f'xmlns:content="{scheme}://purl.org/rss/1.0/modules/content/"',
        'xmlns:wfw="http://wellformedweb.org/CommentAPI/"',
        f'xmlns:dc="{scheme}://purl.org/dc/elements/1.1/"',
        f'xmlns:wp="{wp}"',
    ]
    base = "http://wordpress.com/" if wordpress_com else site
    return (
        '<?xml version="1.0" encoding="UTF-8" ?>\n'
        f'<rss version="2.0" {" ".join(filter(None, namespaces))}>\n<channel>\n'
        f"<title>A column</title><link>{site}</link><description>Letters</description>\n"
        f"<wp:wxr_version>{version}</wp:wxr_version>"
        f"<wp:base_site_url>{base}</wp:base_site_url><wp:base_blog_url>{site}</wp:base_blog_url>\n"
        "<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>workplace</wp:category_nicename>"
        "<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[Workplace]]></wp:cat_name>"
        "</wp:category>\n" + "".join(_item(item, site, excerpt) for item in items) + "</channel>\n</rss>\n"
    )


def _item(item: Item, site: str, excerpt: bool) -> str:
    day = item.date[:10].replace("-", "/")
    content = f"<![CDATA[{item.content}]]>" if item.cdata else escape(item.content)
    return (
        f"<item><title>{escape(item.title)}</title>"
        f"<link>{site}/{day}/{item.slug}/</link>"
        f'<guid isPermaLink="false">{site}/?p={item.id}</guid>'
        f"<content:encoded>{content}</content:encoded>"
        + ("<excerpt:encoded><![CDATA[]]></excerpt:encoded>" if excerpt else "")
        + f"<wp:post_id>{item.id}</wp:post_id>"
        f"<wp:post_date>{item.date}</wp:post_date><wp:post_date_gmt>{item.date}</wp:post_date_gmt>"
        f"<wp:post_name>{item.slug}</wp:post_name><wp:status>{item.status}</wp:status>"
        f"<wp:post_type>{item.type}</wp:post_type>"
        '<category domain="category" nicename="workplace"><![CDATA[Workplace]]></category>'
        + item.extra
        + "".join(_comment(comment) for comment in item.comments)
        + "</item>\n"
    )


def _comment(comment: Comment) -> str:
    return (
        f"<wp:comment><wp:comment_id>{comment.id}</wp:comment_id>"
        f"<wp:comment_author><![CDATA[{comment.author}]]></wp:comment_author>"
        f"<wp:comment_author_email>{comment.email}</wp:comment_author_email>"
        f"<wp:comment_date>{comment.date}</wp:comment_date>"
        f"<wp:comment_date_gmt>{comment.date}</wp:comment_date_gmt>"
        f"<wp:comment_content><![CDATA[{comment.body}]]></wp:comment_content>"
        f"<wp:comment_approved>{comment.approved}</wp:comment_approved>"
        f"<wp:comment_type>{comment.type}</wp:comment_type>"
        f"<wp:comment_parent>{comment.parent}</wp:comment_parent>"
        "<wp:comment_user_id>0</wp:comment_user_id>"
        + "".join(
            f"<wp:commentmeta><wp:meta_key>{key}</wp:meta_key><wp:meta_value>{value}</wp:meta_value></wp:commentmeta>"
            for key, value in comment.meta.items()
        )
        + "</wp:comment>"
    )


def a_discussed_post(post_id: int = 501, slug: str = "the-awkward-reference") -> Item:
    """A post with a nested discussion: a thread three deep, a second thread, a named and an anonymous
    author, a pingback."""
    return Item(
        id=post_id,
        title="The awkward reference",
        slug=slug,
        date="2012-01-03 09:00:00",
        comments=[
            Comment(881, "Marta", "<p>Ask them first.</p>", email="marta@example.org"),
            Comment(882, "Ben", "Agreed, and soon.", parent=881, date="2012-01-03 11:00:00"),
            Comment(883, "Cleo", "Soon is relative.", parent=882, date="2012-01-03 12:00:00"),
            Comment(884, "", "A second thought, anonymously.", date="2012-01-03 13:00:00"),
            Comment(885, "Some blog", "Linked here.", type="pingback", date="2012-01-03 14:00:00"),
        ],
    )
