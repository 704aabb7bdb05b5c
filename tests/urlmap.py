"""Every route the URL resolver lists, and an address for each that answers GET with a page.

The axe sweep (tests/e2e/test_accessibility.py) visits `sweep_paths()` for each role. A route with no
parameters is swept as it is; a route with parameters needs a filler in FILLERS, built from the demo data
(`seed()`); a route that answers no page a person reads is named in EXCLUDED with the reason. A route in
none of these fails tests/e2e/test_accessibility.py::test_every_route_is_swept_or_excluded until someone
decides which it is.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from allauth.account.forms import default_token_generator
from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.conf import settings
from django.core import signing
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import User
from comments import services as comment_services
from comments.models import Comment, Subscription
from comments.tasks import UNSUBSCRIBE_SALT
from moderation.models import Flag
from posts.models import Category, Poll, Post, Question, Tag
from posts.services import digest_unsubscribe_token

# Routes that exist only under some settings: EXCLUDED may name them when they are absent.
CONDITIONAL_ROUTES = {"bench_hello", "bench_cached"}

# Whole namespaces left out, with the reason.
EXCLUDED_NAMESPACES = {
    "admin": "Django's admin keeps its own look; it is not our templates or CSS",
}

POST_ONLY = "POST only (GET answers 405): an action, not a page"
NOT_HTML = "not a page: answers XML, text or JSON"

# Routes left out of the sweep, by name (or by pattern when the route has no name), with the reason.
# A POST_ONLY entry is checked: GET must answer 405 (test_post_only_exclusions_refuse_get).
EXCLUDED = {
    # Not HTML.
    "healthz": NOT_HTML + " (the load balancer's health check)",
    "accounts:data_export": NOT_HTML + " (the JSON download of a person's data)",
    "mfa_download_recovery_codes": NOT_HTML + " (the recovery codes as a text file download)",
    "comments:feed_rss": NOT_HTML + " (RSS)",
    "comments:discussion_news": NOT_HTML + " (the live news its script asks for)",
    "comments:feed_atom": NOT_HTML + " (Atom)",
    "posts:feed_rss": NOT_HTML + " (RSS)",
    "posts:feed_atom": NOT_HTML + " (Atom)",
    "posts:updates_feed_rss": NOT_HTML + " (RSS)",
    "posts:updates_feed_atom": NOT_HTML + " (Atom)",
    "posts:tag_feed_rss": NOT_HTML + " (RSS)",
    "posts:tag_feed_atom": NOT_HTML + " (Atom)",
    "posts:category_feed_rss": NOT_HTML + " (RSS)",
    "posts:category_feed_atom": NOT_HTML + " (Atom)",
    "post_comments_feed_rss": NOT_HTML + " (RSS)",
    "post_comments_feed_atom": NOT_HTML + " (Atom)",
    "posts:sitemap": NOT_HTML + " (the sitemap index)",
    "posts:sitemap_section": NOT_HTML + " (a sitemap)",
    "posts:robots_txt": NOT_HTML + " (robots.txt)",
    # Sign-in with Google, Facebook or OpenID Connect: no provider is configured in tests (the apps come
    # from the environment, forum/settings.py), and a configured one sends the browser off the site.
    "google_login": "third-party sign-in: needs a configured Google app, then leaves the site",
    "google_callback": "third-party sign-in: Google's redirect back, meaningless without its state",
    "google_login_by_token": "third-party sign-in: Google's script POSTs here; 404 without a configured app",
    "facebook_login": "third-party sign-in: needs a configured Facebook app, then leaves the site",
    "facebook_callback": "third-party sign-in: Facebook's redirect back, meaningless without its state",
    "facebook_login_by_token": "third-party sign-in: Facebook's SDK POSTs here; 404 without a configured app",
    "openid_connect_login": "third-party sign-in: needs a configured OpenID Connect provider",
    "openid_connect_callback": "third-party sign-in: the provider's redirect back, meaningless without state",
    "importers:old_comment_link": "a redirect: where an old comment anchor points (its targets are swept)",
    # Only with BENCH_ENDPOINTS set, for `make bench` (forum/urls.py).
    "bench_hello": NOT_HTML + " (the load baseline; only with BENCH_ENDPOINTS)",
    "bench_cached": "a cached copy of another page, for the load test; only with BENCH_ENDPOINTS",
    # Actions.
    "moderation:queue_bulk": POST_ONLY,
    "posts:poll_vote": POST_ONLY,
    "posts:question_update": POST_ONLY,
    "posts:editor_question_publish_update": POST_ONLY,
    "posts:editor_post_poll": POST_ONLY,
    "moderation:comment_approve": POST_ONLY,
    "moderation:comment_hide": POST_ONLY,
    "moderation:comment_restore": POST_ONLY,
    "moderation:comment_spam": POST_ONLY,
    "moderation:comment_delete": POST_ONLY,
    "moderation:comment_edit": POST_ONLY,
    "moderation:comment_collapse": POST_ONLY,
    "moderation:comment_expand": POST_ONLY,
    "moderation:comment_lock": POST_ONLY,
    "moderation:comment_unlock": POST_ONLY,
    "moderation:post_update": POST_ONLY,
    "accounts:profile_ignore": POST_ONLY,
    "moderation:person_note": POST_ONLY,
    "moderation:person_sanction": POST_ONLY,
    "moderation:sanction_lift": POST_ONLY,
    "moderation:sanction_acknowledge": POST_ONLY,
    "moderation:block_create": POST_ONLY,
    "moderation:block_lift": POST_ONLY,
    "moderation:term_create": POST_ONLY,
    "moderation:term_delete": POST_ONLY,
    "moderation:tag_rename": POST_ONLY,
    "moderation:tag_merge": POST_ONLY,
    "comments:comment_create": POST_ONLY + " (its error page is a POST's answer)",
    "comments:post_follow": POST_ONLY,
    "comments:post_comments_close": POST_ONLY,
    "posts:tag_follow": POST_ONLY,
    "posts:category_follow": POST_ONLY,
    "posts:editor_question_shortlist": POST_ONLY,
    "posts:editor_question_decline": POST_ONLY,
    "posts:editor_question_answer": POST_ONLY,
    "posts:editor_post_publish": POST_ONLY,
    "posts:editor_post_unpublish": POST_ONLY,
    "posts:editor_post_add_update": POST_ONLY,
}


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or the pattern for a route without a name
    pattern: str  # the whole pattern, from the root ("^" and "$" of regex routes kept)
    namespace: str | None
    converters: tuple  # (parameter name, converter) for path() routes

    @property
    def has_parameters(self) -> bool:
        return "<" in self.pattern or "(?P" in self.pattern

    def sample_kwargs(self) -> dict:
        """Made-up parameters of the right shape (1, "x", this year), for a request that never gets
        as far as looking them up, such as a GET to a POST-only view."""
        samples = {"IntConverter": 1, "FourDigitYear": 2024, "TwoDigitMonth": 1}
        return {name: samples.get(type(converter).__name__, "x") for name, converter in self.converters}


def resolver_routes(resolver: URLResolver | None = None, prefix="", namespace=None, converters=()):
    """Every URL pattern under `resolver` (the root URLconf by default), includes walked, in order."""
    routes = []
    for entry in (resolver or get_resolver()).url_patterns:
        inner_converters = (*converters, *getattr(entry.pattern, "converters", {}).items())
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            routes += resolver_routes(entry, prefix + str(entry.pattern), inner, inner_converters)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            key = name or pattern
            routes.append(Route(key=key, pattern=pattern, namespace=namespace, converters=inner_converters))
    return routes


def excluded_reason(route: Route) -> str | None:
    top = (route.namespace or "").split(":")[0]
    return EXCLUDED_NAMESPACES.get(top) or EXCLUDED.get(route.key)


# The demo data the fillers read: seed() returns it.
@dataclass
class Demo:
    users: dict[str, User]  # "reader", "editor", "moderator"
    post: Post  # published, with a discussion of several pages, held and flagged comments
    comment: Comment  # a published comment on `post`
    flagged: Comment  # a flagged comment on `post`, for the moderation pages
    own_comment: Comment  # the reader's new comment, still editable
    thread: Comment  # the top comment on `post` with the most replies
    # The demo's other discussions: eight replies deep with a locked subthread; with a hidden comment;
    # a sensitive topic.
    deep_post: Post
    hidden_post: Post
    sensitive_post: Post
    question: Question  # the reader's question, in the editor's inbox
    tag: Tag
    category: Category
    subscription_token: str
    digest_token: str
    email_key: str  # allauth's key confirming a newcomer's address


def _post_kwargs(post) -> dict:
    when = timezone.localtime(post.published_at)
    return {"year": when.year, "month": when.month, "slug": post.slug}


def _reset_link(demo: Demo, user) -> str:
    """A password reset link for the visitor's own account (the reader's for a visitor): a link for
    somebody else's account signs the visitor out. Made now, since signing in changes the token."""
    owner = User.objects.get(pk=(user or demo.users["reader"]).pk)
    kwargs = {"uidb36": user_pk_to_url_str(owner), "key": default_token_generator.make_token(owner)}
    return reverse("account_reset_password_from_key", kwargs=kwargs)


