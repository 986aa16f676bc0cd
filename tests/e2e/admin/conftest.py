"""The admin journeys use the shared browser fixtures (tests/e2e/conftest.py: ``signed_in``,
``axe``, ``screenshot``); screenshots of the key screens are kept under
``var/e2e-screenshots/admin/`` (git-ignored) as test artefacts, named after the test."""

import pytest


@pytest.fixture
def shot(screenshot, request):
    """``shot(page, name)``: ``screenshot`` under ``admin/``, prefixed with the test's name."""

    def take(page, name):
        return screenshot(page, f"admin/{request.node.name}-{name}")

    return take
