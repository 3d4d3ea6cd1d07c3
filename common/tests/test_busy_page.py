"""A write that could not get the database in time answers with a page that keeps the input (tested
end to end on SQLite in tests/test_concurrent_writes.py); secrets are never written into it."""
from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import OperationalError
from django.test import RequestFactory

from common.middleware import DatabaseBusyMiddleware


def busy_response(data: dict):
    request = RequestFactory().post("/accounts/login/", data)
    request.user = AnonymousUser()
    return DatabaseBusyMiddleware(lambda r: None).process_exception(request, OperationalError("database is locked"))


@pytest.mark.django_db
def test_a_locked_database_keeps_the_input_but_not_the_password():
    response = busy_response({"username": "projectleider", "password": "samen-sturen-demo"})
    page = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"]
    assert 'name="username" value="projectleider"' in page
    assert "samen-sturen-demo" not in page and 'name="password"' not in page


def test_other_database_errors_are_left_alone():
    request = RequestFactory().post("/", {"a": "b"})
    assert DatabaseBusyMiddleware(lambda r: None).process_exception(request, OperationalError("no such table")) is None
