"""Settings shared by every environment; secure unless a module below relaxes them.

Grouped by concern, in the order a request meets them. Environment variables are read only
through ``environment.env``; dev.py, test.py, production.py and prodcheck.py change what differs.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from .environment import SEARCH_BACKENDS, env, gbizid_oidc_settings

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(env.str("MANABI_VAR_DIR") or BASE_DIR / "var")

WAGTAIL_SITE_NAME = "マナビDX"
DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS")

# --- Applications -------------------------------------------------------------------------------
# Ours first, so our templates and translations win over the libraries'.
INSTALLED_APPS = [
    "manabi",
    "manabi.gbizid",  # partner sign-in with gBizID (OpenID Connect)
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
    "django_tasks_db",
    "corsheaders",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "dashboard",  # the secretariat's dashboard and annual report
    "security",
    "ninja",  # Swagger UI from ninja's own static files, not a CDN
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.sitemaps",
    "wagtail.contrib.sitemaps",
]

# --- Middleware (the order is the rule: each comment says what must come before it) ------------
MIDDLEWARE = [
    # First, so every log record of the request carries its id (site/request_log.py).
    "manabi.request_log.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "security.headers.SitePolicyCSPMiddleware",
    "security.headers.PermissionsPolicyMiddleware",
    # Before anything reads the body.
    "manabi.uploads.RequestSizeLimitMiddleware",
    # Long searches are a 400.
    "manabi.input_limits.SearchQueryLimitMiddleware",
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
    # Before sessions, CSRF and authentication: a shared page costs none of their work.
    "manabi.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: they need the user.
    "django_otp.middleware.OTPMiddleware",
    "security.otp.SecondFactorRequiredMiddleware",
    "security.audit.PersonalDataAuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After authentication, which it needs to know a partner or operator user.
    "manabi.admin_boundary.ScopedUserAdminBoundaryMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # django-axes must come last: it turns a lockout raised in authenticate() into its response.
    "axes.middleware.AxesMiddleware",
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

# --- Database -----------------------------------------------------------------------------------
DATABASES = {"default": env.database(default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The quick start keeps its database under var/, which a fresh clone lacks.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Sign-in: staff by password (+ second factor), partners by gBizID ---------------------------
# django-axes guards password sign-in; the password backend is the staff-only one (partners
# never have a password); gBizID signs partners in.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "manabi.gbizid.backends.StaffPasswordBackend",
    "manabi.gbizid.backends.GbizidBackend",
]
# Passwords: 12 characters at least, and not the site's name.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "security.validators.SiteNameValidator"},
]
PASSWORD_FORBIDDEN_WORDS = ("manabi", "manabidx", "マナビ", "まなび", "学び")
SESSION_COOKIE_HTTPONLY = True
# Sessions end after SESSION_IDLE_MINUTES without a request (every request moves the end);
# "remember me" cannot stretch that.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True

# Sign-in lockout (django-axes; counts in PostgreSQL): 5 failures for one user name from one
# address lock that pair for 15 minutes. The lockout page is ours (Japanese, 429).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env.int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "manabi.ratelimit.client_ip"
AXES_VERBOSE = False
# Password-reset e-mails per client address and per account per hour.
PASSWORD_RESET_RATE_LIMIT = env.int("PASSWORD_RESET_RATE_LIMIT", 5)

# Second factor (django-otp, TOTP + static recovery codes) for staff: members of these groups
# and superusers see personal data or publish, so a stolen password is not enough.
OTP_REQUIRED_GROUPS = ("事務局(審査)", "編集者", "プログラム運営者")
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
OTP_RECOVERY_CODES = 10
# Admin viewsets that show applicants' personal data: every list, view and export is audited.
AUDITED_ADMIN_VIEWSETS = ("quest_applications", "quest_company_intakes")
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "security.forms.ThrottledPasswordResetForm"  # noqa: S105
SECOND_FACTOR_REQUIRED = True
# Partners sign in with gBizID (OpenID Connect, see manabi/gbizid/). GBIZID_ISSUER unset = no
# gBizID button. mozilla-django-oidc reads the OIDC_* names below.
GBIZID = env.gbizid()
globals().update(gbizid_oidc_settings(GBIZID))
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid profile email"
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_TOKEN_USE_BASIC_AUTH = True  # gBizID: client_secret_basic
OIDC_TIMEOUT = 10
OIDC_CREATE_USER = True
OIDC_AUTHENTICATION_CALLBACK_URL = "gbizid:callback"
LOGIN_REDIRECT_URL = "wagtailadmin_home"

# --- Internationalisation: the whole UI speaks Japanese; source strings are English -------------
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese"))]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
# One project catalogue: msgfmt refuses a msgid translated twice, so a word with two meanings
# must get a pgettext context (several catalogues let the first one silently win).
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ja", "日本語"), ("en", "English")]

# --- Static files, media and uploads ------------------------------------------------------------
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
# User uploads: the local disk, or S3-compatible object storage when MEDIA_STORAGE_URL is set
# (several web nodes then see the same files).
STORAGES = {
    "default": env.media_storage() or {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Large page models exceed Django's default field count in Wagtail's editor.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# A longer search (q, search, query parameters) is a 400 (manabi.input_limits).
SEARCH_QUERY_MAX_LENGTH = 100
SEARCH_QUERY_MAX_TERMS = 16
# Form fields of one request (files excluded), kept in memory: Django's default, made explicit.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# File parts larger than this are streamed to a temporary file rather than held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The largest single file part: admin uploads (documents, images) and the public forms,
# which take no files today. Larger bodies are a 413, larger parts a 400 (manabi.uploads).
UPLOAD_MAX_FILE_SIZE = max(WAGTAILDOCS_MAX_UPLOAD_SIZE, WAGTAILIMAGES_MAX_UPLOAD_SIZE)
UPLOAD_PUBLIC_MAX_FILE_SIZE = 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "manabi.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Security headers and the client address ----------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Reverse proxies of ours in front of the application, each appending to X-Forwarded-For
# (nginx: proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for). 0: clients connect directly.
TRUSTED_PROXY_COUNT = env.trusted_proxy_count()
# Content-Security-Policy (django-csp). Public pages: our own files only, nothing inline.
_SELF, _NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "media-src": [_SELF],
        "frame-src": [_NONE],
        "object-src": [_NONE],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": [_NONE],
    }
}
# The Wagtail admin: still no other host and no eval, but Wagtail 8's page editor has inline
# scripts and its modals (choosers) inject the <script> of their HTML through jQuery, which no
# nonce can cover (tests/e2e/secedge shows the violations without 'unsafe-inline'); it sets
# style attributes and draws images from data:/blob: URLs (chooser previews, focal points), and
# the page preview is an iframe of the admin itself. What the admin renders of partners' text
# is cleaned rich text, which is what keeps script out of it.
CSP_ADMIN_PATHS = ("/admin/",)
CSP_ADMIN_DIRECTIVES = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [_SELF, "'unsafe-inline'"],
    "style-src": [_SELF, "'unsafe-inline'"],
    "img-src": [_SELF, "data:", "blob:"],
    "font-src": [_SELF, "data:"],
    "frame-src": [_SELF],
    "frame-ancestors": [_SELF],
    "worker-src": [_SELF, "blob:"],
}
# Swagger UI (ninja's bundled copy) styles by attribute and shows data: images.
CSP_API_DOCS_PATH = "/api/v3/docs"
CSP_API_DOCS_DIRECTIVES = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "style-src": [_SELF, "'unsafe-inline'"],
    "img-src": [_SELF, "data:"],
}
# No page of ours uses these browser features; say so, so that nothing embedded can.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
# No request to another host from the admin: Gravatar would receive an md5 of every e-mail.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Shared state: cache and rate limits --------------------------------------------------------
# One cache for every process in production (Redis: CACHE_URL or REDIS_URL); the quick start
# keeps a cache per process. Rate-limit counts live here (manabi.ratelimit).
CACHES = env.cache(default="locmem://")
RATE_LIMIT_CACHE = "default"
# Quest forms: submissions per client address per hour.
QUEST_FORM_RATE_LIMIT = env.int("QUEST_FORM_RATE_LIMIT", 10)

# --- E-mail -------------------------------------------------------------------------------------
globals().update(env.email(default="console://"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", "マナビDX 運営事務局 <noreply@manabi-dx.example.jp>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background work and scheduled jobs ---------------------------------------------------------
# django-tasks: `make run` and the tests run a task inside the request after commit (immediate);
# production queues it in the database and a worker process (`manage.py db_worker`) runs it, so
# an outage of Elasticsearch delays index updates instead of losing them.
TASKS = {"default": {"BACKEND": env.tasks_backend(default="immediate")}}
# Jobs the scheduler process (`manage.py run_scheduler`) starts, each exactly once per slot across
# every node (site/scheduler.py): name -> (management command, cron fields in Asia/Tokyo).
SCHEDULED_JOBS = {
    "publish_scheduled": {"command": "publish_scheduled", "cron": {"minute": "*"}},
    "run_listing_lifecycle": {
        "command": "run_listing_lifecycle",
        "cron": {"hour": "3", "minute": "10"},
    },
    # Index updates that outlived their retries (a long Elasticsearch outage) are put right daily.
    "search_index_repair": {
        "command": "search_index",
        "args": ["--check", "--repair"],
        "cron": {"hour": "4", "minute": "20"},
    },
    # Personal data past PERSONAL_DATA_RETENTION_DAYS is anonymised or deleted (quest/privacy.py).
    "apply_retention": {"command": "apply_retention", "cron": {"hour": "2", "minute": "30"}},
    # The open catalogue /opendata/ serves, written before the working day starts.
    "export_open_data": {"command": "export_open_data", "cron": {"hour": "5", "minute": "0"}},
    "send_report_reminders": {
        "command": "send_report_reminders",
        "cron": {"hour": "8", "minute": "0"},
    },
    "send_survey_reminders": {
        "command": "send_survey_reminders",
        "cron": {"hour": "9", "minute": "0"},
    },
}

# --- Logs ---------------------------------------------------------------------------------------
# Logs: one line per record on standard error. LOG_FORMAT=json (production's default) writes JSON
# objects for a log collector; every record made while a request is handled carries its request id.
LOG_FORMAT = env.choice("LOG_FORMAT", ("text", "json"), default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "manabi.request_log.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", "INFO")},
    "loggers": {
        "elastic_transport": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "apscheduler": {"level": "WARNING"},
    },
}

# A request id header from the proxy is kept when it looks like one; otherwise one is made up.
REQUEST_ID_HEADER = "HTTP_X_REQUEST_ID"

# --- Wagtail ------------------------------------------------------------------------------------
WAGTAILADMIN_BASE_URL = env.url("WAGTAILADMIN_BASE_URL", default="http://localhost:8000")
# Wagtail's database backend, without its full-table rewrite per save (site/admin_search.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "manabi.admin_search"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no call to another host from the admin
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
# Approving a course in review does not publish it: publication is a separate
# reviewer action. Other moderated objects publish on approval as usual.
WAGTAIL_FINISH_WORKFLOW_ACTION = "catalogue.workflows.finish_workflow_state"
WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH = True

# --- Catalogue (the platform's operating rules) -------------------------------------------------
CATALOGUE_LISTING_YEARS = 3
CATALOGUE_EXPIRY_NOTICE_DAYS = 60
# Days before a reporting period's due date when partners that have not filed are reminded.
CATALOGUE_REPORT_REMINDER_DAYS = 7

# --- Course search (search/) --------------------------------------------------------------------
# Which backend answers learners' queries.
SEARCH_BACKEND = env.choice("SEARCH_BACKEND", SEARCH_BACKENDS, default="database")
# One node's URL, or several separated by commas (the client spreads requests and skips a dead node).
ELASTICSEARCH_URL = env.url_list("ELASTICSEARCH_URL")
# A single test node holds every shard; a production cluster of three wants one replica.
ELASTICSEARCH_SHARDS = env.int("ELASTICSEARCH_SHARDS", 1)
ELASTICSEARCH_REPLICAS = env.int("ELASTICSEARCH_REPLICAS", 0)
if SEARCH_BACKEND == "elasticsearch" and not ELASTICSEARCH_URL:
    env.required("ELASTICSEARCH_URL", "SEARCH_BACKEND=elasticsearch needs the server's address")
SEARCH_INDEX_PREFIX = env.str("SEARCH_INDEX_PREFIX", "manabi-")
# Japanese analyzer: "kuromoji" where the plugin is installed; the default
# works on a server with only the core analyzers.
SEARCH_JA_ANALYZER = env.str("SEARCH_JA_ANALYZER", "standard")

# Answer from the database when Elasticsearch does not (a warning is logged).
SEARCH_FALLBACK_TO_DATABASE = env.bool("SEARCH_FALLBACK_TO_DATABASE", default=True)
# A failed index update is retried by the task queue: 5 s, 10 s, 20 s … (capped at 10 min).
SEARCH_INDEX_MAX_ATTEMPTS = 12
SEARCH_INDEX_RETRY_BASE_SECONDS = 5
SEARCH_INDEX_RETRY_MAX_SECONDS = 600


# --- Headless API (/api/v3/) --------------------------------------------------------------------
# Other sites read it from their browsers and servers.
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
WAGTAILAPI_LIMIT_MAX = 100  # the page-size limit of every API list (ours read it too)
# Anonymous reads of these endpoints are kept in the cache (0 turns it off).
API_RESPONSE_CACHE_SECONDS = env.int("API_RESPONSE_CACHE_SECONDS", 60)
API_CACHED_PREFIXES = ("/api/v3/courses/", "/api/v3/partners/")
# Public pages answered to anonymous visitors from the cache (site/page_cache.py; 0 turns it off).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", 60)


# --- Completers' community and Open Badges ------------------------------------------------------
# Ed25519 private keys that sign Open Badges 3.0 credentials live here, never in the database
# (created by `manage.py badge_keys --generate`; keep the directory out of backups of the web root).
BADGE_KEY_DIR = Path(env.str("BADGE_KEY_DIR") or VAR_DIR / "badge-keys")
# The stable HTTPS origin badge documents are published under (issuer, classes, assertions, keys).
BADGE_BASE_URL = env.url("BADGE_BASE_URL", default=WAGTAILADMIN_BASE_URL)

# Days before a survey closes when those who have not answered are reminded (once).
SURVEY_REMINDER_DAYS = 3

# --- Personal data and open data ----------------------------------------------------------------
# Applications and company intakes older than this are anonymised/deleted by the daily
# `manage.py apply_retention`; the privacy policy shows this number.
PERSONAL_DATA_RETENTION_DAYS = env.int("PERSONAL_DATA_RETENTION_DAYS", 730)
# `manage.py export_open_data` (nightly) writes the open catalogue here; served at /opendata/.
OPEN_DATA_DIR = VAR_DIR / "opendata"

# --- Demo content -------------------------------------------------------------------------------
# `manage.py load_demo` creates this superuser; without a password it makes
# one up and prints it once.
DEMO_ADMIN_USERNAME = env.str("DEMO_ADMIN_USERNAME", "admin")
DEMO_ADMIN_EMAIL = env.str("DEMO_ADMIN_EMAIL", "admin@example.jp")
DEMO_ADMIN_PASSWORD = env.str("DEMO_ADMIN_PASSWORD")
