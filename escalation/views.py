"""Escalations in the browser: the region's list, my escalations, filing, the detail page with its
timeline, each step along the routes, route meetings, the PDF for the route-3 meeting, and the
region's time limits."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.forms import add_errors
from common.pdf import pdf_response
from common.versioning import StaleEditError, rebind_at_current_version
from governance.access import access_for
from governance.models import Region
from governance.permissions import region_permission_required
from governance.regions import region_context

from .filters import EscalationFilter
from .forms import EscalationForm, RouteMeetingForm, RouteSettingsForm, StepForm
from .models import Escalation
from .participants import routes_overview
from .permissions import EscalationPerm, may, readable_case
from .selectors import (
    escalation_get,
    escalation_list,
    escalation_summary,
    escalation_timeline,
    my_escalations,
)
from .services import (
    escalation_file,
    escalation_step,
    escalation_update,
    route_meeting_record,
    route_settings_for,
    route_settings_save,
)
from .workflow import BY_KEY, ROUTE_DESCRIPTIONS, TransitionError, allowed, route_perm


def _context(request: HttpRequest, region: Region, **extra) -> dict:
    return region_context(request, region) | extra


@login_required
def my_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(my_escalations(user=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "escalation/mine.html", {"page": page})


@region_permission_required(EscalationPerm.VIEW, municipal=True)
def escalation_index(request: HttpRequest, region: Region) -> HttpResponse:
    queryset = escalation_list(user=request.user, region=region).order_by("-created_at", "-id")
    filterset = EscalationFilter(request.GET or None, queryset=queryset, region=region, user=request.user)
    page = Paginator(filterset.qs if filterset.is_bound else queryset, 25).get_page(request.GET.get("page"))
    return render(request, "escalation/list.html", _context(
        request, region, filter=filterset, page=page, summary=escalation_summary(user=request.user, region=region),
    ))


@region_permission_required(EscalationPerm.FILE, municipal=True)
@require_http_methods(["GET", "POST"])
def escalation_create(request: HttpRequest, region: Region) -> HttpResponse:
    form = EscalationForm(request.POST or None, region=region, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            escalation = escalation_file(actor=request.user, escalation=form.save(commit=False),
                                         organisations=list(form.cleaned_data["organisations"]))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Escalation %(reference)s was filed. The team managers of route 1 have been "
                                        "told.")
                             % {"reference": escalation.reference})
            return redirect("escalation:detail", region_slug=region.slug, pk=escalation.pk)
    return render(request, "escalation/form.html", _context(request, region, form=form, title=_("File an escalation"),
                                                             intro=True))


@region_permission_required(EscalationPerm.VIEW, municipal=True)
def escalation_detail(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    escalation = escalation_get(user=request.user, region=region, pk=pk)
    steps = [t for t in allowed(state=escalation.state, paused=escalation.is_paused, reason=escalation.reason)
             if may(request.user, t.perm, escalation)]
    return render(request, "escalation/detail.html", _context(
        request, region, escalation=escalation, steps=steps, timeline=escalation_timeline(escalation=escalation),
        routes=routes_overview(escalation), state_description=ROUTE_DESCRIPTIONS.get(escalation.state, ""),
        organisations=escalation.organisations.all(),
        can_act=escalation.is_open and may(request.user, route_perm(escalation.state), escalation),
        overdue=escalation.is_overdue(), case=readable_case(request.user, escalation),
    ))


def _open_for(request: HttpRequest, region: Region, pk: int, perm_of) -> Escalation:
    escalation = escalation_get(user=request.user, region=region, pk=pk)
    if not may(request.user, perm_of(escalation), escalation):
        raise PermissionDenied
    return escalation


@region_permission_required(EscalationPerm.MOVE, municipal=True)
@require_http_methods(["GET", "POST"])
def escalation_step_view(request: HttpRequest, region: Region, pk: int, key: str) -> HttpResponse:
    escalation = escalation_get(user=request.user, region=region, pk=pk)
    transition = BY_KEY.get((escalation.state, key))
    if transition is None or transition not in allowed(state=escalation.state, paused=escalation.is_paused,
                                                       reason=escalation.reason):
        messages.error(request, _("That step is not possible (any more) from where the escalation is now."))
        return redirect("escalation:detail", region_slug=region.slug, pk=pk)
    if not may(request.user, transition.perm, escalation):
        raise PermissionDenied
    form = StepForm(request.POST or None, transition=transition, escalation=escalation,
                    initial={"version": escalation.version})
    if request.method == "POST" and form.is_valid():
        try:
            escalation_step(actor=request.user, escalation_id=escalation.pk, key=key,
                            reason=form.cleaned_data["reason"],
                            expected_version=form.cleaned_data["version"], lesson=form.cleaned_data.get("lesson", ""),
                            review_agreement=form.agreement_to_review())
        except StaleEditError as error:
            messages.error(request, error.messages[0])
            return redirect("escalation:detail", region_slug=region.slug, pk=pk)
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect("escalation:detail", region_slug=region.slug, pk=pk)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%(step)s: saved, and the people of the route have been told.")
                             % {"step": transition.label})
            return redirect("escalation:detail", region_slug=region.slug, pk=pk)
    return render(request, "escalation/step.html", _context(
        request, region, escalation=escalation, transition=transition, form=form,
        route_description=ROUTE_DESCRIPTIONS.get(transition.target),
    ))



@region_permission_required(EscalationPerm.MOVE, municipal=True)
@require_http_methods(["GET", "POST"])
def escalation_edit(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    escalation = _open_for(request, region, pk, lambda e: route_perm(e.state))
    if escalation.is_closed:
        raise Http404("Closed escalations are not changed.")
    form = EscalationForm(request.POST or None, instance=escalation, region=region, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            escalation_update(actor=request.user, escalation=form.save(commit=False),
                              expected_version=form.cleaned_data["version"],
                              organisations=list(form.cleaned_data["organisations"]))
        except StaleEditError as error:
            current = Escalation.objects.get(pk=pk)
            form = rebind_at_current_version(
                lambda data: EscalationForm(data, instance=current, region=region, user=request.user),
                request.POST, error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%(reference)s was saved.") % {"reference": escalation.reference})
            return redirect("escalation:detail", region_slug=region.slug, pk=pk)
    return render(request, "escalation/form.html", _context(
        request, region, form=form, escalation=escalation,
        title=_("Change %(reference)s") % {"reference": escalation.reference}))


@region_permission_required(EscalationPerm.MOVE, municipal=True)
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    escalation = _open_for(request, region, pk, lambda e: route_perm(e.state))
    if escalation.route is None:
        messages.error(request, _("Meetings are recorded while the escalation is in one of the routes."))
        return redirect("escalation:detail", region_slug=region.slug, pk=pk)
    form = RouteMeetingForm(request.POST or None, escalation=escalation,
                            initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            route_meeting_record(actor=request.user, escalation=escalation, meeting=form.save(commit=False),
                                 participants=list(form.cleaned_data["participants"]))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The meeting was recorded."))
            return redirect("escalation:detail", region_slug=region.slug, pk=pk)
    return render(request, "escalation/form.html", _context(
        request, region, form=form, escalation=escalation,
        title=_("Meeting in route %(route)s of %(reference)s") % {"route": escalation.route,
                                                                   "reference": escalation.reference}))


@region_permission_required(EscalationPerm.VIEW, municipal=True)
def escalation_pdf(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    escalation = escalation_get(user=request.user, region=region, pk=pk)
    return pdf_response("pdf/escalation.html", {
        "escalation": escalation, "timeline": escalation_timeline(escalation=escalation),
        "routes": routes_overview(escalation), "organisations": escalation.organisations.all(),
        "case": readable_case(request.user, escalation), "printed_at": timezone.localtime(), "region": region,
    }, request, f"{escalation.reference}.pdf")


@region_permission_required(EscalationPerm.VIEW, municipal=True)
@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest, region: Region) -> HttpResponse:
    region_settings = route_settings_for(region)
    editable = EscalationPerm.CONFIGURE in access_for(request.user).perms_in(region.id)
    if request.method == "POST" and not editable:
        raise PermissionDenied
    form = RouteSettingsForm(request.POST or None, instance=region_settings)
    if request.method == "POST" and form.is_valid():
        try:
            route_settings_save(actor=request.user, region_settings=form.save(commit=False),
                                expected_version=form.cleaned_data.get("version"))
        except StaleEditError as error:
            form = rebind_at_current_version(
                lambda data: RouteSettingsForm(data, instance=route_settings_for(region)), request.POST, error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The time limits were saved. They apply from the next step of each "
                                        "escalation."))
            return redirect("escalation:index", region_slug=region.slug)
    return render(request, "escalation/settings.html", _context(request, region, form=form, editable=editable,
                                                                 region_settings=region_settings))
