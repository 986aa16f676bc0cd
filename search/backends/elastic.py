"""Course search on Elasticsearch, written with elasticsearch-dsl.

Japanese text is analysed in Python (``search.analysis``), the same tokens the database backend
searches: each text field is stored as its space-separated tokens and analysed on the server with the
core ``whitespace`` analyzer, so a server without plugins (the integration-test distribution)
behaves as production. ``grams`` holds the character bigrams, the lower-weighted fallback for query
words the dictionary does not know. Where ``SEARCH_JA_ANALYZER`` names a real Japanese analyzer
(``kuromoji``), each raw text field gains a sub-field analysed by it that adds to the score only:
which courses match is decided by the tokens, so both backends return the same hits.
"""

import logging

from django.conf import settings
from django.utils import timezone
from elasticsearch import helpers
from elasticsearch_dsl import (
    Date,
    Document,
    FacetedSearch,
    Float,
    Integer,
    Keyword,
    Q,
    TermsFacet,
    Text,
)

from catalogue.models import Course
from catalogue.models.courses import course_page_url

from ..analysis import GRAM_PREFIX, analyse_query, query_words
from ..elasticsearch import get_client, index_name
from ..facets import FACETS
from ..indexing import (
    M2M_FACETS,  # noqa: F401 - the document's many-to-many fields, read by tests
    RANK_WEIGHTS,
    analyse_course,
    analysed_batches,
    course_texts,
    m2m_codes,
)
from ..results import PartnerRef, SearchResults, build_facets, make_hit

logger = logging.getLogger(__name__)

TEXT_FIELDS = {"title": 3, "summary": 2, "description": 1, "partner_name": 1}
SORTS = {
    "relevance": ["_score", "-published_at", "-id"],
    "newest": ["-published_at", "-id"],
    "fee": ["fee_yen", "id"],
    "hours": ["study_hours", "id"],
}
ALIAS = "courses"
REBUILD_TIMEOUT_SECONDS = 120
SOURCE_EXCLUDES = ["description", "grams", *(f"{name}_tokens" for name in TEXT_FIELDS)]


class CourseDocument(Document):
    id = Integer()
    title = Text()
    summary = Text()
    description = Text()
    partner_name = Text()
    title_tokens = Text(analyzer="whitespace")
    summary_tokens = Text(analyzer="whitespace")
    description_tokens = Text(analyzer="whitespace")
    partner_name_tokens = Text(analyzer="whitespace")
    grams = Text(analyzer="whitespace")
    partner = Keyword()
    level = Keyword()
    course_type = Keyword()
    fee_type = Keyword()
    fee_yen = Integer()
    study_hours = Float()
    study_time = Keyword()
    delivery = Keyword()
    individual_application = Keyword()
    subsidy = Keyword(multi=True)
    reskill_field = Keyword(multi=True)
    role = Keyword(multi=True)
    skill_category = Keyword(multi=True)
    exam = Keyword(multi=True)
    prefecture = Keyword()
    published_at = Date()
    listed_until = Date()

    @classmethod
    def from_course(cls, course):
        """The document of a course loaded with its partner and many-to-many codes."""
        codes = {
            "subsidy": [s.code for s in course.subsidies.all()],
            "reskill_field": [f.code for f in course.reskill_fields.all()],
            "role": [r.code for r in course.roles.all()],
            "skill_category": [c.code for c in course.skill_categories.all()],
            "exam": [e.code for e in course.exams.all()],
        }
        texts = course_texts(course)
        return cls.from_parts(course, texts, analyse_course(texts), codes)

    @classmethod
    def from_parts(cls, course, texts, analysed, codes):
        return cls(
            meta={"id": course.pk},
            id=course.pk,
            **texts,
            **{f"{name}_tokens": " ".join(analysed[name]) for name in TEXT_FIELDS},
            grams=" ".join(analysed["grams"]),
            partner=str(course.partner_id),
            level=str(course.level),
            course_type=course.course_type,
            fee_type=course.fee_type,
            fee_yen=course.fee_yen,
            study_hours=float(course.study_hours),
            study_time=course.study_time_bucket,
            delivery=course.delivery,
            individual_application="yes" if course.individual_application else "no",
            prefecture=course.venue_prefecture or None,
            published_at=course.first_published_at,
            listed_until=course.listed_until,
            **codes,
        )


def alias_name():
    return index_name(ALIAS)


def index_settings():
    return {
        "number_of_shards": settings.ELASTICSEARCH_SHARDS,
        "number_of_replicas": settings.ELASTICSEARCH_REPLICAS,
        "refresh_interval": "1s",
    }


JA_SUBFIELD = "ja"


def ja_analyzer():
    """The Japanese analyzer of the optional sub-field, or None (``standard``: no plugin)."""
    analyzer = settings.SEARCH_JA_ANALYZER
    return None if analyzer in ("", "standard") else analyzer


