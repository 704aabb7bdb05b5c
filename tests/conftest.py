import pytest
from django.db import connection, connections
from pytest_django.plugin import blocking_manager_key

from tests.browser import CHROMIUM, CHROMIUM_ARGS, watched_page
from tests.factories import PostFactory, UserFactory, staff, verified
from tests.roles import ensure_roles

# The longest tests, started first so that pytest-xdist's workers run out of work together instead of
# one waiting while the other finishes a long test it took last.
LONG_RUNNING = (
    "tests/security/test_stored_xss.py",
    "tests/forum/test_outage.py",
    "tests/e2e/",
    "tests/comments/test_browser.py",
    "tests/comments/test_discussion_browser.py",
)


def pytest_collection_modifyitems(items):
    # Runs after pytest-django's own sort (which puts transactional tests last); stable otherwise.
    items.sort(key=lambda item: not item.nodeid.startswith(LONG_RUNNING))


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or "transactional_db" in item.fixturenames


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test, bring back the role groups its flush removed (tests/roles.py), so
    the tests after it find the database as the migrations left it, whatever the order. After the last
    test the test database is gone already: nothing to bring back."""
    result = yield
    if _is_transactional(item) and nextitem is not None:
        with item.config.stash[blocking_manager_key].unblock():
            ensure_roles()
            # Give the connection back (to the pool on PostgreSQL): a test without a database next
            # would otherwise leave it checked out, and dropping the test database would find it.
            connection.close()
    return result


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {engine} ({settings.DATABASES['default'].get('NAME')})"


@pytest.fixture(autouse=True)
def _locmem_cache_is_fresh():
    """Each test starts with empty caches, so cached threads and rate limits do not leak between tests."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()
    yield


@pytest.fixture
def no_posting_guards(settings):
    """For a test that is not about them: no fill time, first-time pre-moderation or rate limits.

    The suite runs with the production defaults (forum/settings.py); a test posting several comments
    in a row, or expecting a first comment to publish at once, asks for this.
    """
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    settings.MODERATION_PREMODERATION = "none"
    settings.MODERATION_COMMENT_RATE = None
    settings.MODERATION_NEW_ACCOUNT_COMMENT_RATE = None
    settings.MODERATION_QUESTION_RATE = None


@pytest.fixture
def production_password_hasher(settings):
    """Django's PBKDF2 instead of the suite's fast hasher, for tests about passwords."""
    from django.conf import global_settings

    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")


# The people most tests need, made once here (tests/factories.py has the helpers).
@pytest.fixture
def post(db):
    return PostFactory()


@pytest.fixture
def reader(db):
    return verified(UserFactory(username="riley"))


@pytest.fixture
def verified_user(db):
    return verified(UserFactory())


@pytest.fixture
def editor(db):
    return staff(verified(UserFactory(username="edith")), "Editors")


@pytest.fixture
def moderator(db):
    return staff(verified(UserFactory(username="mona")), "Moderators")


@pytest.fixture(scope="module")
def chromium(request):
    """One Chromium per test module; each test opens its own context (see `open_page`). A module that
    needs the desktop browser rather than the headless shell (tests/browser.py) names it in its
    `CHROMIUM_EXECUTABLE`.

    Playwright's sync API keeps an event loop running in this thread while it is started, and Django
    refuses ORM calls beside a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set. The module scope
    keeps that setting to the browser modules, away from the rest of the suite and its subprocesses.
    """
    playwright_api = pytest.importorskip("playwright.sync_api")
    executable = getattr(request.module, "CHROMIUM_EXECUTABLE", CHROMIUM)
    if not executable.exists():
        pytest.skip(f"needs {executable}")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with playwright_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                browser.close()


@pytest.fixture
def browser(chromium, live_server, settings):
    # The live server speaks plain HTTP.
    settings.CSRF_COOKIE_SECURE = False
    settings.SESSION_COOKIE_SECURE = False
    yield chromium
    # The live server's thread and Playwright's context used connections of their own (Django keeps
    # them per context); hand them back, or PostgreSQL cannot drop the test database at the end.
    connections.close_all()


@pytest.fixture
def open_page(browser, live_server):
    """open_page(user=None, **context_options) -> (page, watch): a page in a fresh browser context,
    signed in as `user` when given (tests/browser.py: watched_page). Contexts close after the test."""
    contexts = []

    def _open(user=None, **options):
        context, page, watch = watched_page(browser, live_server, user, **options)
        contexts.append(context)
        return page, watch

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    """A signed-out page in a fresh browser context."""
    page, _watch = open_page()
    return page
