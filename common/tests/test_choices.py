"""Cached choice labels read exactly as Django's own `get_<field>_display()`."""
from django.db.models import Model
from django.utils import translation

from governance.models import GovernanceTable, TableLevel


def test_labels_follow_the_active_language_and_match_django():
    table = GovernanceTable(level=TableLevel.ADMINISTRATIVE)
    field = GovernanceTable._meta.get_field("level")
    for language in ("en", "nl"):
        with translation.override(language):
            assert table.get_level_display() == Model._get_FIELD_display(table, field)
    with translation.override("en"):
        assert table.get_level_display() == "Administrative"
    with translation.override("nl"):
        assert table.get_level_display() != "Administrative"


def test_a_value_outside_the_choices_reads_as_itself():
    assert GovernanceTable(level="not-a-level").get_level_display() == "not-a-level"
    assert GovernanceTable(level=None).get_level_display() is None
