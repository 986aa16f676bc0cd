"""The one entry point for course search: ``search(query) -> SearchResults``.

The configured backend answers; if Elasticsearch does not, the database
backend does (``SEARCH_FALLBACK_TO_DATABASE``), with a warning logged at most
once a minute, so a learner never sees an error page for it.
"""

import logging
import time

from django.conf import settings
from elastic_transport import TransportError
from elasticsearch import ApiError

from .backends.database import DatabaseSearchBackend

logger = logging.getLogger(__name__)
WARNING_INTERVAL = 60.0
_last_warning = {"at": -WARNING_INTERVAL}


def get_backend(name=None):
    name = name or settings.SEARCH_BACKEND
    if name == "elasticsearch":
        from .backends.elastic import ElasticsearchSearchBackend

        return ElasticsearchSearchBackend()
    return DatabaseSearchBackend()


def warn_fallback(exc):
    now = time.monotonic()
    if now - _last_warning["at"] >= WARNING_INTERVAL:
        _last_warning["at"] = now
        logger.warning("Elasticsearch did not answer (%s); searching the database instead", exc)


def search(query, backend=None):
    backend = backend or get_backend()
    try:
        return backend.search(query)
    except (TransportError, ApiError) as exc:
        if backend.name != "elasticsearch" or not settings.SEARCH_FALLBACK_TO_DATABASE:
            raise
        warn_fallback(exc)
        return DatabaseSearchBackend().search(query)
