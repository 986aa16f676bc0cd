"""gBizID settings, the sign-in page, and the rules that need no provider to check."""

import base64
import hashlib
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured

from manabi.settings.environment import Environment, gbizid_oidc_settings
from tests.catalogue.factories import PartnerUserFactory, SecretariatUserFactory
from tests.manabi.test_settings import PRODUCTION_DB, STRONG_KEY, manage

STAGING = {
    "GBIZID_ISSUER": "https://stg.gbiz-id.go.jp/oauth/",
    "GBIZID_CLIENT_ID": "manabi-dx",
    "GBIZID_CLIENT_SECRET": "s3cret",
}


@pytest.fixture
def staging(settings):
    config = Environment(STAGING).gbizid()
    settings.GBIZID = config
    for name, value in gbizid_oidc_settings(config).items():
        setattr(settings, name, value)
    return config


def test_endpoints_default_to_gbizids_paths_under_the_issuer():
    config = Environment(STAGING).gbizid()
    assert config["issuer"] == "https://stg.gbiz-id.go.jp/oauth/"
    assert config["authorization_endpoint"] == "https://stg.gbiz-id.go.jp/oauth/authorize"
    assert config["token_endpoint"] == "https://stg.gbiz-id.go.jp/oauth/token"
    assert config["userinfo_endpoint"] == "https://stg.gbiz-id.go.jp/oauth/userinfo"
    assert config["is_local"] is False


def test_each_endpoint_can_be_overridden():
    config = Environment(
        {**STAGING, "GBIZID_JWKS_ENDPOINT": "https://stg.gbiz-id.go.jp/oauth/jwks"}
    ).gbizid()
    assert config["jwks_endpoint"] == "https://stg.gbiz-id.go.jp/oauth/jwks"


def test_no_issuer_means_no_gbizid_sign_in():
    assert Environment({}).gbizid() is None


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        (
            {**STAGING, "GBIZID_CLIENT_SECRET": ""},
            "GBIZID_CLIENT_SECRET is not set: gBizID sign-in needs the client secret",
        ),
        (
            {**STAGING, "GBIZID_ISSUER": "gbiz-id.go.jp/oauth"},
            "GBIZID_ISSUER='gbiz-id.go.jp/oauth' is not a URL with scheme http or https",
        ),
        (
            {**STAGING, "GBIZID_TOKEN_ENDPOINT": "ftp://x/token"},
            "GBIZID_TOKEN_ENDPOINT='ftp://x/token' is not a URL with scheme http or https",
        ),
        (
            {"GBIZID_CLIENT_ID": "manabi-dx"},
            "GBIZID_ISSUER is not set: GBIZID_CLIENT_ID needs the issuer it belongs to",
        ),
    ],
)
def test_bad_gbizid_settings_are_one_line_errors(environ, message):
    with pytest.raises(ImproperlyConfigured) as error:
        Environment(environ).gbizid()
    assert str(error.value) == message


def test_production_refuses_to_start_with_the_demo_provider():
    result = manage(
        "check",
        env_overrides={
            "SECRET_KEY": STRONG_KEY,
            "ALLOWED_HOSTS": "manabi-dx.example.jp",
            "DATABASE_URL": PRODUCTION_DB,
            "GBIZID_ISSUER": "http://127.0.0.1:8001/oauth/",
            "GBIZID_CLIENT_ID": "manabi-demo",
            "GBIZID_CLIENT_SECRET": "manabi-demo-secret",
        },
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(
        "Configuration error: GBIZID_ISSUER='http://127.0.0.1:8001/oauth/' is the local demo provider"
    )


@pytest.mark.django_db
def test_sign_in_page_offers_gbizid_to_partners_and_passwords_to_staff(client, site, staging):
    page = client.get("/admin/login/").content.decode()
    assert "講座提供事業者の方" in page
    assert 'href="/auth/gbizid/login/"' in page
    assert ">gBizIDでログイン<" in page
    assert "gBizIDエントリーではログインできません" in page
    assert "事務局・編集者の方" in page
    assert "講座提供事業者の方はパスワードではログインできません" in page


@pytest.mark.django_db
def test_sign_in_page_has_no_gbizid_button_when_the_site_is_not_registered(client, site, settings):
    settings.GBIZID = None
    page = client.get("/admin/login/").content.decode()
    assert "gBizIDでログイン" not in page
    answer = client.get("/auth/gbizid/login/")
    assert answer.status_code == 404
    assert "このサイトではgBizIDでログインできません" in answer.content.decode()


@pytest.mark.django_db
def test_sign_in_starts_with_state_nonce_and_a_pkce_s256_challenge(client, site, staging):
    response = client.get("/auth/gbizid/login/?next=/admin/snippets/catalogue/course/")

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        "https://stg.gbiz-id.go.jp/oauth/authorize"
    )
    query = dict(parse_qsl(location.query))
    assert query["response_type"] == "code"
    assert query["scope"] == "openid profile email"
    assert query["client_id"] == "manabi-dx"
    assert query["redirect_uri"] == "http://testserver/auth/gbizid/callback/"
    stored = client.session["oidc_states"][query["state"]]
    assert stored["nonce"] == query["nonce"]
    assert query["code_challenge_method"] == "S256"
    digest = hashlib.sha256(stored["code_verifier"].encode()).digest()
    assert query["code_challenge"] == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@pytest.mark.django_db
