"""Settings for GCM Review, all from the environment, with safe defaults for a laptop.

Production sets GCMREVIEW_SECRET_KEY, GCMREVIEW_ALLOWED_HOSTS and GCMREVIEW_HTTPS=true
(and usually DATABASE_URL); `gcmreview check --deploy` is then clean.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def envbool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("GCMREVIEW_DATA_DIR", BASE_DIR.parent / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    # No key in the repository: one is made on first start and kept beside the data, so a
    # laptop needs no configuration and sessions survive a restart.
    if key := os.environ.get("GCMREVIEW_SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = envbool("GCMREVIEW_DEBUG", False)
ALLOWED_HOSTS = envlist("GCMREVIEW_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("GCMREVIEW_CSRF_TRUSTED_ORIGINS", "")

HTTPS = envbool("GCMREVIEW_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and envbool("GCMREVIEW_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = envint("GCMREVIEW_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("GCMREVIEW_BEHIND_PROXY", False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "gcmreview.audit",
    "gcmreview.process",
    "gcmreview.participation",
    "gcmreview.taxonomy",
    "gcmreview.intake",
    "gcmreview.accounts",
    "gcmreview.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "gcmreview.accounts.middleware.SecretariatTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into a clear answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gcmreview.urls"
WSGI_APPLICATION = "gcmreview.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gcmreview.portal.context.languages",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "gcmreview.sqlite3",
            "OPTIONS": {
                # Writers queue instead of failing: the web server and the task worker
                # share this file (docs/decisions/0003-sqlite-by-default.md).
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Sign-in (docs/decisions/0008-sign-in.md): Argon2 hashes, sign-in throttled per account
# and address by django-axes, optional TOTP second factor with django-otp.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("GCMREVIEW_SIGNIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("GCMREVIEW_SIGNIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "GCM Review"
REQUIRE_2FA_FOR_SECRETARIAT = envbool("GCMREVIEW_REQUIRE_2FA_FOR_SECRETARIAT", False)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my-registrations"
LOGOUT_REDIRECT_URL = "process-list"
SESSION_COOKIE_AGE = envint("GCMREVIEW_SESSION_HOURS", 12) * 3600
SESSION_COOKIE_SAMESITE = "Lax"

# Mail: the console by default; GCMREVIEW_SMTP_HOST switches to SMTP.
if os.environ.get("GCMREVIEW_SMTP_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["GCMREVIEW_SMTP_HOST"],
                "port": envint("GCMREVIEW_SMTP_PORT", 587),
                "username": os.environ.get("GCMREVIEW_SMTP_USER", ""),
                "password": os.environ.get("GCMREVIEW_SMTP_PASSWORD", ""),
                "use_tls": envbool("GCMREVIEW_SMTP_TLS", True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("GCMREVIEW_FROM_EMAIL", "GCM Review <noreply@localhost>")
# Links in e-mails point here.
BASE_URL = os.environ.get("GCMREVIEW_BASE_URL", "http://127.0.0.1:8000")
EVENT_REMINDER_DAYS = envint("GCMREVIEW_EVENT_REMINDER_DAYS", 3)
SUMMARY_REPORT_DAYS = envint("GCMREVIEW_SUMMARY_REPORT_DAYS", 14)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise looks here even when files come from the apps
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "uploads"
MAX_UPLOAD_BYTES = envint("GCMREVIEW_MAX_UPLOAD_MB", 50) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GCMREVIEW_LOG_LEVEL", "INFO")},
}
