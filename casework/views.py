"""Cases in the browser: the list with its counts per municipality, a case with its time limits,
tables, leads, house bans and analyses (every look at it audited), the forms for each, learning
meetings with their lessons, and the region's retention period."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from common.audit import audit_rows
from common.client_ip import client_ip
from common.forms import add_errors
from common.versioning import StaleEditError, rebind_at_current_version
from governance.models import Region
from governance.permissions import region_permission_required
from governance.regions import region_context

from .filters import CaseFilter
from .forms import (
    AnalysisForm,
    CaseForm,
    CaseSettingsForm,
    DiscussionForm,
    HouseBanForm,
    LeadForm,
    LearningMeetingForm,
    LessonForm,
)
from .models import Case, CaseAnalysis, CaseDiscussion, CaseLead, CaseSettings, HouseBan, Lesson
from .permissions import CaseworkPerm, may
from .selectors import case_counts, case_get, case_list, case_rows, learning_meeting_list
from .services import case_list_read, case_read, case_save, lead_start, lesson_record, part_save


def _context(request: HttpRequest, region: Region, **extra) -> dict:
    return region_context(request, region) | extra



@region_permission_required(CaseworkPerm.VIEW_CASES, municipal=True)
def case_index(request: HttpRequest, region: Region) -> HttpResponse:
    queryset = case_list(user=request.user, region=region).order_by("-reported_on", "-id")
    filterset = CaseFilter(request.GET or None, queryset=queryset, region=region)
    page = Paginator((filterset.qs if filterset.is_bound else queryset.open()).distinct(), 25).get_page(
        request.GET.get("page"))
    cases = list(page.object_list)
    case_list_read(actor=request.user, cases=cases, remote_addr=client_ip(request))
    return render(request, "casework/list.html", _context(
        request, region, filter=filterset, page=page, rows=case_rows(cases),
        counts=case_counts(user=request.user, region=region),
    ))


def case_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For every view of a URL that carries a case code: fetches the case within the user's reach (404
    outside it) and passes it on as `case`, and puts the look on the audit trail, since every such page
    shows the case's values (its page, its edit form, the forms of its rows). A GET is logged before
    the page is drawn, so that the case's own history shows it; a POST when it answers with the form
    again (a refused or stale edit shows the values too), not when it saved and moved on."""

    @wraps(view)
    def wrapper(request: HttpRequest, region: Region, code: str, **kwargs) -> HttpResponse:
        case = case_get(user=request.user, region=region, code=code)
        if request.method in ("GET", "HEAD"):
            case_read(actor=request.user, case=case)
            return view(request, region, case=case, **kwargs)
        response = view(request, region, case=case, **kwargs)
        if response.status_code == 200:
            case_read(actor=request.user, case=case)
        return response

    return wrapper


def _editable(request: HttpRequest, case: Case) -> Case:
    if not may(request.user, CaseworkPerm.EDIT_CASES, case):
        raise PermissionDenied
    return case


def _closed(request: HttpRequest, region: Region, case: Case) -> HttpResponse | None:
    """Nothing is added to a closed case: reopen it first (clear its closing date)."""
    if case.closed_on is None:
        return None
    messages.error(request, _("Case %(code)s is closed. Reopen it (clear the closing date) to record more.")
                   % {"code": case.code})
    return redirect("casework:detail", region_slug=region.slug, code=case.code)


