"""Django settings for superlists, read from the environment.

Development (the default) needs no variables. Setting ``DJANGO_DEBUG_FALSE``
switches to production mode, where ``DJANGO_SECRET_KEY`` and
``DJANGO_ALLOWED_HOST`` become mandatory.
"""

import importlib.util
import os
from pathlib import Path

from django.contrib.messages import constants as message_constants
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


def required_env(name: str) -> str:
    """Return the environment variable ``name`` or fail with a one-line explanation."""
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(
            f"Missing environment variable {name}: set it in .env or the environment"
        )
    return value


def env_flag(name: str, default: bool) -> bool:
    """Interpret an environment variable as a boolean switch."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() not in {"0", "false", "no", "off"}


if "DJANGO_DEBUG_FALSE" in os.environ:
    DEBUG = False
    SECRET_KEY = required_env("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = [required_env("DJANGO_ALLOWED_HOST")]
else:
    DEBUG = True
    SECRET_KEY = "insecure-dev-only-key-do-not-use-in-production"
    ALLOWED_HOSTS = ["*"]

# The backdoor app must never reach production by accident, hence off by default there.
ACCEPTANCE_FIXTURES = env_flag("DJANGO_ACCEPTANCE_FIXTURES", default=DEBUG)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "superlists.lists",
    "superlists.accounts",
]
if ACCEPTANCE_FIXTURES:
    INSTALLED_APPS.append("superlists.acceptance_fixtures")
    # `manage.py behave`: a dev-only entry point, absent from deployed virtualenvs.
    if importlib.util.find_spec("behave_django"):
        INSTALLED_APPS.append("behave_django")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

if not DEBUG:
    # Deployed: WhiteNoise serves collected static files. In development,
    # runserver and the test live server serve them from the app itself.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "superlists.urls"
WSGI_APPLICATION = "superlists.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("DJANGO_DB_PATH", BASE_DIR / "db.sqlite3"),
        # A file (not :memory:) so live-server threads share the acceptance test database.
        "TEST": {"NAME": os.environ.get("DJANGO_TEST_DB_PATH", BASE_DIR / "test_db.sqlite3")},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["superlists.accounts.authentication.PasswordlessAuthenticationBackend"]
LOGIN_TOKEN_MAX_AGE = 3600  # seconds

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
if not DEBUG:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    }

if "EMAIL_FILE_PATH" in os.environ:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", default=False)

MESSAGE_TAGS = {message_constants.ERROR: "danger"}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # Levels only: records propagate to the root handler, so each line prints once.
        "django": {"level": "WARNING"},
        "superlists": {"level": "INFO"},
    },
}
