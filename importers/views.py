from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from importers.selectors import old_comment_location
from posts.models import Post


@require_safe
def old_comment_link(request: HttpRequest, post_id: int, fragment: str) -> HttpResponseRedirect:
    """Where an old blog's comment anchor on this post points now (static/js/old-links.js asks): 302 to
    the comment's permalink, which finds its page of the discussion, or to the post when none matches."""
    post = get_object_or_404(Post.objects.published(), pk=post_id)
    return HttpResponseRedirect(old_comment_location(post, fragment) or post.get_absolute_url())
