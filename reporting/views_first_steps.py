"""The one first step that is a single button: a new region's vocabulary from the national defaults."""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance.models import Region
from governance.permissions import region_permission_required
from governance.register.services import register_seed_defaults
from governance.roles import Perm


@region_permission_required(Perm.EDIT_REGISTER)
@require_POST
def vocabulary_defaults(request: HttpRequest, region: Region) -> HttpResponse:
    """Adds the national domains, themes and phases the region lacks (what exists is left alone), audited
    as the project leader's, and goes back to the page the button was on."""
    register_seed_defaults(region=region, actor=request.user)
    messages.success(request, _("The national domains, themes and phases were added to %(region)s; change them "
                                "in the register's vocabulary.") % {"region": region.name})
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                                require_https=request.is_secure()):
        return redirect(back)
    return redirect("governance:register_list", region_slug=region.slug, entity="domains")
