"""Benchmark settings: the development stack as production runs it (DEBUG off), plus a baseline page."""
from config.settings.dev import *  # noqa: F401,F403

DEBUG = False
DEMO_ALLOWED = True
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
LOGGING["root"]["level"] = "ERROR"  # noqa: F405
LOGGING["loggers"]["django.request"] = {"level": "CRITICAL"}  # noqa: F405

# A throw-away database per scale: a file for SQLite (as in production use), test_<name> for PostgreSQL.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "bench" / "results" / "bench.sqlite3")}  # noqa: F405
