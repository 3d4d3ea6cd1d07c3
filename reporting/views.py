"""The figures page, its CSV, the import from CBS StatLine and the explanation of a figure."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.pdf import pdf_response
from common.spreadsheets import ImportFileError, spreadsheet_download
from common.versioning import StaleEditError, rebind_at_current_version
from governance.access import access_for
from governance.models import Municipality, Region
from governance.permissions import region_permission_required
from governance.regions import region_context
from governance.roles import Perm
from governance.selectors import membership_list_for_user, region_list_for_user

from .cbs import TABLES
from .dashboard import dashboard_for
from .first_steps import first_steps_for
from .forms import ExplanationForm, FigureImportForm, ReportForm, ScopeForm
from .importing import figures_import, figures_read, import_summary
from .kinds import COMPARED, UNDER_REPORTING, FigureKind
from .models import FigureExplanation, FigureImport
from .periods import PeriodError, period_from_key
from .permissions import ReportingPerm
from .report import report_build, unexplained_keys
from .selectors import figure_tables, importer_name, unknown_text
from .services import explanation_save, report_override_record


def _may(request: HttpRequest, region: Region, perm: ReportingPerm) -> bool:
    return perm in access_for(request.user).perms_in(region.id)


def _has_dashboard(access, region: Region) -> bool:
    """Everyone who reads the region's figures; a functional administrator manages people, not the approach."""
    return ReportingPerm.VIEW_FIGURES in access.perms_in(region.id) | access.municipal_perms_in(region.id)


def _dashboard_scope(request: HttpRequest, region: Region) -> tuple[Municipality | None, ScopeForm]:
    """The region for its region roles; a municipality role reads its own municipality's dashboard."""
    access = access_for(request.user)
    whole_region = ReportingPerm.VIEW_FIGURES in access.perms_in(region.id)
    municipalities = list(region.municipalities.order_by("name").only("code", "name"))
    if not whole_region:
        own = access.municipalities_with(ReportingPerm.VIEW_FIGURES)
        municipalities = [municipality for municipality in municipalities if municipality.id in own]
    form = ScopeForm(request.GET or None, municipalities=municipalities, whole_region=whole_region,
                     region_name=region.name)
    code = form.code
    return next((municipality for municipality in municipalities if municipality.code == code), None), form


