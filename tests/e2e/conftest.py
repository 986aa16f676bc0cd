"""Shared browser fixtures: Debian's chromium driven by Playwright, a live server, axe-core.

Every test under tests/e2e/ is marked ``e2e``. The browser is Debian's
``chromium`` (``make browser`` installs it; Playwright's own browser download
is never used); with ``CI=true`` a missing browser is a failure, not a skip.

Fixtures:

- ``browser``: one headless Chromium for the session;
- ``page``: a fresh context and page at 1280 px; ``page_at(width)`` for other widths;
  every request to a host other than the live server is aborted and recorded,
  and the test fails at teardown if there was one (no page may load anything
  from another host);
- ``signed_in(user, width=1280)``: such a page, signed in to the admin as ``user``;
- ``axe``: ``axe.check(page)`` runs axe-core (the JS shipped inside the
  axe-playwright-python wheel, injected from disk) for WCAG 2.1 A/AA and fails
  with a readable list of violations; ``axe.lines(page)`` returns that list;
- ``screenshot(page, name)``: a full-page PNG under ``var/e2e-screenshots/``.
"""

import contextlib
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import IN_CI

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
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOT_DIR = Path(os.environ.get("E2E_SCREENSHOT_DIR", "var/e2e-screenshots"))


def pytest_collection_modifyitems(items):
    """Everything here is ``e2e`` and runs against committed data: the live server is
    another thread with its own database connection."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)
            if not item.get_closest_marker("django_db"):
                item.add_marker(pytest.mark.django_db(transaction=True))


@contextlib.contextmanager
def orm_beside_playwright():
    """Playwright's sync API keeps an event loop running in the test thread, and Django
    refuses ORM calls from such a thread unless told it is safe; the test thread only
    sets up and reads data. Set only while browser tests run: the variable must never
    reach other tests or the processes they start (``check --deploy`` refuses it)."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Setup, call and teardown (the flush) of a browser test may use the ORM."""
    if not item.get_closest_marker("e2e"):
        return (yield)
    with orm_beside_playwright():
        return (yield)


def _restore(snapshot):
    """Put back what migrations made (root page, locale, groups, taxonomies …) if a
    transactional test's flush removed it."""
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection
    from wagtail.models import Page

    if snapshot and not Page.objects.filter(depth=1).exists():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(snapshot)
        # The flush restarted every id sequence; move them past the restored rows.
        statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


@pytest.fixture(scope="session")
def migration_snapshot(django_db_setup, django_db_blocker):
    """The database as migrations left it, taken before the first browser test.

    A transactional test ends with a flush (an empty database); the snapshot
    is restored before each browser test and once more at the end, so the
    next ``--reuse-db`` run starts from the migrated state too.
    """
    from django.db import connection

    with django_db_blocker.unblock():
        snapshot = connection.creation.serialize_db_to_string()
    yield snapshot
    with django_db_blocker.unblock(), orm_beside_playwright():
        _restore(snapshot)


@pytest.fixture(autouse=True)
def _migration_data_in_place(transactional_db, migration_snapshot):
    from django.contrib.contenttypes.models import ContentType

    _restore(migration_snapshot)
    # A flush and restore can give content types other ids than the cached ones.
    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


def _missing(reason):
    if IN_CI:
        pytest.fail(f"CI=true: browser tests may not skip ({reason})")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright_driver():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev extra installs it
        _missing("playwright is not installed (pip install -e '.[dev]')")
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        _missing(f"{CHROMIUM} is missing (make browser)")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver):
    browser = playwright_driver.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


class ForeignRequests(list):
    """Requests the page tried to send to another host; they are aborted."""


@pytest.fixture
def page_at(browser, live_server):
    """``page_at(width_or_name)`` opens a fresh page that may only talk to the live server."""
    own = urlsplit(live_server.url).netloc
    opened = []
    foreign = ForeignRequests()

    def guard(route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about") or parts.netloc == own:
            route.continue_()
        else:
            foreign.append(url)
            route.abort()

    def open_page(viewport="desktop", user=None):
        if isinstance(viewport, int):
            viewport = {"width": viewport, "height": 844 if viewport < 768 else 800}
        elif isinstance(viewport, str):
            viewport = WIDTHS[viewport]
        context = browser.new_context(
            viewport=viewport, locale="ja-JP", base_url=live_server.url, service_workers="block"
        )
        if user is not None:
            context.add_cookies([session_cookie(user, live_server)])
        context.route("**/*", guard)
        page = context.new_page()
        page.set_default_timeout(15_000)
        opened.append(context)
        return page

    open_page.foreign_requests = foreign
    yield open_page
    for context in opened:
        context.close()
    assert not foreign, f"pages contacted other hosts: {sorted(set(foreign))}"


@pytest.fixture
def page(page_at):
    return page_at("desktop")


def session_cookie(user, live_server):
    """A session for ``user`` made by Django's test client (signing in through the form or
    gBizID belongs to the sign-in journeys), as a cookie for the live server."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "domain": urlsplit(live_server.url).hostname,
        "path": "/",
    }


@pytest.fixture
def signed_in(page_at):
    """``signed_in(user, width=1280)``: a guarded page (see ``page_at``) signed in as ``user``."""

    def open_as(user, width=1280):
        return page_at(width, user=user)

    return open_as


class AxeChecker:
    """Runs axe-core in a page for WCAG 2.1 A and AA."""

    def __init__(self):
        from axe_playwright_python.sync_playwright import Axe

        self._axe = Axe()

    def violations(self, page):
        results = self._axe.run(
            page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": []}
        )
        return results.response["violations"]

    def lines(self, page):
        """The violations as readable lines: rule (impact): help -> the first five targets."""
        lines = []
        for violation in self.violations(page):
            targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
            lines.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} -> {targets}"
            )
        return lines

    def check(self, page):
        lines = self.lines(page)
        if lines:
            pytest.fail(f"axe-core WCAG 2.1 AA violations on {page.url}:\n" + "\n".join(lines))


@pytest.fixture(scope="session")
def axe():
    return AxeChecker()


@pytest.fixture
def screenshot(request):
    """``screenshot(page, name)`` saves a full-page PNG under var/e2e-screenshots/ for a person to look at."""

    def take(page, name):
        path = SCREENSHOT_DIR / f"{name}-{page.viewport_size['width']}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
