import pytest

from tests.quest.factories import ProgrammeIndexPageFactory, QuestHomePageFactory


@pytest.fixture
def quest_tree(site):
    home = QuestHomePageFactory(parent=site.root_page)
    programmes = ProgrammeIndexPageFactory(parent=home)
    return {"home": home, "programmes": programmes}