Filler = Callable[[Demo, User | None], str]

# An address for each route with parameters, from the demo data and the signed-in person (or None).
FILLERS: dict[str, Filler] = {
    "account_confirm_email": lambda d, u: reverse("account_confirm_email", kwargs={"key": d.email_key}),
    "account_reset_password_from_key": _reset_link,
    "accounts:profile": lambda d, u: reverse("accounts:profile", args=[d.users["reader"].username]),
    "moderation:comment_detail": lambda d, u: reverse("moderation:comment_detail", args=[d.flagged.pk]),
    "moderation:comment_flag": lambda d, u: reverse("moderation:comment_flag", args=[d.comment.pk]),
    "moderation:post_detail": lambda d, u: reverse("moderation:post_detail", args=[d.post.pk]),
    "moderation:person_detail": lambda d, u: reverse("moderation:person_detail", args=[d.users["reader"].pk]),
    "comments:comment_edit": lambda d, u: reverse("comments:comment_edit", args=[d.own_comment.pk]),
    "comments:comment_delete": lambda d, u: reverse("comments:comment_delete", args=[d.own_comment.pk]),
    "comments:comment_react": lambda d, u: reverse("comments:comment_react", args=[d.comment.pk]),
    "comments:comment_pick": lambda d, u: reverse("comments:comment_pick", args=[d.comment.pk]),
    "comments:letter_writer_revoke": lambda d, u: reverse("comments:letter_writer_revoke", args=[d.post.pk]),
    "comments:subscription_cancel": lambda d, u: reverse(
        "comments:subscription_cancel", args=[d.subscription_token]
    ),
    "posts:question_status": lambda d, u: d.question.get_absolute_url(),
    "posts:tag_detail": lambda d, u: d.tag.get_absolute_url(),
    "posts:category_detail": lambda d, u: d.category.get_absolute_url(),
    "posts:archive_year": lambda d, u: reverse("posts:archive_year", args=[_post_kwargs(d.post)["year"]]),
    "posts:archive_month": lambda d, u: reverse(
        "posts:archive_month", kwargs={k: v for k, v in _post_kwargs(d.post).items() if k != "slug"}
    ),
    "posts:digest_unsubscribe": lambda d, u: reverse("posts:digest_unsubscribe", args=[d.digest_token]),
    "posts:editor_question": lambda d, u: reverse("posts:editor_question", args=[d.question.pk]),
    "posts:editor_post_edit": lambda d, u: reverse("posts:editor_post_edit", args=[d.post.pk]),
    "post_detail": lambda d, u: d.post.get_absolute_url(),
    "comment_permalink": lambda d, u: reverse(
        "comment_permalink", kwargs={**_post_kwargs(d.post), "pk": d.comment.pk}
    ),
}

