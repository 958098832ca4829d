from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TermReportsConfig(AppConfig):
    name = "elections.termreports"
    label = "termreports"
    verbose_name = _("Term reports")

    def ready(self) -> None:
        from elections.termreports import (
            calendar_hooks,  # noqa: F401
            paper_kinds,  # noqa: F401  (the reports in batch printing)
        )
