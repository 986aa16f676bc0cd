"""Course search on the database: the embedded default, and the fallback when Elasticsearch is down.

Text matches on the tokens of ``search.analysis`` (the same ones Elasticsearch indexes): on
PostgreSQL a weighted ``tsvector`` with a GIN index (``CourseSearchText.vector``) and a ``tsquery``
made in Python; on SQLite the same tokens in a padded text column. The total and every facet count
come from one statement over the matching rows (``facet_counts``), each facet leaving out its own
selection.
"""

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    ExpressionWrapper,
    FloatField,
    IntegerField,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL

from catalogue.models import Course
from catalogue.taxonomy_values import study_time_case, study_time_q

from ..analysis import analyse_query
from ..facets import FACETS
from ..indexing import RANK_WEIGHTS, quote_lexeme
from ..models import CourseSearchText
from ..results import PartnerRef, SearchResults, build_facets, make_hit

SORT_ORDER = {
    "relevance": ["-score", "-first_published_at", "-pk"],
    "newest": ["-first_published_at", "-pk"],
    "fee": ["fee_yen", "pk"],
    "hours": ["study_hours", "pk"],
}
STUDY_TIME_SQL = (
    "CASE WHEN {col} <= 1 THEN 'up-to-1h' WHEN {col} < 10 THEN '1-10h' ELSE '10h-plus' END"
)


def listed_courses():
    return Course.objects.listed().annotate(
        study_time=study_time_case(),
        individual=Case(
            When(individual_application=True, then=Value("yes")),
            default=Value("no"),
            output_field=CharField(),
        ),
    )


def tsquery_literal(analysed):
    """``( 'ai' | '人工知能' ) & ( 'python' )``: every group, any of its alternatives."""

    def alternative(alt):
        return "( " + " & ".join(quote_lexeme(t) for t in alt.tokens) + " )"

    return " & ".join(
        "( " + " | ".join(alternative(alt) for alt in group) + " )" for group in analysed.groups
    )


class TokenQuery(SearchQuery):
    """A ``tsquery`` given as literal text: the tokens are already analysed, so PostgreSQL must
    not parse or stem them again (``to_tsquery`` would split ``c++`` or ``node.js``)."""

    def __init__(self, literal):
        super().__init__(literal, search_type="raw", config="simple")
        self.literal = literal

    def as_sql(self, compiler, connection, function=None, template=None):
        return "%s::tsquery", [self.literal]


def sqlite_text_filter(analysed):
    condition = Q()
    for group in analysed.groups:
        any_of = Q()
        for alt in group:
            all_of = Q()
            for token in alt.tokens:
                all_of &= Q(search_text__tokens__contains=f" {token} ")
            any_of |= all_of
        condition &= any_of
    return condition


def text_filter(analysed):
    if connection.vendor == "postgresql":
        return Q(search_text__vector=TokenQuery(tsquery_literal(analysed)))
    return sqlite_text_filter(analysed)


def text_score(analysed):
    if connection.vendor == "postgresql":
        weights = "{" + ",".join(str(w) for w in RANK_WEIGHTS) + "}"
        return RawSQL(  # noqa: S611 - the only value is a parameter
            f"ts_rank('{weights}'::float4[], {_vector_column()}, %s::tsquery)",
            (tsquery_literal(analysed),),
            output_field=FloatField(),
        )
    # SQLite: how many query words the title holds.
    return sum(
        (
            Case(
                When(
                    Q(
                        *(
                            Q(search_text__title_tokens__contains=f" {alt.tokens[0]} ")
                            for alt in group
                        ),
                        _connector=Q.OR,
                    ),
                    then=Value(1.0),
                ),
                default=Value(0.0),
                output_field=FloatField(),
            )
            for group in analysed.groups
        ),
        Value(0.0, output_field=FloatField()),
    )


def _vector_column():
    return f'"{CourseSearchText._meta.db_table}"."vector"'


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


# Single-valued facets: the column (or SQL expression over the CTE's columns) holding the value.
SINGLE_VALUE_SQL = {
    "level": "level",
    "course_type": "course_type",
    "fee_type": "fee_type",
    "study_time": STUDY_TIME_SQL.format(col="study_hours"),
    "delivery": "delivery",
    "individual_application": "CASE WHEN individual_application THEN 'yes' ELSE 'no' END",
    "prefecture": "venue_prefecture",
    "partner": "partner_id",
}


