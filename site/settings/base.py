"""Settings shared by every environment; secure unless a module below relaxes them.

Environment variables are read only through ``environment.env``.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from .environment import SEARCH_BACKENDS, env

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(env.str("MANABI_VAR_DIR") or BASE_DIR / "var")

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "manabi",
    "catalogue",
    "quest",
    "community",
    "search",
    "wagtail.api.v3",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "corsheaders",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # CORS first among ours, so even a 429 or 400 carries the CORS headers a browser needs to read it.
    "corsheaders.middleware.CorsMiddleware",
    # Before anything reads a query parameter: PostgreSQL cannot compare a value holding NUL.
    "manabi.middleware.RejectNulCharactersMiddleware",
    # HEAD as GET and problem JSON for every /api/ error, around everything that can answer one.
    "manabi.api.middleware.APIProtocolMiddleware",
    # Verifies a bearer token before the rate limit and caches trust it; marks the token for the publish guard.
    "manabi.api.middleware.APITokenMiddleware",
    # Before the response cache, so cached answers count against the limit too.
    "manabi.api.middleware.AnonymousRateLimitMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Inside ConditionalGet, so its Last-Modified is there when the 304 is decided.
    "manabi.api.middleware.APICacheHeadersMiddleware",
    # Inside the cache headers, so a cached response gets the same headers as a fresh one.
    "manabi.api.middleware.APIResponseCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After authentication, which it needs to know a partner user.
    "catalogue.middleware.PartnerAdminBoundaryMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "manabi.urls"
WSGI_APPLICATION = "manabi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {"default": env.database(default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The quick start keeps its database under var/, which a fresh clone lacks.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: the whole UI speaks Japanese; source strings are English.
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese"))]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
# locale/ is the project catalogue; locale.d/<topic>/ holds catalogues of work in progress that are
# folded into locale/ with msgcat (earlier paths win, so the main catalogue decides on conflicts).
LOCALE_PATHS = [
    BASE_DIR / "locale",
    *sorted(p for p in (BASE_DIR / "locale.d").glob("*") if p.is_dir()),
]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ja", "日本語"), ("en", "English")]

STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Large page models exceed Django's default field count in Wagtail's editor.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True

# E-mail
globals().update(env.email(default="console://"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", "マナビDX 運営事務局 <noreply@manabi-dx.example.jp>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (django-tasks). The immediate backend runs a task inside
# the request after commit; a queue-backed backend can be named here.
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    }
}

# Wagtail
WAGTAIL_SITE_NAME = "マナビDX"
WAGTAILADMIN_BASE_URL = env.url("WAGTAILADMIN_BASE_URL", default="http://localhost:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no call to another host from the admin
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL

# Course search (see search/): which backend answers learners' queries.
SEARCH_BACKEND = env.choice("SEARCH_BACKEND", SEARCH_BACKENDS, default="database")
ELASTICSEARCH_URL = env.url("ELASTICSEARCH_URL")
if SEARCH_BACKEND == "elasticsearch" and not ELASTICSEARCH_URL:
    env.required("ELASTICSEARCH_URL", "SEARCH_BACKEND=elasticsearch needs the server's address")
SEARCH_INDEX_PREFIX = env.str("SEARCH_INDEX_PREFIX", "manabi-")
# Japanese analyzer: "kuromoji" where the plugin is installed; the default
# works on a server with only the core analyzers.
SEARCH_JA_ANALYZER = env.str("SEARCH_JA_ANALYZER", "standard")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", "INFO")},
    "loggers": {
        "elastic_transport": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}

# `manage.py load_demo` creates this superuser; without a password it makes
# one up and prints it once.
DEMO_ADMIN_USERNAME = env.str("DEMO_ADMIN_USERNAME", "admin")
DEMO_ADMIN_EMAIL = env.str("DEMO_ADMIN_EMAIL", "admin@example.jp")
DEMO_ADMIN_PASSWORD = env.str("DEMO_ADMIN_PASSWORD")

# Catalogue listing rules (the platform's operating rules).
CATALOGUE_LISTING_YEARS = 3
CATALOGUE_EXPIRY_NOTICE_DAYS = 60
# Approving a course in review does not publish it: publication is a separate
# reviewer action. Other moderated objects publish on approval as usual.
WAGTAIL_FINISH_WORKFLOW_ACTION = "catalogue.workflows.finish_workflow_state"
WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH = True
# Answer from the database when Elasticsearch does not (a warning is logged).
SEARCH_FALLBACK_TO_DATABASE = env.bool("SEARCH_FALLBACK_TO_DATABASE", default=True)

# Headless API (/api/v3/): other sites read it from their browsers and servers.
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
# Browsers read the catalogue; partner writes are server-to-server only (a token
# is a secret that must not sit in page code), so preflights allow no write method.
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# Browser code may read what caching, paging and the rate limit tell it.
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Link"]
API_CACHE_MAX_AGE = env.int("API_CACHE_MAX_AGE", 60)
API_ANON_RATE_LIMIT = env.int("API_ANON_RATE_LIMIT", 300)  # requests per window; 0 turns it off
API_RATE_LIMIT_WINDOW = env.int("API_RATE_LIMIT_WINDOW", 60)  # seconds
API_RATE_LIMIT_CACHE = "default"
API_TRUST_X_FORWARDED_FOR = env.bool("API_TRUST_X_FORWARDED_FOR", default=False)
WAGTAILAPI_LIMIT_MAX = 100  # the page-size limit of every API list (ours read it too)
# Anonymous reads of these endpoints are kept in the cache (0 turns it off).
API_RESPONSE_CACHE_SECONDS = env.int("API_RESPONSE_CACHE_SECONDS", 60)
API_CACHED_PREFIXES = ("/api/v3/courses/", "/api/v3/partners/")

# Quest forms: submissions per client address per hour.
QUEST_FORM_RATE_LIMIT = env.int("QUEST_FORM_RATE_LIMIT", 10)
