"""The register in the browser: lists with filters and CSV export, detail pages, forms.

One list, form, detail and delete view serve every register entity declared in `register_entities`.
"""
from __future__ import annotations

import os

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.spreadsheets import ImportFileError, read_rows, spreadsheet_download
from common.versioning import StaleEditError, conflict_values, rebind_at_current_version

from ..access import access_for
from ..models import Region
from ..permissions import region_permission_required
from ..plugins import DETAIL_LINKS
from ..regions import region_context
from ..roles import Perm
from .entities import ENTITIES, GROUPS, RegisterEntity
from .filters.people import StakeholderFilter
from .forms.agreements import ChecklistForm
from .forms.people import AssessmentForm
from .importing import SPECS as import_specs
from .importing import import_rows
from .selectors.agreements import agreement_version_list
from .selectors.base import register_get
from .selectors.people import power_interest_grid, stakeholder_list
from .services import (
    checklist_save,
    register_delete,
    register_save,
    stakeholder_assess,
)


def _entity(key: str) -> RegisterEntity:
    if key not in ENTITIES:
        raise Http404("No such register.")
    return ENTITIES[key]


def _filtered(request: HttpRequest, region: Region, entity: RegisterEntity):
    queryset = entity.selector(user=request.user, region=region).order_by(*entity.order_by)
    if entity.filter_class is None:
        return None, queryset
    filterset = entity.filter_class(request.GET or None, queryset=queryset, region=region)
    return filterset, filterset.qs if filterset.is_bound else queryset


@region_permission_required(Perm.VIEW_REGISTER)
def register_home(request: HttpRequest, region: Region) -> HttpResponse:
    """The register's overview: every list with its size, grouped, and everything that needs attention."""
    groups = []
    for group in GROUPS:
        entities = [entity for entity in ENTITIES.values() if entity.group is group and entity.in_overview]
        counts = [(entity, entity.selector(user=request.user, region=region).count()) for entity in entities]
        groups.append((group, counts))
    attention = [
        (entity, messages_)
        for entity in ENTITIES.values() if entity.checks
        for messages_ in [entity.checks(request.user, region)] if messages_
    ]
    return render(request, "governance/register/home.html", region_context(request, region) | {
        "groups": groups, "attention": attention,
    })


@region_permission_required(Perm.VIEW_REGISTER)
def register_list(request: HttpRequest, region: Region, entity: str) -> HttpResponse:
    spec = _entity(entity)
    filterset, queryset = _filtered(request, region, spec)
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    rows = [
        (obj, [getter(obj) for _label, getter in spec.columns], bool(spec.file_field and getattr(obj, spec.file_field)))
        for obj in spec.prepare(list(page.object_list))
    ]
    filters = request.GET.copy()
    filters.pop("page", None)  # the CSV and the grid take the filters, not the page
    return render(request, "governance/register/list.html", region_context(request, region) | {
        "entity": spec, "filter": filterset, "page": page, "rows": rows, "filter_query": filters.urlencode(),
        "columns": [label for label, _getter in spec.columns],
        "checks": spec.checks(request.user, region) if spec.checks else [],
    })


@region_permission_required(Perm.VIEW_REGISTER)
def register_export(request: HttpRequest, region: Region, entity: str, fmt: str = "csv") -> HttpResponse:
    spec = _entity(entity)
    if not spec.csv_columns:
        raise Http404("No export for this list.")
    _filterset, queryset = _filtered(request, region, spec)
    download = spreadsheet_download(f"{region.slug}-{spec.key}", fmt)
    download.writerow([column.name for column in spec.csv_columns])
    download.writerows([column.export(obj) for column in spec.csv_columns]
                       for obj in spec.export_prepare(spec.prepare(list(queryset))))
    return download.response()


def _after(region: Region, spec: RegisterEntity, obj=None, parent_pk=None) -> HttpResponse:
    """Where a save or removal returns to: the row's page, else its parent's page, else the list."""
    if obj is not None and spec.has_detail:
        return redirect("governance:register_detail", region_slug=region.slug, entity=spec.key, pk=obj.pk)
    if spec.parent and parent_pk:
        return redirect("governance:register_detail", region_slug=region.slug, entity=spec.parent[1], pk=parent_pk)
    return redirect("governance:register_list", region_slug=region.slug, entity=spec.key)


