"""Who gets in: the rules on gBizID's UserInfo claims, and what a refusal tells the person.

gBizID puts no personal data in the ID token; the account type and the organisation come only
from UserInfo (scope ``profile``; ``email`` with scope ``email``). Values are compared as strings.
"""

import enum

from django.utils.translation import gettext_lazy as _

from manabi.prefectures import Prefecture


class AccountType(enum.StrEnum):
    ENTRY = "1"  # gBizIDエントリー: self-registered, not verified, refused
    PRIME = "2"  # gBizIDプライム: the organisation's representative account
    MEMBER = (
        "3"  # gBizIDメンバー: issued by a プライム, usable once the プライム grants the service
    )


class CorpType(enum.StrEnum):
    CORPORATION = "1"
    SOLE_PROPRIETOR = "2"  # 個人事業主: no 法人番号


ALLOWED_ACCOUNT_TYPES = {AccountType.PRIME, AccountType.MEMBER}
REQUIRED_CLAIMS = ("sub", "account_type", "corp_type", "name")


class Reason(enum.StrEnum):
    """Why a sign-in ended without a session; each has its own explanation page."""

    ENTRY_ACCOUNT = "entry_account"
    UNKNOWN_ACCOUNT_TYPE = "unknown_account_type"
    MISSING_CLAIM = "missing_claim"
    NOT_GRANTED = "not_granted"
    PROVIDER_ERROR = "provider_error"
    STATE_MISMATCH = "state_mismatch"
    NONCE_MISMATCH = "nonce_mismatch"
    INVALID_TOKEN = "invalid_token"  # noqa: S105 - a reason code, not a secret
    CODE_REJECTED = "code_rejected"
    PROVIDER_UNAVAILABLE = "provider_unavailable"
    ACCOUNT_DISABLED = "account_disabled"
    NOT_CONFIGURED = "not_configured"


class SignInRefused(Exception):
    def __init__(self, reason, detail=""):
        super().__init__(f"{reason}: {detail}" if detail else str(reason))
        self.reason = Reason(reason)
        self.detail = detail


# The FAQ's answers: how to check one's account, and that members need their プライム's permission.
CHECK_ACCOUNT = _(
    "Sign in to the gBizID My Page (https://gbiz-id.go.jp/) and check the account type and the "
    "organisation information of your account."
)
START_AGAIN = _(
    "Go back to the sign-in page and press 「gBizIDでログイン」 again. Do not resume from a "
    "bookmark, an old tab or the browser's back button."
)
ASK_SECRETARIAT = _(
    "If this keeps happening, contact the マナビDX secretariat with the date and time."
)

