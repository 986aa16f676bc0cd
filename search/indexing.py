"""The analysed text of courses, made once and stored for both backends.

``analyse_course`` is the only place that decides which text of a course is searchable and at
which weight; the database table ``CourseSearchText`` and the Elasticsearch document are both made
from its result.
"""

from django.db import connection, transaction
from django.utils.html import strip_tags

from catalogue.models import Course

from .analysis import bigrams, normalize, word_tokens
from .models import CourseSearchText

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


def search_text_row(course_id, analysed):
    """Values for ``CourseSearchText`` on the current database."""
    if connection.vendor == "postgresql":
        return {"course_id": course_id, "literal": tsvector_literal(analysed)}
    all_tokens = [t for tokens in analysed.values() for t in tokens]
    return {
        "course_id": course_id,
        "tokens": padded(all_tokens),
        "title_tokens": padded(analysed["title"]),
    }


def save_search_text(rows):
    """Insert or replace the search text of these courses in one statement per batch."""
    if not rows:
        return
    table = CourseSearchText._meta.db_table
    with transaction.atomic():
        CourseSearchText.objects.filter(course_id__in=[r["course_id"] for r in rows]).delete()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {table} (course_id, tokens, title_tokens, vector) "  # noqa: S608 - table name from the model
                    "VALUES (%s, '', '', %s::tsvector)",
                    [(r["course_id"], r["literal"]) for r in rows],
                )
        else:
            CourseSearchText.objects.bulk_create([CourseSearchText(**r) for r in rows])


def searchable_courses():
    return Course.objects.listed().select_related("partner")


def sync_search_text(course_ids):
    """Make the stored search text agree with the catalogue for these courses."""
    ids = set(course_ids)
    listed = list(searchable_courses().filter(pk__in=ids))
    CourseSearchText.objects.filter(course_id__in=ids - {c.pk for c in listed}).delete()
    save_search_text([search_text_row(c.pk, analyse_course(course_texts(c))) for c in listed])


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


def text_rows(queryset):
    """(course id, texts) for each course, reading only the columns analysis needs."""
    for pk, title, summary, description, partner_name in queryset.values_list(
        "pk", "title", "summary", "description", "partner__name"
    ).iterator(chunk_size=2000):
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
    with transaction.atomic():
        CourseSearchText.objects.all().delete()
        for batch in analysed_batches(text_rows(queryset), processes=processes):
            rows = [search_text_row(pk, analysed) for pk, analysed in batch]
            save_search_text(rows)
            done += len(rows)
            if progress:
                progress(done, total)
    return done


def search_text_drift():
    """(listed courses without stored search text, stored search text of unlisted courses)."""
    listed = set(searchable_courses().values_list("pk", flat=True))
    stored = set(CourseSearchText.objects.values_list("course_id", flat=True))
    return listed - stored, stored - listed
