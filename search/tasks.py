"""Background work for the search index (django-tasks)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from manabi.api.support import bump_api_cache_version

from .indexing import sync_search_text

logger = logging.getLogger(__name__)


def retry_delay(attempt):
    """Seconds before retry number ``attempt``: doubling from the base, capped."""
    base, cap = settings.SEARCH_INDEX_RETRY_BASE_SECONDS, settings.SEARCH_INDEX_RETRY_MAX_SECONDS
    return min(base * 2 ** (attempt - 1), cap)


def searches_changed():
    """Searches cached before this update (API answers, the learner page) are not served again.

    Outside the retried block: the cache fails open (manabi.cache), and a bump is no reason to
    apply an index update again.
    """
    bump_api_cache_version()


@task()
def sync_course_index(course_ids: list[int], attempt: int = 1) -> None:
    """Bring these courses' stored search text and index entries in line with the database.

    Never raises. An editor's save has already committed when this runs. The
    database's search text is kept on every backend (it answers when
    Elasticsearch does not). When Elasticsearch does not answer, a queue that
    can defer (the database backend of production) tries again later with a
    doubling delay; after the last attempt the ids are logged and
    ``manage.py search_index --check`` shows the drift (``--rebuild`` repairs
    it). The immediate backend of the quick start cannot wait, so it only logs.
    """
    if attempt == 1:
        try:
            sync_search_text(course_ids)
        except Exception:
            logger.exception("search text update failed for course ids %s", sorted(course_ids))
    if settings.SEARCH_BACKEND != "elasticsearch":
        searches_changed()
        return
    from .backends.elastic import sync_courses

    try:
        sync_courses(course_ids)
    except Exception:
        backend = sync_course_index.get_backend()
        if not backend.supports_defer or attempt >= settings.SEARCH_INDEX_MAX_ATTEMPTS:
            logger.exception(
                "search index update failed for course ids %s (attempt %s, giving up)",
                sorted(course_ids),
                attempt,
            )
            return
        delay = retry_delay(attempt)
        logger.warning(
            "search index update failed for course ids %s (attempt %s); retrying in %s s",
            sorted(course_ids),
            attempt,
            delay,
        )
        sync_course_index.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
            course_ids, attempt + 1
        )
        return
    searches_changed()
