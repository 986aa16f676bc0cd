"""Calendar dates in admin listings read as dates, not 「0分前」 (#14 item 4)."""

import datetime

import pytest
from django.utils import timezone

from catalogue.models import Course
from tests.catalogue.admin import snippet_url
from tests.catalogue.factories import SecretariatUserFactory, listed_course

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("days", [0, 400])
def test_listed_until_is_shown_as_a_date(client, site, days):
    course = listed_course(title="掲載終了日の講座")
    until = timezone.localdate() + datetime.timedelta(days=days)
    Course.objects.filter(pk=course.pk).update(listed_until=until)
    client.force_login(SecretariatUserFactory())

    html = client.get(snippet_url(Course, "list_results")).content.decode()

    assert (
        f'<time datetime="{until:%Y-%m-%d}">{until.year}年{until.month}月{until.day}日</time>'
        in html
    )
    # The cell holds the date itself; Wagtail's DateColumn showed 「0分前」 here.
    cell = html[html.index(f'<time datetime="{until:%Y-%m-%d}">') :]
    assert not cell[: cell.index("</td>")].strip().endswith("前")
