"""Settings shared by every environment. Values that differ per machine come from the environment."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import database_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# How many reverse proxies in front of the app append to X-Forwarded-For (see common/client_ip.py).
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)

# The public address of the app, used in links inside e-mails sent outside a request.
SITE_URL = env_str("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Demo data (well-known passwords) may only be loaded where this is on; see governance/demo.py.
DEMO_ALLOWED = env_bool("DJANGO_DEMO_ALLOWED", False)

INSTALLED_APPS = [
    # Django's admin, refusing logged-in people who are not staff with a page (governance/admin_site.py).
    "governance.admin_site.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "auditlog",
    "axes",
    "csp",
    # Two-factor login: an authenticator app (TOTP) and backup codes, nothing else (no SMS, calls,
    # WebAuthn or YubiKey); see docs/adr/0014-two-factor-login.md.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "two_factor",
    "common",
    "governance",
    "casework",
    "escalation",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Opens the list of work done after the response has gone out (mail: common/outbox.py).
    "common.outbox.AfterResponseMiddleware",
    # Before WhiteNoise, so that static files (an SVG opened on its own) carry these headers too.
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "common.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks the session verified after the second factor; ours then keeps unverified sessions of
    # people who need one away from every page but setting it up (governance/twofactor.py).
    "django_otp.middleware.OTPMiddleware",
    "governance.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "common.sessions.IdleTimeoutMiddleware",
    "common.middleware.AuditMiddleware",
    "common.middleware.DatabaseBusyMiddleware",
    # Axes must come last: it turns a lockout raised during login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

# Security headers on every response, in every environment, so that tests and the browser suite see
# what production sends (HSTS and secure cookies are production's: they need HTTPS).
# No inline script or style anywhere: every script and stylesheet is a static file of our own, and
# charts are SVG with presentation attributes only. Images may be data: URLs because Bootstrap's
# stylesheet draws its select arrows, check marks and close buttons as data: SVG (an image cannot
# run script).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Browser features the app never uses, switched off for it and anything it might embed
# (common/middleware.py).
PERMISSIONS_POLICY = ("accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
                      "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
                      "publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "governance.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(env_str("DATABASE_URL", "sqlite:///db.sqlite3"), base_dir=BASE_DIR)
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sessions live in the database so that any number of app servers can share one PostgreSQL.
# The database store, keeping "log out everywhere" in step when a key is renewed (common/sessions.py).
SESSION_ENGINE = "common.sessions"
SESSION_COOKIE_AGE = 60 * 60 * 8  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# On top of that: a session without a request for this long is logged out (common/sessions.py).
SESSION_IDLE_MINUTES = env_int("DJANGO_SESSION_IDLE_MINUTES", 30)
if SESSION_IDLE_MINUTES < 1:
    raise ImproperlyConfigured("DJANGO_SESSION_IDLE_MINUTES must be at least 1.")

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # invitations are sent as reset links; give people a few days

# Login throttling (django-axes): after five failures for one username from one address, that pair
# waits fifteen minutes; after twenty failures from one address over any usernames, that address
# waits (common/throttle.py). The login form says the same for unknown users and wrong passwords.
AXES_HANDLER = "common.throttle.LoginThrottleHandler"
LOGIN_ADDRESS_FAILURE_LIMIT = 20
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "common.client_ip.client_ip"
# The two-factor login form posts `auth-username`; the authentication backend passes `username`.
AXES_USERNAME_CALLABLE = "common.throttle.login_username"

# Two-factor login (django-two-factor-auth on django-otp). When mandatory, everyone whose roles see
# casework or change data, and staff, must pass a second factor (governance/twofactor.py).
# Production always enforces it; dev.py and test.py turn it off by default.
TWO_FACTOR_MANDATORY = env_bool("DJANGO_TWO_FACTOR_MANDATORY", True)
OTP_TOTP_ISSUER = "Samen Sturen"
TWO_FACTOR_LOGIN_TIMEOUT = 600  # seconds between the password and the code

# Laid-out pictures (the network) are up to a megabyte each: their own bounded cache, so they never push
# anything else out. Per process; a shared backend can replace it in production.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pictures": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pictures",
                 "OPTIONS": {"MAX_ENTRIES": 64}},
}

LANGUAGE_CODE = "nl"
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Third-party assets come from npm (package.json + package-lock.json), never from a CDN.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/tom-select", BASE_DIR / "node_modules" / "tom-select" / "dist"),
]
# Uploaded documents are never served directly: a view checks who asks (see governance/documents).
MEDIA_URL = "/media/"
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    # The filesystem, with a full disk answered as a form error (common/storage.py).
    "default": {"BACKEND": "common.storage.DocumentStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Audit trail (django-auditlog): changes are stored as JSON before/after pairs.
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_INCLUDE_ALL_MODELS = False

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
# A mail server that hangs must not hold a worker forever (mail is sent after the response; see common/outbox.py).
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "Samen Sturen <noreply@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        "axes": {"level": env_str("DJANGO_AXES_LOG_LEVEL", "WARNING")},
    },
}
