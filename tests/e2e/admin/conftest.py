"""Browser fixtures for the admin journeys: Debian's chromium, a live server, signed-in roles.

Self-contained so the admin journeys run with or without the shared
``tests/e2e/conftest.py``. Each test is transactional (the live server runs
in another thread with its own connection); what migrations created (groups,
workflows, taxonomies, listing criteria) is restored before each test from a
snapshot taken once. Screenshots of the key screens are kept under
``var/e2e-screenshots/admin/`` (git-ignored) as test artefacts.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

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
SCREENSHOTS = Path(os.environ.get("E2E_SCREENSHOT_DIR", "var/e2e-screenshots")) / "admin"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)
            if not item.get_closest_marker("django_db"):
                item.add_marker(pytest.mark.django_db(transaction=True))


def _restore(snapshot):
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection
    from wagtail.models import Page

    if snapshot and not Page.objects.filter(depth=1).exists():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(snapshot)
        statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


@pytest.fixture(scope="session")
def admin_migration_snapshot(django_db_setup, django_db_blocker):
    from django.db import connection

    with django_db_blocker.unblock():
        snapshot = connection.creation.serialize_db_to_string()
    yield snapshot
    with django_db_blocker.unblock():
        _restore(snapshot)


@pytest.fixture(autouse=True)
def _admin_migration_data(transactional_db, admin_migration_snapshot):
    from django.contrib.contenttypes.models import ContentType

    _restore(admin_migration_snapshot)
    # A flush and restore can give content types other ids than the cached ones.
    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


@pytest.fixture(scope="session")
def admin_browser(browser):
    """The session's one Chromium (tests/e2e/conftest.py): a second sync Playwright in the same
    thread would find the first one's event loop and refuse to start."""
    return browser


@pytest.fixture
def signed_in(admin_browser, live_server, settings):
    """``signed_in(user, width=1280)``: a page of a browser signed in as ``user``.

    The session is made by Django's test client (sign-in itself belongs to the
    gBizID/login journeys); every request to another host is aborted and fails
    the test.
    """
    from django.conf import settings
    from django.test import Client

    # No avatar from gravatar.com (the project turns it off in settings on the secedge branch).
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = None
    own = urlsplit(live_server.url).netloc
    contexts, foreign = [], []

    def guard(route):
        parts = urlsplit(route.request.url)
        if parts.scheme in ("data", "blob", "about") or parts.netloc == own:
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    def open_as(user, width=1280):
        client = Client()
        client.force_login(user)
        context = admin_browser.new_context(
            viewport={"width": width, "height": 900 if width >= 768 else 844},
            locale="ja-JP",
            base_url=live_server.url,
            service_workers="block",
        )
        host = urlsplit(live_server.url).hostname
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "domain": host,
                    "path": "/",
                }
            ]
        )
        context.route("**/*", guard)
        page = context.new_page()
        page.set_default_timeout(20_000)
        contexts.append(context)
        return page

    yield open_as
    for context in contexts:
        context.close()
    assert not foreign, f"admin pages contacted other hosts: {sorted(set(foreign))}"


@pytest.fixture
def shot(request):
    """``shot(page, name)`` keeps a full-page screenshot as a test artefact."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        width = page.viewport_size["width"]
        path = SCREENSHOTS / f"{request.node.name}-{name}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def axe_violations():
    """``axe_violations(page)``: axe-core's WCAG 2.1 A/AA violations, as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def run(page):
        results = axe.run(
            page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": []}
        )
        return [
            f"{v['id']} ({v['impact']}): {v['help']} -> "
            + "; ".join(", ".join(n["target"]) for n in v["nodes"][:5])
            for v in results.response["violations"]
        ]

    return run
