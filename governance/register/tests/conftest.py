"""Fixtures of the register's tests; the demo and its people come from the root conftest.py."""
from __future__ import annotations

import pytest

from tests import factories as make


@pytest.fixture
def leader(client_for):
    """The test client, logged in as the demo's project leader."""
    return client_for("projectleider")


@pytest.fixture
def own_region(db):
    """A region of the test's own (tests/factories.py), for a rule about a few rows, where the demo's
    other rows would only get in the way."""
    return make.region()


@pytest.fixture
def own_project_leader(own_region):
    """The project leader of `own_region`, and of nothing else."""
    return make.member(own_region)


@pytest.fixture
def own_leader(client, own_project_leader):
    """The test client, logged in as the project leader of `own_region`."""
    client.force_login(own_project_leader)
    return client
