from tests.quest.conftest import quest_tree  # noqa: F401 - the Quest page tree fixture
