"""The learner page's facet values are built in Python (search/views.py: facet_value_items):
escaped and checked exactly as the template did it."""

import pytest

from search.results import FacetValue
from search.views import facet_value_items
from tests.catalogue.factories import CourseFactory, PartnerFactory, list_course

pytestmark = pytest.mark.django_db


def test_a_provider_name_with_markup_is_shown_as_text(
    client, site, django_capture_on_commit_callbacks
):
    partner = PartnerFactory(name='<script>alert("x")</script>研修&Co')
    with django_capture_on_commit_callbacks(execute=True):  # indexed as after the commit
        list_course(CourseFactory(partner=partner))
    html = client.get("/courses/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;研修&amp;Co" in html


def test_a_chosen_value_is_checked_and_counts_are_grouped(
    client, site, django_capture_on_commit_callbacks
):
    partner = PartnerFactory(name="株式会社データ学院")
    with django_capture_on_commit_callbacks(execute=True):  # indexed as after the commit
        list_course(CourseFactory(partner=partner, level=3))
    html = client.get("/courses/", {"level": "3", "partner": str(partner.pk)}).content.decode()
    assert (
        f'<input type="checkbox" id="f-partner-1" name="partner" value="{partner.pk}" checked> '
        '<label for="f-partner-1">株式会社データ学院 <span class="count">(1)</span></label>'
    ) in html
    assert 'name="level" value="3" checked>' in html
    assert html.count(" checked>") == 2  # the two chosen values, nothing else


def test_counts_over_a_thousand_have_a_separator():
    value = FacetValue(value="2", label="レベル2", count=12345, selected=False)
    items = facet_value_items("level", [value])
    assert '<span class="count">(12,345)</span>' in items
