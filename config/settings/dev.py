"""Local development: SQLite, DEBUG, e-mail printed to the console, demo data allowed."""
from .base import *  # noqa: F401,F403
from .env import env_bool, env_list, env_str

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEMO_ALLOWED = env_bool("DJANGO_DEMO_ALLOWED", DEBUG)
# The demo stays one login away; DJANGO_TWO_FACTOR_MANDATORY=1 make run asks for a second factor.
TWO_FACTOR_MANDATORY = env_bool("DJANGO_TWO_FACTOR_MANDATORY", False)
