"""Initial taxonomy values: DSS (DSS-L / DSS-P ver.1.2), ITSS, ITSS+, Reスキル fields, exams,
subsidies and listing criteria. Later versions are added in the admin as data."""

from django.db import migrations

STANDARDS = [
    # code, family, name, version, sort
    ("dss-l-1-2", "dss-l", "DXリテラシー標準", "1.2", 10),
    ("dss-p-1-2", "dss-p", "DX推進スキル標準", "1.2", 20),
    ("itss-3", "itss", "ITスキル標準", "3", 30),
    ("itss-plus-1", "itss-plus", "ITSS+", "1", 40),
]

DSS_P_ROLES = [
    ("business-architect", "ビジネスアーキテクト", [
        ("new-business", "ビジネスアーキテクト（新規事業開発）"),
        ("existing-business", "ビジネスアーキテクト（既存事業の高度化）"),
        ("internal-operations", "ビジネスアーキテクト（社内業務の高度化・効率化）"),
    ]),
    ("designer", "デザイナー", [
        ("service-designer", "サービスデザイナー"),
        ("ux-ui-designer", "UX/UIデザイナー"),
        ("graphic-designer", "グラフィックデザイナー"),
    ]),
    ("data-scientist", "データサイエンティスト", [
        ("data-business-strategist", "データビジネスストラテジスト"),
        ("data-science-professional", "データサイエンスプロフェッショナル"),
        ("data-engineer", "データエンジニア"),
    ]),
    ("software-engineer", "ソフトウェアエンジニア", [
        ("frontend-engineer", "フロントエンドエンジニア"),
        ("backend-engineer", "バックエンドエンジニア"),
        ("cloud-engineer-sre", "クラウドエンジニア／SRE"),
        ("physical-computing-engineer", "フィジカルコンピューティングエンジニア"),
    ]),
    ("cybersecurity", "サイバーセキュリティ", [
        ("cybersecurity-manager", "サイバーセキュリティマネージャー"),
        ("cybersecurity-engineer", "サイバーセキュリティエンジニア"),
    ]),
]

SKILL_CATEGORIES = {
    "dss-p-1-2": [
        ("dss-p-business-transformation", "ビジネス変革"),
        ("dss-p-data-utilisation", "データ活用"),
        ("dss-p-technology", "テクノロジー"),
        ("dss-p-security", "セキュリティ"),
        ("dss-p-personal-skills", "パーソナルスキル"),
    ],
    "dss-l-1-2": [
        ("dss-l-mind-stance", "マインド・スタンス"),
        ("dss-l-why", "Why（DXの背景）"),
        ("dss-l-what", "What（DXで活用されるデータ・技術）"),
        ("dss-l-how", "How（データ・技術の利活用）"),
    ],
}

RESKILL_FIELDS = [
    ("dx-promotion", "DX推進", [
        ("dx-business-architect", "ビジネスアーキテクト"),
        ("dx-designer", "デザイナー"),
        ("dx-data-scientist", "データサイエンティスト"),
        ("dx-software-engineer", "ソフトウェアエンジニア"),
        ("dx-cybersecurity", "サイバーセキュリティ"),
    ]),
    ("ai-iot-data-cloud", "AI・IoT・データサイエンス・クラウド", []),
    ("advanced-security-network", "高度なセキュリティ・ネットワーク", []),
    ("it-utilisation", "IT利活用", [
        ("automotive-mbd", "自動車モデルベース開発"),
        ("autonomous-driving", "自動運転"),
        ("production-digital-design", "生産システムデジタル設計"),
    ]),
]

EXAMS = [
    ("it-passport", "ITパスポート試験"),
    ("security-management", "情報セキュリティマネジメント試験"),
    ("fundamental-it-engineer", "基本情報技術者試験"),
    ("applied-it-engineer", "応用情報技術者試験"),
    ("data-scientist-certificate", "データサイエンティスト検定"),
    ("g-certificate", "G検定（ジェネラリスト検定）"),
    ("e-qualification", "E資格（エンジニア資格）"),
]

SUBSIDIES = [
    ("benefit-general", "教育訓練給付（一般教育訓練）", False),
    ("benefit-specific-general", "教育訓練給付（特定一般教育訓練）", False),
    ("benefit-professional", "教育訓練給付（専門実践教育訓練）", False),
    ("reskill-certified", "第四次産業革命スキル習得講座（Reスキル講座）認定", True),
]

CRITERIA = [
    ("講座の内容がレベルとデジタルスキル標準の対応付けに合致している",
     "レベル1はDXリテラシー標準、レベル2〜4はDX推進スキル標準・ITSS・ITSS+に対応していること。"),
    ("受講料・標準学習時間・実施形態・申込方法が明示されている", ""),
    ("講座の紹介ページが公開されており、記載内容と一致している", "講座URLを開いて確認してください。"),
    ("講座の内容が法令及び公序良俗に反しない", ""),
    ("受講者からの問い合わせ・苦情の窓口が明示されている", ""),
]


def load(apps, schema_editor):
    SkillStandard = apps.get_model("catalogue", "SkillStandard")
    RoleCategory = apps.get_model("catalogue", "RoleCategory")
    Role = apps.get_model("catalogue", "Role")
    SkillCategory = apps.get_model("catalogue", "SkillCategory")
    ReskillField = apps.get_model("catalogue", "ReskillField")
    Exam = apps.get_model("catalogue", "Exam")
    Subsidy = apps.get_model("catalogue", "Subsidy")
    ListingCriterion = apps.get_model("catalogue", "ListingCriterion")

    standards = {}
    for code, family, name, version, sort in STANDARDS:
        standards[code], _ = SkillStandard.objects.update_or_create(
            code=code, defaults={"family": family, "name": name, "version": version, "sort_order": sort}
        )
    for c, (cat_code, cat_name, roles) in enumerate(DSS_P_ROLES):
        category, _ = RoleCategory.objects.update_or_create(
            code=cat_code,
            defaults={"name": cat_name, "standard": standards["dss-p-1-2"], "sort_order": c},
        )
        for r, (role_code, role_name) in enumerate(roles):
            Role.objects.update_or_create(
                code=role_code,
                defaults={"name": role_name, "category": category, "sort_order": c * 10 + r},
            )
    for standard_code, items in SKILL_CATEGORIES.items():
        for i, (code, name) in enumerate(items):
            SkillCategory.objects.update_or_create(
                code=code, defaults={"name": name, "standard": standards[standard_code], "sort_order": i}
            )
    for i, (code, name, children) in enumerate(RESKILL_FIELDS):
        parent, _ = ReskillField.objects.update_or_create(
            code=code, defaults={"name": name, "sort_order": i * 10}
        )
        for j, (child_code, child_name) in enumerate(children, start=1):
            ReskillField.objects.update_or_create(
                code=child_code, defaults={"name": child_name, "parent": parent, "sort_order": i * 10 + j}
            )
    for i, (code, name) in enumerate(EXAMS):
        Exam.objects.update_or_create(code=code, defaults={"name": name, "sort_order": i})
    for i, (code, name, reskill) in enumerate(SUBSIDIES):
        Subsidy.objects.update_or_create(
            code=code, defaults={"name": name, "sort_order": i, "is_reskill_certification": reskill}
        )
    if not ListingCriterion.objects.exists():
        for i, (text, help_text) in enumerate(CRITERIA):
            ListingCriterion.objects.create(text=text, help_text=help_text, sort_order=i)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
