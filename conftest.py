"""Shared fixtures. The demo region is built once per test database and every test runs inside a
transaction on top of it, so tests read like the product: Flevoland, its people, and Zeeland."""
from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from governance.demo import demo_build


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        demo_build()


@pytest.fixture
def demo_user(db):
    """`demo_user("projectleider")`: a demo user by username."""
    return lambda username: get_user_model().objects.get(username=username)


@pytest.fixture
def client_for(client, demo_user):
    """`client_for("beheerder")`: the test client, logged in as that demo user."""

    def login(username: str):
        client.force_login(demo_user(username))
        return client

    return login


@pytest.fixture
def open_as(client, client_for):
    """`open_as("wethouder", page)`: the response to a role-matrix page (tests/role_matrix.py) for that
    demo user, or for nobody logged in with "anonymous" (whose redirect must lead to the login page)."""

    def open_page(username: str, page):
        browser = client if username == "anonymous" else client_for(username)
        response = getattr(browser, page.method)(page.url())
        if hasattr(response, "streaming_content"):
            response.close()
        if username == "anonymous" and response.status_code == 302:
            assert response["Location"].startswith(reverse("login")), response["Location"]
        return response

    return open_page