def index_mapping():
    """The document mapping; with ``SEARCH_JA_ANALYZER=kuromoji`` each raw text field gains a
    ``ja`` sub-field analysed by it, which only adds to the score (see ``CourseFacetedSearch``)."""
    mapping = CourseDocument._doc_type.mapping.to_dict()
    analyzer = ja_analyzer()
    if analyzer:
        for name in TEXT_FIELDS:
            mapping["properties"][name]["fields"] = {
                JA_SUBFIELD: {"type": "text", "analyzer": analyzer}
            }
    return mapping


def create_index(name):
    client = get_client()
    client.indices.create(index=name, settings=index_settings(), mappings=index_mapping())
    return name


def ensure_index():
    """Create the first index behind the alias if there is none yet."""
    client = get_client()
    alias = alias_name()
    if not client.indices.exists_alias(name=alias):
        name = create_index(f"{alias}-{timezone.now():%Y%m%d%H%M%S%f}")
        client.indices.put_alias(index=name, name=alias)
    return alias


def indexable_courses():
    return (
        Course.objects.listed()
        .select_related("partner")
        .prefetch_related("subsidies", "reskill_fields", "roles", "skill_categories", "exams")
    )


def sync_courses(course_ids):
    """Make the index agree with the database for these courses: index listed ones, drop the rest."""
    ids = set(course_ids)
    if not ids:
        return
    alias = ensure_index()
    listed = list(indexable_courses().filter(pk__in=ids))
    actions = [
        {
            "_op_type": "index",
            "_index": alias,
            "_id": c.pk,
            "_source": CourseDocument.from_course(c).to_dict(),
        }
        for c in listed
    ]
    actions += [
        {"_op_type": "delete", "_index": alias, "_id": pk} for pk in ids - {c.pk for c in listed}
    ]
    helpers.bulk(get_client(), actions, raise_on_error=False, refresh="wait_for")


def document_source(document):
    """``document.to_dict()`` without elasticsearch-dsl's per-field lookups (a quarter of a
    rebuild): every field of ``CourseDocument`` serialises as itself, so only empty values go."""
    return {k: v for k, v in document._d_.items() if v not in ([], {}, None)}


def rebuild_actions(index, queryset, processes, stats):
    """Bulk actions for every course, analysed in batches (worker processes when asked)."""
    import time

    courses = {}

    def rows():
        # Courses without prefetches; their texts go to the analysis workers.
        for course in queryset.iterator(chunk_size=2000):
            texts = course_texts(course)
            courses[course.pk] = (course, texts)
            yield course.pk, texts

    started = time.perf_counter()
    for batch in analysed_batches(rows(), batch_size=500, processes=processes):
        stats["analysis_seconds"] += time.perf_counter() - started
        codes = m2m_codes([pk for pk, _analysed in batch])
        for pk, analysed in batch:
            course, texts = courses.pop(pk)
            document = CourseDocument.from_parts(course, texts, analysed, codes[pk])
            yield {"_index": index, "_id": pk, "_source": document_source(document)}
        started = time.perf_counter()


def rebuild(progress=None, chunk_size=500, processes=1, stats=None):
    """Index every listed course into a new index, check the count, then swap the alias atomically.

    Searches keep using the old index until the swap. Returns (index name, count). ``stats``
    (a dict) receives ``analysis_seconds``: time spent waiting for the Japanese analysis.
    """
    stats = stats if stats is not None else {}
    stats.setdefault("analysis_seconds", 0.0)
    # Searches keep the short timeout (they fall back to the database); a bulk request of a
    # rebuild on a busy server may take longer, and failing it would waste the whole rebuild.
    client = get_client().options(request_timeout=REBUILD_TIMEOUT_SECONDS)
    alias = alias_name()
    new_index = create_index(f"{alias}-{timezone.now():%Y%m%d%H%M%S%f}")
    client.indices.put_settings(index=new_index, settings={"refresh_interval": "-1"})
    queryset = Course.objects.listed().select_related("partner").order_by("pk")
    total = queryset.count()
    stream = helpers.streaming_bulk(
        client,
        rebuild_actions(new_index, queryset, processes, stats),
        chunk_size=chunk_size,
    )
    for done, (ok, item) in enumerate(stream, start=1):
        if not ok:
            client.indices.delete(index=new_index)
            raise RuntimeError(f"indexing failed: {item}")
        if progress and (done % chunk_size == 0 or done == total):
            progress(done, total)
    client.indices.put_settings(index=new_index, settings={"refresh_interval": "1s"})
    client.indices.refresh(index=new_index)
    indexed = client.count(index=new_index)["count"]
    if indexed != total:
        client.indices.delete(index=new_index)
        raise RuntimeError(f"new index holds {indexed} documents, the database lists {total}")
    old = (
        list(client.indices.get_alias(name=alias).keys())
        if client.indices.exists_alias(name=alias)
        else []
    )
    actions = [{"remove": {"index": name, "alias": alias}} for name in old]
    actions.append({"add": {"index": new_index, "alias": alias}})
    client.indices.update_aliases(actions=actions)
    # Also the indices a rebuild killed midway left behind: they never got the alias.
    leftovers = set(client.indices.get(index=f"{alias}-*", expand_wildcards="all")) - {new_index}
    stale = sorted(set(old) | leftovers)
    if stale:
        client.indices.delete(index=",".join(stale))
    return new_index, indexed


