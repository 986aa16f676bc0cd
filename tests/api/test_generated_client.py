"""A client generated from the live OpenAPI document, used as a consuming site would use it.

openapi-python-client (dev extra) generates the package into a temporary
directory; no file of it is patched. The client talks to the application over
WSGI (httpx's WSGI transport) inside the test's transaction.
"""

import importlib
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from wagtail.models import APIToken

from catalogue.models import Role
from tests.catalogue.factories import CourseFactory, PartnerFactory, PartnerUserFactory, list_course

pytestmark = pytest.mark.django_db
GENERATOR = Path(sys.executable).with_name("openapi-python-client")
GENERATE = [GENERATOR, "generate", "--path", "openapi.json", "--meta", "none"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory, django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        document = Client().get("/api/v3/openapi.json").content
    workdir = tmp_path_factory.mktemp("client")
    (workdir / "openapi.json").write_bytes(document)
    subprocess.run(
        [*GENERATE, "--output-path", "manabi_client"],
        cwd=workdir,
        check=True,
        capture_output=True,
    )
    sys.path.insert(0, str(workdir))
    try:
        yield lambda name: importlib.import_module(f"manabi_client.{name}")
    finally:
        sys.path.remove(str(workdir))
        for name in [m for m in sys.modules if m.split(".")[0] == "manabi_client"]:
            del sys.modules[name]


@contextmanager
def wsgi_transport():
    """Keep the test's connection (and transaction) across the client's requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield httpx.WSGITransport(app=get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_list_search_page_to_the_end_and_partner_flow(
    generated, site, django_capture_on_commit_callbacks
):
    client_module = generated("client")
    courses_list = generated("api.courses.courses_list")
    courses_search = generated("api.search.courses_search")
    create = generated("api.partner_authenticated.partner_courses_create")
    update = generated("api.partner_authenticated.partner_courses_update")
    submit = generated("api.partner_authenticated.partner_courses_submit")
    withdraw = generated("api.partner_authenticated.partner_courses_withdraw")
    own_list = generated("api.partner_authenticated.partner_courses_list")
    models = generated("models")

    partner = PartnerFactory()
    roles = list(Role.objects.all()[:2])
    # Indexed as after the commit: the search reads what the after-commit indexing stored.
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            list_course(CourseFactory(partner=partner, level=3, roles=roles))
        list_course(CourseFactory(partner=partner, level=1, course_type="literacy", roles=[]))
    _token, plaintext = APIToken.create_token(user=PartnerUserFactory(partner=partner), name="c")

    with wsgi_transport() as transport:
        args = {"base_url": "http://testserver", "httpx_args": {"transport": transport}}
        public = client_module.Client(**args)
        token = client_module.AuthenticatedClient(token=plaintext, **args)

        # Page through the whole listing, two at a time.
        seen, page = [], 1
        while True:
            result = courses_list.sync(client=public, page=page, page_size=2)
            seen += [course.id for course in result.items]
            assert isinstance(result.items[0].study_hours, float)
            if result.next_ is None:
                break
            page += 1
        assert len(seen) == len(set(seen)) == 6 and page == 3

        # Search with a facet from its enum.
        level_3 = models.CoursesSearchLevelItem(3)
        found = courses_search.sync(client=public, level=[level_3], page_size=100)
        assert found.count == 5
        assert {value.value for value in found.facets["level"]} >= {"1", "3"}
        # A hit names its partner with the lists' PartnerRef.
        assert isinstance(found.items[0].partner, models.PartnerRef)
        assert found.items[0].partner.id == partner.pk

        # The partner flow: draft, change, submit, withdraw.
        payload = {
            "title": "生成クライアントの講座",
            "summary": "生成クライアントから登録",
            "description": "<p>説明</p>",
            "course_url": "https://partner.example.jp/generated",
            "level": 3,
            "course_type": "practical",
            "standards": ["dss-p-1-2"],
            "roles": ["data-engineer"],
            "fee_type": "paid",
            "fee_yen": 1000,
            "study_hours": 6.5,
            "delivery": "on_demand",
        }
        created = create.sync(client=token, body=models.CourseIn.from_dict(payload))
        assert isinstance(created, models.OwnCourseOut), created
        changed = update.sync(
            course_id=created.id,
            client=token,
            body=models.CourseIn.from_dict({**payload, "title": "変更した講座"}),
        )
        assert changed.title == "変更した講座"
        assert submit.sync(course_id=created.id, client=token).in_review is True
        assert withdraw.sync(course_id=created.id, client=token).in_review is False
        mine = own_list.sync(client=token, page_size=100)
        assert created.id in {course.id for course in mine.items}
        # A problem is a typed object too.
        refused = withdraw.sync(course_id=created.id, client=token)
        assert isinstance(refused, models.ProblemDetail) and refused.status == 409
