from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = _("Common")

    def ready(self) -> None:
        from . import (
            outbox,  # noqa: F401  (delivers queued mail after the response)
            sessions,  # noqa: F401  (keeps track of whose session is whose)
        )
