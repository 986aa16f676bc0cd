import pytest
from django.core.management import call_command

from tests.community.factories import AssertionFactory, BadgeAlignmentFactory, BadgeClassFactory


@pytest.fixture
def badge_keys(settings, tmp_path):
    """A fresh signing key in a private directory, made by the management command."""
    settings.BADGE_KEY_DIR = tmp_path / "keys"
    call_command("badge_keys", "--generate", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return settings.BADGE_KEY_DIR


@pytest.fixture
def award(db, badge_keys):
    badge_class = BadgeClassFactory()
    BadgeAlignmentFactory(badge_class=badge_class)
    return AssertionFactory(badge_class=badge_class, member__email="hanako@example.jp")
