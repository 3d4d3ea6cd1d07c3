"""Small factories for tests that need data of their own instead of the shared demo region: each
makes the least a valid row needs, with everything overridable by keyword."""
from __future__ import annotations

import itertools
from datetime import date

from django.contrib.auth import get_user_model

from escalation.models import Escalation
from escalation.workflow import Reason, State
from governance.models import (
    ActionItem,
    Agreement,
    Domain,
    DomainKind,
    GovernanceTable,
    Level,
    Meeting,
    Membership,
    Municipality,
    Organisation,
    OrganisationType,
    Region,
    Role,
    SafetyRegion,
    Stakeholder,
    StakeholderAssessment,
    TableLevel,
)

_numbers = itertools.count(1)


def _n() -> int:
    return next(_numbers)


def region(**fields) -> Region:
    number = _n()
    return Region.objects.create(**{"name": f"Testregio {number}", "slug": f"testregio-{number}"} | fields)


def member(of: Region, role: str = Role.PROJECT_LEADER, **fields):
    """A new user who holds `role` in the region, and nothing anywhere else."""
    user = get_user_model().objects.create_user(**{"username": f"gebruiker{_n()}"} | fields)
    Membership.objects.create(user=user, region=of, role=role)
    return user


def municipality(**fields) -> Municipality:
    number = _n()
    fields.setdefault("safety_region", SafetyRegion.objects.order_by("code").first())
    return Municipality.objects.create(**{"code": f"GM9{number:03d}", "name": f"Testgemeente {number}"} | fields)


def domain(of: Region, **fields) -> Domain:
    return Domain.objects.create(**{"region": of, "name": f"Domein {_n()}", "kind": DomainKind.SOCIAL} | fields)


def organisation(of: Region, **fields) -> Organisation:
    fields.setdefault("domain", domain(of))
    return Organisation.objects.create(**{"region": of, "name": f"Organisatie {_n()}",
                                          "type": OrganisationType.OTHER} | fields)


def stakeholder(of: Region, **fields) -> Stakeholder:
    fields.setdefault("organisation", organisation(of))
    return Stakeholder.objects.create(**{"region": of, "name": f"Persoon {_n()}", "function": "Adviseur",
                                         "level": Level.CIVIL_SERVICE} | fields)


def assessment(of: Stakeholder, **fields) -> StakeholderAssessment:
    return StakeholderAssessment.objects.create(**{"stakeholder": of, "assessed_on": date(2026, 1, 5),
                                                   "influence": 3, "interest": 3} | fields)


def table(of: Region, **fields) -> GovernanceTable:
    return GovernanceTable.objects.create(**{"region": of, "name": f"Overleg {_n()}",
                                             "level": TableLevel.TACTICAL} | fields)


def meeting(at: GovernanceTable, **fields) -> Meeting:
    return Meeting.objects.create(**{"region": at.region, "table": at, "held_on": date(2026, 1, 5)} | fields)


def action(at: Meeting, **fields) -> ActionItem:
    fields.setdefault("owner", stakeholder(at.region))
    return ActionItem.objects.create(**{"region": at.region, "meeting": at, "description": "Terugkoppelen",
                                        "due_on": date(2026, 2, 1)} | fields)


def agreement(of: Region, **fields) -> Agreement:
    return Agreement.objects.create(**{"region": of, "title": f"Afspraak {_n()}"} | fields)


def escalation(of: Region, in_: Municipality, **fields) -> Escalation:
    return Escalation.objects.create(**{
        "region": of, "municipality": in_, "reason": Reason.COOPERATION, "title": "Overdracht blijft liggen",
        "description": "De overdracht tussen de teams stokt.", "question": "Wie pakt het op?",
        "state": State.ROUTE_1, "deadline": date(2026, 2, 1),
    } | fields)
