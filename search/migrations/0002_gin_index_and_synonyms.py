"""The GIN index on PostgreSQL (SQLite has no tsvector), and the first Japanese IT synonyms."""

from django.db import migrations

SEED = [
    "AI, 人工知能",
    "生成AI, ジェネレーティブAI",
    "ディープラーニング, 深層学習",
    "機械学習, マシンラーニング",
    "iパス, ITパスポート",
    "基本情報, 基本情報技術者",
    "応用情報, 応用情報技術者",
    "DX, デジタルトランスフォーメーション",
    "IoT, モノのインターネット",
    "UI, ユーザーインターフェース",
    "UX, ユーザーエクスペリエンス",
    "RPA, ロボティックプロセスオートメーション",
    "LLM, 大規模言語モデル",
    "BI, ビジネスインテリジェンス",
    "DB, データベース",
    "セキュリティ, サイバーセキュリティ, 情報セキュリティ",
    "クラウド, クラウドコンピューティング",
    "統計, 統計学",
    "アジャイル, アジャイル開発, スクラム",
    "プログラミング, コーディング",
    "JS, JavaScript",
    "k8s, Kubernetes",
    "データサイエンティスト, データ分析者",
    "エクセル, Excel",
]


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX search_coursesearchtext_vector_gin "
            "ON search_coursesearchtext USING gin (vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_coursesearchtext_vector_gin")


def seed_synonyms(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for terms in SEED:
        Synonym.objects.get_or_create(terms=terms)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(seed_synonyms, migrations.RunPython.noop),
    ]
