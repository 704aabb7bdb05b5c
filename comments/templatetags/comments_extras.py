from django import template
from django.conf import settings

from comments import services
from comments.forms import CommentForm
from comments.models import Subscription
from comments.thread_cache import thread_page, version_key
from forum import pagecache, splice
from forum.policy import load_policy

register = template.Library()


def _positive_int(value: str | None, default: int | None = None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return default
    return number if number > 0 else default


@register.inclusion_tag("comments/_discussion.html", takes_context=True)
def post_discussion(context, post):
    """Render the discussion under a post: the thread, and the form or why there is none.

    An anonymous reader costs one query (the thread), none when its rendering is cached
    (comments.thread_cache). For a signed-in reader the tag also records the visit: it is the only
    code that knows the discussion was shown (posts must not import comments, and a JavaScript beacon
    would miss readers without it), and it needs the previous visit time to mark new comments anyway.
    The write is one upsert of the reader's own row, never content.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    params = request.GET if request is not None else {}
    newest_first = params.get("sort") == "newest"

    seen_before = services.thread_visit_record(user=user, post=post) if signed_in else None
    # Held comments an anonymous reader posted in this browser session, which they alone may see.
    session = getattr(request, "session", None)
    own_pending = frozenset()
    if not signed_in and session is not None and session.session_key:
        own_pending = frozenset(session.get(services.OWN_PENDING_SESSION_KEY, []))
    policy = load_policy("COMMENTS_POLICY")
    refusal = services.commenting_refusal(post=post, user=user)
    replyto_pk = _positive_int(params.get("replyto"))
    view = thread_page(
        post=post,
        user=user,
        can_reply=not refusal,
        links=policy.comment_links(user=user),
        newest_first=newest_first,
        page=_positive_int(params.get("page"), 1),
        seen_before=seen_before,
        own_pending=own_pending,
        # Replying without JavaScript needs the comment replied to, which only a full read gives.
        use_cache=replyto_pk is None,
    )
    if request is not None:
        # A page kept for readers who are not signed in (forum.pagecache) lasts as long as this version.
        pagecache.depends_on(request, settings.COMMENTS_THREAD_CACHE, version_key(post.pk), view.version)
    discussion = view.discussion
    reply_to = None
    reply_error = ""
    if replyto_pk is not None:
        reply_to = discussion.by_pk.get(replyto_pk)
        if reply_to is None or reply_to.placeholder or reply_to.status != reply_to.Status.PUBLISHED:
            reply_to, reply_error = None, "That comment cannot be replied to; you can still comment below."
    form = None
    if not refusal:
        form = CommentForm(post=post, user=user, initial={"parent": reply_to.pk if reply_to else None})
    following = (
        signed_in and Subscription.objects.filter(kind=Subscription.Kind.POST, post=post, user=user).exists()
    )
    return {
        "post": post,
        "request": request,
        "user": user,
        "discussion": discussion,
        "threads_html": splice.defer(request, view.html) if view.html else "",
        "discussion_links": policy.discussion_links(user=user, post=post),
        "newest_first": newest_first,
        "form": form,
        "refusal": refusal,
        "reply_to": reply_to,
        "reply_error": reply_error,
        "following": following,
        "can_close": signed_in
        and (user.has_perm("comments.moderate_comment") or user.has_perm("posts.change_post")),
        "closed": services.comments_are_closed(post),
    }