def test_sign_in_never_sends_the_user_on_to_another_site_afterwards(client, site, staging):
    client.get("/auth/gbizid/login/?next=https://evil.example/admin/")
    assert client.session["oidc_login_next"] is None
    client.get("/auth/gbizid/login/?next=/admin/snippets/catalogue/course/")
    assert client.session["oidc_login_next"] == "/admin/snippets/catalogue/course/"


@pytest.mark.django_db
def test_a_callback_nobody_started_is_explained_not_a_traceback(client, site, staging):
    response = client.get("/auth/gbizid/callback/?code=abc&state=made-up")
    assert response.status_code == 400
    page = response.content.decode()
    assert "このブラウザで始めたログインと照合できませんでした" in page
    assert 'href="/admin/login/"' in page


@pytest.mark.django_db
def test_partner_users_never_sign_in_with_a_password(client, site):
    partner_user = PartnerUserFactory()  # even one that somehow has a password

    response = client.post("/admin/login/", {"username": partner_user.username, "password": "pw"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_staff_keep_password_sign_in(client, site):
    staff = SecretariatUserFactory()

    response = client.post("/admin/login/", {"username": staff.username, "password": "pw"})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


@pytest.mark.django_db
def test_a_gbizid_user_registers_its_own_organisation_whatever_the_post_says(client, site):
    from catalogue.models import Partner
    from catalogue.viewsets import PARTNER_PREFILL_SESSION_KEY
    from tests.catalogue.admin import snippet_url

    client.force_login(PartnerUserFactory())
    session = client.session
    session[PARTNER_PREFILL_SESSION_KEY] = {
        "corporate_number": "8700110005901",
        "corporate_type": "corporation",
        "name": "株式会社マナビ研修デモ",
    }
    session.save()

    response = client.post(
        snippet_url(Partner, "add"),
        {
            "corporate_number": "7000012050002",  # someone else's number, typed in by hand
            "corporate_type": "sole_proprietor",
            "name": "株式会社マナビ研修デモ",
            "name_kana": "マナビケンシュウデモ",
            "prefecture": "13",
            "address": "千代田区丸の内1-1-1",
            "website": "https://manabi-kenshu.example.jp/",
            "contact_name": "山田 花子",
            "contact_email": "prime@manabi-kenshu.example.jp",
            "contact_phone": "03-1234-5678",
            "action-submit": "1",
        },
    )

    assert response.status_code == 302
    partner = Partner.objects.get()
    assert (partner.corporate_number, partner.corporate_type) == ("8700110005901", "corporation")
    assert PARTNER_PREFILL_SESSION_KEY not in client.session


@pytest.mark.django_db
def test_an_error_callback_ends_the_sign_in_and_its_state_cannot_be_used_again(
    client, site, staging
):
    client.get("/auth/gbizid/login/")
    state = next(iter(client.session["oidc_states"]))

    response = client.get(f"/auth/gbizid/callback/?error=access_denied&state={state}")

    assert response.status_code == 403
    assert "gBizIDでこのサービスの利用が許可されていません" in response.content.decode()
    assert state not in client.session["oidc_states"]
    replay = client.get(f"/auth/gbizid/callback/?code=any&state={state}")
    assert replay.status_code == 400
