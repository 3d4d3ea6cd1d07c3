"""The meeting pack of a governance table, as a page and as a PDF (reporting/meeting_pack.py)."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from common.pdf import pdf_response
from governance.models import Region
from governance.permissions import region_permission_required
from governance.regions import region_context
from governance.register.selectors import register_get, table_list
from governance.roles import Perm

from .kinds import UNDER_REPORTING
from .meeting_pack import MeetingPack, meeting_pack_build


def _pack(request: HttpRequest, region: Region, pk: int) -> MeetingPack:
    # Whoever may read the table in the register; another region's table is a 404, as there.
    table = register_get(table_list(user=request.user, region=region), pk)
    return meeting_pack_build(user=request.user, region=region, table=table)


@region_permission_required(Perm.VIEW_REGISTER)
def meeting_pack(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    pack = _pack(request, region, pk)
    return render(request, "reporting/meeting_pack.html", region_context(request, region) | {
        "pack": pack, "board": pack, "under_reporting": UNDER_REPORTING,
    })


@region_permission_required(Perm.VIEW_REGISTER)
def meeting_pack_pdf(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    pack = _pack(request, region, pk)
    name = slugify(f"{pack.table.name} {_('meeting pack')}")
    return pdf_response("pdf/meeting_pack.html", {"pack": pack, "region": region, "pdf": True,
                                                  "under_reporting": UNDER_REPORTING},
                        request, f"{name}.pdf", variant="pdf/ua-1")
