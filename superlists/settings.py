"""Django settings for superlists, read from the environment.

Development (the default) needs no variables. Setting ``DJANGO_DEBUG_FALSE``
switches to production mode, where ``DJANGO_SECRET_KEY`` (or
``DJANGO_SECRET_KEY_FILE``) and ``DJANGO_ALLOWED_HOST`` become mandatory and
the site is HTTPS-only (HSTS, SSL redirect, secure cookies) unless
``DJANGO_INSECURE_HTTP`` says otherwise.

Every bad value stops start-up with one line naming the variable.
"""

import os
from pathlib import Path

from django.contrib.messages import constants as message_constants
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage

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


SWITCH_VALUES = {
    **dict.fromkeys(("1", "true", "yes", "on"), True),
    **dict.fromkeys(("0", "false", "no", "off", ""), False),
}


def parse_switch(name: str, raw: str) -> bool:
    """Read an on/off value strictly: a typo must never switch anything on."""
    try:
        return SWITCH_VALUES[raw.strip().lower()]
    except KeyError:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not an on/off value: use one of 1/true/yes/on "
            "or 0/false/no/off (or leave it empty for off)"
        ) from None


def env_switch(name: str, default: bool) -> bool:
    """The on/off environment variable ``name``, or ``default`` when it is unset."""
    raw = os.environ.get(name)
    return default if raw is None else parse_switch(name, raw)


def secret_key_from_env() -> str:
    """The production secret key: ``DJANGO_SECRET_KEY``, or else the contents
    of the file ``DJANGO_SECRET_KEY_FILE`` names (a container keeps its key on its
    data volume, so a new container on the same volume keeps its sessions)."""
    path = os.environ.get("DJANGO_SECRET_KEY_FILE")
    if os.environ.get("DJANGO_SECRET_KEY") or not path:
        return required_env("DJANGO_SECRET_KEY")
    try:
        key = Path(path).read_text().strip()
    except OSError as error:
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY_FILE={path!r} cannot be read ({error.strerror}): "
            "point it at a file holding the key"
        ) from None
    if not key:
        raise ImproperlyConfigured(f"DJANGO_SECRET_KEY_FILE={path!r} is empty: put the key in it")
    return key


if "DJANGO_DEBUG_FALSE" in os.environ:
    DEBUG = False
    SECRET_KEY = secret_key_from_env()
    ALLOWED_HOSTS = [required_env("DJANGO_ALLOWED_HOST")]
else:
    DEBUG = True
    SECRET_KEY = "development-only-key-never-for-a-deployed-site"
    # Local names only: login links are built from the Host header, so a
    # wildcard would let a forged Host mail out a link to someone else's site.
    # (Django's test runner adds "testserver"; live servers add their own host.)
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]

# The backdoor app must never reach production by accident, hence off by default there.
ACCEPTANCE_FIXTURES = env_switch("DJANGO_ACCEPTANCE_FIXTURES", default=DEBUG)

# Production is HTTPS-only. A site that really is served over plain HTTP (the
# escape hatch `fab deploy --insecure-http`, or the local test container) must
# say so in its environment: never plain HTTP by omission.
INSECURE_HTTP = env_switch("DJANGO_INSECURE_HTTP", default=False)
if not DEBUG and not INSECURE_HTTP:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Behind a TLS-terminating proxy (nginx, as `fab deploy` sets it up) Django
# sees plain HTTP from the proxy and learns the scheme from X-Forwarded-Proto.
# Only safe where nothing but the proxy can reach the app, and the proxy
# always sets the header: `fab deploy` gives gunicorn a socket only nginx may
# use, and nginx overwrites the header. The container image serves directly,
# so it never sets this.
if env_switch("DJANGO_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

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
# At most this many login emails per address per window, so the form cannot be
# used to flood someone's inbox. Counted in the database: every worker agrees.
LOGIN_EMAILS_PER_WINDOW = 5
LOGIN_EMAIL_WINDOW = 15 * 60  # seconds

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
        # Hashed names (base.abc123.css): a file's URL changes with its
        # content, so nginx (or WhiteNoise) may let browsers cache it for a year.
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    if "DJANGO_STATIC_MANIFEST_DIR" in os.environ:
        # A deployed release keeps its manifest (name -> hashed name) in its
        # own folder: collecting a new release's files beside the live ones
        # then changes nothing the live release reads.
        STORAGES["staticfiles"]["OPTIONS"] = {
            "manifest_storage": FileSystemStorage(location=os.environ["DJANGO_STATIC_MANIFEST_DIR"])
        }

if "EMAIL_FILE_PATH" in os.environ:
    EMAIL_BACKEND = "superlists.email_files.OrderedFileBackend"
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_switch("EMAIL_USE_TLS", default=False)
    EMAIL_USE_SSL = env_switch("EMAIL_USE_SSL", default=False)
    if EMAIL_USE_TLS and EMAIL_USE_SSL:
        raise ImproperlyConfigured(
            "EMAIL_USE_TLS (STARTTLS) and EMAIL_USE_SSL (TLS from the start) are both on: "
            "set only the one the mail server speaks on EMAIL_PORT"
        )
# Seconds a mail server may take for each step of sending: a hung one must
# not hang the request (Django's default is to wait forever). A person asking
# for a login link gets the "could not send" message after this long, and
# gunicorn's threads keep other visitors served meanwhile.
EMAIL_TIMEOUT = 5

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