@region_permission_required(CaseworkPerm.EDIT_CASES, municipal=True)
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest, region: Region) -> HttpResponse:
    form = CaseForm(request.POST or None, region=region, user=request.user, submit=_("Register the case"))
    if request.method == "POST" and form.is_valid():
        try:
            case = case_save(actor=request.user, case=form.save(commit=False),
                             violence=form.cleaned_data["violence_forms"],
                             organisations=form.cleaned_data["organisations"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Case %(code)s was registered.") % {"code": case.code})
            return redirect("casework:detail", region_slug=region.slug, code=case.code)
    return render(request, "casework/form.html", _context(request, region, form=form, title=_("Register a case"),
                                                           intro=True))


@region_permission_required(CaseworkPerm.EDIT_CASES, municipal=True)
@require_http_methods(["GET", "POST"])
@case_page
def case_edit(request: HttpRequest, region: Region, case: Case) -> HttpResponse:
    _editable(request, case)

    def make(data, instance=case):
        return CaseForm(data, instance=instance, region=region, user=request.user, submit=_("Save"))

    form = make(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case_save(actor=request.user, case=form.save(commit=False), expected_version=form.cleaned_data["version"],
                      violence=form.cleaned_data["violence_forms"], organisations=form.cleaned_data["organisations"])
        except StaleEditError as error:
            form = rebind_at_current_version(lambda data: make(data, Case.objects.get(pk=case.pk)), request.POST, error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Case %(code)s was saved.") % {"code": case.code})
            return redirect("casework:detail", region_slug=region.slug, code=case.code)
    return render(request, "casework/form.html", _context(
        request, region, form=form, case=case, title=_("Change case %(code)s") % {"code": case.code}))


def _history(case: Case) -> list:
    """The case's own entries (changes and every read) and those of its rows, newest first."""
    parts = [(model, list(model.objects.filter(case=case).values_list("pk", flat=True)))
             for model in (CaseDiscussion, CaseLead, HouseBan, CaseAnalysis)]
    types = ContentType.objects.get_for_models(Case, *(model for model, _ids in parts))
    match = Q(content_type=types[Case], object_pk=str(case.pk))
    for model, ids in parts:
        if ids:
            match |= Q(content_type=types[model], object_pk__in=[str(pk) for pk in ids])
    return audit_rows(LogEntry.objects.filter(match).select_related("actor", "content_type")
                      .order_by("-timestamp", "-id")[:50])


@region_permission_required(CaseworkPerm.VIEW_CASES, municipal=True)
@case_page
def case_detail(request: HttpRequest, region: Region, case: Case) -> HttpResponse:
    today = timezone.localdate()
    bans = list(case.bans.all())
    leads = list(case.leads.select_related("organisation"))
    analyses = list(case.analyses.prefetch_related("lessons__agreement", "lessons__conflict"))
    return render(request, "casework/detail.html", _context(
        request, region, case=case, terms=case.terms(today), bans=[(ban, ban.terms(today)) for ban in bans],
        discussions=list(case.discussions.select_related("table")),
        leads=leads, current_leads=[lead for lead in leads if lead.until is None],
        analyses=analyses, violence=list(case.violence.all()), organisations=list(case.organisations.all()),
        may_edit=may(request.user, CaseworkPerm.EDIT_CASES, case), history=_history(case),
    ))


@dataclass(frozen=True)
class Part:
    """A kind of row recorded on a case: its model, form and the page's words."""

    model: type
    form: type
    new_title: Promise
    edit_title: Promise
    saved: Promise


PARTS = {
    "discussions": Part(CaseDiscussion, DiscussionForm, gettext_lazy("Record a discussion at a table"),
                        gettext_lazy("Change the discussion"), gettext_lazy("The discussion was saved.")),
    "leads": Part(CaseLead, LeadForm, gettext_lazy("Record who holds the lead"), gettext_lazy("Change the lead"),
                  gettext_lazy("The lead was saved.")),
    "bans": Part(HouseBan, HouseBanForm, gettext_lazy("Record a temporary house ban"),
                 gettext_lazy("Change the house ban"), gettext_lazy("The house ban was saved.")),
    "analyses": Part(CaseAnalysis, AnalysisForm, gettext_lazy("Record a case analysis"),
                     gettext_lazy("Change the case analysis"), gettext_lazy("The case analysis was saved.")),
}


@region_permission_required(CaseworkPerm.EDIT_CASES, municipal=True)
@require_http_methods(["GET", "POST"])
@case_page
def part_edit(request: HttpRequest, region: Region, case: Case, kind: str, pk: int | None = None) -> HttpResponse:
    part = PARTS.get(kind)
    if part is None:
        raise Http404("No such part of a case.")
    _editable(request, case)
    if (refused := _closed(request, region, case)) is not None:
        return refused
    instance = part.model(case=case)
    if pk is not None:
        instance = part.model.objects.filter(case=case, pk=pk).first()
        if instance is None:
            raise Http404("No such row on this case.")

    today = dict.fromkeys(("discussed_on", "since", "held_on"), timezone.localdate())

    def make(data, row=instance):
        return part.form(data, instance=row, region=region, submit=_("Save"), initial={} if pk else today)

    form = make(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = form.save(commit=False)
            row.case = case
            if kind == "leads" and pk is None:
                lead_start(actor=request.user, lead=row, end_current=form.cleaned_data["end_current"])
            else:
                part_save(actor=request.user, instance=row, expected_version=form.cleaned_data["version"])
        except StaleEditError as error:
            form = rebind_at_current_version(lambda data: make(data, part.model.objects.get(pk=pk)), request.POST,
                                             error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, str(part.saved))
            return redirect("casework:detail", region_slug=region.slug, code=case.code)
    return render(request, "casework/form.html", _context(
        request, region, form=form, case=case, title=part.edit_title if pk else part.new_title))


@region_permission_required(CaseworkPerm.VIEW_CASES, municipal=True)
def learning_index(request: HttpRequest, region: Region) -> HttpResponse:
    meetings = learning_meeting_list(user=request.user, region=region).prefetch_related(
        "lessons__agreement", "lessons__conflict", "organisations")
    page = Paginator(meetings.order_by("-held_on", "-id"), 25).get_page(request.GET.get("page"))
    return render(request, "casework/learning.html", _context(request, region, page=page))


@region_permission_required(CaseworkPerm.EDIT_CASES, municipal=True)
@require_http_methods(["GET", "POST"])
def learning_create(request: HttpRequest, region: Region) -> HttpResponse:
    form = LearningMeetingForm(request.POST or None, region=region, user=request.user,
                               submit=_("Record the learning meeting"), initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            part_save(actor=request.user, instance=form.save(commit=False),
                      m2m={"organisations": list(form.cleaned_data["organisations"])})
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The learning meeting was recorded."))
            return redirect("casework:learning", region_slug=region.slug)
    return render(request, "casework/form.html", _context(request, region, form=form,
                                                           title=_("Record a learning meeting")))


@region_permission_required(CaseworkPerm.EDIT_CASES, municipal=True)
@require_http_methods(["GET", "POST"])
def lesson_create(request: HttpRequest, region: Region, source: str, pk: int) -> HttpResponse:
    """A lesson of a case analysis or of a learning meeting, fed back to an agreement or a conflict."""
    if source == "analysis":
        analysis = CaseAnalysis.objects.filter(pk=pk, case__in=case_list(user=request.user, region=region)).first()
        if analysis is None:
            raise Http404("No such case analysis.")
        _editable(request, analysis.case)
        if (refused := _closed(request, region, analysis.case)) is not None:
            return refused
        lesson, back = Lesson(analysis=analysis), ("casework:detail", {"code": analysis.case.code})
    else:
        meeting = learning_meeting_list(user=request.user, region=region).filter(pk=pk).first()
        if meeting is None:
            raise Http404("No such learning meeting.")
        lesson, back = Lesson(meeting=meeting), ("casework:learning", {})
    form = LessonForm(request.POST or None, instance=lesson, region=region, submit=_("Record the lesson"))
    if request.method == "POST" and form.is_valid():
        try:
            lesson_record(actor=request.user, lesson=form.save(commit=False))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The lesson was recorded."))
            return redirect(back[0], region_slug=region.slug, **back[1])
    case = getattr(lesson.analysis, "case", None)
    if case is not None:  # the page names the case: a look at it, as on the pages of case_page
        case_read(actor=request.user, case=case)
    return render(request, "casework/form.html", _context(request, region, form=form, title=_("Record a lesson"),
                                                           case=case))


@region_permission_required(CaseworkPerm.CONFIGURE_CASES)
@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest, region: Region) -> HttpResponse:
    current = CaseSettings.objects.filter(region=region).first() or CaseSettings(region=region)

    def make(data, instance=current):
        return CaseSettingsForm(data, instance=instance, region=region, submit=_("Save"))

    form = make(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            part_save(actor=request.user, instance=form.save(commit=False),
                      expected_version=form.cleaned_data["version"])
        except StaleEditError as error:
            form = rebind_at_current_version(lambda data: make(data, CaseSettings.objects.get(region=region)),
                                             request.POST, error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The retention period was saved."))
            return redirect("casework:settings", region_slug=region.slug)
    return render(request, "casework/form.html", _context(request, region, form=form,
                                                           title=_("How long closed cases are kept")))
