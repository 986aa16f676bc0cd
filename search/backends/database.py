"""Course search on the database: the embedded default, and the fallback when Elasticsearch is down.

Wagtail's database search backend splits text on spaces (SQLite FTS5 and
PostgreSQL's tsvector alike), so a Japanese query such as データ would not
find データサイエンス. Text therefore matches as substrings, every term in
the title, summary, description or provider name, ranked title > summary >
description. Facet counts are ORM aggregates: one query per facet.
"""

from django.db.models import Case, CharField, Count, IntegerField, Q, Subquery, Value, When

from catalogue.models import Course
from catalogue.taxonomy_values import study_time_case, study_time_q

from ..facets import FACETS
from ..results import SearchResults, build_facets, make_hit

TEXT_WEIGHTS = {"title": 3, "summary": 2, "description": 1, "partner__name": 1}
SORT_ORDER = {
    "relevance": ["-score", "-first_published_at", "-pk"],
    "newest": ["-first_published_at", "-pk"],
    "fee": ["fee_yen", "pk"],
    "hours": ["study_hours", "pk"],
}


def listed_courses():
    return Course.objects.listed().annotate(
        study_time=study_time_case(),
        individual=Case(
            When(individual_application=True, then=Value("yes")),
            default=Value("no"),
            output_field=CharField(),
        ),
    )


def text_filter(terms):
    condition = Q()
    for term in terms:
        condition &= Q(
            *(Q(**{f"{field}__icontains": term}) for field in TEXT_WEIGHTS), _connector=Q.OR
        )
    return condition


# Facets computed from a column filter on the column itself: a CASE expression in
# WHERE hides it from the planner (seconds instead of milliseconds at 100k rows).
def facet_filter(spec, values):
    if spec.name == "study_time":
        return Q(*(study_time_q(v) for v in values), _connector=Q.OR)
    if spec.name == "individual_application":
        return Q(individual_application__in=[v == "yes" for v in values])
    if spec.many:
        # A subquery keeps one row per course, so counts and pages stay exact.
        matching = Course.objects.filter(**{f"{spec.db_path}__in": values}).values("pk")
        return Q(pk__in=Subquery(matching))
    return Q(**{f"{spec.db_path}__in": values})


class DatabaseSearchBackend:
    name = "database"

    def search(self, query):
        base = listed_courses()
        if query.terms:
            # Scan the text once and reuse the ids: left inside every facet
            # query next to the many-to-many subqueries, the substring filters
            # lead PostgreSQL to nested-loop plans (up to 90 s at 100k courses,
            # against a few seconds with the ids).
            matching = list(base.filter(text_filter(query.terms)).values_list("pk", flat=True))
            base = base.filter(pk__in=matching)
        selections = {
            spec.name: facet_filter(spec, query.selected(spec.name))
            for spec in FACETS
            if query.selected(spec.name)
        }

        results = base
        for condition in selections.values():
            results = results.filter(condition)
        total = results.count()

        counts = {}
        for spec in FACETS:
            # A facet's own selection does not narrow its own counts.
            scoped = base
            for name, condition in selections.items():
                if name != spec.name:
                    scoped = scoped.filter(condition)
            rows = (
                scoped.order_by()
                .values(spec.db_path)
                # Each course has a facet value once, so a plain count is exact (no DISTINCT sort).
                .annotate(n=Count("pk"))
                .values_list(spec.db_path, "n")
            )
            counts[spec.name] = {str(value): n for value, n in rows if value is not None}

        if query.sort == "relevance" and query.terms:
            score = sum(
                (
                    Case(
                        When(**{f"{field}__icontains": term}, then=Value(weight)), default=Value(0)
                    )
                    for term in query.terms
                    for field, weight in TEXT_WEIGHTS.items()
                ),
                Value(0),
            )
            results = results.annotate(score=score)
        else:
            results = results.annotate(score=Value(0, output_field=IntegerField()))
        page = list(
            results.select_related("partner").order_by(*SORT_ORDER[query.sort])[
                query.offset : query.offset + query.page_size
            ]
        )
        return SearchResults(
            hits=[to_hit(course, query.terms) for course in page],
            total=total,
            facets=build_facets(FACETS, counts, query),
            page=query.page,
            page_size=query.page_size,
            backend=self.name,
        )


def to_hit(course, terms):
    return make_hit(
        terms,
        id=course.pk,
        title=course.title,
        summary=course.summary,
        level=course.level,
        partner_name=course.partner.name,
        url=course.get_absolute_url(),
        fee_type=course.fee_type,
        fee_yen=course.fee_yen,
        study_hours=float(course.study_hours),
        delivery=course.delivery,
    )
