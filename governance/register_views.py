"""The register in the browser: lists with filters and CSV export, detail pages, forms.

One list, form and delete view serve every register entity; each entity is a small declaration
(`RegisterEntity`) of its selector, form, filter and columns.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from typing import Any, Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from .models import Region
from .permissions import region_permission_required
from .register_filters import OrganisationFilter, StakeholderFilter
from .register_forms import (
    AssessmentForm,
    DomainForm,
    OrganisationForm,
    PhaseForm,
    StakeholderForm,
    ThemeForm,
)
from .register_selectors import (
    attach_current_positions,
    domain_list,
    organisation_list,
    organisation_stakeholders,
    phase_list,
    power_interest_grid,
    register_get,
    stakeholder_assessments,
    stakeholder_list,
    theme_list,
)
from .register_services import StaleEditError, register_delete, register_save, stakeholder_assess
from .roles import Perm
from .views import region_context


def _yes(value: bool) -> str:
    return _("yes") if value else ""


@dataclass(frozen=True)
class RegisterEntity:
    key: str
    title: Any  # lazy string, plural
    add_label: Any
    selector: Callable
    form_class: type
    columns: list[tuple[Any, Callable[[Any], Any]]]
    filter_class: type | None = None
    has_detail: bool = False
    order_by: tuple[str, ...] = ("name",)
    csv_columns: list[tuple[str, Callable[[Any], Any]]] = field(default_factory=list)
    # Adds what the columns need to a page of rows, in a fixed number of queries.
    prepare: Callable[[list], list] = list


ENTITIES: dict[str, RegisterEntity] = {
    entity.key: entity
    for entity in [
        RegisterEntity(
            "organisations", gettext_lazy("Organisations"), gettext_lazy("New organisation"), organisation_list,
            OrganisationForm,
            columns=[
                (gettext_lazy("Type"), lambda o: o.get_type_display()),
                (gettext_lazy("Domain"), lambda o: o.domain),
                (gettext_lazy("Municipalities served"), lambda o: ", ".join(m.name for m in o.municipalities.all())),
                (gettext_lazy("Stakeholders"), lambda o: o.stakeholder_count),
            ],
            filter_class=OrganisationFilter, has_detail=True,
            csv_columns=[
                ("name", lambda o: o.name), ("type", lambda o: o.type), ("domain", lambda o: o.domain.name),
                ("municipalities", lambda o: ";".join(m.code for m in o.municipalities.all())),
                ("website", lambda o: o.website), ("notes", lambda o: o.notes),
            ],
        ),
        RegisterEntity(
            "stakeholders", gettext_lazy("Stakeholders"), gettext_lazy("New stakeholder"), stakeholder_list,
            StakeholderForm,
            columns=[
                (gettext_lazy("Function"), lambda s: s.function),
                (gettext_lazy("Organisation"), lambda s: s.organisation),
                (gettext_lazy("Level"), lambda s: s.get_level_display()),
                (gettext_lazy("Key figure"), lambda s: _yes(s.is_key_figure)),
                (gettext_lazy("Ambassador"), lambda s: _yes(s.is_ambassador)),
                (gettext_lazy("Influence / interest"),
                 lambda s: f"{s.influence} / {s.interest}" if s.influence is not None else "–"),
            ],
            filter_class=StakeholderFilter, has_detail=True, prepare=attach_current_positions,
            csv_columns=[
                ("name", lambda s: s.name), ("function", lambda s: s.function),
                ("organisation", lambda s: s.organisation.name), ("level", lambda s: s.level),
                ("key_figure", lambda s: int(s.is_key_figure)), ("ambassador", lambda s: int(s.is_ambassador)),
                ("influence", lambda s: s.influence or ""), ("interest", lambda s: s.interest or ""),
            ],
        ),
        RegisterEntity(
            "domains", gettext_lazy("Domains"), gettext_lazy("New domain"), domain_list, DomainForm,
            columns=[(gettext_lazy("Kind"), lambda d: d.get_kind_display()),
                     (gettext_lazy("Organisations"), lambda d: d.organisation_count)],
            order_by=("-kind", "name"),
        ),
        RegisterEntity(
            "themes", gettext_lazy("Themes"), gettext_lazy("New theme"), theme_list, ThemeForm,
            columns=[(gettext_lazy("Description"), lambda t: t.description)],
        ),
        RegisterEntity(
            "phases", gettext_lazy("Phases of chain care"), gettext_lazy("New phase"), phase_list, PhaseForm,
            columns=[(gettext_lazy("Order"), lambda p: p.order), (gettext_lazy("Description"), lambda p: p.description)],
            order_by=("order", "name"),
        ),
    ]
}


def _entity(key: str) -> RegisterEntity:
    from django.http import Http404

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
    sections = [(entity, entity.selector(user=request.user, region=region).count()) for entity in ENTITIES.values()]
    return render(request, "governance/register/home.html", region_context(request, region) | {"sections": sections})


@region_permission_required(Perm.VIEW_REGISTER)
def register_list(request: HttpRequest, region: Region, entity: str) -> HttpResponse:
    spec = _entity(entity)
    filterset, queryset = _filtered(request, region, spec)
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    rows = [(obj, [getter(obj) for _label, getter in spec.columns]) for obj in spec.prepare(list(page.object_list))]
    return render(request, "governance/register/list.html", region_context(request, region) | {
        "entity": spec, "filter": filterset, "page": page, "rows": rows,
        "columns": [label for label, _getter in spec.columns],
    })


@region_permission_required(Perm.VIEW_REGISTER)
def register_export(request: HttpRequest, region: Region, entity: str) -> HttpResponse:
    spec = _entity(entity)
    if not spec.csv_columns:
        raise Http404("No export for this list.")
    _filterset, queryset = _filtered(request, region, spec)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{region.slug}-{spec.key}.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read UTF-8
    writer = csv.writer(response)
    writer.writerow([name for name, _getter in spec.csv_columns])
    for obj in spec.prepare(list(queryset)):
        writer.writerow([_csv_safe(getter(obj)) for _name, getter in spec.csv_columns])
    return response


def _csv_safe(value):
    """Spreadsheets run cells that start with = + - @ as formulas; a leading quote keeps them text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _conflict_values(form, current) -> list[tuple[str, str]]:
    """The saved values that differ from what was typed, to show next to the form after a conflict."""
    differing = []
    for name, form_field in form.fields.items():
        if name == "version" or name not in form.cleaned_data:
            continue
        saved = getattr(current, name)
        if hasattr(saved, "all"):
            saved_set, typed = set(saved.all()), set(form.cleaned_data[name])
            if saved_set != typed:
                differing.append((form_field.label, ", ".join(sorted(str(item) for item in saved_set)) or "–"))
        elif saved != form.cleaned_data[name]:
            display = getattr(current, f"get_{name}_display", None)
            differing.append((form_field.label, str(display() if display else saved) or "–"))
    return differing


