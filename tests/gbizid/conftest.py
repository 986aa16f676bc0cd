"""A real demo gBizID provider in its own process, and a user agent for the redirect dance.

The provider (``python -m manabi.gbizid.demo_provider``) runs once per test session on a free
loopback port with its own SQLite database; the site under test is pytest-django's live server.
Nothing is patched: the site talks to the provider over HTTP as it would to gBizID.
"""

import socket
import subprocess
import sys
import time
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
import requests
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connections

from manabi.settings.environment import Environment, gbizid_oidc_settings

PROVIDER_START_SECONDS = 60


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def demo_provider(tmp_path_factory):
    """The base URL of a running demo provider; its database path as ``.db``."""
    port = free_port()
    db = tmp_path_factory.mktemp("gbizid-provider") / "provider.sqlite3"
    log = open(db.with_suffix(".log"), "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "manabi.gbizid.demo_provider", "--port", str(port), "--db", db],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + PROVIDER_START_SECONDS
    while True:
        try:
            if requests.get(f"{base}/oauth/.well-known/jwks.json", timeout=2).ok:
                break
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log.close()
            pytest.fail(f"demo provider did not start: {db.with_suffix('.log').read_text()}")
        time.sleep(0.3)
    provider = type("Provider", (), {"url": base, "port": port, "db": db})
    yield provider
    process.terminate()
    process.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def _migrated_data_kept(django_db_setup, django_db_blocker):
    """Leave the reused test database as migrations made it.

    Live-server tests commit, so Django flushes every table after each one (and restores the
    migrations' data before the next, ``serialized_rollback``). The flush after the last one
    would leave ``--reuse-db`` runs without groups, workflows and taxonomies.
    """
    yield
    with django_db_blocker.unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                call_command(
                    "flush",
                    database=connection.alias,
                    interactive=False,
                    verbosity=0,
                    inhibit_post_migrate=True,
                    # As Django's own flush between tests: restored rows keep their ids.
                    reset_sequences=False,
                )
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture
def gbizid_site(_migrated_data_kept, demo_provider, live_server, settings, site):
    """The live site, registered with the demo provider exactly as settings would do it."""
    config = Environment(
        {
            "GBIZID_ISSUER": f"{demo_provider.url}/oauth/",
            "GBIZID_CLIENT_ID": "manabi-demo",
            "GBIZID_CLIENT_SECRET": "manabi-demo-secret",
        }
    ).gbizid()
    settings.GBIZID = config
    for name, value in gbizid_oidc_settings(config).items():
        setattr(settings, name, value)
    settings.ALLOWED_HOSTS = ["*"]
    return live_server


class Browser:
    """A user agent: follows redirects one at a time so a test can stop and alter one."""

    def __init__(self, site_url):
        # The loopback IP, as gBizID demo registration allows any port of 127.0.0.1 (RFC 8252).
        self.site_url = site_url.rstrip("/").replace("//localhost:", "//127.0.0.1:")
        self.http = requests.Session()
        self.history = []

    def get(self, url, stop=None):
        """GET ``url`` and follow redirects; return the response, or the URL ``stop`` accepts."""
        if url.startswith("/"):
            url = self.site_url + url
        while True:
            if stop is not None and stop(url):
                return url
            self.history.append(url)
            response = self.http.get(url, allow_redirects=False, timeout=30)
            if response.is_redirect:
                url = requests.compat.urljoin(url, response.headers["Location"])
                continue
            return response

    def post_form(self, response, form, data, stop=None):
        """Submit ``form`` (a BeautifulSoup tag) from ``response`` with ``data`` over its fields."""
        fields = form_fields(form)
        fields.update(data)
        action = requests.compat.urljoin(response.url, form.get("action") or response.url)
        self.history.append(action)
        answer = self.http.post(
            action, data=fields, allow_redirects=False, timeout=30, headers={"Referer": action}
        )
        if answer.is_redirect:
            return self.get(requests.compat.urljoin(action, answer.headers["Location"]), stop=stop)
        return answer

    def sign_in(self, account, at_authorize=None, at_callback=None):
        """From /admin/login/ through 「gBizIDでログイン」 to wherever the site sends ``account``.

        ``at_authorize(url)`` and ``at_callback(url)`` may return an altered URL to go on with.
        """
        login_page = self.get("/admin/login/")
        button = soup(login_page).find("a", string="gBizIDでログイン")
        assert button is not None, "the sign-in page has no 「gBizIDでログイン」 button"
        step = self.get(button["href"], stop=lambda url: "/oauth/authorize" in url)
        if at_authorize:
            step = at_authorize(step)
        page = self.get(step, stop=is_callback)
        if not isinstance(page, str):  # the provider asks who is signing in
            form = next(f for f in soup(page).find_all("form") if f.find("button", value=account))
            page = self.post_form(page, form, {"account": account}, stop=is_callback)
        assert isinstance(page, str), f"the provider did not send us back: {page.status_code}"
        if at_callback:
            page = at_callback(page)
        return self.get(page)


def is_callback(url):
    return "/auth/gbizid/callback/" in url


def soup(response):
    return BeautifulSoup(response.text, "html.parser")


def form_fields(form):
    """What a browser would send for ``form`` untouched (text, hidden, selects, checked boxes)."""
    fields = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        if field.name == "select":
            chosen = field.find_all("option", selected=True)
            values = [o.get("value", o.text) for o in chosen]
            if field.has_attr("multiple"):
                fields[name] = values
            elif values:
                fields[name] = values[0]
        elif field.name == "textarea":
            fields[name] = field.text
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                fields[name] = field.get("value", "on")
        elif field.get("type") not in ("submit", "button", "file"):
            fields[name] = field.get("value", "")
    return fields


def replace_query(url, **changes):
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


def query_value(url, name):
    return dict(parse_qsl(urlsplit(url).query)).get(name)


@pytest.fixture
def browser(gbizid_site):
    return Browser(gbizid_site.url)
