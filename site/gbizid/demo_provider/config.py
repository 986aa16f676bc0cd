"""The demo provider's Django settings, signing key and registered client and accounts."""

from pathlib import Path

from manabi.settings.environment import GBIZID_DEMO_CLIENT_ID, GBIZID_DEMO_CLIENT_SECRET

DEFAULT_PORT = 8001
DEFAULT_DB = Path(__file__).resolve().parents[3] / "var" / "demo-gbizid" / "provider.sqlite3"
# Any port of the loopback IP is accepted (RFC 8252 7.3), so the tests' live servers match too.
SITE_CALLBACKS = [
    "http://127.0.0.1/auth/gbizid/callback/",
    "http://localhost:8000/auth/gbizid/callback/",
]
CODE_LIFETIME_SECONDS = 300  # gBizID: authorization codes live 5 minutes


def signing_key(db_path):
    """The provider's RSA private key (PEM), made once beside its database."""
    path = Path(f"{db_path}.key.pem")
    if not path.exists():
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa

        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        path.chmod(0o600)
    return path.read_text()


def provider_settings(db_path, port, private_key):
    issuer = f"http://127.0.0.1:{port}/oauth/"
    return {
        "DEBUG": False,
        "SECRET_KEY": "gbizid-demo-provider-only",
        "ALLOWED_HOSTS": ["127.0.0.1", "localhost"],
        "INSTALLED_APPS": [
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.messages",
            "oauth2_provider",
            "manabi.gbizid.demo_provider",
        ],
        "MIDDLEWARE": [
            "django.middleware.security.SecurityMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
        ],
        "ROOT_URLCONF": "manabi.gbizid.demo_provider.urls",
        "TEMPLATES": [
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                    ]
                },
            }
        ],
        "DATABASES": {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(db_path)}},
        "DEFAULT_AUTO_FIELD": "django.db.models.BigAutoField",
        "USE_TZ": True,
        "TIME_ZONE": "Asia/Tokyo",
        "LANGUAGE_CODE": "ja",
        "LOGIN_URL": "/login/",
        # Same host as the site (127.0.0.1), other port: cookies must not share names.
        "SESSION_COOKIE_NAME": "gbizid_demo_session",
        "CSRF_COOKIE_NAME": "gbizid_demo_csrftoken",
        # The demo password is public; a slow hash would only slow the tests down.
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        "OAUTH2_PROVIDER": {
            "OIDC_ENABLED": True,
            "OIDC_RSA_PRIVATE_KEY": private_key,
            "OIDC_ISS_ENDPOINT": issuer,
            "OIDC_USERINFO_ENDPOINT": f"{issuer}userinfo",
            "PKCE_REQUIRED": True,
            "AUTHORIZATION_CODE_EXPIRE_SECONDS": CODE_LIFETIME_SECONDS,
            "SCOPES": {
                "openid": "OpenID Connect",
                "profile": "事業者情報（アカウント種別・法人番号・事業者名・所在地）",
                "email": "メールアドレス",
            },
            "DEFAULT_SCOPES": ["openid"],
            "OAUTH2_VALIDATOR_CLASS": ("manabi.gbizid.demo_provider.validator.GbizidDemoValidator"),
        },
        "LOGGING": {
            "version": 1,
            "disable_existing_loggers": False,
            "handlers": {"console": {"class": "logging.StreamHandler"}},
            "root": {"handlers": ["console"], "level": "WARNING"},
        },
    }


def seed(extra_redirect_uris=()):
    """The demo accounts and the site's client registration (idempotent)."""
    from django.contrib.auth import get_user_model
    from oauth2_provider.models import get_application_model

    from .accounts import DEMO_ACCOUNTS, DEMO_PASSWORD

    user_model = get_user_model()
    for account in DEMO_ACCOUNTS:
        user, _ = user_model.objects.get_or_create(username=account.username)
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save()
    application_model = get_application_model()
    application_model.objects.update_or_create(
        client_id=GBIZID_DEMO_CLIENT_ID,
        defaults={
            "name": "マナビDX（デモ）",
            "client_type": application_model.CLIENT_CONFIDENTIAL,
            "authorization_grant_type": application_model.GRANT_AUTHORIZATION_CODE,
            "client_secret": GBIZID_DEMO_CLIENT_SECRET,
            "hash_client_secret": False,
            "redirect_uris": " ".join([*SITE_CALLBACKS, *extra_redirect_uris]),
            "algorithm": application_model.RS256_ALGORITHM,
            "skip_authorization": True,
        },
    )
