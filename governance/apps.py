from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _everyone(access) -> bool:
    return True


def _has_regions(access) -> bool:
    return bool(access.region_ids)


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from . import (
            audit,  # noqa: F401  (registers the models with the audit trail)
            plugins,
            signins,  # noqa: F401  (puts logins on the audit trail)
        )
        from .roles import Perm

        # Governance's own items, declared the way every app declares its own (governance/plugins.py).
        plugins.add_nav_item(_("Home"), "home", shown=_everyone, order=10)
        plugins.add_nav_item(_("Regions"), "governance:region_list", shown=_has_regions, order=20)
        plugins.add_region_tab(_("Overview"), "governance:region_detail", perm=None, order=10, exact=True)
        plugins.add_region_tab(_("Register"), "governance:register_home", perm=Perm.VIEW_REGISTER, order=20)
        plugins.add_region_tab(_("Map"), "governance:map", perm=Perm.VIEW_REGISTER, order=25)
        plugins.add_region_tab(_("People and roles"), "governance:member_list", perm=Perm.VIEW_MEMBERS, order=80)
        plugins.add_region_tab(_("Change history"), "governance:region_history", perm=Perm.VIEW_HISTORY, order=90,
                               exact=True)
        plugins.add_region_tab(_("Audit"), "governance:audit_search", perm=Perm.SEARCH_AUDIT, order=95)
