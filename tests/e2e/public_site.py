"""Content for the public-site browser tests: a home page with every section, a Quest tree, courses."""

from django.utils import timezone

from catalogue.models import Role
from manabi.blocks import HomeStreamBlock
from manabi.models import SiteSettings
from tests.catalogue.factories import listed_course
from tests.manabi.factories import StandardPageFactory
from tests.quest.factories import (
    ProgrammeIndexPageFactory,
    ProgrammePageFactory,
    QuestHomePageFactory,
    RecruitmentRoundFactory,
)

SECTIONS = [
    "course_search",
    "level_entries",
    "role_entries",
    "feature_entries",
    "newest_courses",
    "quest_entry",
]


def build_public_site(site):
    """Every public page type with content, as a visitor would find it."""
    engineer = Role.objects.get(code="data-engineer")
    courses = [
        listed_course(
            title=f"データエンジニアリング実践 {n}",
            summary="データ基盤の設計と運用を演習で学ぶ",
            roles=[engineer],
        )
        for n in range(3)
    ]
    quest = QuestHomePageFactory(parent=site.root_page, introduction="実践で学ぶDXプログラムです。")
    index = ProgrammeIndexPageFactory(parent=quest, introduction="今年度のプログラム一覧です。")
    recruitment_round = RecruitmentRoundFactory(
        applications_close_at=timezone.now() + timezone.timedelta(days=30)
    )
    programme = ProgrammePageFactory(
        parent=index,
        recruitment_round=recruitment_round,
        title="北海道 地域企業協働プログラム",
        regions=["01"],
        requires_layer2_completion=False,
    )
    programme.roles.set([engineer])
    programme.save_revision().publish()
    home = site.root_page.specific
    stream = HomeStreamBlock()
    body = []
    for name in SECTIONS:
        value = stream.child_blocks[name].get_default()
        if name == "quest_entry":
            value["page"] = quest
        body.append((name, value))
    home.body = body
    home.save_revision().publish()
    policy = StandardPageFactory(
        parent=site.root_page,
        title="プライバシーポリシー",
        slug="privacy",
        body=[
            ("heading", "応募情報の提供先"),
            ("data_recipients", None),
            ("heading", "保存期間"),
            ("retention_period", None),
        ],
    )
    settings = SiteSettings.for_site(site)
    settings.privacy_policy_page = policy
    settings.save()
    return {
        "courses": courses,
        "quest": quest,
        "index": index,
        "programme": programme,
        "policy": policy,
    }
