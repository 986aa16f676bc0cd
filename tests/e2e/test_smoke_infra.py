"""The shared browser fixtures refuse every other host (the page tests cover loading and axe)."""

import contextlib


def test_requests_to_other_hosts_are_blocked_and_recorded(site, page_at):
    page = page_at(390)
    page.goto("/")
    # A fetch would be stopped by the site's Content-Security-Policy before the network; a
    # navigation is not, so it shows that the fixture's own guard catches another host too.
    with contextlib.suppress(Exception):
        page.goto("http://example.invalid/x")
    assert any("example.invalid" in url for url in page_at.foreign_requests)
    page_at.foreign_requests.clear()  # this test provoked it on purpose
