"""The map's pages. For now: the network picture of a region (who sits where)."""
from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Domain, GovernanceTable, Organisation, Phase, Region, Theme
from ..permissions import region_permission_required
from ..regions import region_context
from ..register.selectors.base import scoped
from ..register.selectors.people import stakeholder_list
from ..roles import Perm
from .network import PEOPLE_LIMIT, PERSON, Focus, network_picture, network_summary


class NetworkForm(forms.Form):
    """The picture's filters and focus. Choices come from the region's register, read as the user may;
    a person focus arrives from a stakeholder's page and is offered as the current choice."""

    domain = forms.TypedChoiceField(label=gettext_lazy("Domain"), required=False, coerce=int, empty_value=None)
    theme = forms.TypedChoiceField(label=gettext_lazy("Theme"), required=False, coerce=int, empty_value=None)
    phase = forms.TypedChoiceField(label=gettext_lazy("Phase of chain care"), required=False, coerce=int,
                                   empty_value=None)
    focus = forms.ChoiceField(label=gettext_lazy("Focus on"), required=False)
    depth = forms.TypedChoiceField(label=gettext_lazy("Steps from the focus"), required=False, coerce=int,
                                   empty_value=1, choices=[(1, "1"), (2, "2")])

    def __init__(self, *args, user, region: Region, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Names only: the register's list selectors count rows per item, which these choices do not show.
        def names(model) -> list[tuple[int, str]]:
            return list(scoped(model, user, region).values_list("pk", "name"))

        everything = [("", _("All"))]
        self.fields["domain"].choices = everything + names(Domain)
        self.fields["theme"].choices = everything + names(Theme)
        self.fields["phase"].choices = everything + names(Phase)
        focus = [("", _("Nothing: the whole region"))]
        if person is not None:
            focus.append((_("Person"), [(Focus(PERSON, person.pk).key, person.name)]))
        focus.append((_("Governance tables"), [(f"table:{pk}", name) for pk, name in names(GovernanceTable)]))
        focus.append((_("Organisations"), [(f"organisation:{pk}", name) for pk, name in names(Organisation)]))
        self.fields["focus"].choices = focus


@region_permission_required(Perm.VIEW_REGISTER)
def network_view(request: HttpRequest, region: Region) -> HttpResponse:
    """The network picture with its filters, legend and the same information as a table."""
    person = None
    wanted = Focus.parse(request.GET.get("focus"))
    if wanted is not None and wanted.kind == PERSON:
        people = stakeholder_list(user=request.user, region=region).select_related(None)
        person = people.filter(pk=wanted.pk).only("name").first()
    form = NetworkForm(request.GET or None, user=request.user, region=region, person=person)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    picture = network_picture(
        user=request.user, region=region, title=_("Network of %(region)s") % {"region": region.name},
        domain=filters.get("domain"), theme=filters.get("theme"), phase=filters.get("phase"),
        focus=filters.get("focus") or None, depth=filters.get("depth") or 1,
    )
    return render(request, "governance/map/network.html", region_context(request, region) | {
        "form": form, "picture": picture, "network": picture.network, "summary": network_summary(picture.network),
        "focus_missing": bool(filters.get("focus")) and picture.network.focus is None,
        "people_limit": PEOPLE_LIMIT,
    })
