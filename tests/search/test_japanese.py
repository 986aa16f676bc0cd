"""Japanese queries as learners type them, with the hits a person expects, on both backends.

One catalogue of realistic titles; each class of the analysis (width, case, long vowels,
synonyms, word boundaries, compounds, punctuation, multi-word AND, unknown words, no hits) is a
row of ``CASES``. Both backends must give exactly these hits, hence also the same hits.
"""

import pytest
from django.http import QueryDict

from search.backends import elastic
from search.backends.database import DatabaseSearchBackend
from search.backends.elastic import ElasticsearchSearchBackend
from search.models import Synonym
from search.query import parse_search_query
from search.service import search
from tests.catalogue.factories import CourseFactory, PartnerFactory, list_course

pytestmark = pytest.mark.django_db

TITLES = {
    "ai-fullwidth": ("ＡＩ活用入門", "業務でＡＩを使う"),
    "ai-engineer": ("AIエンジニア養成講座", "実務で使えるモデル開発"),
    "jinko-chino": ("人工知能の基礎", "探索と推論を学ぶ"),
    "python": ("Ｐｙｔｈｏｎ業務自動化講座", "定型作業を減らす"),
    "database": ("ﾃﾞｰﾀﾍﾞｰｽ設計の基礎", "正規化とSQL"),
    "server": ("サーバ運用管理の基礎", "監視とバックアップ"),
    "tokyo": ("東京都のDX推進講座", "東京都内の会場で開催"),
    "kyoto": ("京都で学ぶデータ分析", "地域データを扱う"),
    "rails": ("Ruby on Rails入門", "Webアプリケーション開発"),
    "ml": ("機械学習エンジニア育成", "モデルの評価まで"),
    "machine-tool": ("工作機械の保守", "現場での学習を重視"),
    "cloud": ("クラウド（AWS）入門", "基本サービスを触る"),
    "excel": ("Excel関数入門", "表計算の基本"),
    "deep": ("ディープラーニング実践", "画像認識"),
    "shinso": ("深層学習の数理", "誤差逆伝播"),
    "it-passport": ("ITパスポート試験対策", "頻出分野の演習"),
    "zero-trust": ("ゼロトラスト設計", "境界防御からの移行"),
}

CASES = [
    # (class, query, expected keys)
    ("width", "ＡＩ", {"ai-fullwidth", "ai-engineer", "jinko-chino"}),
    ("width", "AI", {"ai-fullwidth", "ai-engineer", "jinko-chino"}),
    ("width", "Python 自動化", {"python"}),
    ("width", "データベース", {"database"}),
    ("width", "ﾃﾞｰﾀﾍﾞｰｽ", {"database"}),
    ("case", "python", {"python"}),
    ("case", "EXCEL", {"excel"}),
    ("long vowels", "サーバー", {"server"}),
    ("long vowels", "サーバ", {"server"}),
    ("synonyms", "人工知能", {"ai-fullwidth", "ai-engineer", "jinko-chino"}),
    ("synonyms", "深層学習", {"deep", "shinso"}),
    ("synonyms", "ディープラーニング", {"deep", "shinso"}),
    ("synonyms", "iパス", {"it-passport"}),
    ("word boundaries", "京都", {"kyoto"}),
    ("word boundaries", "東京都", {"tokyo"}),
    ("word boundaries", "R", set()),
    ("word boundaries", "Rails", {"rails"}),
    ("compounds", "機械学習", {"ml"}),
    ("compounds", "機械", {"ml", "machine-tool"}),
    ("compounds", "データ 分析", {"kyoto"}),
    ("compounds", "データ分析", {"kyoto"}),
    ("punctuation", '"Python"', {"python"}),
    ("punctuation", "Excel*", {"excel"}),
    ("punctuation", "クラウド（AWS）入門", {"cloud"}),
    ("punctuation", "【クラウド】", {"cloud"}),
    ("multi-word AND", "AI 入門", {"ai-fullwidth"}),
    ("multi-word AND", "基礎　設計", {"database"}),  # a full-width space separates too
    ("unknown words", "ゼロトラスト", {"zero-trust"}),
    ("no hits", "量子コンピュータ", set()),
    ("no hits", "!!! ***", None),  # only punctuation: no text condition, every course
]


@pytest.fixture
def japanese_catalogue(db, django_capture_on_commit_callbacks):
    partner = PartnerFactory(name="株式会社学び舎")
    with django_capture_on_commit_callbacks(execute=True):
        return {
            key: list_course(
                CourseFactory(
                    partner=partner, title=title, summary=summary, description="<p>講義</p>"
                )
            ).pk
            for key, (title, summary) in TITLES.items()
        }


@pytest.fixture(params=["database", "elasticsearch"])
def backend(request, japanese_catalogue, settings):
    if request.param == "database":
        return DatabaseSearchBackend()
    request.getfixturevalue("es")
    settings.SEARCH_BACKEND = "elasticsearch"
    elastic.rebuild()
    return ElasticsearchSearchBackend()


def hits(backend, text):
    params = QueryDict(mutable=True)
    params["q"] = text
    params["page_size"] = "100"
    query = parse_search_query(params)
    return {hit.id for hit in search(query, backend=backend).hits}


def test_japanese_queries_find_what_a_learner_expects(backend, japanese_catalogue):
    ids = japanese_catalogue
    wrong = {}
    for kind, text, expected in CASES:
        want = set(ids.values()) if expected is None else {ids[key] for key in expected}
        got = hits(backend, text)
        if got != want:
            names = {v: k for k, v in ids.items()}
            wrong[f"{kind}: {text}"] = {
                "missing": sorted(names[i] for i in want - got),
                "unexpected": sorted(names[i] for i in got - want),
            }
    assert wrong == {}


def test_a_synonym_added_in_the_admin_applies_to_the_next_query(backend, japanese_catalogue):
    assert hits(backend, "ZT") == set()
    Synonym.objects.create(terms="ZT, ゼロトラスト")
    assert hits(backend, "ZT") == {japanese_catalogue["zero-trust"]}


def test_highlights_mark_the_matched_words_in_the_original_spelling(backend, japanese_catalogue):
    query = parse_search_query(QueryDict("q=データベース"))
    (hit,) = search(query, backend=backend).hits
    assert hit.highlights["title"] == "<mark>ﾃﾞｰﾀﾍﾞｰｽ</mark>設計の基礎"
    query = parse_search_query(QueryDict("q=京都"))
    (hit,) = search(query, backend=backend).hits
    assert hit.highlights["title"] == "<mark>京都</mark>で学ぶデータ分析"
