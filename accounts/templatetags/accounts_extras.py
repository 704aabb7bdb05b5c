import hashlib

from django import template
from django.utils.html import format_html

register = template.Library()

# Background colours with enough contrast for white initials (WCAG AA at this size); the same list,
# in order, is `.initials-0` to `.initials-7` in static/css/site.css.
AVATAR_COLOURS = ["#7a2e1f", "#1f5a7a", "#2e6b3a", "#6b2e6b", "#7a5a1f", "#1f6b6b", "#5a3a8a", "#8a2e4a"]


def initials(name: str) -> str:
    """Up to two letters from a name: "Riley Reader" -> "RR", "pat" -> "P"."""
    words = [word for word in name.replace("_", " ").replace(".", " ").split() if word[:1].isalnum()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def colour_index(key: str) -> int:
    """The same colour for the same person on every page: picked from a hash of a stable key."""
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % len(AVATAR_COLOURS)


@register.simple_tag
def initials_avatar(name: str, key: str = ""):
    """A small circle with the initials of `name`, decorative beside the name itself (so hidden from
    screen readers); coloured by `key` (a username; the name for anonymous commenters)."""
    if not name:
        return format_html('<span class="initials initials-none" aria-hidden="true">?</span>')
    return format_html(
        '<span class="initials initials-{}" aria-hidden="true">{}</span>',
        colour_index(key or name),
        initials(name),
    )


@register.simple_tag
def avatar(user, size: int = 48):
    """An inline SVG circle with the person's initials: no image request, no third party."""
    name = user.public_name if user is not None else "Former reader"
    colour = AVATAR_COLOURS[colour_index(user.username if user is not None else name)]
    return format_html(
        '<svg class="avatar" width="{size}" height="{size}" viewBox="0 0 48 48" role="img" '
        'aria-label="{label}" xmlns="http://www.w3.org/2000/svg">'
        '<circle cx="24" cy="24" r="24" fill="{colour}"/>'
        '<text x="24" y="24" dy="0.35em" text-anchor="middle" fill="#fff" '
        'font-family="system-ui, sans-serif" font-size="19">{initials}</text></svg>',
        size=int(size),
        label=f"Avatar of {name}",
        colour=colour,
        initials=initials(name),
    )
