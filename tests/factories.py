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
    AgreementReview,
    Conflict,
    Decision,
    Domain,
    DomainKind,
    Duo,
    GovernanceTable,
    Level,
    Meeting,
    Membership,
    Municipality,
    Organisation,
    OrganisationType,
    Phase,
    Region,
    RiskOpportunity,
    Role,
    SafetyRegion,
    Stakeholder,
    StakeholderAssessment,
    TableLevel,
    Theme,
)

_numbers = itertools.count(1)


def _n() -> int:
    return next(_numbers)


def region(**fields) -> Region:
    number = _n()
    return Region.objects.create(**{"name": f"Testregio {number}", "slug": f"testregio-{number}"} | fields)


def municipality(**fields) -> Municipality:
    number = _n()
    fields.setdefault("safety_region", SafetyRegion.objects.order_by("code").first())
    # Codes GM9000-GM9999 are no real municipality's; six characters at most, however many tests ran before.
    return Municipality.objects.create(**{"code": f"GM{9000 + number % 1000}", "name": f"Testgemeente {number}"}
                                       | fields)


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


def user(**fields):
    return get_user_model().objects.create_user(**{"username": f"gebruiker{_n()}"} | fields)


def member(of: Region, role: Role = Role.PROJECT_LEADER, **fields):
    """A new user who holds `role` in the region, and nothing anywhere else."""
    person = user(**fields)
    Membership.objects.create(user=person, region=of, role=role)
    return person


def theme(of: Region, **fields) -> Theme:
    return Theme.objects.create(**{"region": of, "name": f"Thema {_n()}"} | fields)


def phase(of: Region, **fields) -> Phase:
    return Phase.objects.create(**{"region": of, "name": f"Fase {_n()}"} | fields)


def decision(at: Meeting, **fields) -> Decision:
    return Decision.objects.create(**{"region": at.region, "meeting": at, "text": "Besloten"} | fields)


def duo(of: Region, **fields) -> Duo:
    fields.setdefault("social", stakeholder(of, organisation=organisation(
        of, domain=domain(of, kind=DomainKind.SOCIAL))))
    fields.setdefault("safety", stakeholder(of, organisation=organisation(
        of, domain=domain(of, kind=DomainKind.SAFETY))))
    return Duo.objects.create(**{"region": of, "level": Duo.DuoLevel.CIVIL_SERVICE,
                                 "pulls_together": "Samen optrekken"} | fields)


def review(of: Agreement, **fields) -> AgreementReview:
    return AgreementReview.objects.create(**{"region": of.region, "agreement": of, "reason": "Werkt niet"} | fields)


def conflict(of: Region, **fields) -> Conflict:
    return Conflict.objects.create(**{"region": of, "title": f"Conflict {_n()}", "side_a_rule": "Wet A",
                                      "side_b_rule": "Regel B"} | fields)


def risk(of: Region, **fields) -> RiskOpportunity:
    return RiskOpportunity.objects.create(**{"region": of, "title": f"Risico {_n()}"} | fields)


def escalation(of: Region, in_: Municipality, **fields) -> Escalation:
    return Escalation.objects.create(**{
        "region": of, "municipality": in_, "reason": Reason.COOPERATION, "title": "Overdracht blijft liggen",
        "description": "De overdracht tussen de teams stokt.", "question": "Wie pakt het op?",
        "state": State.ROUTE_1, "deadline": date(2026, 2, 1),
    } | fields)
