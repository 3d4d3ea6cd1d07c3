"""Shared fixtures. The demo region is built once per test database and every test runs inside a
transaction on top of it, so tests read like the product: Flevoland, its people, and Zeeland."""
from __future__ import annotations

import os

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from hypothesis import HealthCheck, Phase, settings

import common.pdf
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
def printed(monkeypatch):
    """The HTML each PDF is drawn from (the PDF keeps its text in compressed streams); nothing is drawn."""
    documents: list[str] = []

    class Recorder:
        def __init__(self, string, **kwargs):
            documents.append(string)

        def write_pdf(self, **kwargs):
            return b"%PDF-recorded"

    monkeypatch.setattr(common.pdf, "HTML", Recorder)
    return documents


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


# --- Hostile input (tests/fuzz/) ----------------------------------------------------------------------
# A fixed, small run in the suite and in CI; HYPOTHESIS_PROFILE=thorough for a long one on a laptop.
# No example database: nothing lands in the repository, and every run tries the same inputs. The suite's
# profile does not shrink a failing input: shrinking a page's submission takes minutes, and the unshrunk
# input is reported all the same.
settings.register_profile("ci", derandomize=True, deadline=None, max_examples=3, database=None,
                          phases=[Phase.explicit, Phase.reuse, Phase.generate],
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("thorough", deadline=None, database=None,
                          max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")),
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

_fuzz_counts: dict[str, int] = {}


def pytest_runtest_logreport(report):
    # With xdist this runs in the controller, which receives each test's recorded properties.
    if report.when == "call":
        for key, value in report.user_properties:
            if key == "fuzz":
                _fuzz_counts[value[0]] = value[1]


def pytest_terminal_summary(terminalreporter):
    """FUZZ_REPORT=1: how many inputs each form and import was sent (a server error fails its test)."""
    if not os.environ.get("FUZZ_REPORT") or not _fuzz_counts:
        return
    terminalreporter.section("hostile input")
    failed = {report.nodeid for report in terminalreporter.stats.get("failed", [])}
    for name, count in sorted(_fuzz_counts.items()):
        terminalreporter.write_line(f"fuzz: {name}: {count} inputs")
    terminalreporter.write_line(f"fuzz: {len(_fuzz_counts)} forms and imports, {sum(_fuzz_counts.values())} inputs, "
                                f"{len([n for n in failed if '/fuzz/' in n])} failing")
