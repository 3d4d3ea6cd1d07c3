from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EscalationConfig(AppConfig):
    name = "escalation"
    verbose_name = _("Escalation")

    def ready(self) -> None:
        from governance.demo import DEMO_EXTENSIONS

        from . import audit  # noqa: F401  (registers the models with the audit trail)
        from .demo import escalation_demo_build

        if escalation_demo_build not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(escalation_demo_build)
