from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferenceConfig(AppConfig):
    name = "elections.conference"
    label = "conference"
    verbose_name = _("Election day")

    def ready(self) -> None:
        from elections.conference import (
            paper_kinds,  # noqa: F401  (its papers in batch printing)
            workflow_hooks,  # noqa: F401
        )
