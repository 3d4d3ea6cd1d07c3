"""The map's pages: the heat map with its table and findings, its CSV and PDF, the snapshots, and the
network picture.

Everything shown comes from `selectors.map_picture` and the snapshot selectors/services; the views
only choose the scope, render and export."""
from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.pdf import pdf_response
from common.spreadsheets import spreadsheet_download

from ..models import Region
from ..permissions import region_permission_required
from ..regions import region_context
from ..register.selectors.people import stakeholder_list
from ..roles import Perm
from ..selectors import region_municipalities, region_subregions
from ..templatetags.map_tags import map_finding_items, map_item_rows, map_table_rows
from .charts import LinkUrls, cell_style, map_chart, map_svg
from .forms import MapScopeForm, NetworkForm, SnapshotForm
from .network import PEOPLE_LIMIT, PERSON, Focus, network, network_picture, network_summary, network_svg
from .selectors import (
    FindingKind,
    MapPicture,
    conflict_list,
    map_picture,
    risk_opportunity_list,
    snapshot_list,
)
from .services import snapshot_compare, snapshot_take

# The most shapes (organisations, tables, people) the map's PDF draws as a network on its page.
NETWORK_PRINT_LIMIT = 150


def _scope_form(request: HttpRequest, region: Region, data=None) -> MapScopeForm:
    # Names and keys are all the form and the map read: without the subregions' municipalities and the
    # safety regions the selectors bring along, which at scale 10 cost more than the rest of the page.
    return MapScopeForm(data if data is not None else (request.GET or None),
                        subregions=list(region_subregions(region=region).prefetch_related(None)),
                        municipalities=list(region_municipalities(region=region).select_related(None)))


def _picture(request: HttpRequest, region: Region) -> tuple[MapPicture, MapScopeForm]:
    form = _scope_form(request, region)
    subregion, municipality = form.scope()
    return map_picture(user=request.user, region=region, subregion=subregion, municipality=municipality), form


def _findings_by_kind(picture: MapPicture) -> list[tuple[FindingKind, list]]:
    grouped = defaultdict(list)
    for finding in picture.findings:
        grouped[finding.kind].append(finding)
    return [(kind, grouped[kind]) for kind in FindingKind if grouped[kind]]


def _table_rows(picture: MapPicture) -> list[tuple]:
    """(phase name, row, [(cell, style)]) for the table under the picture."""
    return [(group.phase.name if group.phase else _("Without a phase"), row,
             [(cell, cell_style(cell)) for cell in row.cells])
            for group in picture.groups for row in group.rows]


def _drawn(picture: MapPicture) -> dict:
    """The heat map and the page's long lists as markup, drawn once per picture: a picture reused from
    the cache (`map_picture`) comes with what was drawn from it, which at scale 10 was most of the page."""
    key = ("page", get_language())
    if (drawn := picture.memo.get(key)) is None:
        urls = LinkUrls()
        table_rows = _table_rows(picture)
        drawn = picture.memo[key] = {
            "urls": urls, "svg": map_svg(map_chart(picture), urls=urls), "table_rows": table_rows,
            "table_html": map_table_rows(table_rows, len(picture.columns), urls),
            "findings_by_kind": [(kind, findings, map_finding_items(findings, urls))
                                 for kind, findings in _findings_by_kind(picture)],
            "items_html": map_item_rows(picture.rows, urls),
        }
    return drawn


def _context(request: HttpRequest, region: Region) -> dict:
    picture, form = _picture(request, region)
    return _drawn(picture) | {
        "picture": picture, "scope_form": form, "filter_query": request.GET.urlencode(),
        "filtered": picture.subregion is not None or picture.municipality is not None,
    }


@region_permission_required(Perm.VIEW_REGISTER)
def map_view(request: HttpRequest, region: Region) -> HttpResponse:
    return render(request, "governance/map/map.html", region_context(request, region) | _context(request, region))


def _csv_response(region: Region, name: str, header: list[str], rows, fmt: str) -> HttpResponse:
    download = spreadsheet_download(f"{region.slug}-{name}", fmt)
    download.writerow(header)
    download.writerows(rows)
    return download.response()


@region_permission_required(Perm.VIEW_REGISTER)
def map_csv(request: HttpRequest, region: Region, fmt: str = "csv") -> HttpResponse:
    """The matrix: one line per theme and domain."""
    picture, _form = _picture(request, region)
    rows = (
        (phase, row.theme.name, cell.domain.name, cell.domain.kind_label, style.label,
         "; ".join(f"{table.name} ({table.level_label})" for table in cell.tables),
         "; ".join(agreement.title for agreement in cell.agreements))
        for phase, row, cells in _table_rows(picture) for cell, style in cells
    )
    return _csv_response(region, slugify(_("map")), [
        _("Phase"), _("Theme"), _("Domain"), _("Kind of domain"), _("Highest level"), _("Tables"), _("Agreements"),
    ], rows, fmt)


