"""Course search on Elasticsearch, written with elasticsearch-dsl.

Japanese text: the configured analyzer (``SEARCH_JA_ANALYZER``: ``kuromoji``
in production, ``standard`` on a server with core analyzers only) analyses
the text fields. Beside each text field the document carries its character
bigrams, made here in Python and analysed with the core ``whitespace``
analyzer; a phrase query on those finds any substring of two characters or
more (データ in データサイエンス), which no core analyzer can do for Japanese.
"""

import logging

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
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

from ..elasticsearch import get_client, index_name
from ..facets import FACETS
from ..results import SearchResults, build_facets, make_hit

logger = logging.getLogger(__name__)

TEXT_FIELDS = {"title": 3, "summary": 2, "description": 1, "partner_name": 1}
SORTS = {
    "relevance": ["_score", "-published_at", "-id"],
    "newest": ["-published_at", "-id"],
    "fee": ["fee_yen", "id"],
    "hours": ["study_hours", "id"],
}
ALIAS = "courses"


def bigrams(text):
    """Space-separated character bigrams of each word of ``text`` (a one-letter word stays whole)."""
    grams = []
    for word in text.lower().split():
        if len(word) == 1:
            grams.append(word)
        grams.extend(word[i : i + 2] for i in range(len(word) - 1))
    return " ".join(grams)


def ja_text():
    return Text(analyzer=settings.SEARCH_JA_ANALYZER)


class CourseDocument(Document):
    id = Integer()
    title = ja_text()
    summary = ja_text()
    description = ja_text()
    partner_name = ja_text()
    title_grams = Text(analyzer="whitespace")
    summary_grams = Text(analyzer="whitespace")
    description_grams = Text(analyzer="whitespace")
    partner_name_grams = Text(analyzer="whitespace")
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
    published_at = Date()
    listed_until = Date()

    @classmethod
    def from_course(cls, course):
        texts = {
            "title": course.title,
            "summary": course.summary,
            "description": strip_tags(course.description),
            "partner_name": course.partner.name,
        }
        doc = cls(
            meta={"id": course.pk},
            id=course.pk,
            **texts,
            **{f"{name}_grams": bigrams(value) for name, value in texts.items()},
            partner=str(course.partner_id),
            level=str(course.level),
            course_type=course.course_type,
            fee_type=course.fee_type,
            fee_yen=course.fee_yen,
            study_hours=float(course.study_hours),
            study_time=course.study_time_bucket,
            delivery=course.delivery,
            individual_application="yes" if course.individual_application else "no",
            subsidy=[s.code for s in course.subsidies.all()],
            reskill_field=[f.code for f in course.reskill_fields.all()],
            role=[r.code for r in course.roles.all()],
            skill_category=[c.code for c in course.skill_categories.all()],
            exam=[e.code for e in course.exams.all()],
            published_at=course.first_published_at,
            listed_until=course.listed_until,
        )
        return doc


def alias_name():
    return index_name(ALIAS)


def index_settings():
    return {
        "number_of_shards": settings.ELASTICSEARCH_SHARDS,
        "number_of_replicas": settings.ELASTICSEARCH_REPLICAS,
        "refresh_interval": "1s",
    }


def create_index(name):
    client = get_client()
    mapping = CourseDocument._doc_type.mapping.to_dict()
    client.indices.create(index=name, settings=index_settings(), mappings=mapping)
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


def bulk_actions(index, courses):
    for course in courses:
        yield {
            "_index": index,
            "_id": course.pk,
            "_source": CourseDocument.from_course(course).to_dict(),
        }


def rebuild(progress=None, chunk_size=500):
    """Index every listed course into a new index, check the count, then swap the alias atomically.

    Searches keep using the old index until the swap. Returns (index name, count).
    """
    client = get_client()
    alias = alias_name()
    new_index = create_index(f"{alias}-{timezone.now():%Y%m%d%H%M%S%f}")
    client.indices.put_settings(index=new_index, settings={"refresh_interval": "-1"})
    queryset = indexable_courses().order_by("pk")
    total = queryset.count()
    stream = helpers.streaming_bulk(
        client,
        bulk_actions(new_index, queryset.iterator(chunk_size=chunk_size)),
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
    if old:
        client.indices.delete(index=",".join(old))
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

    def __init__(self, terms, filters, sort):
        self.terms = terms
        super().__init__(query=" ".join(terms) or None, filters=filters, sort=SORTS[sort])

    def search(self):
        today = timezone.localdate().isoformat()
        # Until the daily run expires it, a course past its listing end is hidden here too.
        still_listed = Q("range", listed_until={"gte": today}) | ~Q("exists", field="listed_until")
        self.index = alias_name()
        self.using = get_client()
        return super().search().filter(still_listed).extra(track_total_hits=True)

    def query(self, search, query):
        for term in self.terms:
            grams = bigrams(term)
            should = [
                Q(
                    "multi_match",
                    query=term,
                    fields=[f"{f}^{w}" for f, w in TEXT_FIELDS.items()],
                    operator="and",
                )
            ]
            should += [
                Q("match_phrase", **{f"{f}_grams": {"query": grams, "boost": w}})
                for f, w in TEXT_FIELDS.items()
            ]
            search = search.query(Q("bool", should=should, minimum_should_match=1))
        return search


class ElasticsearchSearchBackend:
    name = "elasticsearch"

    def search(self, query):
        faceted = CourseFacetedSearch(query.terms, query.filters, query.sort)
        response = faceted[query.offset : query.offset + query.page_size].execute()
        counts = {
            name: {str(value): count for value, count, _selected in response.facets[name]}
            for name in CourseFacetedSearch.facets
        }
        return SearchResults(
            hits=[to_hit(hit, query.terms) for hit in response.hits],
            total=response.hits.total.value,
            facets=build_facets(FACETS, counts, query),
            page=query.page,
            page_size=query.page_size,
            backend=self.name,
        )


def to_hit(doc, terms):
    return make_hit(
        terms,
        id=doc.id,
        title=doc.title,
        summary=doc.summary,
        level=int(doc.level),
        partner_name=doc.partner_name,
        url=reverse("catalogue:course_detail", args=[doc.id]),
        fee_type=doc.fee_type,
        fee_yen=doc.fee_yen,
        study_hours=doc.study_hours,
        delivery=doc.delivery,
    )
