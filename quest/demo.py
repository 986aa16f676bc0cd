"""Demo Quest tree: one round, 2 case-study operators, 10 regional hubs, interviews, leaflets, materials."""

import datetime

from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from manabi.groups import EDITOR_GROUP, SECRETARIAT_GROUP
from manabi.models import HomePage

from .models import (
    InterviewIndexPage,
    InterviewPage,
    LeafletIndexPage,
    LeafletPage,
    Material,
    MaterialIndexPage,
    Operator,
    ProgrammeIndexPage,
    ProgrammePage,
    QuestHomePage,
    RecruitmentRound,
)

CASE_STUDY_OPERATORS = ["株式会社ケーススタディ教育", "一般社団法人データ人材育成機構"]
HUBS = [
    ("北海道DXハブ", "01"),
    ("東北DX推進センター", "04"),
    ("関東デジタル人材ハブ", "13"),
    ("北陸DX協議会", "17"),
    ("東海ものづくりDXハブ", "23"),
    ("関西DXラボ", "27"),
    ("中国地域DX推進機構", "34"),
    ("四国デジタル共創ハブ", "37"),
    ("九州DXネットワーク", "40"),
    ("沖縄DXイノベーションハブ", "47"),
]
INTERVIEWS = [
    (
        "製造現場の勘をデータに",
        "佐藤 健",
        "生産管理担当",
        "株式会社北の鉄工",
        "01",
        "regional",
        2024,
        ["製造業", "データ活用"],
    ),
    (
        "未経験からデータ分析の道へ",
        "鈴木 美咲",
        "営業企画",
        "",
        "13",
        "case_study",
        2024,
        ["キャリアチェンジ"],
    ),
    (
        "地域の観光をデータで変える",
        "高橋 誠",
        "観光協会職員",
        "九州観光協会",
        "40",
        "regional",
        2025,
        ["観光", "地域"],
    ),
    (
        "チームで挑んだ需要予測",
        "田中 彩",
        "エンジニア",
        "株式会社関西食品",
        "27",
        "regional",
        2025,
        ["需要予測", "チーム"],
    ),
    (
        "学び直しで見つけた新しい役割",
        "伊藤 大輔",
        "総務課長",
        "",
        "23",
        "case_study",
        2023,
        ["リスキリング"],
    ),
]


def minimal_pdf(title):
    """A small, valid one-page PDF (ASCII text) for demo leaflets."""
    text = title.encode("ascii", "replace").decode()
    stream = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def publish(page):
    page.save_revision().publish()
    return page


def load(command):
    home = HomePage.objects.first()
    if QuestHomePage.objects.exists():
        command.log("Quest demo tree already present")
        return
    quest = home.add_child(
        instance=QuestHomePage(
            title="マナビDX Quest",
            slug="quest",
            introduction="企業のデータを使った実践的な学びと、地域企業との協働で、DXを推進する人材を育てます。",
        )
    )
    publish(quest)
    now = timezone.now()
    round_ = RecruitmentRound.objects.create(
        name="令和8年度",
        announcement_at=now - datetime.timedelta(days=7),
        applications_open_at=now - datetime.timedelta(days=7),
        applications_close_at=now + datetime.timedelta(days=60),
    )
    programmes = publish(
        quest.add_child(
            instance=ProgrammeIndexPage(
                title="プログラム",
                slug="programmes",
                introduction="令和8年度に募集するプログラムです。",
            )
        )
    )
    for name in CASE_STUDY_OPERATORS:
        operator = Operator.objects.create(name=name, kind="case_study", regions=[])
        user = command.ensure_user(f"demo-operator-{Operator.objects.count()}")
        operator.users.add(user)
        publish(
            programmes.add_child(
                instance=ProgrammePage(
                    title=f"ケーススタディ教育プログラム（{name}）",
                    kind="case_study",
                    operator=operator,
                    recruitment_round=round_,
                    summary="架空企業のデータを使い、約2〜3か月でデータ活用の進め方を学びます。",
                    schedule="2026年5月〜7月",
                    min_weekly_hours=6,
                    commitment="最後まで取り組むこと",
                    capacity=500,
                )
            )
        )
    for name, prefecture in HUBS:
        operator = Operator.objects.create(name=name, kind="regional", regions=[prefecture])
        publish(
            programmes.add_child(
                instance=ProgrammePage(
                    title=f"地域企業協働プログラム（{name}）",
                    kind="regional",
                    operator=operator,
                    recruitment_round=round_,
                    regions=[prefecture],
                    summary="5名程度のチームで地域の中小企業と2〜3か月協働し、DXの課題に取り組みます。",
                    schedule="2026年9月〜11月",
                    requires_layer2_completion=True,
                    min_weekly_hours=6,
                    capacity=30,
                )
            )
        )
    command.log(f"{ProgrammePage.objects.count()} programme pages in round {round_.name}")

    interviews = publish(
        quest.add_child(instance=InterviewIndexPage(title="修了生インタビュー", slug="interviews"))
    )
    for title, person, role, company, region, kind, year, tags in INTERVIEWS:
        page = InterviewPage(
            title=title,
            interviewee=person,
            role_title=role,
            company=company,
            region=region,
            programme_kind=kind,
            year=year,
            pull_quote="学んだことがすぐに現場で役立ちました。",
            body=[
                (
                    "paragraph",
                    "<p>プログラムに参加したきっかけと、その後の変化について伺いました。</p>",
                )
            ],
        )
        interviews.add_child(instance=page)
        page.tags.add(*tags)
        publish(page)

    leaflets = publish(
        quest.add_child(instance=LeafletIndexPage(title="リーフレット", slug="leaflets"))
    )
    document_model = get_document_model()
    for year in (2025, 2026):
        document = document_model(title=f"マナビDX Quest リーフレット {year}")
        document.file.save(
            f"manabi-dx-quest-{year}.pdf",
            ContentFile(minimal_pdf(f"Manabi DX Quest {year}")),
            save=True,
        )
        publish(
            leaflets.add_child(
                instance=LeafletPage(
                    title=f"{year}年度 リーフレット",
                    document=document,
                    year=year,
                    description="プログラムの概要と応募方法です。",
                )
            )
        )

    materials = MaterialIndexPage(
        title="ケーススタディ教材", slug="materials", introduction="演習で使う教材の一覧です。"
    )
    themes = Material.Theme.values
    types = Material.MaterialType.values
    for i, theme in enumerate(themes):
        materials.materials.add(
            Material(
                title=f"{Material.Theme(theme).label}の演習",
                material_type=types[i % len(types)],
                theme=theme,
                description="架空企業のデータを使って課題に取り組みます。",
            )
        )
    quest.add_child(instance=materials)
    publish(materials)

    grant_page_rights(quest, programmes)
    command.log(
        "interviews, leaflets (with PDF files), materials, page permissions and the moderation workflow"
    )


def grant_page_rights(quest, programmes):
    """Editors and the secretariat work on the Quest tree; programme pages go through moderation."""
    for group_name, codenames in (
        (EDITOR_GROUP, ["add_page", "change_page", "publish_page"]),
        (SECRETARIAT_GROUP, ["add_page", "change_page", "publish_page"]),
    ):
        group = Group.objects.get(name=group_name)
        for codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(
                group=group, page=quest, permission=permission
            )
    workflow, created = Workflow.objects.get_or_create(name="Questプログラムページ審査")
    if created:
        task, _ = GroupApprovalTask.objects.get_or_create(name="事務局によるプログラムページ承認")
        task.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.get_or_create(page=programmes, defaults={"workflow": workflow})
