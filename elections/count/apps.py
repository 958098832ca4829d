from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CountConfig(AppConfig):
    name = "elections.count"
    label = "count"
    verbose_name = _("Count and result")

    def ready(self) -> None:
        # The count's stages of the stage machine, and what the conference's papers read of the count.
        from elections.count import hooks, workflow_hooks  # noqa: F401
