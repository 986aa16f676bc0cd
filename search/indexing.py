"""The analysed text of courses, made once and stored for both backends.

``analyse_course`` is the only place that decides which text of a course is searchable and at
which weight; the database table ``CourseSearchText`` and the Elasticsearch document are both made
from its result.
"""

from django.db import connection, transaction
from django.utils.html import strip_tags

from catalogue.models import Course
from catalogue.taxonomy_values import study_time_bucket

from .analysis import bigrams, normalize, word_tokens
from .models import CourseFacets, CourseSearchText

# Field -> PostgreSQL weight class (A highest). The bigram fallback is always class D.
FIELD_WEIGHTS = {"title": "A", "summary": "B", "description": "C", "partner_name": "C"}
GRAM_WEIGHT = "D"
# ts_rank weights for classes {D, C, B, A}; Elasticsearch boosts use the same proportions.
RANK_WEIGHTS = (0.1, 0.4, 0.7, 1.0)
MAX_TSVECTOR_POSITION = 16383


def course_texts(course):
    return {
        "title": course.title,
        "summary": course.summary,
        "description": strip_tags(course.description or ""),
        "partner_name": course.partner.name,
    }


def analyse_course(texts):
    """{field: word tokens} for each text field, plus ``grams``: the bigrams of all of them."""
    analysed = {name: word_tokens(value) for name, value in texts.items()}
    analysed["grams"] = list(
        dict.fromkeys(g for value in texts.values() for g in bigrams(normalize(value)))
    )
    return analysed


def quote_lexeme(token):
    """A token as a quoted lexeme of PostgreSQL's tsvector/tsquery input syntax."""
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(analysed):
    """The weighted tsvector text: each token once per field, with its field's weight class."""
    parts, position = [], 0
    for name, weight in [*FIELD_WEIGHTS.items(), ("grams", GRAM_WEIGHT)]:
        for token in dict.fromkeys(analysed[name]):
            position = min(position + 1, MAX_TSVECTOR_POSITION)
            parts.append(f"{quote_lexeme(token)}:{position}{weight}")
    return " ".join(parts)


def padded(tokens):
    return " " + " ".join(dict.fromkeys(tokens)) + " " if tokens else ""


def search_text_row(course_id, analysed, facets):
    """Values for ``CourseSearchText`` on the current database, and ``facets`` for ``CourseFacets``."""
    if connection.vendor == "postgresql":
        return {"course_id": course_id, "literal": tsvector_literal(analysed), "facets": facets}
    all_tokens = [t for tokens in analysed.values() for t in tokens]
    return {
        "course_id": course_id,
        "tokens": padded(all_tokens),
        "title_tokens": padded(analysed["title"]),
        "facets": facets,
    }


# Many-to-many facet -> the course's relation (also the ``CourseFacets`` field of its codes).
M2M_FACETS = {
    "subsidy": "subsidies",
    "reskill_field": "reskill_fields",
    "role": "roles",
    "skill_category": "skill_categories",
    "exam": "exams",
}
# The course columns ``CourseFacets`` copies (``facet_values``).
FACET_SOURCE_COLUMNS = (
    "partner_id",
    "level",
    "course_type",
    "fee_type",
    "fee_yen",
    "study_hours",
    "delivery",
    "individual_application",
    "venue_prefecture",
    "first_published_at",
    "listed_until",
)


def m2m_codes(course_ids):
    """{course id: {facet: [codes]}} read from the through tables, one query per facet.

    A batch of the rebuild is a run of consecutive ids, so each query takes the id range from the
    through table joined only to the taxonomy (not the course and its page row), without a list of
    500 parameters; scattered ids (a sync) are looked up by id.
    """
    codes = {pk: {name: [] for name in M2M_FACETS} for pk in course_ids}
    if not codes:
        return codes
    low, high = min(codes), max(codes)
    for name, relation in M2M_FACETS.items():
        field = Course._meta.get_field(relation)
        course_fk, target_fk = field.m2m_field_name(), field.m2m_reverse_field_name()
        if high - low < 4 * len(codes):
            where = {f"{course_fk}__gte": low, f"{course_fk}__lte": high}
        else:
            where = {f"{course_fk}__in": list(codes)}
        rows = field.remote_field.through.objects.filter(**where).values_list(
            f"{course_fk}_id", f"{target_fk}__code"
        )
        for pk, code in rows:
            if pk in codes:
                codes[pk][name].append(code)
    return codes


def facet_values(columns, codes):
    """The ``CourseFacets`` fields of one course from its ``FACET_SOURCE_COLUMNS`` and m2m codes."""
    values = {name: columns[name] for name in FACET_SOURCE_COLUMNS if name != "venue_prefecture"}
    values["prefecture"] = columns["venue_prefecture"]
    values["study_time"] = study_time_bucket(columns["study_hours"])
    for name, relation in M2M_FACETS.items():
        values[relation] = padded(sorted(codes[name]))
    return values


def course_columns(course):
    return {name: getattr(course, name) for name in FACET_SOURCE_COLUMNS}


def save_search_text(rows):
    """Insert or replace the search text and facet values of these courses, a statement a table."""
    if not rows:
        return
    ids = [r["course_id"] for r in rows]
    with transaction.atomic():
        CourseSearchText.objects.filter(course_id__in=ids).delete()
        CourseFacets.objects.filter(course_id__in=ids).delete()
        if connection.vendor == "postgresql":
            _copy_rows(rows)
            return
        CourseSearchText.objects.bulk_create(
            [CourseSearchText(**{k: v for k, v in r.items() if k != "facets"}) for r in rows]
        )
        CourseFacets.objects.bulk_create(
            [CourseFacets(course_id=r["course_id"], **r["facets"]) for r in rows]
        )


