"""Demo community: cohorts from AI Quest to 令和8年度, ~200 members imported from a past list
(through the same import code as the admin), enrolment in every state, badges (one revoked)."""

from pathlib import Path

from django.core.management import call_command

from quest.models import ProgrammePage, RecruitmentRound

from . import services
from .badges import services as badge_services
from .badges.keys import public_keys
from .importing import create_import, run_member_import
from .models import BadgeAlignment, BadgeClass, Cohort, Issuer, Member

DEMO_CSV = Path(__file__).parent / "demo_data" / "past_members.csv"
DSS_URL = "https://www.ipa.go.jp/jinzai/skill-standard/dss/index.html"

COHORTS = [
    ("AI Quest 2019", 2, 2019),
    ("AI Quest 2020", 2, 2020),
    ("AI Quest 2021", 2, 2021),
    *[
        (f"令和{reiwa}年度 マナビDX Quest {label}", layer, 2018 + reiwa)
        for reiwa in (4, 5, 6, 7, 8)
        for label, layer in (("ケーススタディ", 2), ("地域企業協働", 3))
    ],
]

BADGES = [
    (
        "case-study-completion",
        "マナビDX Quest ケーススタディ教育プログラム修了",
        2,
        "架空企業のデータを使ったケーススタディ教育プログラム（第2層）を修了したことを証明します。",
        "全ての課題を期限内に提出し、最終課題で分析結果と提案を発表したこと。",
        [("データサイエンティスト", "DS"), ("ビジネスアーキテクト", "BA")],
    ),
    (
        "regional-collaboration-completion",
        "マナビDX Quest 地域企業協働プログラム修了",
        3,
        "地域の中小企業と協働し、DXの課題解決に取り組む地域企業協働プログラム（第3層）を修了したことを証明します。",
        "5名程度のチームで2〜3か月、参加企業とともに課題の整理・検証・提案を行い、成果報告を行ったこと。",
        [("ビジネスアーキテクト", "BA"), ("デザイナー", "DE")],
    ),
]


def load(command):
    if Cohort.objects.exists():
        command.log("Community demo already present")
        return
    if not public_keys():
        call_command("badge_keys", "--generate", stdout=command.stdout)

    round_8 = RecruitmentRound.objects.filter(name="令和8年度").first()
    for name, layer, year in COHORTS:
        programme = None
        if year == 2026 and round_8 is not None:
            kind = "case_study" if layer == 2 else "regional"
            programme = (
                ProgrammePage.objects.filter(recruitment_round=round_8, kind=kind)
                .order_by("pk")
                .first()
            )
        Cohort.objects.create(
            name=name,
            layer=layer,
            fiscal_year=year,
            recruitment_round=round_8 if year == 2026 else None,
            programme=programme,
        )
    command.log(f"{Cohort.objects.count()} cohorts")

    job = create_import(DEMO_CSV.read_bytes(), DEMO_CSV.name, dry_run=False)
    run_member_import(job)
    command.log(f"imported {DEMO_CSV.name}: {job.totals} → {Member.objects.count()} members")

    secretariat = command.ensure_user("demo-secretariat", groups=["事務局(審査)"])
    members = list(Member.objects.order_by("email"))
    cohort_7 = Cohort.objects.get(name="令和7年度 マナビDX Quest ケーススタディ")
    invited = services.invite_cohort(cohort_7, actor=secretariat)
    enrolments = [
        m.enrolment for m in Member.objects.filter(enrolment__isnull=False).order_by("email")
    ]
    for enrolment in enrolments[:12]:
        services.accept_invitation(enrolment, policy_version="2023年4月版")
    for enrolment in enrolments[:8]:
        services.approve(enrolment, actor=secretariat)
    services.decline(enrolments[8], actor=secretariat, note="修了記録を確認できませんでした。")
    services.withdraw(enrolments[0], by_member=True, hide_badges=True)
    services.decline(enrolments[12], by_member=True)
    command.log(f"{invited} invited from {cohort_7.name}; enrolment in every state")

    issuer = Issuer.objects.create(
        name="マナビDX Quest 運営事務局",
        url="https://manabi-dx.ipa.go.jp/",
        email="quest-badges@example.jp",
        description="マナビDX Quest の修了者にオープンバッジを発行します。",
    )
    classes = {}
    for slug, name, layer, description, criteria, roles in BADGES:
        badge_class = BadgeClass.objects.create(
            issuer=issuer,
            slug=slug,
            name=name,
            layer=layer,
            description=description,
            criteria=criteria,
        )
        for order, (role, code) in enumerate(roles):
            BadgeAlignment.objects.create(
                badge_class=badge_class,
                sort_order=order,
                target_name=role,
                target_code=code,
                target_url=DSS_URL,
            )
        classes[layer] = badge_class
    awarded = 0
    for cohort in Cohort.objects.filter(fiscal_year__in=[2024, 2025]):
        awarded += badge_services.award_cohort(classes[cohort.layer], cohort, actor=secretariat)
    revoked = badge_services.award(classes[2], members[-1], actor=secretariat, notify=False)
    if revoked is not None:
        badge_services.revoke(
            revoked, reason="修了要件を満たしていないことが判明したため", actor=secretariat
        )
    command.log(f"{awarded} badges awarded, 1 revoked; members: {len(members)}")
