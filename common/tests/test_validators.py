"""Numbers and dates that people type stay within what the register can mean, also on SQLite (which
stores any 64-bit integer and any date as typed)."""
from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from escalation.models import RouteMeeting
from governance.models import (
    ActionItem,
    Agreement,
    AgreementReview,
    AgreementVersion,
    CalamityRole,
    Meeting,
    Municipality,
    Phase,
    PolicyPlan,
    StakeholderAssessment,
)

BIGGEST = 2**63 - 1

FIELDS = [
    # model, field, a value refused, a value accepted
    (Phase, "order", BIGGEST, 3),
    (CalamityRole, "order", 1000, 999),
    (PolicyPlan, "starts", 9999, 2024),
    (PolicyPlan, "ends", BIGGEST, 2027),
    (Municipality, "population", BIGGEST, 220_000),
    (ActionItem, "due_on", date(9999, 12, 31), date(2026, 12, 1)),
    (ActionItem, "done_on", date(1, 1, 1), date(2026, 12, 1)),
    (Meeting, "held_on", date(2101, 1, 1), date(2100, 12, 31)),
    (Agreement, "adopted_on", date(1949, 12, 31), date(1950, 1, 1)),
    (Agreement, "evaluation_on", date(9999, 1, 1), date(2030, 1, 1)),
    (AgreementVersion, "adopted_on", date(9999, 1, 1), date(2024, 1, 1)),
    (AgreementReview, "raised_on", date(9999, 1, 1), date(2026, 1, 1)),
    (AgreementReview, "handled_on", date(9999, 1, 1), date(2026, 1, 1)),
    (StakeholderAssessment, "assessed_on", date(9999, 1, 1), date(2026, 1, 1)),
    (RouteMeeting, "held_on", date(9999, 1, 1), date(2026, 1, 1)),
]


@pytest.mark.parametrize(("model", "name", "refused", "accepted"), FIELDS,
                         ids=[f"{model.__name__}.{name}" for model, name, *_ in FIELDS])
def test_absurd_numbers_and_dates_are_refused(model, name, refused, accepted):
    field = model._meta.get_field(name)
    with pytest.raises(ValidationError):
        field.run_validators(refused)
    field.run_validators(accepted)
