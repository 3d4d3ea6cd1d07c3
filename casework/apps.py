"""Pseudonymised cases: at which tables a family is discussed, who holds the lead, which legal time
limits are at risk, and what cases teach. Built on governance; reporting reads its counts."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Casework")

    def ready(self) -> None:
        from governance import plugins
        from governance.models import Role

        from . import audit  # noqa: F401  (registers the models with the audit trail)
        from .demo import casework_demo_build
        from .permissions import CaseworkPerm as P

        working = {P.VIEW_CASES, P.EDIT_CASES, P.VIEW_CASE_COUNTS}
        plugins.grant(working, to=[Role.POLICY_OFFICER, Role.TEAM_MANAGER])
        # Steering on counts: never a case row.
        plugins.grant({P.VIEW_CASE_COUNTS, P.CONFIGURE_CASES}, to=[Role.PROJECT_LEADER])
        plugins.grant({P.VIEW_CASE_COUNTS}, to=[Role.ALDERMAN])
        # A team manager of Almere works with Almere's cases inside the regions around it.
        plugins.grant(working, to=[], municipal=True)
        plugins.add_region_tab(_("Cases"), "casework:index", perm=P.VIEW_CASES, municipal=True, order=35)
        plugins.add_demo_extension(casework_demo_build)
