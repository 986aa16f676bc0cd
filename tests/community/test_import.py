"""Importing past member lists: dry run report, real import, re-import, encodings, progress."""

import pytest
from django.utils import timezone

from community.importing import ImportFileError, create_import, decode_upload, run_member_import
from community.models import Completion, Member
from tests.community.factories import CohortFactory, MemberFactory

HEADER = (
    "氏名,ふりがな,メールアドレス,都道府県,所属,修了コホート,修了日,同意日,プライバシーポリシー版\n"
)
GOOD_BAD_DUPLICATE = HEADER + (
    "山田 花子,やまだ はなこ,Hanako@Example.jp,東京都,株式会社A,AI Quest 2021,2022/03/31,2022/04/01,v1\n"
    "佐藤 一郎,さとう いちろう,not-an-email,大阪府,,AI Quest 2021,,,\n"
    "鈴木 次郎,すずき じろう,jiro@example.jp,火星,,AI Quest 2021,,,\n"
    "田中 三郎,たなか さぶろう,saburo@example.jp,北海道,,存在しない年度,,,\n"
    "山田 花子,やまだ はなこ,hanako@example.jp,東京都,株式会社A,令和4年度 ケーススタディ,2023/03/31,,\n"
    ",,nobody@example.jp,,,,,,\n"
    "高橋 四郎,たかはし しろう,shiro@example.jp,13,,AI Quest 2021,2022年3月31日,,\n"
)


@pytest.fixture
def cohorts(db):
    return [
        CohortFactory(name="AI Quest 2021", layer=2, fiscal_year=2021),
        CohortFactory(name="令和4年度 ケーススタディ", layer=2, fiscal_year=2022),
    ]


def run(data, dry_run):
    return run_member_import(create_import(data, "members.csv", dry_run=dry_run))


def test_dry_run_reports_each_row_in_japanese_and_stores_nothing(cohorts):
    job = run(GOOD_BAD_DUPLICATE.encode(), dry_run=True)

    assert [(r["line"], r["action"], r["reasons"]) for r in job.report] == [
        (2, "create", []),
        (3, "refused", ["メールアドレス: 有効なメールアドレスを入力してください。"]),
        (4, "refused", ["都道府県: 都道府県「火星」は登録されていません。"]),
        (
            5,
            "refused",
            ["修了コホート: コホート「存在しない年度」がありません。先に作成してください。"],
        ),
        (6, "update", []),
        (7, "refused", ["氏名: このフィールドは空ではいけません。"]),
        (8, "create", []),
    ]
    assert job.totals == {"create": 2, "refused": 4, "update": 1}
    assert not Member.objects.exists()


def test_real_import_merges_duplicates_and_reimport_changes_nothing(cohorts):
    run(GOOD_BAD_DUPLICATE.encode(), dry_run=False)

    hanako = Member.objects.get(email="hanako@example.jp")
    assert Member.objects.count() == 2
    assert sorted(c.cohort.name for c in hanako.completions.all()) == [
        "AI Quest 2021",
        "令和4年度 ケーススタディ",
    ]
    assert hanako.prefecture == "13"
    assert timezone.localtime(hanako.consent_given_at).isoformat() == "2022-04-01T00:00:00+09:00"
    assert hanako.policy_version == "v1"
    assert Member.objects.get(email="shiro@example.jp").prefecture == "13"
    before = list(Member.objects.values_list("pk", "updated_at"))
    completions = Completion.objects.count()

    again = run(GOOD_BAD_DUPLICATE.encode(), dry_run=False)

    assert [r["action"] for r in again.report] == [
        "unchanged",
        "refused",
        "refused",
        "refused",
        "unchanged",
        "refused",
        "unchanged",
    ]
    assert list(Member.objects.values_list("pk", "updated_at")) == before
    assert Completion.objects.count() == completions


def test_blank_cells_do_not_erase_existing_data(cohorts):
    MemberFactory(
        email="hanako@example.jp", name="山田 花子", affiliation="旧所属", name_kana="やまだ はなこ"
    )
    csv = HEADER + "山田 花子,,hanako@example.jp,,,,,,\n"

    job = run(csv.encode(), dry_run=False)

    assert job.report[0]["action"] == "unchanged"
    assert Member.objects.get().affiliation == "旧所属"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_excel_encodings_are_read(cohorts, encoding):
    job = run(GOOD_BAD_DUPLICATE.encode(encoding), dry_run=False)

    assert job.encoding == ("shift_jis" if encoding == "cp932" else "utf-8")
    assert Member.objects.get(email="hanako@example.jp").name == "山田 花子"


def test_shift_jis_with_excel_only_characters(cohorts):
    # "髙" and "①" exist in CP932 but not in strict Shift_JIS.
    csv = HEADER + "髙橋 ①,たかはし,taka@example.jp,東京都,,,,,\n"

    run(csv.encode("cp932"), dry_run=False)

    assert Member.objects.get().name == "髙橋 ①"


def test_unreadable_files_are_refused_with_a_japanese_message(db):
    with pytest.raises(ImportFileError, match="UTF-8"):
        decode_upload(b"\xff\xfe\x00\x81\x00\xff")
    with pytest.raises(ImportFileError, match="必須の列がありません: 氏名、メールアドレス"):
        create_import(b"a,b\n1,2\n", "x.csv")


def test_the_demo_member_list_imports_through_the_same_code(db):
    from community.demo import COHORTS, DEMO_CSV

    for name, layer, year in COHORTS:
        CohortFactory(name=name, layer=layer, fiscal_year=year)

    job = run(DEMO_CSV.read_bytes(), dry_run=True)

    assert job.encoding == "shift_jis" and job.total_rows == 200
    assert job.totals == {"create": 198, "update": 1, "refused": 1}
    [refused] = [r for r in job.report if r["action"] == "refused"]
    assert refused["line"] == 201 and refused["reasons"] == [
        "メールアドレス: 有効なメールアドレスを入力してください。"
    ]


def test_progress_of_a_running_import_is_shown(client, cohorts):
    from django.core.cache import cache

    from community.importing import progress_key
    from tests.catalogue.factories import SecretariatUserFactory

    job = create_import(GOOD_BAD_DUPLICATE.encode(), "long.csv")
    job.status = "running"
    job.save()
    cache.set(progress_key(job.pk), 4)
    client.force_login(SecretariatUserFactory())

    page = client.get(f"/admin/community/import/{job.pk}/").content.decode()

    assert '<progress max="7" value="4">' in page
    assert "処理中: 7 行中 4 行" in page and 'http-equiv="refresh"' in page
