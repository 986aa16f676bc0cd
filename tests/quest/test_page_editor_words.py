"""The page editor's own words are Wagtail's, not the project's words for something else."""

import pytest
from django.contrib.auth import get_user_model

from tests.quest.factories import ProgrammeIndexPageFactory, QuestHomePageFactory

pytestmark = pytest.mark.django_db


def test_creating_a_programme_page_is_not_called_a_new_listing(client, site):
    """「新規掲載」 (a new course listing, the dashboard's chart) once replaced Wagtail's 「新規」."""
    programmes = ProgrammeIndexPageFactory(parent=QuestHomePageFactory(parent=site.root_page))
    client.force_login(get_user_model().objects.create_superuser("ed", "ed@example.jp", "x"))
    html = client.get(
        f"/admin/pages/add/quest/programmepage/{programmes.pk}/", headers={"accept-language": "ja"}
    ).content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "プログラムページ" in title
    assert "新規掲載" not in html


def test_the_dashboard_chart_still_says_new_listings(db):
    from django.utils import translation

    from dashboard.figures import listing_changes
    from dashboard.fiscal_year import FiscalYear

    with translation.override("ja"):
        assert listing_changes(FiscalYear(2026)).columns[0] == "新規掲載"
