"""Turn an old blog's HTML into our post and comment fields, through the shared sanitiser."""

import html as htmllib
import re
from dataclasses import dataclass

import nh3
from markdownify import markdownify

from forum.markup import COMMENT_TAGS, POST_TAGS, sanitize_html

BLOCK_START = re.compile(
    r"^\s*</?(?:p|div|blockquote|ul|ol|li|h[1-6]|pre|table|thead|tbody|tr|td|th|hr|dl|dt|dd|figure)[\s>/]",
    re.IGNORECASE,
)
# A paragraph opening the body whose text ends in "writes:", followed by a blockquote.
WRITES_INTRO = re.compile(
    r"^\s*(?:<p>)?(?P<intro>[^<]{0,300}?\bwrites:)\s*(?:</p>|<br>|\s)*<blockquote>", re.IGNORECASE
)
BLOCKQUOTE_TAG = re.compile(r"<(/?)blockquote>", re.IGNORECASE)
BLOCK_TAG = re.compile(
    r"</?(?:p|div|blockquote|ul|ol|li|h[1-6]|pre|table|thead|tbody|tr|td|th|hr|dl|dt|dd|figure)(?:\s[^>]*)?/?>",
    re.IGNORECASE,
)
PRE = re.compile(r"<pre[\s>].*?</pre>", re.IGNORECASE | re.DOTALL)
PLACEHOLDER = re.compile(r"<\x00(\d+)>")
EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|<br>)*</p>")
TRAILING_BREAKS = re.compile(r"(?:<br>\s*)+(</p>)")


@dataclass(frozen=True)
class PostBody:
    question_html: str
    answer_html: str


def autop(text: str) -> str:
    """WordPress stores text without paragraphs; add them as its `wpautop` would, roughly."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    # Preformatted text keeps its line breaks: set it aside while paragraphs are made.
    kept: list[str] = []
    text = PRE.sub(lambda match: kept.append(match.group(0)) or f"\n\n<\x00{len(kept) - 1}>\n\n", text)
    # Block-level tags stand on their own, so text inside a blockquote or list gets paragraphs too.
    text = BLOCK_TAG.sub(lambda match: f"\n\n{match.group(0)}\n\n", text)
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]
    out = []
    for block in blocks:
        if BLOCK_START.match(block) or PLACEHOLDER.fullmatch(block):
            out.append(block)
        else:
            out.append("<p>" + block.replace("\n", "<br>\n") + "</p>")
    return PLACEHOLDER.sub(lambda match: kept[int(match.group(1))], "\n".join(out))


def split_question(html: str) -> PostBody:
    """Sanitise a post body; a "... writes:" opening plus blockquote becomes the reader's question."""
    clean = sanitize_html(html, tags=POST_TAGS)
    clean = EMPTY_PARAGRAPH.sub("", TRAILING_BREAKS.sub(r"\1", clean))
    match = WRITES_INTRO.match(clean)
    if match is None:
        return PostBody(question_html="", answer_html=clean.strip())
    # Find the blockquote's own closing tag, counting nested blockquotes.
    start = match.end()
    depth = 1
    for tag in BLOCKQUOTE_TAG.finditer(clean, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            question = clean[start : tag.start()].strip()
            answer = clean[tag.end() :].strip()
            if question and answer:
                return PostBody(question_html=question, answer_html=answer)
            break
    return PostBody(question_html="", answer_html=clean.strip())


def to_markdown(html: str) -> str:
    """The editable Markdown for sanitised HTML, so an editor can revise an imported post."""
    if not html:
        return ""
    return markdownify(html, heading_style="ATX", bullets="-").strip()


def comment_html(html: str) -> str:
    return sanitize_html(html, tags=COMMENT_TAGS).strip()


def plain_text(html: str) -> str:
    """Text without any markup (comment bodies keep this; their HTML is in body_html)."""
    html = re.sub(r"<br\s*/?>", "\n", html, flags=re.IGNORECASE)
    html = re.sub(r"</(?:p|div|blockquote|li|h[1-6])>", "\n\n", html, flags=re.IGNORECASE)
    # nh3 escapes the text it keeps; the plain body is stored unescaped, like a typed comment.
    text = htmllib.unescape(nh3.clean(html, tags=set(), clean_content_tags={"script", "style"}))
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def title_from(html: str, *, limit: int = 200) -> str:
    """A title for an untitled post: its first words."""
    words = plain_text(html).split()
    title = " ".join(words[:10])
    return (title[: limit - 1] + "…") if len(title) > limit else (title or "Untitled post")