def _copy_rows(rows):
    """PostgreSQL: both tables by COPY (a rebuild's 100k rows; the ORM's bulk insert spent more
    time preparing the statement than the database took to run it)."""
    fields = [f for f in CourseFacets._meta.concrete_fields if f.attname != "course_id"]
    quote = connection.ops.quote_name
    text_sql = (
        f"COPY {quote(CourseSearchText._meta.db_table)} "
        "(course_id, tokens, title_tokens, vector) FROM STDIN"
    )
    columns = ["course_id", *(f.column for f in fields)]
    facets_sql = (
        f"COPY {quote(CourseFacets._meta.db_table)} "
        f"({', '.join(quote(c) for c in columns)}) FROM STDIN"
    )
    with connection.cursor() as cursor:
        with cursor.cursor.copy(text_sql) as copy:
            for r in rows:
                copy.write_row((r["course_id"], "", "", r["literal"]))
        with cursor.cursor.copy(facets_sql) as copy:
            for r in rows:
                facets = r["facets"]
                copy.write_row((r["course_id"], *(facets[f.attname] for f in fields)))


def searchable_courses():
    return Course.objects.listed().select_related("partner")


def sync_search_text(course_ids):
    """Make the stored search text and facet values agree with the catalogue for these courses."""
    ids = set(course_ids)
    listed = list(searchable_courses().filter(pk__in=ids))
    gone = ids - {c.pk for c in listed}
    CourseSearchText.objects.filter(course_id__in=gone).delete()
    CourseFacets.objects.filter(course_id__in=gone).delete()
    codes = m2m_codes([c.pk for c in listed])
    save_search_text(
        [
            search_text_row(
                c.pk,
                analyse_course(course_texts(c)),
                facet_values(course_columns(c), codes[c.pk]),
            )
            for c in listed
        ]
    )


def _analyse_batch(batch):
    return [(pk, analyse_course(texts)) for pk, texts in batch]


def analysed_batches(rows, batch_size=1000, processes=1):
    """Yield lists of (course id, analysis) for (course id, texts) rows, in worker processes if asked."""
    batches = _chunked(rows, batch_size)
    if processes <= 1:
        for batch in batches:
            yield _analyse_batch(batch)
        return
    import multiprocessing

    context = multiprocessing.get_context("fork")
    with context.Pool(processes) as pool:
        yield from pool.imap(_analyse_batch, batches)


def _chunked(iterable, size):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def text_rows(queryset, columns=None):
    """(course id, texts) for each course, reading only the columns analysis and facets need;
    ``columns`` (a dict), if given, receives each course's ``FACET_SOURCE_COLUMNS``."""
    for pk, title, summary, description, partner_name, *values in queryset.values_list(
        "pk", "title", "summary", "description", "partner__name", *FACET_SOURCE_COLUMNS
    ).iterator(chunk_size=2000):
        if columns is not None:
            columns[pk] = dict(zip(FACET_SOURCE_COLUMNS, values, strict=True))
        yield (
            pk,
            {
                "title": title,
                "summary": summary,
                "description": strip_tags(description or ""),
                "partner_name": partner_name,
            },
        )


def rebuild_search_text(processes=1, progress=None):
    """Replace the stored search text of every course with a fresh analysis; returns the count."""
    queryset = searchable_courses().order_by("pk")
    total = queryset.count()
    done = 0
    columns = {}
    with transaction.atomic():
        CourseSearchText.objects.all().delete()
        CourseFacets.objects.all().delete()
        for batch in analysed_batches(text_rows(queryset, columns), processes=processes):
            codes = m2m_codes([pk for pk, _analysed in batch])
            rows = [
                search_text_row(pk, analysed, facet_values(columns.pop(pk), codes[pk]))
                for pk, analysed in batch
            ]
            save_search_text(rows)
            done += len(rows)
            if progress:
                progress(done, total)
    _refresh_statistics()
    return done


def _refresh_statistics():
    """PostgreSQL: after replacing every row, reclaim the old ones and give the planner fresh
    statistics, so the next searches scan 100k rows, not 200k (autovacuum comes later)."""
    if connection.vendor != "postgresql":
        return
    # VACUUM cannot run inside a transaction (a test's, or a caller's): then statistics only.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for model in (CourseSearchText, CourseFacets):
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")


def search_text_drift():
    """(listed courses without stored search text or facet values, stored rows of unlisted ones)."""
    listed = set(searchable_courses().values_list("pk", flat=True))
    texts = set(CourseSearchText.objects.values_list("course_id", flat=True))
    facets = set(CourseFacets.objects.values_list("course_id", flat=True))
    return listed - (texts & facets), (texts | facets) - listed


def stale_facets(batch_size=2000):
    """Listed courses whose stored facet values differ from the catalogue's (missed updates)."""
    fields = [f.attname for f in CourseFacets._meta.concrete_fields if f.attname != "course_id"]
    stale = set()
    queryset = searchable_courses().order_by("pk").values_list("pk", *FACET_SOURCE_COLUMNS)
    for batch in _chunked(queryset.iterator(chunk_size=batch_size), batch_size):
        ids = [pk for pk, *_values in batch]
        codes = m2m_codes(ids)
        stored = {
            row[0]: dict(zip(fields, row[1:], strict=True))
            for row in CourseFacets.objects.filter(course_id__in=ids).values_list(
                "course_id", *fields
            )
        }
        for pk, *values in batch:
            expected = facet_values(dict(zip(FACET_SOURCE_COLUMNS, values, strict=True)), codes[pk])
            if pk in stored and stored[pk] != expected:
                stale.add(pk)
    return stale
