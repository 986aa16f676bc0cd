"""Demo catalogue: ~30 partners and ~800 courses, reproducible from the command's seed.

Courses are spread over every level, standard, role, fee type, study-time
bucket, delivery mode and subsidy, and go through the real publication path.
A few are left as drafts, one in review, one suspended and one expired.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from . import services
from .models import (
    Course,
    Exam,
    ListingAction,
    Partner,
    PartnerMember,
    ReskillField,
    Role,
    SkillCategory,
    SkillStandard,
    Subsidy,
)
from .permissions import PARTNER_GROUP, SECRETARIAT_GROUP
from .validators import corporate_number_check_digit

PARTNER_COUNT = 30
COURSE_COUNT = 800
DEMO_NUMBER_BASE = 900_000_000_000  # 12-digit bases reserved for demo partners

PARTNER_STEMS = [
    ("デジタルアカデミー", "デジタルアカデミー"),
    ("データラボ", "データラボ"),
    ("クラウドスクール", "クラウドスクール"),
    ("未来創造研究所", "ミライソウゾウケンキュウショ"),
    ("テックキャンパス", "テックキャンパス"),
    ("情報技術教育センター", "ジョウホウギジュツキョウイクセンター"),
    ("AIラーニング", "エーアイラーニング"),
    ("スキルブリッジ", "スキルブリッジ"),
    ("ネクストキャリア", "ネクストキャリア"),
    ("まなびネット", "マナビネット"),
    ("DXパートナーズ", "ディーエックスパートナーズ"),
    ("セキュリティ研修", "セキュリティケンシュウ"),
    ("北海道ITカレッジ", "ホッカイドウアイティーカレッジ"),
    ("東北デジタル人材機構", "トウホクデジタルジンザイキコウ"),
    ("中部ソフトウェア教育", "チュウブソフトウェアキョウイク"),
    ("関西データサイエンス塾", "カンサイデータサイエンスジュク"),
    ("九州クラウド研修", "キュウシュウクラウドケンシュウ"),
    ("沖縄ITアカデミア", "オキナワアイティーアカデミア"),
    ("プログラミング道場", "プログラミングドウジョウ"),
    ("ビジネスDX大学", "ビジネスディーエックスダイガク"),
    ("UXデザインスクール", "ユーエックスデザインスクール"),
    ("リスキリング総研", "リスキリングソウケン"),
    ("IoTものづくり塾", "アイオーティーモノヅクリジュク"),
    ("データエンジニア養成所", "データエンジニアヨウセイジョ"),
    ("生成AI研究会", "セイセイエーアイケンキュウカイ"),
    ("キャリアアップ研修", "キャリアアップケンシュウ"),
    ("地域DX推進協会", "チイキディーエックススイシンキョウカイ"),
    ("モデルベース開発研究所", "モデルベースカイハツケンキュウショ"),
    ("ITパスポート塾", "アイティーパスポートジュク"),
    ("オンライン学習工房", "オンラインガクシュウコウボウ"),
]
PREFECTURES = ["13", "13", "13", "27", "23", "40", "01", "04", "14", "26", "34", "47"]

LITERACY_TOPICS = [
    "DXリテラシー",
    "デジタル社会の基礎",
    "データ活用の第一歩",
    "生成AIの使い方",
    "情報セキュリティの基本",
    "クラウドサービス入門",
    "ITパスポート対策",
    "ノーコードで始める業務改善",
    "AI時代のビジネス",
    "Excelデータ分析",
]
PRACTICAL_TOPICS = {
    "business-architect": [
        "DX戦略立案",
        "新規事業開発",
        "業務プロセス改革",
        "デジタルビジネスモデル",
    ],
    "designer": ["UXデザイン", "UI設計", "サービスデザイン", "デザイン思考"],
    "data-scientist": [
        "データサイエンス",
        "機械学習",
        "統計解析",
        "データエンジニアリング",
        "BIダッシュボード",
    ],
    "software-engineer": [
        "Pythonプログラミング",
        "Webアプリ開発",
        "クラウドネイティブ開発",
        "AWS設計",
        "IoTシステム開発",
    ],
    "cybersecurity": [
        "サイバーセキュリティ",
        "セキュアコーディング",
        "インシデント対応",
        "ゼロトラスト設計",
    ],
}
SUFFIXES = [
    "入門",
    "基礎講座",
    "実践講座",
    "ハンズオン",
    "集中講座",
    "応用コース",
    "ブートキャンプ",
    "認定コース",
]
SUMMARIES = [
    "{topic}の基本を演習中心に短期間で身につける",
    "{topic}を実務で使えるレベルまで段階的に学ぶ",
    "事例をもとに{topic}の考え方と進め方を学ぶ",
    "現場で役立つ{topic}のスキルを実習で習得する",
]
HOURS_BY_BUCKET = [
    Decimal("0.5"),
    Decimal("1"),
    Decimal("3"),
    Decimal("6"),
    Decimal("12"),
    Decimal("40"),
    Decimal("120"),
]


def demo_corporate_number(n):
    base = f"{DEMO_NUMBER_BASE + n:012d}"
    return f"{corporate_number_check_digit(base)}{base}"


def load(command):
    if Partner.objects.filter(corporate_number=demo_corporate_number(0)).exists():
        command.log("catalogue demo data already present")
        return
    rng = random.Random(command.seed)  # noqa: S311 - reproducible demo data, not secrets
    reviewer = command.ensure_user("demo-reviewer", groups=[SECRETARIAT_GROUP])
    partners = make_partners(rng)
    command.log(f"{len(partners)} partners")

    taxonomy = load_taxonomy()
    courses = []
    count = getattr(command, "course_count", COURSE_COUNT)
    for i in range(count):
        courses.append(make_course(rng, i, partners, taxonomy))
        if (i + 1) % 100 == 0 or i + 1 == count:
            command.log(f"{i + 1}/{count} courses")
    # The demo partner user acts for the partner whose course is in review.
    in_review = courses[49]
    partner_user = command.ensure_user("demo-partner", groups=[PARTNER_GROUP])
    PartnerMember.objects.get_or_create(user=partner_user, defaults={"partner": in_review.partner})
    special_states(courses, in_review, reviewer, partner_user)
    command.log("drafts, a course in review, a suspended and an expired course")


def make_partners(rng):
    partners = []
    for i, (stem, kana) in enumerate(PARTNER_STEMS[:PARTNER_COUNT]):
        partner = Partner(
            corporate_number=demo_corporate_number(i),
            name=f"株式会社{stem}",
            name_kana=f"カブシキガイシャ{kana}",
            prefecture=rng.choice(PREFECTURES),
            address="デモ市デモ町1-2-3",
            website=f"https://partner{i:02d}.example.jp/",
            description=f"{stem}は、社会人向けのデジタル人材育成講座を提供しています。",
            contact_name="デモ 担当",
            contact_email=f"contact@partner{i:02d}.example.jp",
            contact_phone="03-0000-0000",
            live=False,
        )
        partner.save()
        # The last partner is still under review, so its courses cannot go live.
        if i < PARTNER_COUNT - 1:
            partner.save_revision().publish()
            partner.refresh_from_db()
        partners.append(partner)
    return partners


def load_taxonomy():
    return {
        "dss_l": SkillStandard.objects.get(code="dss-l-1-2"),
        "practical_standards": list(
            SkillStandard.objects.exclude(family=SkillStandard.Family.DSS_L)
        ),
        "roles": {r.code: r for r in Role.objects.select_related("category")},
        "dss_l_categories": list(SkillCategory.objects.filter(standard__family="dss-l")),
        "dss_p_categories": list(SkillCategory.objects.filter(standard__family="dss-p")),
        "reskill_fields": list(ReskillField.objects.all()),
        "exams": list(Exam.objects.all()),
        "subsidies": list(Subsidy.objects.all()),
    }


def make_course(rng, i, partners, taxonomy):
    # Round-robin over levels, fee types and deliveries so every value appears.
    level = i % 4 + 1
    partner = partners[i % (PARTNER_COUNT - 1)] if i % 97 else partners[-1]
    fee_type = [
        Course.FeeType.PAID,
        Course.FeeType.FREE,
        Course.FeeType.PARTLY_FREE,
        Course.FeeType.PAID,
    ][i % 4 - 1]
    delivery = Course.Delivery.values[i % len(Course.Delivery.values)]
    hours = HOURS_BY_BUCKET[(i // 4) % len(HOURS_BY_BUCKET)]
    roles = []
    if level == 1:
        topic = rng.choice(LITERACY_TOPICS)
        standards = [taxonomy["dss_l"]]
        categories = rng.sample(taxonomy["dss_l_categories"], k=rng.randint(1, 4))
    else:
        category_code = list(PRACTICAL_TOPICS)[(i // 4) % len(PRACTICAL_TOPICS)]
        topic = rng.choice(PRACTICAL_TOPICS[category_code])
        dss_p = taxonomy["practical_standards"][0]
        standards = [dss_p] + (
            [rng.choice(taxonomy["practical_standards"][1:])] if i % 5 == 0 else []
        )
        category_roles = [r for r in taxonomy["roles"].values() if r.category.code == category_code]
        # A DSS-P level-2 course teaches what every role shares: it maps to all roles.
        roles = (
            list(taxonomy["roles"].values())
            if level == 2 and i % 3 == 0
            else rng.sample(category_roles, k=rng.randint(1, len(category_roles)))
        )
        categories = rng.sample(taxonomy["dss_p_categories"], k=rng.randint(1, 3))
    subsidies = [taxonomy["subsidies"][i % len(taxonomy["subsidies"])]] if i % 3 == 0 else []
    reskill = any(s.is_reskill_certification for s in subsidies)
    course = Course(
        partner=partner,
        title=f"{topic}{rng.choice(SUFFIXES)}",
        summary=rng.choice(SUMMARIES).format(topic=topic)[:60],
        description=f"<p>{topic}について、講義と演習を組み合わせて学びます。</p><ul><li>オンライン質問対応あり</li><li>修了証を発行</li></ul>",
        url=f"https://partner{partners.index(partner):02d}.example.jp/courses/{i}",
        level=level,
        course_type=Course.CourseType.LITERACY if level == 1 else Course.CourseType.PRACTICAL,
        fee_type=fee_type,
        fee_yen=0
        if fee_type == Course.FeeType.FREE
        else rng.choice([5500, 22000, 55000, 165000, 330000]),
        study_hours=hours,
        delivery=delivery,
        venue_prefecture=rng.choice(PREFECTURES) if delivery in ("classroom", "hybrid") else "",
        individual_application=i % 7 != 0,
        reskill_certified_until=datetime.date(2029, 3, 31) if reskill else None,
        capacity=rng.choice([None, 20, 30, 50, 100]),
        schedule=rng.choice(["随時受講可能", "毎月開講", "4月・10月開講", "通年"]),
        prerequisites="" if level <= 2 else "基本的なプログラミング経験があること",
        live=False,
    )
    course.save()
    course.standards.set(standards)
    course.roles.set(roles)
    course.skill_categories.set(categories)
    course.subsidies.set(subsidies)
    if reskill:
        course.reskill_fields.set([rng.choice(taxonomy["reskill_fields"])])
    if level >= 2 and i % 4 == 1:
        course.exams.set(rng.sample(taxonomy["exams"], k=rng.randint(1, 2)))
    revision = course.save_revision()
    if i % 50 != 49 and partner.live:  # every 50th course stays a draft
        Course.objects.filter(pk=course.pk).update(approved_revision=revision)
        course.approved_revision = revision
        revision.publish()
    return course


def special_states(courses, in_review, reviewer, partner_user):
    in_review.refresh_from_db()
    in_review.get_workflow().start(in_review, partner_user)

    suspended = courses[10]
    suspended.refresh_from_db()
    services.suspend_listing(
        suspended,
        reviewer,
        ListingAction.Reason.COMPLAINTS_OR_MISDESCRIPTION,
        "受講者からの苦情について事実確認中",
    )

    expired = courses[11]
    today = timezone.localdate()
    Course.objects.filter(pk=expired.pk).update(
        listed_from=today - datetime.timedelta(days=3 * 365 + 2),
        listed_until=today - datetime.timedelta(days=1),
    )
    services.expire_listings(today)
