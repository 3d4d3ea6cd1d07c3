from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.audit import audit_rows
from common.client_ip import client_ip
from common.pdf import pdf_response
from common.spreadsheets import spreadsheet_download
from common.versioning import StaleEditError, rebind_at_current_version

from .access import access_for, account_administered_by
from .filters import AuditFilterSet
from .forms import MembershipAddForm, MembershipEditForm
from .models import Region, Role
from .permissions import region_permission_required
from .regions import region_context
from .roles import Perm
from .selectors import (
    audit_entries_for_region,
    audit_hidden_from,
    audit_search_for_region,
    invitation_list_for_region,
    invitation_list_for_user,
    membership_counts_for_region,
    membership_get_for_region,
    membership_list_for_region,
    region_list_for_user,
    region_municipalities,
    region_subregions,
)
from .services import (
    invitation_accept,
    invitation_create,
    invitation_decline,
    membership_delete,
    membership_update,
)
from .twofactor import has_second_factor, second_factor_reset


def _role_counts(region: Region) -> list[tuple[str, int]]:
    counts = membership_counts_for_region(region=region)
    return [(role.label, counts.get(role.value, 0)) for role in Role]


@login_required
def region_list(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    regions = region_list_for_user(user=request.user).prefetch_related("municipalities")
    rows = [(region, sorted(Role(r).label for r in access.roles_in(region.id))) for region in regions]
    return render(request, "governance/region_list.html", {"rows": rows})


@region_permission_required(Perm.VIEW_REGION)
def region_detail(request: HttpRequest, region: Region) -> HttpResponse:
    context = region_context(request, region) | {
        "municipalities": region_municipalities(region=region),
        "subregions": region_subregions(region=region),
        "role_counts": _role_counts(region),
    }
    return render(request, "governance/region_detail.html", context)


@region_permission_required(Perm.PRINT_REGION)
def region_pdf(request: HttpRequest, region: Region) -> HttpResponse:
    context = {
        "region": region,
        "municipalities": region_municipalities(region=region),
        "subregions": region_subregions(region=region),
        "role_counts": _role_counts(region),
        "printed_at": timezone.now(),
    }
    return pdf_response("pdf/region_overview.html", context, request, f"{region.slug}-{slugify(_('overview'))}.pdf")


@region_permission_required(Perm.VIEW_MEMBERS)
def member_list(request: HttpRequest, region: Region) -> HttpResponse:
    page = Paginator(membership_list_for_region(user=request.user, region=region), 50).get_page(request.GET.get("page"))
    return render(request, "governance/member_list.html", region_context(request, region) | {
        "page": page, "invitations": invitation_list_for_region(user=request.user, region=region)})


@region_permission_required(Perm.MANAGE_MEMBERS)
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, region: Region) -> HttpResponse:
    form = MembershipAddForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitation_create(actor=request.user, region=region, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # Named by the address typed: an existing account's name is not revealed here.
            messages.success(request, _("%(user)s has been invited to the role %(role)s. The role starts when "
                                        "they accept.") % {
                "user": form.cleaned_data["email"], "role": invitation.get_role_display(),
            })
            return redirect("governance:member_list", region_slug=region.slug)
    return render(request, "governance/member_form.html", region_context(request, region) | {
        "form": form, "title": _("Add a person"),
    })


@region_permission_required(Perm.MANAGE_MEMBERS)
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    membership = membership_get_for_region(user=request.user, region=region, pk=pk)
    form = MembershipEditForm(request.POST or None, region=region, membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            membership_update(
                actor=request.user, region=region, membership=membership, role=form.cleaned_data["role"],
                scope=form.cleaned_data["scope"], version=form.cleaned_data["version"],
            )
        except StaleEditError as error:
            membership.refresh_from_db()
            form = rebind_at_current_version(
                lambda data: MembershipEditForm(data, region=region, membership=membership), request.POST, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The membership was saved."))
            return redirect("governance:member_list", region_slug=region.slug)
    return render(request, "governance/member_form.html", region_context(request, region) | {
        "form": form, "membership": membership, "has_second_factor": has_second_factor(membership.user),
        "may_reset": account_administered_by(request.user, membership.user),
        "title": _("Change the role of %(user)s") % {"user": membership.user.get_full_name() or membership.user},
    })


@region_permission_required(Perm.MANAGE_MEMBERS)
@require_POST
def member_remove(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    membership = membership_get_for_region(user=request.user, region=region, pk=pk)
    try:
        version = int(request.POST["version"]) if request.POST.get("version", "").isdigit() else None
        membership_delete(actor=request.user, region=region, membership=membership, version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The membership was removed."))
    return redirect("governance:member_list", region_slug=region.slug)


@region_permission_required(Perm.MANAGE_MEMBERS)
@require_POST
def member_second_factor_reset(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    """Someone lost their phone and their backup codes: remove their second factor and mail them a link to
    set up a new one (or only send a fresh link to someone who has none). Only for accounts whose every
    role lies in regions the actor administers: 403 with who can, otherwise."""
    membership = membership_get_for_region(user=request.user, region=region, pk=pk)
    person = membership.user.get_full_name() or membership.user.get_username()
    try:
        removed = second_factor_reset(actor=request.user, user=membership.user, remote_addr=client_ip(request))
    except PermissionDenied as refusal:
        return render(request, "403.html", {"reason": str(refusal)}, status=403)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        sent = _("%(user)s was mailed a link to set up a new one; their password alone does not let anyone "
                 "set one up.") % {"user": person}
        done = _("The second factor of %(user)s was reset.") % {"user": person} if removed else ""
        messages.success(request, f"{done} {sent}".strip())
    return redirect("governance:member_edit", region_slug=region.slug, pk=membership.pk)


@region_permission_required(Perm.VIEW_HISTORY)
def region_history(request: HttpRequest, region: Region) -> HttpResponse:
    page = Paginator(audit_entries_for_region(user=request.user, region=region), 50).get_page(request.GET.get("page"))
    return render(request, "governance/history.html", region_context(request, region) | {
        "page": page, "rows": audit_rows(page.object_list, hide_values=audit_hidden_from(user=request.user)),
    })


def _audit_search(request: HttpRequest, region: Region):
    filterset = AuditFilterSet(request.GET or None, queryset=audit_search_for_region(user=request.user, region=region),
                               region=region)
    # A filter that does not validate shows its message and no entries, rather than every entry.
    entries = filterset.qs if not filterset.is_bound or filterset.is_valid() else filterset.queryset.none()
    # A case's entries show which fields changed, and the case by its kind and municipality, to whoever may
    # not read the case there.
    return filterset, entries, audit_hidden_from(user=request.user)


@region_permission_required(Perm.SEARCH_AUDIT)
@require_GET  # the audit trail is read here, never changed
def audit_search(request: HttpRequest, region: Region) -> HttpResponse:
    filterset, entries, hide_values = _audit_search(request, region)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    filters = request.GET.copy()
    filters.pop("page", None)  # the CSV takes the filters, not the page
    return render(request, "governance/audit_search.html", region_context(request, region) | {
        "filter": filterset, "page": page, "rows": audit_rows(page.object_list, hide_values=hide_values),
        "filter_query": filters.urlencode(),
    })


@region_permission_required(Perm.SEARCH_AUDIT)
@require_GET
def audit_export(request: HttpRequest, region: Region, fmt: str = "csv") -> HttpResponse:
    """The filtered entries, all of them, as the page shows them."""
    _filterset, entries, hide_values = _audit_search(request, region)
    download = spreadsheet_download(f"{region.slug}-{slugify(_('audit'))}", fmt)
    download.writerow(["timestamp", "person", "what", "object_type", "object", "changes", "refused", "address"])
    # A thousand at a time: audit_rows looks up related names per batch, and memory stays bounded.
    batches = Paginator(entries, 1000)
    for number in batches.page_range:
        for row in audit_rows(batches.page(number).object_list, hide_values=hide_values):
            entry = row.entry
            download.writerow([
                localtime(entry.timestamp).replace(microsecond=0), row.who, row.what,
                capfirst(entry.content_type.name), row.object,
                "; ".join(f"{c.field}: {c.old + ' → ' if c.old else ''}{c.new}" for c in row.changes),
                row.refusal, entry.remote_addr or "",
            ])
    return download.response()


# --- The person's own invitations (an account belongs to its owner: docs/adr/0017) ---------------------

@login_required
@require_GET
def invitation_list(request: HttpRequest) -> HttpResponse:
    return render(request, "governance/invitations.html", {
        "invitations": invitation_list_for_user(user=request.user)})


@login_required
@require_POST
def invitation_respond(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or decline one of one's own open invitations; anyone else's is a 404."""
    invitation = get_object_or_404(invitation_list_for_user(user=request.user), pk=pk)
    answer = request.POST.get("answer")
    try:
        if answer == "accept":
            membership = invitation_accept(actor=request.user, invitation=invitation)
        elif answer == "decline":
            invitation_decline(actor=request.user, invitation=invitation)
        else:
            return redirect("invitations")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("invitations")
    if answer == "accept":
        messages.success(request, _("You now have the role %(role)s in %(scope)s.") % {
            "role": membership.get_role_display(), "scope": membership.scope})
        return redirect("home")
    messages.success(request, _("You declined the invitation. Nothing changed to your account."))
    return redirect("invitations")
