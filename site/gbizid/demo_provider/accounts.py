"""The demo gBizID accounts: one per kind of person the sign-in must handle.

Subjects are fixed so a site database keeps recognising them when the provider's own
database is recreated. Every account signs in with ``DEMO_PASSWORD``.
"""

from dataclasses import dataclass, field

DEMO_PASSWORD = "gbizid-demo"  # noqa: S105 - a public demo password on a loopback-only provider

PRIME_SUBJECT = "demo-prime-0001"
SOLE_PRIME_SUBJECT = "demo-sole-prime-0001"
DEMO_CORPORATE_NUMBER = "8700110005901"  # valid check digit; not among load_demo's partners


@dataclass(frozen=True)
class DemoAccount:
    username: str
    label: str
    subject: str
    claims: dict = field(default_factory=dict)
    # A gBizIDメンバー can use a service only once its プライム allows it; gBizID answers the
    # authorization request of one that is not allowed with an error to the callback.
    granted: bool = True


CORPORATION = {
    "corp_type": "1",
    "corporate_number": DEMO_CORPORATE_NUMBER,
    "name": "株式会社マナビ研修デモ",
    "prefecture_name": "13",
}

DEMO_ACCOUNTS = [
    DemoAccount(
        "prime",
        "gBizIDプライム（株式会社マナビ研修デモ）",
        PRIME_SUBJECT,
        {
            "account_type": "2",
            **CORPORATION,
            "user_last_nm": "山田",
            "user_first_nm": "花子",
            "email": "prime@manabi-kenshu.example.jp",
        },
    ),
    DemoAccount(
        "member",
        "gBizIDメンバー（利用許可あり）",
        "demo-member-0001",
        {
            "account_type": "3",
            **CORPORATION,
            "parent_id": PRIME_SUBJECT,
            "user_last_nm": "佐藤",
            "user_first_nm": "一郎",
            "email": "member@manabi-kenshu.example.jp",
        },
    ),
    DemoAccount(
        "member-pending",
        "gBizIDメンバー（利用許可なし）",
        "demo-member-0002",
        {
            "account_type": "3",
            **CORPORATION,
            "parent_id": PRIME_SUBJECT,
            "user_last_nm": "鈴木",
            "user_first_nm": "次郎",
            "email": "pending@manabi-kenshu.example.jp",
        },
        granted=False,
    ),
    DemoAccount(
        "entry",
        "gBizIDエントリー",
        "demo-entry-0001",
        {
            "account_type": "1",
            **CORPORATION,
            "user_last_nm": "高橋",
            "user_first_nm": "三郎",
            "email": "entry@manabi-kenshu.example.jp",
        },
    ),
    DemoAccount(
        "sole-prime",
        "gBizIDプライム（個人事業主）",
        SOLE_PRIME_SUBJECT,
        {
            "account_type": "2",
            "corp_type": "2",
            "name": "デジタル学び工房 田中",
            "prefecture_name": "27",
            "user_last_nm": "田中",
            "user_first_nm": "美咲",
            "email": "tanaka@manabi-kobo.example.jp",
        },
    ),
]

BY_USERNAME = {account.username: account for account in DEMO_ACCOUNTS}