def _save_form(request: HttpRequest, region: Region, spec: RegisterEntity, instance=None) -> HttpResponse:
    initial = {}
    if instance is None and request.method == "GET":
        # "New meeting" on a table's page arrives with ?table=<pk>: start from there.
        initial = {name: value for name, value in request.GET.items() if name in spec.form_class.base_fields}
    form = spec.form_class(request.POST or None, request.FILES or None, instance=instance, region=region,
                           initial=initial)
    conflict: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            saved = register_save(
                actor=request.user, instance=form.save(commit=False),
                expected_version=form.cleaned_data.get("version"), m2m=form.m2m_values(),
                after_create=spec.after_create,
            )
        except StaleEditError as error:
            current = type(instance).objects.get(pk=instance.pk)
            conflict = conflict_values(form, current)
            form = rebind_at_current_version(
                lambda data: spec.form_class(data, request.FILES or None, instance=current, region=region),
                request.POST, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(item)s was saved.") % {"item": saved})
            return _after(region, spec, saved, spec.parent_of(saved))
    title = (_("Change %(item)s") % {"item": instance}) if instance else spec.add_label
    return render(request, "governance/register/form.html", region_context(request, region) | {
        "entity": spec, "form": form, "object": instance, "title": title, "conflict": conflict,
    })


def _editable(spec: RegisterEntity, region: Region, pk: int):
    """The row to change or remove, from this region only (the view has checked the right to edit), without
    the joins and counts its list shows: the form reads its own choices."""
    return register_get(spec.form_class._meta.model.objects.filter(region=region), pk)


@region_permission_required(Perm.EDIT_REGISTER)
@require_http_methods(["GET", "POST"])
def register_create(request: HttpRequest, region: Region, entity: str) -> HttpResponse:
    return _save_form(request, region, _entity(entity))


@region_permission_required(Perm.EDIT_REGISTER)
@require_http_methods(["GET", "POST"])
def register_edit(request: HttpRequest, region: Region, entity: str, pk: int) -> HttpResponse:
    spec = _entity(entity)
    return _save_form(request, region, spec, _editable(spec, region, pk))


@region_permission_required(Perm.EDIT_REGISTER)
@require_POST
def register_remove(request: HttpRequest, region: Region, entity: str, pk: int) -> HttpResponse:
    spec = _entity(entity)
    instance = _editable(spec, region, pk)
    try:
        expected = int(request.POST["version"]) if request.POST.get("version") else None
        register_delete(actor=request.user, instance=instance, expected_version=expected)
    except (ValidationError, ValueError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("governance:register_edit", region_slug=region.slug, entity=spec.key, pk=pk)
    messages.success(request, _("%(item)s was removed.") % {"item": instance})
    return _after(region, spec, None, spec.parent_of(instance))


@region_permission_required(Perm.VIEW_REGISTER)
def register_detail(request: HttpRequest, region: Region, entity: str, pk: int) -> HttpResponse:
    spec = _entity(entity)
    if not spec.has_detail:
        raise Http404("No detail page.")
    obj = register_get(spec.selector(user=request.user, region=region), pk)
    return _detail_page(request, region, spec, obj)


def _app_links(request: HttpRequest, region: Region, spec: RegisterEntity, obj) -> list[tuple[str, str]]:
    """(label, url) of the pages that apps built on governance offer about this row (plugins.add_detail_link)."""
    perms = access_for(request.user).perms_in(region.id)
    return [(link.label, reverse(link.url_name, args=[region.slug, obj.pk])) for link in DETAIL_LINKS
            if link.entity == spec.key and (link.perm is None or link.perm in perms)]


def _detail_page(request, region, spec, obj, **extra) -> HttpResponse:
    context = region_context(request, region) | {"entity": spec, "object": obj, "entities": ENTITIES,
                                                 "app_links": _app_links(request, region, spec, obj)}
    context |= spec.links(obj) if spec.links else {}
    context |= spec.detail_extra(obj, **extra) if spec.detail_extra else {}
    return render(request, f"governance/register/{spec.detail_template}", context)


@region_permission_required(Perm.VIEW_REGISTER)
def register_document(request: HttpRequest, region: Region, entity: str, pk: int) -> FileResponse:
    """Uploaded documents are only served through here, to people who may read the register."""
    spec = _entity(entity)
    if not spec.file_field:
        raise Http404("No document here.")
    obj = register_get(spec.selector(user=request.user, region=region), pk)
    document = getattr(obj, spec.file_field)
    if not document:
        raise Http404("No document uploaded.")
    try:
        handle = document.open("rb")
    except FileNotFoundError:
        raise Http404("The document is missing from storage.") from None
    name = getattr(obj, "filename", "") or os.path.basename(document.name)
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@region_permission_required(Perm.EDIT_REGISTER)
@require_http_methods(["GET", "POST"])
def checklist_edit(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    version = register_get(agreement_version_list(user=request.user, region=region), pk)
    entries = {entry.item: entry for entry in version.checklist.all()}
    form = ChecklistForm(request.POST or None, entries=entries, initial={"version": version.version})
    if request.method == "POST" and form.is_valid():
        try:
            checklist_save(actor=request.user, version=version, expected_version=form.cleaned_data["version"],
                           entries=form.entries())
        except StaleEditError as error:
            form = rebind_at_current_version(lambda data: ChecklistForm(data, entries=entries), request.POST, error)
        else:
            messages.success(request, _("The checklist was saved."))
            return redirect("governance:register_detail", region_slug=region.slug, entity="versions", pk=version.pk)
    return render(request, "governance/register/checklist_form.html", region_context(request, region) | {
        "entity": ENTITIES["versions"], "object": version, "form": form,
    })


@region_permission_required(Perm.EDIT_REGISTER)
@require_POST
def stakeholder_assess_view(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    stakeholder = register_get(stakeholder_list(user=request.user, region=region), pk)
    form = AssessmentForm(request.POST)
    if form.is_valid():
        stakeholder_assess(actor=request.user, stakeholder=stakeholder, **form.cleaned_data)
        messages.success(request, _("The assessment was saved."))
        return redirect("governance:register_detail", region_slug=region.slug, entity="stakeholders", pk=pk)
    return _detail_page(request, region, ENTITIES["stakeholders"], stakeholder, assessment_form=form)


def _grid_cell(query) -> tuple[int, int] | None:
    """The cell (influence, interest) asked for in the query string, if both are whole numbers 1 to 5."""
    try:
        cell = int(query.get("influence", "")), int(query.get("interest", ""))
    except ValueError:
        return None
    return cell if all(1 <= value <= 5 for value in cell) else None


@region_permission_required(Perm.VIEW_REGISTER)
def stakeholder_grid(request: HttpRequest, region: Region) -> HttpResponse:
    """The power/interest grid, with the stakeholder list's filters; a cell link shows that cell's people."""
    stakeholders = stakeholder_list(user=request.user, region=region)
    filters = request.GET.copy()
    for name in ("influence", "interest"):
        filters.pop(name, None)
    filterset = StakeholderFilter(filters or None, queryset=stakeholders, region=region)
    grid = power_interest_grid(user=request.user, region=region, cell=_grid_cell(request.GET),
                               stakeholders=filterset.qs if filterset.is_bound else stakeholders)
    # One reverse() for all rows: per-row URL building adds up over a long list.
    stakeholders_url = reverse("governance:register_list", args=[region.slug, "stakeholders"])
    return render(request, "governance/register/grid.html", region_context(request, region) | {
        "grid": grid, "filter": filterset, "filter_query": filters.urlencode(), "stakeholders_url": stakeholders_url,
    })


@region_permission_required(Perm.EDIT_REGISTER)
@require_http_methods(["GET", "POST"])
def register_import(request: HttpRequest, region: Region, entity: str) -> HttpResponse:
    spec = _entity(entity)
    if entity not in import_specs:
        raise Http404("This list cannot be imported.")
    import_spec = import_specs[entity]
    result, file_error = None, ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            file_error = _("Choose a CSV or XLSX file.")
        else:
            try:
                rows = read_rows(upload)
            except ImportFileError as error:
                file_error = str(error)
            else:
                result = import_rows(actor=request.user, region=region, entity=entity, rows=rows)
                if not result.errors:
                    messages.success(request, _("Imported: %(created)s added, %(updated)s updated.") % {
                        "created": result.created, "updated": result.updated})
                    return redirect("governance:register_list", region_slug=region.slug, entity=entity)
    return render(request, "governance/register/import.html", region_context(request, region) | {
        "entity": spec, "spec": import_spec, "result": result, "file_error": file_error,
    }, status=400 if (file_error or result) else 200)
