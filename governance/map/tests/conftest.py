import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """The rules are asserted on the English source sentences; one test reads them in Dutch."""
    with translation.override("en"):
        yield
