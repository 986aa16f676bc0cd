"""Headless Chromium for the search page's browser tests (Debian's chromium, Playwright's driver)."""

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def search_browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    # Playwright's sync API refuses to run inside an event loop; Django's async-unsafe checks
    # would otherwise trip over it in the live server thread.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def shared_live_server(db):
    """A live server thread that uses this test's own database connection.

    Django's LiveServerTestCase does this for in-memory SQLite. Here it lets the browser see
    the data of the test's transaction, which is rolled back afterwards like any other test:
    no transactional test, so nothing flushes the reused test database. The server is
    single-threaded and never closes the shared connection.
    """
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import WSGIServer
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connections
    from django.test.testcases import LiveServerThread, _MediaFilesHandler

    connection = connections["default"]  # the wrapper itself, not the thread-local proxy

    class OneAtATimeServer(WSGIServer):
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)

    class SharedConnectionThread(LiveServerThread):
        server_class = OneAtATimeServer

        def run(self):
            connections["default"] = connection
            try:
                handler = self.static_handler(_MediaFilesHandler(WSGIHandler()))
                self.httpd = self._create_server()
                self.port = self.httpd.server_address[1]
                self.httpd.set_app(handler)
                self.is_ready.set()
                self.httpd.serve_forever()
            except Exception as exc:
                self.error = exc
                self.is_ready.set()

    # Django closes "old" connections around each request; this one is the test's.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    connection.inc_thread_sharing()
    # Static files from the apps' folders (finders), as runserver serves them.
    server = SharedConnectionThread("127.0.0.1", StaticFilesHandler)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    try:
        if server.error:
            raise server.error
        server.url = f"http://127.0.0.1:{server.port}"
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
        server.join()
        connection.dec_thread_sharing()
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
