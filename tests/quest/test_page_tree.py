"""Parent/child rules of the Quest tree."""

from wagtail.test.utils import WagtailPageTestCase

from manabi.models import HomePage, StandardPage
from quest.models import (
    InterviewIndexPage,
    InterviewPage,
    LeafletIndexPage,
    LeafletPage,
    MaterialIndexPage,
    ProgrammeIndexPage,
    ProgrammePage,
    QuestHomePage,
)


class QuestTreeRules(WagtailPageTestCase):
    def test_quest_home_sits_under_the_site_home(self):
        self.assertCanCreateAt(HomePage, QuestHomePage)
        self.assertCanNotCreateAt(QuestHomePage, QuestHomePage)
        self.assertCanNotCreateAt(StandardPage, QuestHomePage)

    def test_indexes_sit_under_quest_home(self):
        for index in (ProgrammeIndexPage, InterviewIndexPage, LeafletIndexPage, MaterialIndexPage):
            self.assertCanCreateAt(QuestHomePage, index)
            self.assertCanNotCreateAt(HomePage, index)

    def test_children_sit_under_their_index_only(self):
        self.assertAllowedSubpageTypes(ProgrammeIndexPage, {ProgrammePage})
        self.assertAllowedSubpageTypes(InterviewIndexPage, {InterviewPage})
        self.assertAllowedSubpageTypes(LeafletIndexPage, {LeafletPage})
        self.assertAllowedSubpageTypes(MaterialIndexPage, set())
        self.assertCanNotCreateAt(InterviewIndexPage, ProgrammePage)
        self.assertCanNotCreateAt(QuestHomePage, ProgrammePage)
        self.assertAllowedSubpageTypes(ProgrammePage, set())
