"""Markdown to safe HTML, done once when content is written (DESIGN.md §6).

Raw HTML in the source is never passed through: markdown-it escapes it, and nh3 then strips anything
outside the allowlist, so imported HTML (Blogger, WordPress) goes through the same `sanitize_html`.
"""

import nh3
from markdown_it import MarkdownIt

LINK_REL = "nofollow ugc noopener"
URL_SCHEMES = {"http", "https", "mailto"}

POST_TAGS = {
    "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "del", "ins", "sub", "sup", "mark", "small",
    "a", "blockquote", "q", "cite", "code", "pre", "kbd", "ul", "ol", "li", "dl", "dt", "dd",
    "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "caption", "abbr",
}  # fmt: skip
COMMENT_TAGS = {
    "p", "br", "strong", "b", "em", "i", "s", "del", "a", "blockquote", "code", "pre", "ul", "ol", "li",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}

_post_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
_post_md.enable("strikethrough")
# Comments get a subset: no headings, images or tables.
_comment_md = (
    MarkdownIt("commonmark", {"html": False})
    .enable("strikethrough")
    .disable(["heading", "lheading", "image", "html_block", "html_inline"])
)


def sanitize_html(html: str, *, tags: set[str] = POST_TAGS) -> str:
    """Keep only allowlisted tags and attributes; links get rel="nofollow ugc noopener"."""
    return nh3.clean(
        html,
        tags=tags,
        attributes={tag: attrs for tag, attrs in ATTRIBUTES.items() if tag in tags},
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        clean_content_tags={"script", "style"},
        strip_comments=True,
    )


def render_markdown(text: str) -> str:
    """Render an editor's Markdown (posts, questions, updates) to sanitised HTML."""
    return sanitize_html(_post_md.render(text or ""), tags=POST_TAGS)


def render_comment_markdown(text: str) -> str:
    """Render a reader's comment (a Markdown subset) to sanitised HTML."""
    return sanitize_html(_comment_md.render(text or ""), tags=COMMENT_TAGS)
