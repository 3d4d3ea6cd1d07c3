"""The first steps of a new region, on the start page of the people who take them (the functional
administrator, the project leader) until every one is done: the vocabulary from the national defaults,
the organisations, a governance table, the figures, the people. Each is computed from the region's data
(one query for any number of regions) and links to where it is done, for whoever may do it.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from governance.access import access_for
from governance.models import (
    Domain,
    GovernanceTable,
    Invitation,
    Membership,
    Organisation,
    Phase,
    Region,
    Role,
    Theme,
)
from governance.roles import Perm

from .models import Figure
from .permissions import ReportingPerm


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    explanation: str
    done: bool
    url: str = ""  # where it is done, for someone who may do it
    action: str = ""  # the link's words
    post: bool = False  # a button (the vocabulary is added by one POST), not a link
    who: str = ""  # who does it, for someone who may not


@dataclass(frozen=True)
class FirstSteps:
    region: Region
    steps: list[Step]

    @property
    def done(self) -> int:
        return sum(step.done for step in self.steps)

    @property
    def finished(self) -> bool:
        return all(step.done for step in self.steps)


# Who takes each step, named for the people who may not.
_PROJECT_LEADER = _("The project leader does this.")
_ADMINISTRATOR = _("The functional administrator does this.")


def _annotated(regions):
    def has(model, **extra):
        return Exists(model.objects.filter(region=OuterRef("pk"), **extra))

    # The project leader comes first (they take the steps above); this step is about everyone else.
    others = ~Q(role__in=[Role.ADMINISTRATOR, Role.PROJECT_LEADER])
    return regions.annotate(
        has_domains=has(Domain), has_themes=has(Theme), has_phases=has(Phase),
        has_organisations=has(Organisation), has_tables=has(GovernanceTable), has_figures=has(Figure),
        # People besides the administrators and the project leader: invited (open or answered) or holding a
        # role in the region or one of its municipalities.
        has_invited=Exists(Invitation.objects.filter(others, region=OuterRef("pk"))),
        has_members=Exists(Membership.objects.filter(
            others, Q(region=OuterRef("pk")) | Q(municipality__regions=OuterRef("pk")))),
    )


def _steps(region, perms: set[str]) -> FirstSteps:
    slug = region.slug
    edits = Perm.EDIT_REGISTER in perms

    def step(key, title, explanation, done, url, action, perm_held, who, post=False):
        return Step(key, str(title), str(explanation), bool(done), url if perm_held else "", str(action),
                    post, "" if perm_held else str(who))

    return FirstSteps(region, [
        step("vocabulary", _("Vocabulary"),
             _("The domains, themes and phases of chain care every region starts from, the national defaults; "
               "change them in the register afterwards."),
             region.has_domains and region.has_themes and region.has_phases,
             reverse("reporting:first_steps_vocabulary", args=[slug]), _("Add the national defaults"), edits,
             _PROJECT_LEADER, post=True),
        step("organisations", _("Organisations"),
             _("The organisations that work on the approach, imported from a spreadsheet or added one by one."),
             region.has_organisations, reverse("governance:register_import", args=[slug, "organisations"]),
             _("Import organisations"), edits, _PROJECT_LEADER),
        step("tables", _("Governance tables"),
             _("The tables where the approach is steered, with their members and mandate."),
             region.has_tables, reverse("governance:register_create", args=[slug, "tables"]),
             _("Add a governance table"), edits, _PROJECT_LEADER),
        step("figures", _("Figures"),
             _("The Veilig Thuis figures of CBS StatLine for the region's municipalities, and their population."),
             region.has_figures, reverse("reporting:figures_import", args=[slug]), _("Import figures"),
             ReportingPerm.IMPORT_FIGURES in perms, _PROJECT_LEADER),
        step("people", _("People"),
             _("The aldermen, policy officers and team managers, each invited to their role. Invite the project "
               "leader first: they take the steps above."),
             region.has_invited or region.has_members, reverse("governance:member_add", args=[slug]),
             _("Invite a person"), Perm.MANAGE_MEMBERS in perms, _ADMINISTRATOR),
    ])


# Who is shown a region's first steps: the people who take them.
_TAKES_STEPS = {Perm.EDIT_REGISTER, Perm.MANAGE_MEMBERS}


def first_steps_for(*, user, regions: list[Region]) -> list[FirstSteps]:
    """The unfinished first steps of those of `regions` (top-level ones) where `user` takes some; one query."""
    access = access_for(user)
    ids = [region.pk for region in regions if region.parent_id is None and access.perms_in(region.pk) & _TAKES_STEPS]
    if not ids:
        return []
    found = [_steps(region, access.perms_in(region.pk)) for region in _annotated(Region.objects.filter(pk__in=ids))]
    return [steps for steps in found if not steps.finished]
