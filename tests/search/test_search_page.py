"""The learner page on every width: cards that answer the usual questions, facets that fold away."""

import re

import pytest

from catalogue.models import Subsidy
from tests.catalogue.factories import CourseFactory, PartnerFactory, list_course

pytestmark = pytest.mark.django_db


def test_cards_show_level_fee_study_time_delivery_subsidies_and_provider(
    client, site, catalogue_data
):
    html = client.get("/courses/", {"q": "データ分析実践"}).content.decode()
    card = html[html.index('class="course-card"') :]
    card = card[: card.index("</li>")]
    text = re.sub(r"<[^>]+>", " ", card)
    text = " ".join(text.split())
    assert "株式会社データ学院" in text
    assert "レベル レベル3" in text
    assert "受講料 55,000円" in text
    assert "学習時間 12時間" in text
    assert "実施形態 通学（東京都）" in text  # a classroom course says where it is held

    free = client.get("/courses/", {"q": "データサイエンス入門"}).content.decode()
    assert "無料" in free
    assert Subsidy.objects.get(code="benefit-general").name in free


def test_facets_fold_away_in_details_and_work_without_javascript(client, site, catalogue_data):
    html = client.get("/courses/", {"level": "3"}).content.decode()
    assert '<details class="course-search__facets" id="facets"' in html
    # The panel starts closed (a phone sees results first); a facet with a selection is open.
    assert re.search(r'<details class="facet" open>\s*<summary>レベル', html)
    assert "（1件選択中）" in html
    # The result count and the chips come before the facet panel and the results.
    assert html.index("2 件の講座") < html.index('id="facets"') < html.index("course-list")
    assert "レベル: レベル3" in html


def test_many_providers_show_the_top_ones_and_a_link_to_the_rest(
    client, site, django_capture_on_commit_callbacks
):
    partners = [PartnerFactory(name=f"提供事業者{i:02d}") for i in range(12)]
    with django_capture_on_commit_callbacks(execute=True):  # indexed as after the commit
        for i, partner in enumerate(partners):
            for _ in range(1 if i else 3):  # the first provider has the most courses
                list_course(CourseFactory(partner=partner))
    html = client.get("/courses/").content.decode()
    assert html.count('name="partner"') == 8
    assert '提供事業者00 <span class="count">(3)</span>' in html
    assert "ほか4件を表示（講座提供事業者）" in html
    more = re.search(r'href="([^"]*more=partner[^"]*)"', html).group(1).replace("&amp;", "&")

    every = client.get("/courses/" + more.split("#")[0]).content.decode()
    assert every.count('name="partner"') == 12
    assert 'type="hidden" name="more" value="partner"' in every
