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
def in_browser():
    """Run a function with the browser in a thread of its own.

    Playwright's sync API keeps an asyncio loop running in the thread that uses it; Django then
    gives that thread other database connections (outside the test's transaction, so data would
    be committed) and refuses the ORM. Browser work therefore happens in this one worker thread,
    the ORM stays in the test's thread: ``in_browser(lambda browser: …)``.
    """
    from concurrent.futures import ThreadPoolExecutor

    playwright_api = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="browser")
    state = {}

    def start():
        state["playwright"] = playwright_api.sync_playwright().start()
        state["browser"] = state["playwright"].chromium.launch(executable_path=CHROMIUM, args=ARGS)

    executor.submit(start).result()

    def run(function):
        return executor.submit(function, state["browser"]).result()

    yield run

    def stop():
        state["browser"].close()
        state["playwright"].stop()

    executor.submit(stop).result()
    executor.shutdown()


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
