"""`manage.py search_index` run exactly as the README shows, in its own process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from search.backends.elastic import alias_name

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, es_prefix):
    db = connection.settings_dict
    env = {
        **os.environ,
        # The migrated test database, as the command sees it after a commit (empty catalogue).
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "ELASTICSEARCH_URL": settings.ELASTICSEARCH_URL,
        "SEARCH_INDEX_PREFIX": es_prefix,
        "SEARCH_BACKEND": "elasticsearch",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)  # manage.py's own default, as a person runs it
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_rebuild_then_check_exit_0_as_the_readme_shows(es):
    rebuild = run_manage("search_index", "--rebuild", es_prefix=settings.SEARCH_INDEX_PREFIX)
    assert rebuild.returncode == 0, rebuild.stderr
    assert "alias swapped" in rebuild.stdout
    assert es.indices.exists_alias(name=alias_name())

    check = run_manage("search_index", "--check", es_prefix=settings.SEARCH_INDEX_PREFIX)
    assert check.returncode == 0, check.stderr
    assert "match the database" in check.stdout


def test_check_repair_puts_drifted_courses_right(es, settings):
    """After an outage outlived its retries: --check finds the drift, --check --repair mends it."""
    from django.core.management import call_command

    from search.backends.elastic import rebuild
    from tests.catalogue.factories import listed_course

    settings.SEARCH_BACKEND = "elasticsearch"
    course = listed_course(title="索引から消えたPython講座")
    rebuild()
    es.delete(index=alias_name(), id=course.pk, refresh=True)
    with pytest.raises(SystemExit) as stopped:
        call_command("search_index", "--check", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert stopped.value.code == 1
    call_command("search_index", "--check", "--repair", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert es.exists(index=alias_name(), id=course.pk)


def test_repair_needs_check():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="--repair goes with --check"):
        call_command("search_index", "--rebuild", "--repair")
