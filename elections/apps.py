from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "elections"
    verbose_name = _("Elections")

    def ready(self) -> None:
        from django.core import checks

        from elections import (
            register_hooks,  # noqa: F401  (the campaign and stages, for the register's pages)
            workflow_hooks,  # noqa: F401  (registers the plan precondition and the re-vote limit)
        )
        from elections.audit_display import counts_in_words, register_figure
        from elections.conference.models_count import InvalidReason
        from elections.services import transitions  # noqa: F401  (the services behind the group page's buttons)
        from elections.workflow import check_table

        checks.register(check_table)
        # The count's invalid ballots by reason on the timeline. Registered here while the count lives in
        # `elections.conference` (whose files another change moves): this line belongs in the count app's ready().
        register_figure("invalid_by_reason", _("Invalid ballots by reason"), counts_in_words(InvalidReason.choices))
