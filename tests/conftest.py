"""Project-wide fixtures: the site tree and a real Elasticsearch per test.

With ``CI=true`` a test that needs PostgreSQL or Elasticsearch is never
allowed to skip: a skip is turned into a failure that says why.
"""

import os
import uuid

import pytest
from wagtail.models import Page, Site

from tests.manabi.factories import HomePageFactory

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def needs_services(item):
    return (
        item.get_closest_marker("elasticsearch")
        or item.get_closest_marker("django_db")
        or ("db" in getattr(item, "fixturenames", ()) or "es" in getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(items):
    for item in items:
        if "es" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.elasticsearch)


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session):
    """Browser tests last: Playwright's sync API leaves an event loop in the main thread for the
    rest of the session, and Django refuses ORM calls from a thread with a running loop."""
    items = session.items
    browser = [item for item in items if "/tests/e2e/" in str(item.path)]
    if browser:
        session.items[:] = [item for item in items if item not in browser] + browser


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if IN_CI and report.skipped and needs_services(item):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = (
            f"CI=true: a test that needs PostgreSQL or Elasticsearch may not skip ({reason})"
        )
    return report


_MIGRATION_DATA = {}


@pytest.fixture(scope="session", autouse=True)
def _migration_data_snapshot(django_db_setup, django_db_blocker):
    """The rows migrations made, serialized once before any test runs (restore_migration_data)."""
    from django.db import connection

    # pytest-django sets up no test database when no collected test uses one (a run of one
    # such file); then there is nothing to snapshot, and the connection names the real database.
    if connection.settings_dict["NAME"].startswith("test_"):
        with django_db_blocker.unblock():
            _MIGRATION_DATA["contents"] = connection.creation.serialize_db_to_string()
    yield


def restore_migration_data():
    """Put back the rows migrations made (root page, groups, workflows, taxonomies) after a flush."""
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    # After a browser test, Playwright's event loop is still in this thread; this is plain ORM.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        _restore(connection, call_command, apps, no_style)
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def _restore(connection, call_command, apps, no_style):
    contents = _MIGRATION_DATA.get("contents") or getattr(
        connection, "_test_serialized_contents", None
    )
    if not contents:
        raise RuntimeError("no serialized migration data to restore (--create-db once)")
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    connection.creation.deserialize_db_from_string(contents)
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Put the migrations' data back after a transactional test flushed every table.

    Django flushes the database after a ``transaction=True`` test; the rows that
    migrations made (Wagtail's root page, groups, taxonomies) would then be gone
    for the tests after it and, with ``--reuse-db``, for every later run.
    """
    result = yield
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or "transactional_db" in item.fixturenames):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # see restore_migration_data
            try:
                empty = not Page.objects.exists()
            finally:
                if previous is None:
                    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            if empty:
                restore_migration_data()
    return result


@pytest.fixture
def site(db):
    """The default Wagtail site, rooted at a published HomePage."""
    root = Page.get_first_root_node()
    if root is None:
        # A transactional test earlier in the session flushed the migrations' rows.
        restore_migration_data()
        root = Page.get_first_root_node()
    for page in root.get_children().exact_type(Page):
        page.delete()
    home = HomePageFactory(parent=root, title="マナビDX", slug="home")
    # Deleting Wagtail's welcome page deleted the default site with it.
    site, _ = Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return site


@pytest.fixture
def es(settings):
    """A live Elasticsearch client whose indices are private to this test.

    The test gets its own index prefix; every index under it is deleted
    afterwards (by name: the server refuses wildcard deletes).
    """
    from search.elasticsearch import get_client

    prefix = f"test-{uuid.uuid4().hex[:12]}-"
    settings.SEARCH_INDEX_PREFIX = prefix
    settings.ELASTICSEARCH_URL = settings.ELASTICSEARCH_URL or "http://127.0.0.1:9200"
    client = get_client()
    try:
        client.cluster.health(wait_for_status="yellow", timeout="10s")
    except Exception as exc:
        message = f"Elasticsearch at {settings.ELASTICSEARCH_URL} did not answer: {exc}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message + " (run tests/services/provision.sh)")
    yield client
    names = list(client.indices.get(index=f"{prefix}*", expand_wildcards="all").keys())
    if names:
        client.indices.delete(index=",".join(names))


@pytest.fixture(autouse=True)
def _japanese(settings):
    """Tests see what users see: the Japanese UI."""
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _fresh_facet_values():
    """Facet labels are cached per process; each test starts from its own data."""
    from search.facets import clear_values_cache

    clear_values_cache()
    yield
    clear_values_cache()


# secedge: the test cache is the shared Redis; each test gets its own key space in it, so counts
# and cached answers never leak from one test (or one concurrent test run) into another.
@pytest.fixture(autouse=True)
def _own_cache_keys(settings):
    caches = {name: dict(config) for name, config in settings.CACHES.items()}
    for config in caches.values():
        config["KEY_PREFIX"] = f"t-{uuid.uuid4().hex[:12]}"
    settings.CACHES = caches