@region_permission_required(Perm.VIEW_REGISTER)
def map_findings_csv(request: HttpRequest, region: Region, fmt: str = "csv") -> HttpResponse:
    picture, _form = _picture(request, region)
    rows = ((finding.kind_label, finding.theme.name if finding.theme else "",
             finding.domain.name if finding.domain else "", finding.subject, finding.reason,
             request.build_absolute_uri(finding.link.url) if finding.link else "", finding.key)
            for finding in picture.findings)
    return _csv_response(region, slugify(_("findings")), [
        _("Finding"), _("Theme"), _("Domain"), _("About"), _("Reason"), _("Link"), _("Key"),
    ], rows, fmt)


@region_permission_required(Perm.VIEW_REGISTER)
def map_pdf(request: HttpRequest, region: Region) -> HttpResponse:
    context = _context(request, region) | {
        "region": region, "printed_at": timezone.now(),
        "conflicts": conflict_list(user=request.user, region=region),
        "risks": risk_opportunity_list(user=request.user, region=region),
    }
    # The network as the page draws it without filters (the same cached picture), when a page can hold
    # it legibly: a region of hundreds of shapes prints as a sentence (and would take WeasyPrint many
    # seconds).
    net = network(user=request.user, region=region)
    context["network_summary"] = network_summary(net)
    if len(net.nodes) <= NETWORK_PRINT_LIMIT:
        context["network_svg"] = network_svg(net, ids="pdf-network", description=context["network_summary"],
                                             title=_("Network of %(region)s") % {"region": region.name})
    else:
        context["network_too_large"] = len(net.nodes)
    return pdf_response("pdf/map.html", context, request, f"{region.slug}-{slugify(_('map'))}.pdf")


def _snapshots_page(request: HttpRequest, region: Region, *, form: SnapshotForm | None = None,
                    scope_form: MapScopeForm | None = None, status: int = 200) -> HttpResponse:
    snapshots = list(snapshot_list(user=request.user, region=region))
    return render(request, "governance/map/snapshots.html", region_context(request, region) | {
        "snapshots": snapshots, "form": form or SnapshotForm(), "scope_form": scope_form or _scope_form(
            request, region, data={}),
    }, status=status)


@region_permission_required(Perm.VIEW_REGISTER)
def map_snapshots(request: HttpRequest, region: Region) -> HttpResponse:
    return _snapshots_page(request, region)


@region_permission_required(Perm.EDIT_REGISTER)
@require_POST
def map_snapshot_take(request: HttpRequest, region: Region) -> HttpResponse:
    form, scope_form = SnapshotForm(request.POST), _scope_form(request, region, data=request.POST)
    if not form.is_valid():
        return _snapshots_page(request, region, form=form, scope_form=scope_form, status=400)
    subregion, municipality = scope_form.scope()
    snapshot = snapshot_take(user=request.user, region=region, name=form.cleaned_data["name"], subregion=subregion,
                             municipality=municipality)
    scope = municipality or subregion or region
    messages.success(request, _("Snapshot “%(name)s” of %(scope)s taken: %(count)s findings.") % {
        "name": snapshot.name, "scope": scope.name, "count": len(snapshot.findings)})
    return redirect("governance:map_snapshots", region_slug=region.slug)


def _labelled(records: list[dict]) -> list[dict]:
    labels = dict(FindingKind.choices)
    return [record | {"kind_label": labels.get(record["kind"], record["kind"])} for record in records]


@region_permission_required(Perm.VIEW_REGISTER)
def map_snapshot_compare(request: HttpRequest, region: Region) -> HttpResponse:
    """`?earlier=<pk>&later=<pk>`, or `later=today` (the default) for today's map of the same scope."""
    snapshots = list(snapshot_list(user=request.user, region=region))
    context = region_context(request, region) | {"snapshots": snapshots}
    if not snapshots:
        return render(request, "governance/map/compare.html", context)
    by_pk = {str(snapshot.pk): snapshot for snapshot in snapshots}
    earlier = by_pk.get(request.GET.get("earlier", ""), snapshots[-1])
    later_choice = request.GET.get("later", "today")
    later = None if later_choice == "today" else by_pk.get(later_choice)
    if later is not None and (later.taken_on, later.pk) < (earlier.taken_on, earlier.pk):
        earlier, later = later, earlier
    try:
        comparison = snapshot_compare(user=request.user, earlier=earlier, later=later)
    except ValidationError as refused:
        return render(request, "governance/map/compare.html", context | {
            "earlier": earlier, "later": later, "later_choice": later_choice, "error": " ".join(refused.messages),
        }, status=400)
    sections = [
        ("closed", _("Closed since"), _labelled(comparison.closed), _("Nothing was closed.")),
        ("new", _("New since"), _labelled(comparison.new), _("Nothing new.")),
        ("unchanged", _("Unchanged"), _labelled(comparison.unchanged), _("Nothing stayed the same.")),
    ]
    return render(request, "governance/map/compare.html", context | {
        "earlier": earlier, "later": later, "comparison": comparison, "sections": sections,
        "later_choice": "today" if later is None else str(later.pk),
    })


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