def _save_form(request: HttpRequest, region: Region, spec: RegisterEntity, instance=None) -> HttpResponse:
    form = spec.form_class(request.POST or None, instance=instance, region=region)
    conflict: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            saved = register_save(
                actor=request.user, instance=form.save(commit=False),
                expected_version=form.cleaned_data.get("version"), m2m=form.m2m_values(),
            )
        except StaleEditError as error:
            current = type(instance).objects.get(pk=instance.pk)
            conflict = _conflict_values(form, current)
            data = request.POST.copy()
            data["version"] = error.current_version
            form = spec.form_class(data, instance=current, region=region)
            form.is_valid()
            form.add_error(None, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(item)s was saved.") % {"item": saved})
            if spec.has_detail:
                return redirect("governance:register_detail", region_slug=region.slug, entity=spec.key, pk=saved.pk)
            return redirect("governance:register_list", region_slug=region.slug, entity=spec.key)
    title = (_("Change %(item)s") % {"item": instance}) if instance else spec.add_label
    return render(request, "governance/register/form.html", region_context(request, region) | {
        "entity": spec, "form": form, "object": instance, "title": title, "conflict": conflict,
    })


@region_permission_required(Perm.EDIT_REGISTER)
@require_http_methods(["GET", "POST"])
def register_create(request: HttpRequest, region: Region, entity: str) -> HttpResponse:
    return _save_form(request, region, _entity(entity))


@region_permission_required(Perm.EDIT_REGISTER)
@require_http_methods(["GET", "POST"])
def register_edit(request: HttpRequest, region: Region, entity: str, pk: int) -> HttpResponse:
    spec = _entity(entity)
    return _save_form(request, region, spec, register_get(spec.selector(user=request.user, region=region), pk))


@region_permission_required(Perm.EDIT_REGISTER)
@require_POST
def register_remove(request: HttpRequest, region: Region, entity: str, pk: int) -> HttpResponse:
    spec = _entity(entity)
    instance = register_get(spec.selector(user=request.user, region=region), pk)
    try:
        register_delete(actor=request.user, instance=instance)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("governance:register_edit", region_slug=region.slug, entity=spec.key, pk=pk)
    messages.success(request, _("%(item)s was removed.") % {"item": instance})
    return redirect("governance:register_list", region_slug=region.slug, entity=spec.key)


@region_permission_required(Perm.VIEW_REGISTER)
def register_detail(request: HttpRequest, region: Region, entity: str, pk: int) -> HttpResponse:
    spec = _entity(entity)
    if not spec.has_detail:
        raise Http404("No detail page.")
    obj = register_get(spec.selector(user=request.user, region=region), pk)
    context = region_context(request, region) | {"entity": spec, "object": obj}
    if spec.key == "organisations":
        context["stakeholders"] = organisation_stakeholders(organisation=obj)
        return render(request, "governance/register/organisation_detail.html", context)
    return _stakeholder_page(request, region, obj, context, AssessmentForm())


def _stakeholder_page(request, region, stakeholder, context, form) -> HttpResponse:
    context |= {"assessments": stakeholder_assessments(stakeholder=stakeholder), "assessment_form": form}
    return render(request, "governance/register/stakeholder_detail.html", context)


@region_permission_required(Perm.EDIT_REGISTER)
@require_POST
def stakeholder_assess_view(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    stakeholder = register_get(stakeholder_list(user=request.user, region=region), pk)
    form = AssessmentForm(request.POST)
    if form.is_valid():
        stakeholder_assess(actor=request.user, stakeholder=stakeholder, **form.cleaned_data)
        messages.success(request, _("The assessment was saved."))
        return redirect("governance:register_detail", region_slug=region.slug, entity="stakeholders", pk=pk)
    context = region_context(request, region) | {"entity": ENTITIES["stakeholders"], "object": stakeholder}
    return _stakeholder_page(request, region, stakeholder, context, form)


@region_permission_required(Perm.VIEW_REGISTER)
def stakeholder_grid(request: HttpRequest, region: Region) -> HttpResponse:
    # One reverse() for all rows: the grid lists every stakeholder, so per-row URL building adds up.
    stakeholders_url = reverse("governance:register_list", args=[region.slug, "stakeholders"])
    return render(request, "governance/register/grid.html", region_context(request, region) | {
        "grid": power_interest_grid(user=request.user, region=region), "stakeholders_url": stakeholders_url,
    })
