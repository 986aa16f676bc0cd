"""Background work for the search index (django-tasks)."""

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def sync_course_index(course_ids: list[int]) -> None:
    """Bring these courses' stored search text and index entries in line with the database; never raises.

    An editor's save has already committed when this runs: a failure here is
    logged with the ids and repaired by ``manage.py search_index --rebuild``.
    The database's search text is kept on every backend: it answers when
    Elasticsearch does not.
    """
    from django.conf import settings

    from .indexing import sync_search_text

    try:
        sync_search_text(course_ids)
    except Exception:
        logger.exception("search text update failed for course ids %s", sorted(course_ids))
    if settings.SEARCH_BACKEND != "elasticsearch":
        return
    from .backends.elastic import sync_courses

    try:
        sync_courses(course_ids)
    except Exception:
        logger.exception("search index update failed for course ids %s", sorted(course_ids))
