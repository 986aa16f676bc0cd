"""The database backend's facet table (``CourseFacets``) follows the catalogue after each commit,
and ``search_index --check`` finds (``--repair`` mends) what a missed update left behind."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict

from catalogue.models import Role
from search.backends.database import DatabaseSearchBackend
from search.models import CourseFacets
from search.query import parse_search_query
from tests.catalogue.factories import CourseFactory, PartnerFactory, list_course

pytestmark = pytest.mark.django_db


def run(query_string=""):
    return DatabaseSearchBackend().search(parse_search_query(QueryDict(query_string)))


def counts(results, facet):
    return {v.value: v.count for v in results.facets[facet] if v.count}


def role(code):
    return Role.objects.get(code=code)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block and then its after-commit callbacks, as a real commit does."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_changed_role_is_counted_and_filtered_after_the_commit(committed):
    with committed():
        course = list_course(CourseFactory(title="役割変更講座", roles=[role("data-engineer")]))
    assert counts(run(), "role") == {"data-engineer": 1}
    assert run("role=backend-engineer").total == 0

    course.roles = [role("backend-engineer")]
    with committed():
        list_course(course)

    assert counts(run(), "role") == {"backend-engineer": 1}
    assert [hit.title for hit in run("role=backend-engineer").hits] == ["役割変更講座"]
    assert run("role=data-engineer").total == 0


def test_a_course_moved_to_another_partner_and_a_withdrawn_partner(committed):
    first, second = PartnerFactory(name="元の事業者"), PartnerFactory(name="新しい事業者")
    with committed():
        course = list_course(CourseFactory(partner=first))
    assert counts(run(), "partner") == {str(first.pk): 1}

    course.partner = second
    with committed():
        list_course(course)
    assert counts(run(), "partner") == {str(second.pk): 1}
    assert run(f"partner={second.pk}").total == 1

    with committed():
        second.unpublish()
    results = run()
    assert (results.total, counts(results, "partner")) == (0, {})


def test_a_listing_past_its_end_date_leaves_the_counts_without_an_update(committed, time_machine):
    """Nothing is saved when a listing's end date passes: the query itself leaves it out."""
    with committed():
        course = list_course(CourseFactory())
    assert run().total == 1
    time_machine.move_to(course.listed_until + datetime.timedelta(days=1))
    assert run().total == 0


def test_check_finds_stale_facet_values_and_repair_mends_them(committed, settings):
    settings.ELASTICSEARCH_URL = ""  # the database's side only
    with committed():
        course = list_course(
            CourseFactory(roles=[role("data-engineer")], fee_type="free", fee_yen=0)
        )
    # An update that never arrived (a failed task): the stored row still says what it said before.
    CourseFacets.objects.filter(pk=course.pk).update(roles="", fee_type="paid")
    if connection.vendor == "postgresql":  # SQLite counts over the catalogue tables
        assert counts(run(), "role") == {}

    out = StringIO()
    with pytest.raises(SystemExit) as exit_status:
        call_command("search_index", "--check", stdout=out)
    assert exit_status.value.code == 1
    assert f"1 courses whose stored facet values differ from the catalogue: [{course.pk}]" in (
        out.getvalue()
    )

    out = StringIO()
    call_command("search_index", "--check", "--repair", stdout=out)
    assert "match the database" in out.getvalue()
    results = run()
    assert counts(results, "role") == {"data-engineer": 1}
    assert counts(results, "fee_type") == {"free": 1}


def test_rebuild_fills_the_facet_values_as_the_after_commit_update_does(committed):
    from search.indexing import rebuild_search_text

    with committed():
        list_course(CourseFactory(roles=[role("data-engineer")], study_hours="0.5"))
        list_course(CourseFactory(delivery="classroom", venue_prefecture="27", fee_yen=3000))
    fields = [f.attname for f in CourseFacets._meta.concrete_fields]
    after_commit = sorted(CourseFacets.objects.values_list(*fields))
    rebuild_search_text()
    assert sorted(CourseFacets.objects.values_list(*fields)) == after_commit