def check():
    """Compare listed courses with indexed documents: (missing from index, extra in index)."""
    client = get_client()
    alias = alias_name()
    database = set(Course.objects.listed().values_list("pk", flat=True))
    if not client.indices.exists_alias(name=alias):
        return database, set()
    indexed = {
        int(hit["_id"])
        for hit in helpers.scan(
            client, index=alias, query={"query": {"match_all": {}}}, _source=False
        )
    }
    return database - indexed, indexed - database


class CourseFacetedSearch(FacetedSearch):
    """Facets declared as data; ``FacetedSearch`` applies OR within and AND across facets and
    leaves each facet's own selection out of its counts."""

    facets = {
        spec.name: TermsFacet(field=spec.es_field, size=1000, min_doc_count=1) for spec in FACETS
    }

    def __init__(self, analysed, text, filters, sort):
        self.analysed = analysed
        self.text = text
        super().__init__(query=analysed or None, filters=filters, sort=SORTS[sort])

    def search(self):
        today = timezone.localdate().isoformat()
        # Until the daily run expires it, a course past its listing end is hidden here too.
        still_listed = Q("range", listed_until={"gte": today}) | ~Q("exists", field="listed_until")
        self.index = alias_name()
        self.using = get_client()
        return (
            super()
            .search()
            .filter(still_listed)
            .extra(track_total_hits=True)
            # The long texts and the token fields are for matching only; a hit shows none of them.
            .source(excludes=SOURCE_EXCLUDES)
        )

    def query(self, search, query):
        """Every group must match; within a group any alternative; within one, every token."""
        gram_boost = RANK_WEIGHTS[0]
        for group in self.analysed.groups:
            should = []
            for alt in group:
                must = [
                    Q("term", grams={"value": token, "boost": gram_boost * alt.weight})
                    if token.startswith(GRAM_PREFIX)
                    else Q(
                        "multi_match",
                        query=token,
                        fields=[f"{f}_tokens^{w}" for f, w in TEXT_FIELDS.items()],
                        analyzer="whitespace",
                    )
                    for token in alt.tokens
                ]
                should.append(Q("bool", must=must))
            search = search.query(Q("bool", should=should, minimum_should_match=1))
        if ja_analyzer() and self.analysed:
            # kuromoji's own reading of the words adds to the score, never to the hits.
            words = " ".join(query_words(self.text))
            if words:
                fields = [f"{name}.{JA_SUBFIELD}" for name in TEXT_FIELDS]
                # minimum_should_match 0: an optional clause beside the required token groups
                # (a should-only bool alone would be required, and drop token matches).
                search = search.query(
                    Q(
                        "bool",
                        should=[Q("multi_match", query=words, fields=fields)],
                        minimum_should_match=0,
                    )
                )
        return search


class ElasticsearchSearchBackend:
    name = "elasticsearch"

    def search(self, query):
        analysed = analyse_query(query.text)
        faceted = CourseFacetedSearch(analysed, query.text, query.filters, query.sort)
        response = faceted[query.offset : query.offset + query.page_size].execute()
        # The raw buckets: elasticsearch-dsl's ``response.facets`` wraps each of the hundreds of
        # buckets (every provider) in objects, a third of the Python time of a search.
        aggregations = response.to_dict().get("aggregations", {})
        counts = {
            name: {
                str(bucket["key"]): bucket["doc_count"]
                for bucket in aggregations[f"_filter_{name}"][name]["buckets"]
            }
            for name in CourseFacetedSearch.facets
        }
        return SearchResults(
            hits=[to_hit(hit, analysed) for hit in response.hits],
            total=response.hits.total.value,
            facets=build_facets(FACETS, counts, query),
            page=query.page,
            page_size=query.page_size,
            backend=self.name,
        )


def to_hit(doc, analysed):
    return make_hit(
        analysed,
        id=doc.id,
        title=doc.title,
        summary=doc.summary,
        level=int(doc.level),
        partner=PartnerRef(int(doc.partner), doc.partner_name),
        url=course_page_url(doc.id),
        fee_type=doc.fee_type,
        fee_yen=doc.fee_yen,
        study_hours=doc.study_hours,
        delivery=doc.delivery,
        prefecture=getattr(doc, "prefecture", None) or "",
        subsidies=list(getattr(doc, "subsidy", None) or []),
    )