# A query string for pages whose main state needs one (a search with results, not the empty form).
QUERIES = {
    "posts:search": "?q=interview",
    "comment_search": "?q=manager",
    "comments:comment_react": "?kind=helpful",
}

# Pages beyond one per route: the post page's states that other data or a query shows (one thread
# alone; the demo's other discussions). Not the discussion's second page: the same parts as the first,
# and with 1,500 elements five seconds of axe per role.
EXTRA_PATHS: list[Filler] = [
    lambda d, u: d.post.get_absolute_url() + f"?thread={d.thread.pk}",
    lambda d, u: d.deep_post.get_absolute_url(),
    lambda d, u: d.hidden_post.get_absolute_url(),
    lambda d, u: d.sensitive_post.get_absolute_url(),
    lambda d, u: d.post.get_absolute_url() + "?letter_writer=1",  # the letter writer's exchanges
    lambda d, u: Poll.objects.select_related("post").first().post.get_absolute_url(),  # a post with a poll
]


def swept_routes() -> list[Route]:
    return [route for route in resolver_routes() if excluded_reason(route) is None]


def route_path(route: Route, demo: Demo, user) -> str:
    """The address the sweep visits for `route`; KeyError for a route with parameters and no filler."""
    if route.has_parameters:
        path = FILLERS[route.key](demo, user)
    elif route.key == route.pattern:  # no name: the pattern is the address
        path = "/" + route.pattern
    else:
        path = reverse(route.key)
    return path + QUERIES.get(route.key, "")


