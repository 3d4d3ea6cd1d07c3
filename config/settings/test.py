"""The test suite: fast hashing, mail kept in memory, demo data allowed."""
import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F401,F403

SECRET_KEY = "test-only-insecure-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
DEMO_ALLOWED = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests log in with client.force_login; the tests of the second factor turn it on themselves.
TWO_FACTOR_MANDATORY = False
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Serve static files straight from the finders (no collectstatic in tests; the browser suite needs CSS).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
LOGGING["loggers"]["axes"]["level"] = "ERROR"  # noqa: F405
# Uploads land outside the checkout and vanish with the machine's temp files.
MEDIA_ROOT = Path(tempfile.gettempdir()) / "samen-sturen-test-media"
# SQLite tests run on a file, as the app does, so that concurrent writers meet the real locks (an
# in-memory database shares one cache and fails at once instead of waiting). One file per test
# process (pytest-django adds the worker's name), so that two runs at once never share one.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"samen-sturen-test-{os.getpid()}.sqlite3")}
