"""What the reporting tests share: the demo region, and English for the messages they assert."""
import pytest
from django.utils import translation

from governance.models import Region


@pytest.fixture
def flevoland():
    return Region.objects.get(slug="flevoland")


@pytest.fixture
def english():
    """The messages asserted in the language they are written in (pages answer in Dutch regardless)."""
    with translation.override("en"):
        yield
