"""Every response and log record of a request carries one request id; JSON lines parse."""

import json
import logging

import pytest

from manabi.request_log import RequestIdFilter


def test_response_gets_a_fresh_id_or_keeps_the_proxys(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and first != second
    kept = client.get("/healthz", headers={"X-Request-ID": "nginx-1234abcd"})
    assert kept["X-Request-ID"] == "nginx-1234abcd"


@pytest.mark.parametrize("forged", ["bad id\nINFO forged line", "x", "a" * 300, "<script>"])
def test_unsafe_supplied_ids_are_replaced(client, forged):
    response = client.get("/healthz", headers={"X-Request-ID": forged})
    assert response["X-Request-ID"] != forged
    assert len(response["X-Request-ID"]) == 32


def test_log_records_of_the_request_carry_its_id(client, caplog):
    caplog.set_level(logging.INFO, logger="manabi.request")
    handler_filter = RequestIdFilter()
    logging.getLogger("manabi.request").addFilter(handler_filter)
    try:
        response = client.get("/healthz", headers={"X-Request-ID": "req-abcdef12"})
    finally:
        logging.getLogger("manabi.request").removeFilter(handler_filter)
    records = [r for r in caplog.records if r.name == "manabi.request"]
    assert response.status_code == 200
    assert [r.request_id for r in records] == ["req-abcdef12"]
    assert records[0].status == 200 and records[0].path == "/healthz"


def test_json_formatter_writes_one_object_per_line(settings):
    config = json.loads(json.dumps(settings.LOGGING))
    formatter_config = config["formatters"]["json"]
    factory = formatter_config.pop("()")
    module, _, name = factory.rpartition(".")
    formatter = getattr(__import__(module, fromlist=[name]), name)(**formatter_config)
    record = logging.LogRecord("manabi.x", logging.WARNING, __file__, 1, "日本語 %s", ("ok",), None)
    RequestIdFilter().filter(record)
    line = formatter.format(record)
    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["message"] == "日本語 ok"
    assert parsed["level"] == "WARNING"
    assert parsed["request_id"] == "-"
