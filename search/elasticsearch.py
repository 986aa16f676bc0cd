"""The project's one Elasticsearch connection, shared by the client and elasticsearch-dsl."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from elasticsearch import Elasticsearch
from elasticsearch_dsl import connections

_clients = {}


def get_client():
    """Return the client for ``settings.ELASTICSEARCH_URL``, registered as dsl's default.

    The setting may name several nodes separated by commas; the client sends each request to
    a live one.
    """
    url = settings.ELASTICSEARCH_URL
    if not url:
        raise ImproperlyConfigured("ELASTICSEARCH_URL is not set")
    client = _clients.get(url)
    if client is None:
        # Short timeouts: a search falls back to the database rather than
        # keeping a learner waiting on a server that does not answer.
        hosts = [host.strip() for host in url.split(",") if host.strip()]
        # With several nodes a request that fails on one is tried once on the next.
        client = Elasticsearch(
            hosts,
            request_timeout=5,
            retry_on_timeout=False,
            max_retries=0 if len(hosts) == 1 else 1,
        )
        _clients[url] = client
    # Keep elasticsearch-dsl's default in step with the configured URL.
    connections.add_connection("default", client)
    return client


def index_name(name):
    """The full index name for a logical index, under the configured prefix."""
    return f"{settings.SEARCH_INDEX_PREFIX}{name}"