REFUSALS = {
    Reason.ENTRY_ACCOUNT: {
        "status": 403,
        "title": _("gBizID Entry accounts cannot sign in"),
        "what": _(
            "Your gBizID account is a gBizIDエントリー account. Course providers sign in with a "
            "gBizIDプライム or gBizIDメンバー account only."
        ),
        "todo": [
            CHECK_ACCOUNT,
            _(
                "If your organisation has a gBizIDプライム account, ask its administrator to issue "
                "you a gBizIDメンバー account and to allow it to use this service."
            ),
            _("Otherwise apply for gBizIDプライム on the gBizID site, then sign in with it."),
        ],
    },
    Reason.UNKNOWN_ACCOUNT_TYPE: {
        "status": 403,
        "title": _("This gBizID account type cannot sign in"),
        "what": _("gBizID reported an account type that is not gBizIDプライム or gBizIDメンバー."),
        "todo": [CHECK_ACCOUNT, ASK_SECRETARIAT],
    },
    Reason.MISSING_CLAIM: {
        "status": 403,
        "title": _("gBizID did not send the information we need"),
        "what": _(
            "The sign-in reached us without your account type or organisation information, so we "
            "cannot tell which organisation you act for."
        ),
        "todo": [
            _(
                "Sign in again and, if gBizID asks, allow this service to receive your basic "
                "information (profile) and e-mail address."
            ),
            CHECK_ACCOUNT,
            ASK_SECRETARIAT,
        ],
    },
    Reason.NOT_GRANTED: {
        "status": 403,
        "title": _("gBizID has not allowed this account to use this service"),
        "what": _(
            "gBizID refused the sign-in. A gBizIDメンバー account can use a service only after "
            "the gBizIDプライム administrator of its organisation allows it."
        ),
        "todo": [
            _(
                "Ask your organisation's gBizIDプライム administrator to allow your gBizIDメンバー "
                "account to use this service on the gBizID My Page."
            ),
            _("Once allowed, sign in again with 「gBizIDでログイン」."),
            CHECK_ACCOUNT,
        ],
    },
    Reason.PROVIDER_ERROR: {
        "status": 403,
        "title": _("The gBizID sign-in was not completed"),
        "what": _("gBizID ended the sign-in with an error, or it was cancelled."),
        "todo": [START_AGAIN, CHECK_ACCOUNT, ASK_SECRETARIAT],
    },
    Reason.STATE_MISMATCH: {
        "status": 400,
        "title": _("We could not match this sign-in to your browser"),
        "what": _(
            "The answer from gBizID does not belong to a sign-in started in this browser: it "
            "may have been altered, started in another browser, or the page was left too long."
        ),
        "todo": [START_AGAIN, ASK_SECRETARIAT],
    },
    Reason.NONCE_MISMATCH: {
        "status": 400,
        "title": _("The sign-in answer failed our check"),
        "what": _(
            "The identity token from gBizID was issued for a different sign-in than the one "
            "started in this browser, so it was not accepted."
        ),
        "todo": [START_AGAIN, ASK_SECRETARIAT],
    },
    Reason.INVALID_TOKEN: {
        "status": 400,
        "title": _("The sign-in answer failed our check"),
        "what": _(
            "The identity token from gBizID could not be verified (signature, issuer, audience "
            "or validity period), so it was not accepted."
        ),
        "todo": [START_AGAIN, ASK_SECRETARIAT],
    },
    Reason.CODE_REJECTED: {
        "status": 400,
        "title": _("This sign-in has expired or was already used"),
        "what": _(
            "gBizID's sign-in code is valid once and for 5 minutes only. This one had expired "
            "or had already been used."
        ),
        "todo": [START_AGAIN],
    },
    Reason.PROVIDER_UNAVAILABLE: {
        "status": 502,
        "title": _("gBizID did not answer"),
        "what": _("We could not reach gBizID to finish your sign-in."),
        "todo": [_("Wait a few minutes, then sign in again."), ASK_SECRETARIAT],
    },
    Reason.ACCOUNT_DISABLED: {
        "status": 403,
        "title": _("This account has been suspended"),
        "what": _("The secretariat has suspended the use of this service by your account."),
        "todo": [_("Contact the マナビDX secretariat.")],
    },
    Reason.NOT_CONFIGURED: {
        "status": 404,
        "title": _("gBizID sign-in is not available on this site"),
        "what": _("This site has not been registered with gBizID."),
        "todo": [ASK_SECRETARIAT],
    },
}


def claim(claims, name):
    value = claims.get(name)
    return "" if value is None else str(value).strip()


def check_claims(claims):
    """Refuse anyone who is not a gBizIDプライム or メンバー with the organisation's details."""
    missing = [name for name in REQUIRED_CLAIMS if not claim(claims, name)]
    if missing:
        raise SignInRefused(Reason.MISSING_CLAIM, ", ".join(missing))
    account_type = claim(claims, "account_type")
    if account_type == AccountType.ENTRY:
        raise SignInRefused(Reason.ENTRY_ACCOUNT)
    if account_type not in ALLOWED_ACCOUNT_TYPES:
        raise SignInRefused(Reason.UNKNOWN_ACCOUNT_TYPE, account_type)
    corp_type = claim(claims, "corp_type")
    if corp_type not in set(CorpType):
        raise SignInRefused(Reason.MISSING_CLAIM, f"corp_type={corp_type}")
    if corp_type == CorpType.CORPORATION and not claim(claims, "corporate_number"):
        raise SignInRefused(Reason.MISSING_CLAIM, "corporate_number")


def corporate_number(claims):
    """The 法人番号, or "" for a 個人事業主 (who has none, whatever the claim says)."""
    if claim(claims, "corp_type") == CorpType.SOLE_PROPRIETOR:
        return ""
    return claim(claims, "corporate_number")


def prefecture_code(claims):
    """``prefecture_name`` is a JIS X 0401 code ("13"); a name ("東京都") is accepted too."""
    value = claim(claims, "prefecture_name")
    if value.isdigit() and value.zfill(2) in Prefecture.values:
        return value.zfill(2)
    for code, label in Prefecture.choices:
        if value == label:
            return code
    return ""
