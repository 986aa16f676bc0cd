"""Wagtail's admin search index on PostgreSQL: saving one page does not rewrite the others' rows."""

import pytest
from django.db import connection
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from tests.manabi.factories import HomePageFactory

pytestmark = pytest.mark.django_db


def row_versions(pages):
    """PostgreSQL's xmin of each page's index entry: it changes whenever the row is rewritten."""
    ids = [p.pk for p in pages]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT object_id, xmin::text FROM wagtailsearch_indexentry WHERE object_id = ANY(%s)",
            [[str(i) for i in ids]],
        )
        return dict(cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's index entries")
def test_publishing_a_page_leaves_the_other_pages_index_entries_alone(site):
    # One-term titles (a Japanese title is one term for the `simple` parser): the average
    # title length is a whole number, the case where every row used to be rewritten.
    pages = [
        HomePageFactory(parent=site.root_page, title=title, slug=f"p{n}")
        for n, title in enumerate(["データ分析入門", "機械学習基礎", "クラウド設計"])
    ]
    before = row_versions(pages)
    assert len(before) == 3

    HomePageFactory(parent=site.root_page, title="セキュリティ演習", slug="p9")

    assert row_versions(pages) == before
    # …and the admin search still finds what it indexed.
    results = get_search_backend().search("クラウド設計", Page)
    assert [p.title for p in results] == ["クラウド設計"]
