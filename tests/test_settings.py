from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings.env import database_from_url

BASE = Path("/srv/app")


def test_sqlite_urls():
    assert database_from_url("sqlite:///db.sqlite3", base_dir=BASE)["NAME"] == "/srv/app/db.sqlite3"
    assert database_from_url("sqlite:////tmp/x.db", base_dir=BASE)["NAME"] == "/tmp/x.db"


def test_postgres_url():
    config = database_from_url("postgres://samen:p%40ss@db.local:5433/samen?sslmode=require", base_dir=BASE)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"], config["NAME"]) == (
        "samen", "p@ss", "db.local", "5433", "samen")
    assert config["OPTIONS"] == {"sslmode": "require"}


@pytest.mark.parametrize("url", ["mysql://x/y", "postgres://host/", "sqlite://"])
def test_unusable_urls_fail_loudly(url):
    with pytest.raises(ImproperlyConfigured):
        database_from_url(url, base_dir=BASE)
