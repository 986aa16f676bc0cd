"""The rebuild's fast path makes the same Elasticsearch documents as indexing one course."""

from search.backends.elastic import (
    M2M_FACETS,
    CourseDocument,
    document_source,
    indexable_courses,
    m2m_codes,
)
from search.indexing import analyse_course, course_texts


def sorted_codes(source):
    return {k: sorted(v) if k in M2M_FACETS else v for k, v in source.items()}


def test_rebuild_documents_equal_the_ones_of_single_course_indexing(catalogue_data):
    courses = list(indexable_courses().order_by("pk"))
    assert any(c.subsidies.all() for c in courses) and any(c.roles.all() for c in courses)
    codes = m2m_codes([c.pk for c in courses])
    for course in courses:
        texts = course_texts(course)
        fast = CourseDocument.from_parts(course, texts, analyse_course(texts), codes[course.pk])
        expected = CourseDocument.from_course(course).to_dict()
        assert sorted_codes(document_source(fast)) == sorted_codes(expected)
