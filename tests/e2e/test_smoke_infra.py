"""The shared browser fixtures work: a page loads from the live server and axe runs in it."""


def test_browser_loads_a_page_and_axe_runs(site, page, axe):
    page.goto("/")
    assert page.locator("h1").first.inner_text()
    assert isinstance(axe.violations(page), list)


def test_requests_to_other_hosts_are_blocked_and_recorded(site, page_at):
    page = page_at(390)
    page.goto("/")
    page.evaluate("() => fetch('http://example.invalid/x').catch(() => null)")
    page.wait_for_timeout(200)
    assert any("example.invalid" in url for url in page_at.foreign_requests)
    page_at.foreign_requests.clear()  # this test provoked it on purpose
