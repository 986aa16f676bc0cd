"""The secretariat edits synonyms in the admin; bad input is refused in Japanese and loses nothing."""

import pytest
from django.urls import reverse

from search.models import Synonym
from tests.catalogue.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def test_synonyms_are_seeded_with_a_japanese_it_list():
    mapping = Synonym.mapping()
    assert ("人工知能",) in mapping[("ai",)]
    assert ("深層学習",) in mapping[("ディープラーニング",)]
    assert ("it", "パスポート") in mapping[("i", "パス")]


def test_a_synonym_set_is_added_in_the_admin(admin):
    url = reverse("wagtailsnippets_search_synonym:add")
    response = admin.post(url, {"terms": "ノーコード, NoCode"})
    assert response.status_code == 302
    assert Synonym.objects.filter(terms="ノーコード, NoCode").exists()


def test_a_single_word_is_refused_with_a_japanese_message_and_kept(admin):
    url = reverse("wagtailsnippets_search_synonym:add")
    response = admin.post(url, {"terms": "ノーコード"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "カンマで区切って2語以上" in body
    assert 'value="ノーコード"' in body
    assert not Synonym.objects.filter(terms="ノーコード").exists()
