from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CountConfig(AppConfig):
    name = "elections.count"
    label = "count"
    verbose_name = _("Count and result")

    def ready(self) -> None:
        # The count's stages of the stage machine, and what the conference's papers read of the count.
        from elections.audit_display import counts_in_words, register_figure
        from elections.count import hooks, paper_kinds, workflow_hooks  # noqa: F401
        from elections.count.models import InvalidReason

        # The invalid ballots by reason, on the group's timeline.
        register_figure("invalid_by_reason", _("Invalid ballots by reason"), counts_in_words(InvalidReason.choices))
