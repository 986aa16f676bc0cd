"""Browser fixtures of the admin-under-CSP checks: Debian's chromium driven by Playwright.

The page records every Content-Security-Policy violation (the ``securitypolicyviolation``
event and the console's report) and every request to another host; the test reads them.
"""

import os

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture(scope="session", autouse=True)
def _secedge_migration_data_back(django_db_setup, django_db_blocker):
    """Transactional browser tests end with an empty database; put the migrations' data back
    so that the next ``--reuse-db`` run starts from what migrations made."""
    yield
    from django.core.management import call_command
    from django.db import connection
    from wagtail.models import Page

    contents = getattr(connection, "_test_serialized_contents", None)
    with django_db_blocker.unblock():
        if contents and not Page.objects.exists():
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            connection.creation.deserialize_db_from_string(contents)
            reset_sequences(connection)


def reset_sequences(connection):
    """Rows put back with their ids leave the id sequences behind; move them past the rows."""
    from django.apps import apps
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@pytest.fixture
def csp_browser(browser, monkeypatch):
    """The session's one Chromium (tests/e2e/conftest.py). Playwright's sync API keeps an event
    loop in the test thread, which only sets up data and never shares a connection with it;
    Django is told so for this test only (the variable must not reach other tests' subprocesses,
    e.g. check --deploy)."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    return browser


class WatchedPage:
    """A page plus what it reported: CSP violations and requests to other hosts."""

    def __init__(self, page, origin):
        self.page = page
        self.console = []
        self.foreign = []
        page.on("console", lambda message: self.console.append(message.text))
        page.add_init_script(RECORD_VIOLATIONS)

        def guard(route):
            if route.request.url.startswith((origin, "data:", "blob:")):
                route.continue_()
            else:
                self.foreign.append(route.request.url)
                route.abort()

        page.route("**/*", guard)

    def violations(self):
        reported = self.page.evaluate("window.__cspViolations || []")
        console = [text for text in self.console if "Content Security Policy" in text]
        return reported + console


@pytest.fixture
def watched_page(csp_browser, live_server):
    context = csp_browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield WatchedPage(page, live_server.url)
    context.close()
