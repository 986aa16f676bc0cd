"""The shared browser fixtures refuse every other host (the page tests cover loading and axe)."""


def test_requests_to_other_hosts_are_blocked_and_recorded(site, page_at):
    page = page_at(390)
    page.goto("/")
    page.evaluate("() => fetch('http://example.invalid/x').catch(() => null)")
    page.wait_for_timeout(200)
    assert any("example.invalid" in url for url in page_at.foreign_requests)
    page_at.foreign_requests.clear()  # this test provoked it on purpose
