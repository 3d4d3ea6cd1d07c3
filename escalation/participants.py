"""Who takes part in each route: people with an account (they get the e-mails) and the people in
the register who belong at the table (their names are on the meeting record and the PDF)."""
from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from governance.models import Level, Membership, OrganisationType, Region, Role, Stakeholder

from .models import Escalation
from .workflow import ROUTE_DESCRIPTIONS, State

# Roles with an account that are called in each route. Route 3 is prepared by the policy officer.
ROUTE_ROLES: dict[str, frozenset[Role]] = {
    State.FILED: frozenset({Role.TEAM_MANAGER}),
    State.ROUTE_1: frozenset({Role.TEAM_MANAGER}),
    State.ROUTE_2: frozenset({Role.TEAM_MANAGER, Role.POLICY_OFFICER}),
    State.ROUTE_3: frozenset({Role.ALDERMAN, Role.POLICY_OFFICER}),
}


@dataclass(frozen=True)
class Route:
    state: State
    stakeholders: list[Stakeholder]

    @property
    def description(self) -> str:
        return ROUTE_DESCRIPTIONS[self.state]

    @property
    def roles(self) -> list[str]:
        """The roles with an account that this route informs."""
        return sorted(str(role.label) for role in ROUTE_ROLES[self.state])


def _region_chain(region: Region) -> list[int]:
    """The region and every region above it: a membership there covers this region too."""
    return [region.pk, *Region.objects.ancestor_ids(region.pk)]


def route_users(escalation: Escalation, state: str) -> QuerySet:
    """Active accounts called in for this state, in the escalation's region or its municipality."""
    roles = ROUTE_ROLES.get(state, frozenset())
    if not roles:
        return get_user_model().objects.none()
    memberships = Membership.objects.filter(role__in=roles).filter(
        Q(region_id__in=_region_chain(escalation.region)) | Q(municipality_id=escalation.municipality_id)
    )
    return get_user_model().objects.filter(is_active=True, pk__in=memberships.values("user_id")).order_by("pk")


def _register_filter(escalation: Escalation, state: str) -> Q:
    serves_municipality = Q(organisation__type=OrganisationType.MUNICIPALITY,
                            organisation__municipalities=escalation.municipality_id)
    # Route 1: the team managers and professionals of the organisations involved.
    people = Q(organisation__in=escalation.organisations.all(), level=Level.OPERATIONAL)
    if state in (State.ROUTE_2, State.ROUTE_3):
        people |= serves_municipality & Q(level=Level.CIVIL_SERVICE)  # the policy officer
    if state == State.ROUTE_3:
        people = serves_municipality & Q(level__in=[Level.CIVIL_SERVICE, Level.ADMINISTRATIVE])  # alderman
        people |= Q(organisation__type=OrganisationType.VEILIG_THUIS, level=Level.ADMINISTRATIVE)  # VT director
    return people


def route_stakeholders(escalation: Escalation, state: str) -> list[Stakeholder]:
    return list(
        Stakeholder.objects.filter(region_id=escalation.region_id).filter(_register_filter(escalation, state))
        .select_related("organisation").distinct().order_by("level", "organisation__name", "name")
        # What the route lists show: a route of a large region names dozens of people.
        .only("name", "function", "level", "organisation__name")
    )


def routes_overview(escalation: Escalation) -> list[Route]:
    """Who belongs at each of the three routes, from the register (one query per route)."""
    return [Route(state, route_stakeholders(escalation, state))
            for state in (State.ROUTE_1, State.ROUTE_2, State.ROUTE_3)]
