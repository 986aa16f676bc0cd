"""The search contract on both backends: facet counts by hand, OR/AND, Japanese text, escaping."""

import pytest
from django.http import QueryDict

from search.backends import elastic
from search.backends.database import DatabaseSearchBackend
from search.backends.elastic import ElasticsearchSearchBackend
from search.query import parse_search_query
from search.service import search
from search.views import allowed_values

pytestmark = pytest.mark.django_db


def run(backend, query_string=""):
    query = parse_search_query(QueryDict(query_string), valid_values=allowed_values)
    return search(query, backend=backend)


def counts(results, facet):
    return {v.value: v.count for v in results.facets[facet]}


def selected(results, facet):
    return {v.value for v in results.facets[facet] if v.selected}


def titles(results):
    return {hit.title for hit in results.hits}


@pytest.fixture(params=["database", "elasticsearch"])
def backend(request, catalogue_data, settings):
    if request.param == "database":
        return DatabaseSearchBackend()
    request.getfixturevalue("es")
    settings.SEARCH_BACKEND = "elasticsearch"
    elastic.rebuild()
    return ElasticsearchSearchBackend()


def test_only_listed_courses_and_exact_facet_counts(backend):
    results = run(backend)
    assert results.total == 5
    assert counts(results, "level") == {"1": 1, "2": 1, "3": 2, "4": 1}
    assert counts(results, "fee_type") == {"free": 2, "paid": 2, "partly_free": 1}
    assert counts(results, "study_time") == {"up-to-1h": 2, "1-10h": 1, "10h-plus": 2}
    assert counts(results, "delivery") == {
        "on_demand": 2,
        "classroom": 1,
        "online_live": 1,
        "hybrid": 1,
    }
    assert counts(results, "individual_application") == {"yes": 4, "no": 1}
    assert counts(results, "role")["data-engineer"] == 2
    assert counts(results, "subsidy") == {"benefit-general": 1, "reskill-certified": 1}
    assert counts(results, "exam") == {"it-passport": 1}


def test_a_facets_own_selection_does_not_shrink_its_counts(backend, catalogue_data):
    results = run(backend, "level=3")
    assert results.total == 2
    assert counts(results, "level") == {"1": 1, "2": 1, "3": 2, "4": 1}
    assert selected(results, "level") == {"3"}
    # Other facets are narrowed by the level selection.
    assert counts(results, "fee_type") == {"paid": 2}
    p1, p2 = str(catalogue_data["p1"].pk), str(catalogue_data["p2"].pk)
    assert counts(results, "partner") == {p1: 1, p2: 1}


def test_or_within_a_facet_and_across_facets(backend):
    assert run(backend, "level=1&level=2").total == 2
    both = run(backend, "level=3&role=data-engineer")
    assert titles(both) == {"データ分析実践"}
    assert run(backend, "level=3&fee_type=free").total == 0


def test_japanese_substring_search(backend):
    assert titles(run(backend, "q=データ")) == {"データサイエンス入門", "データ分析実践"}
    assert titles(run(backend, "q=サイエンス")) == {"データサイエンス入門"}
    assert titles(run(backend, "q=データ 実践")) == {"データ分析実践"}
    assert titles(run(backend, "q=クラウド研修")) == {
        "クラウド設計ハンズオン",
        "DXリテラシー基礎",
        "<script>alert(1)</script>",
    }


def test_text_and_facets_combine(backend):
    results = run(backend, "q=データ&fee_type=free")
    assert titles(results) == {"データサイエンス入門"}
    assert counts(results, "fee_type") == {"free": 1, "paid": 1}


def test_title_weighs_more_than_summary_and_description(
    backend, catalogue_data, django_capture_on_commit_callbacks
):
    from tests.catalogue.factories import CourseFactory, list_course

    partner = catalogue_data["p1"]
    with django_capture_on_commit_callbacks(execute=True):
        in_description = list_course(
            CourseFactory(
                partner=partner,
                title="分散台帳の基礎",
                summary="仕組みを学ぶ",
                description="<p>ブロックチェーンの応用</p>",
            )
        )
        in_summary = list_course(
            CourseFactory(
                partner=partner,
                title="暗号技術の基礎",
                summary="ブロックチェーンを支える暗号",
                description="<p>講義</p>",
            )
        )
        in_title = list_course(
            CourseFactory(
                partner=partner,
                title="ブロックチェーン入門",
                summary="基礎から学ぶ",
                description="<p>講義</p>",
            )
        )
    if backend.name == "elasticsearch":
        elastic.rebuild()

    results = run(backend, "q=ブロックチェーン")

    assert [hit.id for hit in results.hits] == [in_title.pk, in_summary.pk, in_description.pk]
    assert results.hits[0].highlights["title"] == "<mark>ブロックチェーン</mark>入門"
    assert results.hits[1].highlights["summary"] == "<mark>ブロックチェーン</mark>を支える暗号"


def test_sorts(backend):
    assert [h.fee_yen for h in run(backend, "sort=fee").hits] == [0, 0, 1000, 33000, 55000]
    assert [h.study_hours for h in run(backend, "sort=hours").hits] == [0.5, 1.0, 5.0, 12.0, 20.0]


def test_pages(backend):
    first = run(backend, "sort=fee&page_size=2")
    second = run(backend, "sort=fee&page_size=2&page=2")
    assert (first.total, first.num_pages, first.has_next) == (5, 3, True)
    assert [h.fee_yen for h in second.hits] == [1000, 33000]


def test_markup_in_titles_is_escaped_in_highlights(backend):
    results = run(backend, "q=script")
    hit = next(h for h in results.hits if h.level == 4)
    assert (
        hit.highlights["title"] == "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;"
    )


def test_filter_only_queries_agree_across_backends(catalogue_data, es, settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    elastic.rebuild()
    for query_string in [
        "",
        "level=3",
        "level=1&level=2",
        "role=data-engineer&fee_type=paid",
        "study_time=up-to-1h",
        "individual_application=no",
    ]:
        database = run(DatabaseSearchBackend(), query_string)
        elasticsearch = run(ElasticsearchSearchBackend(), query_string)
        assert database.total == elasticsearch.total, query_string
        assert database.facets == elasticsearch.facets, query_string


TEXT_QUERIES = [
    "q=データ",
    "q=データ&level=3",
    "q=設計",
    "q=クラウド設計",
    "q=DX 入門",
    "q=ＡＷＳ",
    "q=script",
    "q=株式会社データ学院",
    "q=データ&sort=fee",
    "q=学ぶ&delivery=on_demand&delivery=classroom",
]


def test_text_queries_agree_across_backends(catalogue_data, es, settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    elastic.rebuild()
    for query_string in TEXT_QUERIES:
        db = run(DatabaseSearchBackend(), query_string)
        es_results = run(ElasticsearchSearchBackend(), query_string)
        assert {h.id for h in db.hits} == {h.id for h in es_results.hits}, query_string
        assert db.total == es_results.total, query_string
        for facet in db.facets:
            assert counts(db, facet) == counts(es_results, facet), (query_string, facet)
