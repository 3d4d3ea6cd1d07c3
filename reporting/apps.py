"""Dashboards, figures with their explanation and PDF reports; reads every app, nothing imports it."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reporting")

    def ready(self) -> None:
        from governance import plugins
        from governance.models import Role

        from . import audit  # noqa: F401  (registers the models with the audit trail)
        from .demo import figures_demo_build
        from .permissions import ReportingPerm as P

        plugins.grant({P.VIEW_FIGURES, P.IMPORT_FIGURES, P.EXPLAIN_FIGURES}, to=[Role.PROJECT_LEADER])
        plugins.grant({P.VIEW_FIGURES, P.EXPLAIN_FIGURES}, to=[Role.POLICY_OFFICER])
        plugins.grant({P.VIEW_FIGURES}, to=[Role.ALDERMAN, Role.TEAM_MANAGER])
        # An alderman of Almere reads the figures of the regions around Almere (public figures, compared).
        plugins.grant({P.VIEW_FIGURES}, to=[], municipal=True)
        plugins.add_region_tab(_("Dashboard"), "reporting:dashboard", perm=P.VIEW_FIGURES, municipal=True, order=5)
        plugins.add_region_tab(_("Figures"), "reporting:figures", perm=P.VIEW_FIGURES, municipal=True, order=27)
        plugins.add_demo_extension(figures_demo_build)
        # Everyone who reads a table in the register reads its meeting pack.
        plugins.add_detail_link("tables", _("Meeting pack for the next meeting"), "reporting:meeting_pack")
