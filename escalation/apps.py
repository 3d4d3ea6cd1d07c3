from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _sees_escalations(access) -> bool:
    from .permissions import EscalationPerm

    return bool(access.regions_with(EscalationPerm.VIEW) or access.municipalities_with(EscalationPerm.VIEW))


class EscalationConfig(AppConfig):
    name = "escalation"
    verbose_name = _("Escalation")

    def ready(self) -> None:
        from governance import plugins
        from governance.models import Role

        from . import audit  # noqa: F401  (registers the models with the audit trail)
        from .demo import escalation_demo_build
        from .permissions import EscalationPerm as P
        from .services import escalations_forget_case

        escalating = {P.VIEW, P.FILE, P.MOVE}
        plugins.grant({P.VIEW, P.CONFIGURE}, to=[Role.PROJECT_LEADER])
        plugins.grant({P.VIEW}, to=[Role.ALDERMAN])
        plugins.grant(escalating | {P.DECIDE}, to=[Role.POLICY_OFFICER])
        plugins.grant(escalating, to=[Role.TEAM_MANAGER])
        # A team manager of Almere files and follows Almere's escalations inside the regions around it.
        plugins.grant({P.VIEW, P.FILE, P.MOVE, P.DECIDE}, to=[], municipal=True)
        plugins.add_nav_item(_("My escalations"), "escalation:mine", shown=_sees_escalations, order=30)
        plugins.add_region_tab(_("Escalations"), "escalation:index", perm=P.VIEW, municipal=True, order=30)
        plugins.add_demo_extension(escalation_demo_build)
        plugins.add_retention_hook("casework.Case", escalations_forget_case)
