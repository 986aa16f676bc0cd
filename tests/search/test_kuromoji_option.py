"""``SEARCH_JA_ANALYZER=kuromoji``: an optional sub-field that only adds to the score.

The integration-test Elasticsearch has no analysis plugins, so these tests check what the index
and the query would ask of a server that has kuromoji: the mapping and the query body are built
by the same code that creates real indices (``index_mapping``) and runs real searches.
"""

from search.analysis import analyse_query
from search.backends.elastic import TEXT_FIELDS, CourseFacetedSearch, index_mapping


def search_body(text):
    faceted = CourseFacetedSearch(analyse_query(text, synonyms={}), text, {}, "relevance")
    return faceted.build_search().to_dict()


def test_without_the_setting_the_mapping_has_no_kuromoji_subfield(settings):
    settings.SEARCH_JA_ANALYZER = "standard"
    properties = index_mapping()["properties"]
    for name in TEXT_FIELDS:
        assert "fields" not in properties[name]
        assert properties[name].get("analyzer", "standard") == "standard"
    assert "kuromoji" not in str(index_mapping())
    assert ".ja" not in str(search_body("データ分析"))


def test_with_kuromoji_each_text_field_gains_a_kuromoji_subfield(settings):
    settings.SEARCH_JA_ANALYZER = "kuromoji"
    properties = index_mapping()["properties"]
    for name in TEXT_FIELDS:
        assert properties[name]["fields"] == {"ja": {"type": "text", "analyzer": "kuromoji"}}
    # The token fields that decide the hits stay whitespace-analysed.
    assert properties["title_tokens"]["analyzer"] == "whitespace"


def test_with_kuromoji_the_subfield_only_adds_to_the_score(settings):
    settings.SEARCH_JA_ANALYZER = "kuromoji"
    query = search_body("データ 分析")["query"]["bool"]
    # The token groups decide the hits; the kuromoji clause is an optional should beside them
    # (a should-only clause among the musts would be required and drop token matches).
    assert ".ja" not in str(query["must"])
    assert query["minimum_should_match"] == 0
    (clause,) = query["should"]
    assert clause["multi_match"]["fields"] == [f"{name}.ja" for name in TEXT_FIELDS]
    assert clause["multi_match"]["query"] == "データ 分析"