# Routes whose page signs a signed-in visitor out, visited after the rest, with the reason.
VISITED_LAST = {
    "account_confirm_email": "allauth signs out whoever opens a confirmation link for another's address",
}


def sweep_paths(demo: Demo, user=None) -> list[tuple[str, str]]:
    """(route key, address) for every swept route, then the extra pages, then VISITED_LAST."""
    routes = swept_routes()
    paths = [(route.key, route_path(route, demo, user)) for route in routes if route.key not in VISITED_LAST]
    paths += [("extra", extra(demo, user)) for extra in EXTRA_PATHS]
    return paths + [
        (route.key, route_path(route, demo, user)) for route in routes if route.key in VISITED_LAST
    ]


def seed() -> Demo:
    """The demo content (`manage.py seed_demo`, which runs only with DEBUG on), and the few rows more a
    route needs: the reader's own question, new comment and subscription, the moderator's recovery
    codes, and a newcomer's unverified address."""
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=io.StringIO())

    users = {name: User.objects.get(username=name) for name in ("reader", "editor", "moderator")}
    reader = users["reader"]
    flagged = Flag.objects.select_related("comment__post").order_by("pk").first().comment
    post = flagged.post  # the demo's big discussion: held and flagged comments, more than one page
    tops = post.comments.filter(status=Comment.Status.PUBLISHED, depth=0)
    comment = tops.order_by("path").first()
    own_comment = comment_services.comment_create(
        post=post, author=reader, body="Thanks, this helped. I wrote the short note today."
    )
    question = Question.objects.create(
        title="My team lead takes credit for my work",
        body="In meetings she presents my analysis as hers. How do I raise it?",
        name="Riley",
        email=reader.email,
        asker=reader,
        consent_to_publish=True,
    )
    RecoveryCodes.activate(users["moderator"])  # the moderator's recovery codes page has codes to show
    subscription = Subscription.objects.create(kind=Subscription.Kind.POST, post=post, user=reader)
    # Not the reader's: allauth lets nobody with an unverified address set up two-factor sign-in.
    newcomer = User.objects.create_user(username="newcomer", email="newcomer@example.com")
    unverified = EmailAddress.objects.create(user=newcomer, email=newcomer.email, verified=False)

    return Demo(
        users=users,
        post=Post.objects.get(pk=post.pk),
        comment=comment,
        flagged=flagged,
        own_comment=own_comment,
        thread=tops.order_by("-reply_count", "path").first(),
        deep_post=Comment.objects.order_by("-depth").first().post,
        hidden_post=Comment.objects.filter(status=Comment.Status.HIDDEN).first().post,
        sensitive_post=Post.objects.filter(sensitive_since__isnull=False).first(),
        question=question,
        tag=Tag.objects.get(slug="linkedin"),
        category=Category.objects.get(slug="job-hunting"),
        subscription_token=signing.dumps(subscription.pk, salt=UNSUBSCRIBE_SALT),
        digest_token=digest_unsubscribe_token(user=reader),
        email_key=EmailConfirmationHMAC(unverified).key,
    )


def record_fresh_sign_in(session_key: str, user) -> None:
    """Make the session `session_key` (from Client.force_login) look like a sign-in just now, as allauth
    records one: by password and, for staff with an authenticator, the second factor. Pages that ask
    for a recent sign-in (2FA settings, recovery codes) then show themselves, not the re-authentication
    form, for allauth's ACCOUNT_REAUTHENTICATION_TIMEOUT."""
    request = RequestFactory().get("/")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)
    request.user = user
    record_authentication(request, user, "password", username=user.username)
    for authenticator in Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP):
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    record_authentication(request, user, "password", reauthenticated=True)
    request.session.save()
