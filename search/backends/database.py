"""Course search on the database: the embedded default, and the fallback when Elasticsearch is down.

Text matches on the tokens of ``search.analysis`` (the same ones Elasticsearch indexes): on
PostgreSQL a weighted ``tsvector`` with a GIN index (``CourseSearchText.vector``) and a ``tsquery``
made in Python; on SQLite the same tokens in a padded text column. The total and every facet count
come from one statement over the matching rows, each facet leaving out its own selection.

On PostgreSQL both statements read the narrow ``CourseFacets`` table that the after-commit
indexing keeps beside the search text, like Elasticsearch reads its documents
(``PostgresSearch``): one scan with ``GROUPING SETS`` counts every facet, and the page is an index
scan in the sort order. SQLite (the quick start, a few hundred courses) counts over the catalogue
tables (``facet_counts``).
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
from django.utils import timezone

from catalogue.models import Course
from catalogue.taxonomy_values import study_time_case, study_time_q

from ..analysis import analyse_query
from ..facets import FACETS
from ..indexing import M2M_FACETS, RANK_WEIGHTS, quote_lexeme
from ..models import CourseFacets, CourseSearchText
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


# Facet -> its ``CourseFacets`` column (many-to-many facets: a JSON list of codes).
FACET_COLUMNS = {
    "level": "level",
    "course_type": "course_type",
    "fee_type": "fee_type",
    "study_time": "study_time",
    "delivery": "delivery",
    "individual_application": "individual_application",
    "prefecture": "prefecture",
    "partner": "partner_id",
    **M2M_FACETS,
}
# ORDER BY on CourseFacets ("f") for each sort; each has its index (CourseFacets.Meta.indexes).
PG_SORT_ORDER = {
    "newest": "f.first_published_at DESC, f.course_id DESC",
    "fee": "f.fee_yen, f.course_id",
    "hours": "f.study_hours, f.course_id",
}
PG_SORT_ORDER["relevance"] = PG_SORT_ORDER["newest"]


def _ints(values):
    return [int(v) for v in values if v.isdigit()]


class PostgresSearch:
    """The two statements of one search on PostgreSQL, over ``CourseFacets`` ("f").

    Every identifier comes from model metadata and ``FACET_COLUMNS``; every value is a parameter.
    """

    def __init__(self, query, analysed):
        self.query = query
        self.tsquery = tsquery_literal(analysed) if analysed else None
        self.table = CourseFacets._meta.db_table
        self.text_table = CourseSearchText._meta.db_table
        # The listing: the after-commit indexing keeps only listed courses; the end date passes
        # by itself (as in the Elasticsearch query).
        self.where = ["(f.listed_until IS NULL OR f.listed_until >= %s)"]
        self.params = [timezone.localdate()]
        if self.tsquery:
            self.where.append(self.text_match())
            self.params.append(self.tsquery)
        self.selections = {
            spec.name: self.condition(spec, query.selected(spec.name))
            for spec in FACETS
            if query.selected(spec.name)
        }

    def text_match(self, joined=False):
        """The text condition: on the joined search text ("t"), or as a semi-join."""
        if joined:
            return "t.vector @@ %s::tsquery"
        return (
            f"f.course_id IN (SELECT course_id FROM {self.text_table} "  # noqa: S608
            "WHERE vector @@ %s::tsquery)"
        )

    @staticmethod
    def condition(spec, values):
        """(SQL, params): the course has one of these values of the facet."""
        column = f"f.{connection.ops.quote_name(FACET_COLUMNS[spec.name])}"
        if spec.many:  # space-padded codes (CourseFacets)
            return "(" + " OR ".join(f"strpos({column}, %s) > 0" for _v in values) + ")", [
                f" {v} " for v in values
            ]
        if spec.name in ("level", "partner"):
            return f"{column} = ANY(%s)", [_ints(values)]
        if spec.name == "individual_application":
            return f"{column} = ANY(%s)", [[v == "yes" for v in values]]
        return f"{column} = ANY(%s)", [list(values)]

    def counts(self):
        """The total and every facet's counts in one scan.

        One ``GROUPING SETS`` aggregate: the single-valued facets grouped together (a few hundred
        combinations), the partner and each many-to-many facet on their own. Each selection is a
        grouping column too, so a facet's counts can leave out its own selection; rows failing
        two selections count for no facet and are left out at once.
        """
        q = connection.ops.quote_name
        together = [spec for spec in FACETS if not spec.many and spec.name != "partner"]
        alone = [spec for spec in FACETS if spec.many or spec.name == "partner"]
        sets = [together] + [[spec] for spec in alone]
        columns = [q(FACET_COLUMNS[spec.name]) for spec in together + alone]
        flags = [f"s{i}" for i in range(len(self.selections))]
        inner_params = []
        flag_sql = []
        for flag, (sql, params) in zip(flags, self.selections.values(), strict=True):
            flag_sql.append(f"({sql}) AS {flag}")
            inner_params += params
        outer_where = "1=1"
        if len(flags) > 1:
            outer_where = "(" + " + ".join(f"(NOT {flag})::int" for flag in flags) + ") <= 1"
        # With a text condition the subquery is a join; OFFSET 0 keeps the filter above out of
        # it: pushed down, it made the planner expect few facet rows and hash all 100k of them
        # (spilling to disk) instead of the text matches.
        fence = " OFFSET 0" if self.tsquery else ""
        grouping_sets = ", ".join(
            "(" + ", ".join([q(FACET_COLUMNS[spec.name]) for spec in group] + flags) + ")"
            for group in sets
        )
        representatives = ", ".join(q(FACET_COLUMNS[group[0].name]) for group in sets)
        sql = (
            f"SELECT GROUPING({representatives}), {', '.join(columns + flags)}, COUNT(*) "  # noqa: S608
            f"FROM (SELECT {', '.join([f'f.{c}' for c in columns] + flag_sql)} "
            f"FROM {self.table} f WHERE {' AND '.join(self.where)}{fence}) m "
            f"WHERE {outer_where} GROUP BY GROUPING SETS ({grouping_sets})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, inner_params + self.params)
            rows = cursor.fetchall()
        return self.tally(rows, sets, together + alone)

    def tally(self, rows, sets, specs):
        names = list(self.selections)
        last = len(sets) - 1
        counts, total = {}, 0
        for grouping, *values, n in rows:
            # GROUPING() sets the bit of each representative column *not* grouped, the first
            # column being the highest bit.
            group = next(i for i in range(len(sets)) if not grouping >> (last - i) & 1)
            row = dict(zip((spec.name for spec in specs), values, strict=False))
            flags = dict(zip(names, values[len(specs) :], strict=True))
            if group == 0 and all(flags.values()):
                total += n
            for spec in sets[group]:
                if not all(ok for name, ok in flags.items() if name != spec.name):
                    continue
                for value in facet_strings(spec, row[spec.name]):
                    facet = counts.setdefault(spec.name, {})
                    facet[value] = facet.get(value, 0) + n
        return total, counts

    def page_ids(self):
        where, params = list(self.where), list(self.params)
        order = PG_SORT_ORDER[self.query.sort]
        source = f"{self.table} f"
        if self.query.sort == "relevance" and self.tsquery:
            # The score needs the vector: join the search text instead of the semi-join.
            weights = "{" + ",".join(str(w) for w in RANK_WEIGHTS) + "}"
            source += f" JOIN {self.text_table} t ON t.course_id = f.course_id"
            where[where.index(self.text_match())] = self.text_match(joined=True)
            order = f"ts_rank('{weights}'::float4[], t.vector, %s::tsquery) DESC, {order}"
        for sql, values in self.selections.values():
            where.append(sql)
            params += values
        if self.query.sort == "relevance" and self.tsquery:
            params.append(self.tsquery)  # ORDER BY comes after WHERE
        sql = (
            f"SELECT f.course_id FROM {source} WHERE {' AND '.join(where)} "  # noqa: S608
            f"ORDER BY {order} LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, self.query.page_size, self.query.offset])
            return [pk for (pk,) in cursor.fetchall()]


def facet_strings(spec, value):
    """The facet values (as in URLs) of one grouped column value."""
    if spec.many:
        return value.split() if value else []
    if value is None or value == "":
        return []
    if spec.name == "individual_application":
        return ["yes" if value else "no"]
    return [str(value)]


class DatabaseSearchBackend:
    name = "database"

    def search(self, query):
        if connection.vendor == "postgresql":
            return self.search_postgresql(query)
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

    def search_postgresql(self, query):
        analysed = analyse_query(query.text)
        statements = PostgresSearch(query, analysed)
        total, counts = statements.counts()
        ids = statements.page_ids()
        courses = (
            Course.objects.select_related("partner").prefetch_related("subsidies").in_bulk(ids)
        )
        return SearchResults(
            hits=[to_hit(courses[pk], analysed) for pk in ids if pk in courses],
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