def _dashboard(request: HttpRequest, region: Region, **context) -> HttpResponse:
    municipality, form = _dashboard_scope(request, region)
    return render(request, "reporting/dashboard.html", region_context(request, region) | context | {
        "board": dashboard_for(user=request.user, region=region, municipality=municipality),
        "scope_form": form, "under_reporting": UNDER_REPORTING,
        "first_steps": first_steps_for(user=request.user, regions=[region]) if municipality is None else [],
    })


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page: the dashboard of the user's region when there is one region to show, else their
    roles and regions (each region's tabs lead to its dashboard)."""
    access = access_for(request.user)
    regions = list(region_list_for_user(user=request.user))
    ids = {region.id for region in regions}
    top = [region for region in regions if region.parent_id not in ids and _has_dashboard(access, region)]
    if len(top) == 1:
        return _dashboard(request, top[0], on_home=True)
    # A new region's functional administrator has no dashboard: the first steps are on this page for them.
    return render(request, "reporting/home.html", {
        "regions": regions, "memberships": membership_list_for_user(user=request.user),
        "has_access": not access.is_empty, "first_steps": first_steps_for(user=request.user, regions=regions)})


@region_permission_required(Perm.VIEW_REGION, municipal=True)
def dashboard(request: HttpRequest, region: Region) -> HttpResponse:
    if not _has_dashboard(access_for(request.user), region):
        raise PermissionDenied
    return _dashboard(request, region)


@region_permission_required(Perm.VIEW_REGION, municipal=True)
def dashboard_csv(request: HttpRequest, region: Region, fmt: str = "csv") -> HttpResponse:
    """Every table of the dashboard in one file: a row per line of a table, named by the table."""
    if not _has_dashboard(access_for(request.user), region):
        raise PermissionDenied
    municipality, _form = _dashboard_scope(request, region)
    board = dashboard_for(user=request.user, region=region, municipality=municipality)
    scope = f"{region.slug} {municipality.name}" if municipality else region.slug
    writer = spreadsheet_download(f"{slugify(scope)}-dashboard", fmt)
    writer.writerow(["table", "item", "value"])
    for table, items in [(_("Needs your action"), board.actions), (_("Open escalations by route"), board.by_route),
                         (_("Open escalations by reason"), board.by_reason)]:
        writer.writerows([table, item.label, item.count] for item in items)
    if board.escalations:
        writer.writerows([_("Escalations"), label, count] for label, count in [
            (_("open"), board.escalations.open), (_("past their time limit"), board.escalations.overdue),
            (_("on the acute safety path (all time)"), board.escalations.acute)])
    if board.cases is not None:
        table = _("Open cases per municipality")
        for row in board.cases.rows:
            writer.writerows([table, f"{row.municipality}: {label}", count] for label, count in [
                (_("open"), row.open), (_("a time limit due soon"), row.due_soon), (_("late"), row.late),
                (_("very late"), row.very_late), (_("no lead"), row.no_lead),
                (_("more than one lead"), row.many_leads)])
    writer.writerows([_("Due for evaluation"), a.title, a.evaluation_on] for a in board.to_evaluate)
    writer.writerows([_("On the review list"), r.agreement.title, r.raised_on] for r in board.reviews)
    writer.writerows([_("White spots and open conflicts"), f.subject, f.reason] for f in board.white_spots)
    writer.writerows([_("Open conflicts and blocking structures"), c.title, c.get_status_display()]
                     for c in board.conflicts)
    for panel in board.figures:
        for row in panel.table.rows:
            for period, cell in zip(panel.table.periods, row.cells, strict=True):
                writer.writerow([f"{panel.table.kind.label} {period.label}", row.label,
                                 unknown_text(cell.unknown) if cell.value is None else cell.value])
    return writer.response()


def _half_years(request: HttpRequest) -> bool:
    return request.GET.get("period") != "year"


@region_permission_required(ReportingPerm.VIEW_FIGURES, municipal=True)
def figures(request: HttpRequest, region: Region) -> HttpResponse:
    half_years = _half_years(request)
    return render(request, "reporting/figures.html", region_context(request, region) | {
        "tables": figure_tables(user=request.user, region=region, half_years=half_years),
        "half_years": half_years, "under_reporting": UNDER_REPORTING,
        "may_import": _may(request, region, ReportingPerm.IMPORT_FIGURES),
        "may_explain": _may(request, region, ReportingPerm.EXPLAIN_FIGURES),
        "imports": FigureImport.objects.filter(region=region).select_related("imported_by")[:5],
    })


@region_permission_required(ReportingPerm.VIEW_FIGURES, municipal=True)
def figures_csv(request: HttpRequest, region: Region, fmt: str = "csv") -> HttpResponse:
    """The page's tables, a line per area and period, with the population each rate is divided by and
    where it came from; an unknown value stays empty and `unknown` says which kind it is."""
    download = spreadsheet_download(f"{region.slug}-figures", fmt)
    download.writerow(["figure", "area", "area_code", "period", "value", "per_10000", "provisional", "explained",
                       "unknown", "population", "population_on", "population_source", "population_imported_on",
                       "population_imported_by", "includes_former_municipalities", "share_of_reports_pct"])
    for table in figure_tables(user=request.user, region=region, half_years=_half_years(request)):
        for row in table.rows:
            for period, cell in zip(table.periods, row.cells, strict=True):
                people, source = cell.population, cell.population and cell.population.source
                download.writerow([
                    table.kind.label, row.label, row.code, period.key, cell.value, cell.rate,
                    "yes" if cell.provisional else "", "yes" if table.explanations.get(period.key) else "no",
                    unknown_text(cell.unknown) if cell.unknown else "",
                    people.value if people else None, people.on if people else None,
                    source.table if source else "", localtime(source.created_at).date() if source else None,
                    importer_name(source.imported_by) if source else "", ", ".join(cell.includes), cell.share,
                ])
    return download.response()


@region_permission_required(ReportingPerm.IMPORT_FIGURES)
@require_http_methods(["GET", "POST"])
def figures_import_view(request: HttpRequest, region: Region) -> HttpResponse:
    form = FigureImportForm(request.POST or None, request.FILES or None)
    result, file_error = None, ""
    if request.method == "POST" and form.is_valid():
        table = TABLES[form.cleaned_data["table"]]
        upload = form.cleaned_data["file"]
        try:
            rows = figures_read(upload, table=table)
        except ImportFileError as error:
            file_error = str(error)
            form.add_error("file", file_error)
        else:
            result = figures_import(actor=request.user, region=region, table=table, file_name=upload.name, rows=rows)
            if not result.errors:
                messages.success(request, import_summary(result, table))
                for note in result.notes:
                    messages.info(request, note)
                return redirect("reporting:figures", region_slug=region.slug)
    return render(request, "reporting/import.html", region_context(request, region) | {
        "form": form, "result": result, "tables": TABLES.values(),
    }, status=400 if request.method == "POST" else 200)


def _explained(kind: str, period: str) -> tuple[FigureKind, str]:
    if kind not in COMPARED:
        raise Http404("No such figure.")
    try:
        return FigureKind(kind), period_from_key(period).key
    except PeriodError:
        raise Http404("No such period.") from None


@region_permission_required(ReportingPerm.VIEW_FIGURES, municipal=True)
@require_http_methods(["GET", "POST"])
def explanation_edit(request: HttpRequest, region: Region, kind: str, period: str) -> HttpResponse:
    kind, period = _explained(kind, period)
    if not _may(request, region, ReportingPerm.EXPLAIN_FIGURES):
        raise PermissionDenied
    current = FigureExplanation.objects.filter(region=region, kind=kind, period=period).select_related(
        "written_by").first()
    initial = {"text": current.text if current else "", "version": current.version if current else 0}
    form = ExplanationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            explanation_save(actor=request.user, region=region, kind=kind, period=period,
                             text=form.cleaned_data["text"], expected_version=form.cleaned_data["version"])
        except StaleEditError as error:
            form = rebind_at_current_version(lambda data: ExplanationForm(data), request.POST, error)
            current = FigureExplanation.objects.filter(region=region, kind=kind, period=period).first()
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(request, _("The explanation of %(figure)s, %(period)s was saved.") % {
                "figure": kind.label.lower(), "period": period_from_key(period).label})
            return redirect("reporting:figures", region_slug=region.slug)
    return render(request, "reporting/explanation_form.html", region_context(request, region) | {
        "form": form, "kind": kind, "period": period_from_key(period), "current": current,
    }, status=400 if request.method == "POST" else 200)


@region_permission_required(ReportingPerm.VIEW_FIGURES, municipal=True)
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, region: Region) -> HttpResponse:
    """The report's page: for the region or one municipality; figures nobody has explained stay out
    unless someone with the right to explain them decides, with a reason, that they go in."""
    form = ReportForm(request.POST or request.GET or None, region=region)
    board = dashboard_for(user=request.user, region=region)
    unexplained = unexplained_keys(board)
    may_override = _may(request, region, ReportingPerm.EXPLAIN_FIGURES)
    if form.is_bound and form.is_valid():
        municipality = region.municipalities.filter(code=form.cleaned_data["municipality"]).first()
        override = None
        if form.cleaned_data["include_unexplained"] and unexplained:
            if request.method != "POST" or not may_override:
                raise PermissionDenied
            override = report_override_record(actor=request.user, region=region, municipality=municipality,
                                              periods=unexplained, reason=form.cleaned_data["reason"])
        built = report_build(user=request.user, region=region, municipality=municipality, override=override,
                             board=board)
        name = slugify(f"{region.slug} {municipality.name if municipality else ''} {_('report')}")
        return pdf_response("pdf/report.html", {"report": built, "region": region, "under_reporting": UNDER_REPORTING},
                            request, f"{name}.pdf", variant="pdf/ua-1")
    return render(request, "reporting/report.html", region_context(request, region) | {
        "form": form, "board": board, "unexplained": unexplained, "may_override": may_override,
    }, status=400 if form.is_bound else 200)
