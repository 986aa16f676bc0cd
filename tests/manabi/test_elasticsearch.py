"""A real round trip to the Elasticsearch server started by tests/services/provision.sh."""

import pytest
from elasticsearch import helpers

from search.elasticsearch import index_name

pytestmark = pytest.mark.elasticsearch


def test_index_bulk_query_and_aggregate(es):
    name = index_name("roundtrip")
    es.indices.create(
        index=name,
        mappings={"properties": {"title": {"type": "text"}, "level": {"type": "keyword"}}},
    )
    docs = [
        {"title": "データサイエンス入門", "level": "2"},
        {"title": "データ分析 実践", "level": "3"},
        {"title": "DXリテラシー基礎", "level": "1"},
        {"title": "クラウド設計", "level": "3"},
    ]
    ok, errors = helpers.bulk(
        es, ({"_index": name, "_id": i, "_source": d} for i, d in enumerate(docs)), refresh=True
    )
    assert (ok, errors) == (4, [])

    result = es.search(
        index=name,
        query={"terms": {"level": ["2", "3"]}},
        aggs={"levels": {"terms": {"field": "level"}}},
        size=10,
    )

    assert result["hits"]["total"]["value"] == 3
    assert {hit["_source"]["title"] for hit in result["hits"]["hits"]} == {
        "データサイエンス入門",
        "データ分析 実践",
        "クラウド設計",
    }
    buckets = {b["key"]: b["doc_count"] for b in result["aggregations"]["levels"]["buckets"]}
    assert buckets == {"3": 2, "2": 1}


def test_each_test_gets_its_own_index_prefix(es, settings):
    assert settings.SEARCH_INDEX_PREFIX.startswith("test-")
    assert index_name("courses") == f"{settings.SEARCH_INDEX_PREFIX}courses"
