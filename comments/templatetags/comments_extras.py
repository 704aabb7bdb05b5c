from django import template

register = template.Library()


@register.inclusion_tag("comments/_discussion.html", takes_context=True)
def post_discussion(context, post):
    """Render the discussion under a post."""
    return {"post": post, "request": context.get("request")}
