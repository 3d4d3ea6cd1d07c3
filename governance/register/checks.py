"""The register's gap rules: what every region should have in place and what is missing.

Each check is a selector (scoped to the user) that returns the rows a project leader should act on.
They feed the flags on list pages and the register's overview; the overlap/gap map builds on them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    ActionItem,
    Agreement,
    AgreementReview,
    GovernanceTable,
    Municipality,
    Organisation,
    OrganisationType,
    PlanKind,
    PolicyPlan,
    Region,
)
from .selectors.base import readable


def local_teams_without_fixed_contact(*, user, region: Region) -> QuerySet[Organisation]:
    if not readable(user, region):
        return Organisation.objects.none()
    return Organisation.objects.filter(region=region, type=OrganisationType.LOCAL_TEAM, fixed_contact__isnull=True)


@dataclass(frozen=True)
class PlanGap:
    municipality: Municipality
    problems: list[str]


def policy_plan_gaps(*, user, region: Region, year: int | None = None) -> list[PlanGap]:
    """Municipalities whose current integral safety, Wmo and youth plans do not all cover domestic
    violence. A plan is current when the year lies in its period; a missing plan is a gap too."""
    if not readable(user, region):
        return []
    year = year or timezone.localdate().year
    current: dict[tuple[int, str], bool] = {}
    plans = PolicyPlan.objects.filter(region=region, starts__lte=year, ends__gte=year)
    for municipality_id, kind, covers in plans.values_list("municipality_id", "kind", "covers_domestic_violence"):
        current[(municipality_id, kind)] = current.get((municipality_id, kind), False) or covers
    gaps = []
    for municipality in region.municipalities.filter(is_active=True).order_by("name"):
        problems = []
        for kind in PlanKind:
            covers = current.get((municipality.pk, kind.value))
            if covers is None:
                problems.append(_("no current plan: %(plan)s") % {"plan": kind.label})
            elif not covers:
                problems.append(_("%(plan)s does not cover domestic violence") % {"plan": kind.label})
        if problems:
            gaps.append(PlanGap(municipality, problems))
    return gaps


def agreements_to_evaluate(*, user, region: Region, today: date | None = None) -> QuerySet[Agreement]:
    """Agreements whose evaluation date has passed or comes within the due-soon window."""
    if not readable(user, region):
        return Agreement.objects.none()
    today = today or timezone.localdate()
    return Agreement.objects.filter(region=region).evaluation_due(on=today).order_by("evaluation_on")


def overdue_actions(*, user, region: Region, today: date | None = None) -> QuerySet[ActionItem]:
    if not readable(user, region):
        return ActionItem.objects.none()
    today = today or timezone.localdate()
    return (ActionItem.objects.filter(region=region).overdue(on=today)
            .select_related("owner", "meeting__table").order_by("due_on"))


def tables_without_chair_or_secretariat(*, user, region: Region) -> QuerySet[GovernanceTable]:
    if not readable(user, region):
        return GovernanceTable.objects.none()
    return GovernanceTable.objects.filter(region=region).filter(Q(chair__isnull=True) | Q(secretary__isnull=True))


def open_agreement_reviews(*, user, region: Region) -> QuerySet[AgreementReview]:
    """Agreements on the review list that their monitoring table has not dealt with yet."""
    if not readable(user, region):
        return AgreementReview.objects.none()
    return (AgreementReview.objects.filter(region=region, handled_on__isnull=True)
            .select_related("agreement__monitored_by").order_by("raised_on", "id"))
