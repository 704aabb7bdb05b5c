"""Demo discussions for a local run (`manage.py seed_demo`). All text here is our own writing."""

import random
from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from comments.models import Comment, encode_step
from forum.markup import render_comment_markdown
from posts.demo import POSTS as DEMO_POSTS
from posts.models import Post

NAMES = [
    "", "", "", "Wren", "Desk Plant Enthusiast", "Former Recruiter", "Marguerite", "Night Shift Nurse",
    "Tomasz", "Reluctant Manager", "Bea from Payroll", "Okonkwo", "", "Long-time Lurker", "Priya S.",
]  # fmt: skip
OPENERS = [
    "I have been on both sides of this.",
    "This happened to me last spring.",
    "Honestly, the answer is spot on.",
    "I'd push back a little here.",
    "Small addition to the advice:",
    "As someone who hires for a living:",
    "Same boat, different ocean.",
    "Counterpoint, gently offered:",
    "This made me laugh, and then it made me think.",
    "I wish I had read this ten years ago.",
]
MIDDLES = [
    "Say the short version once, kindly, and then stop explaining.",
    "Put it in writing afterwards so nobody can *remember it differently*.",
    "Most people are not thinking about you nearly as much as you fear.",
    "Ask what a good outcome looks like for them before you argue for yours.",
    "A calm **no** is a complete sentence, even at work.",
    "The awkward moment lasts a minute; the resentment lasts a year.",
    "If it keeps happening, it is a pattern, and patterns deserve a real conversation.",
    "Check your contract first; half of these fights are settled by one clause.",
    "Treat the recruiter like a colleague you have not met yet, not a gatekeeper.",
    "You are allowed to leave a networking event after twenty minutes.",
    "Thank-you notes are nice; identical thank-you notes on four platforms are not.",
    "Your manager may simply not know; tell them before assuming the worst.",
]
CLOSERS = [
    "Good luck, and please send an update!",
    "",
    "Curious what others think.",
    "",
    "That's my two cents, anyway.",
    "Rooting for you.",
    "",
]
REPLIES = [
    "Agreed, and I'd add: keep it short.",
    "I see it differently. In my field that would read as rude.",
    "Ha, this is exactly my office.",
    "Could you say more about how you phrased it?",
    "This is the comment I came here to write.",
    "Respectfully, that only works if the boss is reasonable.",
    "Following, because I have the same problem.",
    "Update from the trenches: I tried this and it worked.",
    "That's fair. I hadn't thought about the contract angle.",
    "Not everyone can afford to say no, though.",
]
BIG_DISCUSSION = 320
DEEP_CHAIN = 8


def _text(rng: random.Random, *, reply: bool) -> str:
    if reply and rng.random() < 0.6:
        return rng.choice(REPLIES)
    parts = [rng.choice(OPENERS), rng.choice(MIDDLES), rng.choice(CLOSERS)]
    if rng.random() < 0.3:
        parts.append("\n\n> " + rng.choice(MIDDLES))
    return " ".join(part for part in parts if part)


def _plan(rng: random.Random, count: int, *, deep_chain: bool) -> list[int | None]:
    """A parent index (or None) for each of `count` comments: some threads, replies up to depth 8."""
    parents: list[int | None] = []
    depths: list[int] = []
    if deep_chain:
        for index in range(DEEP_CHAIN + 1):
            parents.append(index - 1 if index else None)
            depths.append(index)
    while len(parents) < count:
        if not parents or rng.random() < 0.25:
            parents.append(None)
            depths.append(0)
            continue
        # Favour recent comments, so conversations run deep the way real ones do.
        candidate = rng.randrange(max(0, len(parents) - 12), len(parents))
        if depths[candidate] >= 8:
            candidate = parents[candidate] or 0
        parents.append(candidate)
        depths.append(depths[candidate] + 1)
    return parents[:count]


def _discussion(post: Post, count: int, users: list[User], rng: random.Random, *, deep_chain=False) -> int:
    start = max(post.published_at or timezone.now(), timezone.now() - timedelta(days=30))
    span = max((timezone.now() - start).total_seconds(), 60.0)
    parents = _plan(rng, count, deep_chain=deep_chain)
    comments: list[Comment] = []
    children: dict[int | None, int] = {}
    for index, parent_index in enumerate(parents):
        parent = comments[parent_index] if parent_index is not None else None
        children[parent_index] = children.get(parent_index, 0) + 1
        author = rng.choice(users) if users and rng.random() < 0.3 else None
        body = _text(rng, reply=parent is not None)
        comments.append(
            Comment(
                post=post,
                parent=parent,
                path=(parent.path if parent else "") + encode_step(children[parent_index]),
                depth=parent.depth + 1 if parent else 0,
                author=author,
                author_name="" if author else rng.choice(NAMES),
                body=body,
                body_html=render_comment_markdown(body),
                created_at=start + timedelta(seconds=span * (index + 1) / (count + 1)),
            )
        )
    for depth in range(max(c.depth for c in comments) + 1):
        level = [c for c in comments if c.depth == depth]
        for comment in level:
            comment.parent_id = comment.parent.pk if comment.parent else None
        Comment.objects.bulk_create(level)
    Comment.objects.filter(post=post).count_replies()
    Post.objects.filter(pk=post.pk).update(comment_count=len(comments))
    return len(comments)


def seed_comments(users: dict[str, User] | list[User]) -> int:
    """Give the newest demo posts discussions, once: posts that have comments are left alone.

    Only posts.demo's own posts are touched, so a post someone published on the demo site never gets
    generated comments when `make run` seeds again.

    The newest post gets a 320-comment discussion, the next a conversation eight replies deep, the
    rest a handful each. Returns how many comments were added.
    """
    people = list(users.values()) if isinstance(users, dict) else list(users)
    demo_slugs = [slug for slug, *_ in DEMO_POSTS]
    posts = list(Post.objects.published().filter(slug__in=demo_slugs).order_by("-published_at")[:8])
    added = 0
    for position, post in enumerate(posts):
        if Comment.objects.filter(post=post).exists():
            continue
        rng = random.Random(f"demo-comments-{post.slug}")
        if position == 0:
            count = BIG_DISCUSSION
        elif position == 1:
            count = DEEP_CHAIN + 12
        else:
            count = rng.randint(3, 15)
        added += _discussion(post, count, people, rng, deep_chain=position == 1)
    return added
