# The browser fixtures live with the browser suite; the stored-XSS test drives the same Chromium.
from tests.e2e.conftest import open_page  # noqa: F401