def _m2m_join(spec):
    """(through table, its course column, its target column, target table) for a many facet."""
    field = Course._meta.get_field(spec.db_path.split("__")[0])
    through = field.remote_field.through._meta
    return (
        through.db_table,
        field.m2m_column_name(),
        field.m2m_reverse_name(),
        field.related_model._meta.db_table,
    )


def facet_counts(base, selections):
    """The total and every facet's counts in one statement.

    ``base`` holds the listed courses matching the text; ``selections`` maps facet names to
    their conditions. Each facet's counts apply every selection but its own.
    """
    flags = {
        f"s_{name}": ExpressionWrapper(condition, output_field=BooleanField())
        for name, condition in selections.items()
    }
    columns = ["id", "level", "course_type", "fee_type", "study_hours", "delivery"]
    columns += ["individual_application", "venue_prefecture", "partner_id"]
    inner_sql, params = (
        base.order_by().annotate(**flags).values(*columns, *flags).query.sql_with_params()
    )
    q = connection.ops.quote_name

    def where(except_name=None):
        conds = [f"m.{q(flag)}" for flag in flags if flag != f"s_{except_name}"]
        return " AND ".join(conds) or "1=1"

    # Every identifier below comes from model metadata and FACETS; every value is a parameter.
    parts = [f"SELECT 'total', '', COUNT(*) FROM m WHERE {where()}"]  # noqa: S608
    for spec in FACETS:
        if spec.many:
            table, course_col, target_col, target_table = _m2m_join(spec)
            parts.append(
                f"SELECT '{spec.name}', t.{q('code')}, COUNT(*) FROM m "  # noqa: S608
                f"JOIN {q(table)} j ON j.{q(course_col)} = m.{q('id')} "
                f"JOIN {q(target_table)} t ON t.{q('id')} = j.{q(target_col)} "
                f"WHERE {where(spec.name)} GROUP BY t.{q('code')}"
            )
        else:
            expr = SINGLE_VALUE_SQL[spec.name]
            parts.append(
                f"SELECT '{spec.name}', CAST({expr} AS TEXT), COUNT(*) FROM m "  # noqa: S608
                f"WHERE {where(spec.name)} GROUP BY {expr}"
            )
    sql = f"WITH m AS ({inner_sql}) " + " UNION ALL ".join(parts)
    counts = {}
    total = 0
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for facet, value, n in cursor.fetchall():
            if facet == "total":
                total = n
            elif value not in (None, ""):
                counts.setdefault(facet, {})[str(value)] = n
    return total, counts


class DatabaseSearchBackend:
    name = "database"

    def search(self, query):
        base = listed_courses()
        analysed = analyse_query(query.text)
        if analysed:
            base = base.filter(text_filter(analysed))
        selections = {
            spec.name: facet_filter(spec, query.selected(spec.name))
            for spec in FACETS
            if query.selected(spec.name)
        }
        total, counts = facet_counts(base, selections)

        results = base
        for condition in selections.values():
            results = results.filter(condition)
        if query.sort == "relevance" and analysed:
            results = results.annotate(score=text_score(analysed))
        else:
            results = results.annotate(score=Value(0, output_field=IntegerField()))
        page = list(
            results.select_related("partner")
            .prefetch_related("subsidies")
            .order_by(*SORT_ORDER[query.sort])[query.offset : query.offset + query.page_size]
        )
        return SearchResults(
            hits=[to_hit(course, analysed) for course in page],
            total=total,
            facets=build_facets(FACETS, counts, query),
            page=query.page,
            page_size=query.page_size,
            backend=self.name,
        )


def to_hit(course, analysed):
    return make_hit(
        analysed,
        id=course.pk,
        title=course.title,
        summary=course.summary,
        level=course.level,
        partner=PartnerRef(course.partner_id, course.partner.name),
        url=course.get_absolute_url(),
        fee_type=course.fee_type,
        fee_yen=course.fee_yen,
        study_hours=float(course.study_hours),
        delivery=course.delivery,
        prefecture=course.venue_prefecture,
        subsidies=[s.code for s in course.subsidies.all()],
    )
