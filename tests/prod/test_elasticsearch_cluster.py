"""Elasticsearch as a cluster: several nodes in ELASTICSEARCH_URL, shards and replicas from settings."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from manabi.settings.environment import Environment
from search.backends.elastic import alias_name, ensure_index
from search.elasticsearch import get_client


def test_several_nodes_are_accepted_and_each_is_checked():
    env = Environment({"ELASTICSEARCH_URL": "http://es1:9200, https://es2:9200/"})
    assert env.url_list("ELASTICSEARCH_URL") == "http://es1:9200,https://es2:9200"
    with pytest.raises(ImproperlyConfigured, match="ELASTICSEARCH_URL='es2:9200' is not a URL"):
        Environment({"ELASTICSEARCH_URL": "http://es1:9200,es2:9200"}).url_list("ELASTICSEARCH_URL")


def test_a_dead_node_in_the_list_does_not_fail_requests(es, settings):
    live = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:9,{live}"  # the discard port: refused
    client = get_client()
    assert all(client.cluster.health()["status"] in {"green", "yellow"} for _ in range(6))


def test_shards_and_replicas_come_from_settings(es, settings):
    settings.ELASTICSEARCH_SHARDS = 2
    settings.ELASTICSEARCH_REPLICAS = 1
    ensure_index()
    index_settings = next(iter(es.indices.get_settings(index=alias_name()).body.values()))
    assert index_settings["settings"]["index"]["number_of_shards"] == "2"
    assert index_settings["settings"]["index"]["number_of_replicas"] == "1"
