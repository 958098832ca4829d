from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CandidatesConfig(AppConfig):
    name = "elections.candidates"
    label = "candidates"
    verbose_name = _("Candidates and complaints")

    def ready(self) -> None:
        from elections.candidates import (
            paper_kinds,  # noqa: F401  (its papers in batch printing)
            timeline,  # noqa: F401  (candidates on the group timeline)
            workflow_hooks,  # noqa: F401  (registers the stage hooks)
        )
